"""Seeded synthetic neighbourhoods: believable test data that belongs to nobody.

graphsvc holds personal data about people who may be vulnerable, so demos, benchmarks, contract
tests and notebooks run on invented people instead. `generate` builds a world of neighbourhoods
whose shape follows what the domain says matters: households who know each other as family,
neighbours along the same streets, friendships that form mostly around shared interests, groups
that meet at bumping spaces at set times, and a minority of people (about 7%) whose lives are
full of paid support and nearly empty of unpaid ties: the people graphsvc exists for.

The output is deterministic: the same arguments and seed give equal records in the same order,
whatever the machine, because every random step draws from one ``random.Random(seed)`` in a
fixed order, no set or dict order of strings decides anything, and no clock is read (the
synthetic "today" is `TODAY`). Records are made with the model classes and validated as imported
data would be, except the two most numerous kinds, KNOWS and VISITS: those are constructed from
values already in the model's normal form (a third faster), and the tests re-validate them.

Some values are deliberately missing (a friendship's start, a visit's frequency): missing means
unknown in graphsvc, and the analytics must cope with it, so the test data must contain it.

Sizes: about 10.8 ties per person of all kinds, half of them KNOWS (measured 10.5 to 10.9
between 50 and 100,000 people), so 100,000 people give about 1.08 million ties; nodes are about
1.5 per person. On a shared 2-core machine 100,000 people take about 20 seconds (see
``benchmarks/synth.py``).

Examples
--------
>>> world = generate(60, seed=1)
>>> world.summary()["Person"], world.summary()["Neighbourhood"]
(60, 1)
>>> world == generate(60, seed=1)
True
>>> G = world.graph()
>>> G.nodes["p000001"]["label"], G.number_of_edges() == len(world.ties)
('Person', True)
"""

from __future__ import annotations

import gc
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from itertools import chain, combinations, count
from typing import Any, Generic, TypeVar

import networkx as nx

from graphsvc.errors import BadRequest
from graphsvc.graph import build_graph
from graphsvc.model import (
    About,
    Group,
    HasNeed,
    Help,
    In,
    InterestedIn,
    Knows,
    KnowsKind,
    Label,
    MeetsAt,
    MemberOf,
    MetBy,
    Mode,
    Need,
    Neighbourhood,
    Node,
    PaidWorker,
    Person,
    RelType,
    SkilledIn,
    Space,
    Supports,
    Tie,
    Visits,
    WantsToLearn,
)
from graphsvc.model import Interest as InterestNode
from graphsvc.slots import DAYS, Slot, overlap_minutes, parse_slots

__all__ = ["MAX_PEOPLE", "MIN_PEOPLE", "PEOPLE_PER_NEIGHBOURHOOD", "TODAY", "Synthetic", "generate"]

MIN_PEOPLE = 50
MAX_PEOPLE = 100_000
#: Default scale: one neighbourhood per this many people (at least one).
PEOPLE_PER_NEIGHBOURHOOD = 2_000
#: Fewest people a neighbourhood may hold, so each has households, friends and groups.
MIN_NEIGHBOURHOOD_SIZE = 25
#: The synthetic "today": dates are drawn before it; no clock is ever read.
TODAY = date(2024, 6, 30)
#: A plausible, invented centre in England for coordinates (no real place's data is used).
CENTRE = (53.05, -1.75)

# --- vocabularies ---------------------------------------------------------------------------

#: Interests, most popular first; popularity falls off as rank ** -0.8 (a few common, many rare).
INTERESTS = (
    "walking", "cooking", "music", "football", "gardening", "reading", "films", "dogs",
    "baking", "history", "computers", "keeping fit", "swimming", "cats", "photography",
    "fishing", "knitting", "rugby", "crafts", "singing", "quizzes", "darts", "cycling",
    "running", "dancing", "painting", "faith", "nature", "birdwatching", "cricket",
    "board games", "video games", "diy", "woodwork", "sewing", "chess", "languages", "bowls",
    "volunteering", "trains", "poetry", "astronomy", "motor racing",
)  # fmt: skip
_INTEREST_INDEX = {name: i for i, name in enumerate(INTERESTS)}
#: How people name the context of a friendship that grew from an interest.
_INTEREST_CONTEXT = {
    "faith": "church", "football": "football", "quizzes": "quiz team", "dogs": "dog walking",
    "running": "running club", "singing": "choir", "knitting": "knit and natter",
    "gardening": "allotment", "darts": "darts team", "keeping fit": "gym",
    "swimming": "swimming", "rugby": "rugby", "walking": "walking group",
}  # fmt: skip
_OTHER_CONTEXTS = ("school", "work", "school gate", "old neighbours", "college", "through a friend")

FIRST_NAMES = (
    "Oliver", "Amelia", "Jack", "Olivia", "Harry", "Isla", "George", "Ava", "Noah", "Emily",
    "Mohammed", "Fatima", "Aisha", "Omar", "Priya", "Ravi", "Sunita", "Arjun", "Mei", "Wei",
    "Chloe", "Daniel", "Sophie", "James", "Margaret", "Brian", "Pauline", "Keith", "Sandra",
    "Derek", "Jean", "Trevor", "Linda", "Gary", "Tracey", "Wayne", "Kerry", "Dean", "Leanne",
    "Rhys", "Cerys", "Dafydd", "Megan", "Callum", "Eilidh", "Fraser", "Morag", "Niamh", "Ciarán",
    "Aoife", "Seán", "Siobhán", "Zoë", "Łukasz", "Zofia", "Kasia", "Piotr", "Agnieszka",
    "Oluwaseun", "Chidi", "Ngozi", "Kwame", "Abena", "Yusuf", "Hamza", "Maryam", "Bilal",
    "Gurpreet", "Harjit", "Tomasz", "Andreea", "Mihai", "Renée", "Chloé", "José", "Ana",
    "Kofi", "Thi", "Minh", "Hannah", "Ruth", "Colin", "Irene", "Stanley", "Doreen", "Alan",
    "Barbara", "Ian", "Janet", "Lee", "Shauna", "Tyrone", "Jade", "Kayleigh", "Reece", "Bethan",
)  # fmt: skip
LAST_NAMES = (
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
    "Roberts", "Johnson", "Lewis", "Walker", "Robinson", "Wood", "Thompson", "White", "Watson",
    "Jackson", "Wright", "Green", "Harris", "Cooper", "King", "Lee", "Martin", "Clarke", "Hughes",
    "Edwards", "Hill", "Moore", "Hall", "Ward", "Turner", "Carter", "Mitchell", "Patel", "Khan",
    "Ahmed", "Ali", "Hussain", "Begum", "Singh", "Kaur", "Shah", "Chowdhury", "Okafor",
    "Adeyemi", "Mensah", "Osei", "Campbell", "MacLeod", "Murphy", "Kelly", "O'Brien", "Byrne",
    "Nowak", "Kowalczyk", "Wiśniewski", "Zieliński", "Chen", "Wong", "Nguyen", "da Silva",
    "Popescu", "Yılmaz", "Jones-Ogunleye", "Ó Súilleabháin", "Llewellyn", "Pryce",
)  # fmt: skip
_HOOD_STARTS = (
    "Ash", "Brook", "Elm", "Kings", "Mill", "Oak", "Thorn", "Wil", "Hather", "Cran", "Fern",
    "Hollin", "Lark", "Marsh", "Nether", "Old", "Pen", "Rook", "Sand", "Stan", "Tan", "Wyke",
    "Ayle", "Bram", "Cold", "Dun", "Fox", "Glen", "Hazel", "Ivy",
)  # fmt: skip
_HOOD_ENDS = (
    "field", "ley", "bury", "ton", "wick", "dale", "gate", "moor", "cross", "end", "bridge",
    "worth", "thorpe", "ford", "hurst", "stead",
)  # fmt: skip
_HOOD_MODIFIERS = ("", "Upper ", "Lower ", "North ", "South ", "East ", "West ", "Old ", "New ")
_PROVIDERS = (
    "Brightwater Home Care Ltd", "Kindred Care Services", "Harbour Lane Care",
    "Willow Tree Homecare", "Evergreen Care at Home", "Meadowside Care Agency",
)  # fmt: skip
_SUPPORT_PROVIDER = "Oakleaf Support CIC"
_COUNCIL = "Fernshire County Council adult social care"  # invented


@dataclass(frozen=True)
class _SpaceKind:
    name: str
    weight: float
    hours: tuple[tuple[str, ...], ...]  # alternative opening times
    about: tuple[str, ...]
    names: tuple[str, ...]  # "{hood}" is replaced with the neighbourhood's name
    context: str  # how acquaintances made there name it


SPACE_KINDS: tuple[_SpaceKind, ...] = (
    _SpaceKind("community centre", 0.6, (("Mon-Fri 09:00-21:00", "Sat 09:00-13:00"),),
               ("volunteering", "dancing", "crafts"),
               ("{hood} Community Centre", "The Hub", "{hood} Neighbourhood Centre"),
               "community centre"),
    _SpaceKind("pub", 4.0, (("Mon-Thu 12:00-23:00", "Fri-Sat 12:00-00:00", "Sun 12:00-22:30"),
                            ("Mon-Sun 16:00-23:00",)),
               ("football", "quizzes", "darts", "rugby", "music"),
               ("The Red Lion", "The Fox and Hounds", "The Navigation", "The Royal Oak",
                "The Crown", "The Miners Arms", "The White Hart", "The Plough"), "the pub"),
    _SpaceKind("café", 4.0, (("Mon-Sat 08:00-17:00", "Sun 10:00-16:00"),
                             ("Mon-Fri 07:30-15:00", "Sat 09:00-14:00")),
               ("baking", "reading"),
               ("The Copper Kettle", "Bean There", "The Tea Cosy", "Crumbs", "The Daily Grind",
                "Corner Café"), "café"),
    _SpaceKind("park", 2.0, (("daily 07:00-20:00",),), ("walking", "dogs", "running", "nature"),
               ("{hood} Park", "Victoria Park", "Jubilee Park", "{hood} Rec"), "the park"),
    _SpaceKind("library", 0.5, (("Mon-Fri 09:30-18:00", "Sat 10:00-16:00"),
                                ("Tue-Thu 10:00-17:00", "Sat 10:00-13:00")),
               ("reading", "computers", "history", "languages"), ("{hood} Library",), "library"),
    _SpaceKind("GP waiting room", 0.4, (("Mon-Fri 08:00-18:30",),), (),
               ("{hood} Medical Centre", "{hood} Surgery"), "gp waiting room"),
    _SpaceKind("school gate", 1.5, (("Mon-Fri 08:30-09:00", "Mon-Fri 15:00-15:30"),), (),
               ("St Mary's Primary school gate", "{hood} Primary school gate",
                "Holy Trinity school gate"), "school gate"),
    _SpaceKind("canal towpath", 0.6, (("daily 06:00-21:00",),),
               ("walking", "fishing", "cycling", "nature", "birdwatching"),
               ("{hood} canal towpath", "Lock Twelve towpath"), "towpath"),
    _SpaceKind("church", 1.2, (("Sun 09:00-13:00", "Wed 18:00-21:00"),), ("faith", "singing"),
               ("St Luke's Church", "Trinity Methodist Chapel", "St Anne's Church"), "church"),
    _SpaceKind("mosque", 0.5, (("daily 05:00-22:00",),), ("faith",),
               ("Jamia Masjid", "{hood} Islamic Centre"), "mosque"),
    _SpaceKind("gurdwara", 0.2, (("daily 06:00-20:00",),), ("faith", "cooking"),
               ("Guru Nanak Gurdwara",), "gurdwara"),
    _SpaceKind("allotments", 0.8, (("daily 08:00-20:00",),), ("gardening",),
               ("{hood} Allotments", "Brook Lane Allotments"), "allotment"),
    _SpaceKind("leisure centre", 0.6, (("Mon-Fri 06:30-22:00", "Sat-Sun 08:00-18:00"),),
               ("swimming", "keeping fit", "football"), ("{hood} Leisure Centre",),
               "leisure centre"),
    _SpaceKind("football ground", 0.3, (("Sat 12:00-18:00", "Tue 18:00-22:00"),), ("football",),
               ("{hood} Rovers ground", "Mill Lane ground"), "football"),
    _SpaceKind("market", 0.5, (("Thu 08:00-14:00", "Sat 08:00-15:00"),), ("cooking", "baking"),
               ("{hood} Market",), "the market"),
    _SpaceKind("dog-walking field", 0.8, (("daily 06:30-09:00", "daily 16:00-19:30"),), ("dogs",),
               ("The Top Field", "{hood} Common"), "dog walking"),
    _SpaceKind("barber's", 0.8, (("Tue-Sat 09:00-17:30",),), (),
               ("Sharp Cuts", "{hood} Barbers"), "barber's"),
    _SpaceKind("launderette", 0.4, (("daily 07:00-21:00",),), (),
               ("{hood} Launderette", "Bubbles Launderette"), "launderette"),
)  # fmt: skip
_SPACE_KIND = {k.name: k for k in SPACE_KINDS}
#: Every neighbourhood has these, so groups always have somewhere to meet.
_ESSENTIAL_SPACES = ("community centre", "pub", "café", "park", "GP waiting room", "library")


@dataclass(frozen=True)
class _GroupKind:
    name: str
    weight: float
    spaces: tuple[str, ...]  # space kinds it meets at, preferred first
    times: tuple[str, ...]  # alternative meeting slots (a range like Mon-Wed is several)
    minutes: int  # length of a meeting, when the times above do not fit the space
    per_month: float  # how often a member typically comes
    about: tuple[str, ...]
    capacity: int
    purpose: str
    names: tuple[str, ...]  # "{hood}", "{space}" and "{team}" are filled in
    context: str  # how members name it; "" = the kind of place it meets at (church, mosque)


GROUP_KINDS: tuple[_GroupKind, ...] = (
    _GroupKind("quiz team", 4.0, ("pub",),
               ("Tue 20:00-22:30", "Wed 20:00-22:30", "Thu 20:00-22:30", "Sun 19:00-21:30"),
               150, 4.3, ("quizzes", "history", "music", "films"), 8,
               "Friendly competition at the weekly pub quiz",
               ("The {space} Quizzers", "Universally Challenged", "Les Quizerables",
                "The Usual Suspects"), "quiz team"),
    _GroupKind("book club", 2.0, ("library", "café"),
               ("Thu 14:00-15:30", "Mon 10:30-12:00", "Sat 10:30-12:00"), 90, 1.0,
               ("reading", "poetry", "history"), 15,
               "Reading a book a month and talking it over with tea",
               ("{hood} Book Club", "Between the Lines"), "book club"),
    _GroupKind("walking group", 2.0, ("park", "canal towpath", "community centre"),
               ("Sat 10:00-12:00", "Wed 10:00-12:00"), 120, 4.3,
               ("walking", "nature", "birdwatching", "photography"), 30,
               "Gentle weekly walks for all abilities, finishing with a cuppa",
               ("{hood} Walkers", "{hood} Ramblers"), "walking group"),
    _GroupKind("choir", 1.2, ("community centre", "church"),
               ("Wed 19:00-21:00", "Mon 19:00-21:00"), 120, 4.3, ("singing", "music"), 60,
               "Singing together for the joy of it, no auditions",
               ("{hood} Community Choir", "{hood} Singers"), "choir"),
    _GroupKind("faith group", 1.5, ("church", "mosque", "gurdwara"),
               ("Sun 10:00-12:00", "Fri 12:30-14:00", "Sun 11:00-13:00"), 120, 4.3,
               ("faith",), 200, "Worship, fellowship and looking out for one another",
               ("{hood} Fellowship", "{hood} Interfaith Circle", "{hood} Prayer Group"), ""),
    _GroupKind("football supporters' club", 1.0, ("pub", "football ground"),
               ("Sat 13:00-17:00",), 240, 4.3, ("football",), 150,
               "Following the team home and away, with a pint before kick-off",
               ("{team} Supporters' Club",), "football"),
    _GroupKind("rugby supporters' club", 0.6, ("pub",), ("Sat 13:00-17:00", "Sun 13:00-17:00"),
               240, 4.3, ("rugby",), 80, "Watching the rugby together and travelling to games",
               ("{hood} RUFC Supporters",), "rugby"),
    _GroupKind("knit and natter", 1.5, ("café", "library", "community centre"),
               ("Tue 13:30-15:30", "Thu 10:00-12:00"), 120, 4.3,
               ("knitting", "crafts", "sewing"), 20, "Knitting, crochet and a good chat over tea",
               ("{hood} Knit and Natter", "Purls of Wisdom"), "knit and natter"),
    _GroupKind("men's shed", 0.8, ("community centre",), ("Mon-Wed 10:00-15:00",), 240, 8.6,
               ("woodwork", "diy", "gardening"), 25,
               "Making, mending and chatting shoulder to shoulder",
               ("{hood} Men's Shed",), "men's shed"),
    _GroupKind("gardening club", 1.0, ("allotments", "community centre"),
               ("Sat 09:00-12:00", "Sun 10:00-12:00"), 180, 4.3, ("gardening", "cooking"), 30,
               "Growing food and flowers together and sharing the harvest",
               ("{hood} Growers",), "allotment"),
    _GroupKind("darts team", 1.0, ("pub",), ("Mon 19:30-22:30",), 180, 4.3, ("darts",), 10,
               "Playing in the local league every Monday night",
               ("The {space} Arrows",), "darts team"),
    _GroupKind("five-a-side", 1.0, ("leisure centre", "park"),
               ("Thu 18:00-19:00", "Sun 10:00-11:00"), 60, 4.3, ("football", "keeping fit"), 12,
               "A weekly kickabout, whatever your age or fitness",
               ("{hood} Vets", "{hood} Five-a-Side"), "five-a-side"),
    _GroupKind("art group", 0.8, ("community centre", "library"), ("Fri 10:00-12:00",), 120,
               4.3, ("painting", "crafts", "photography"), 20,
               "Painting and drawing for beginners and old hands",
               ("{hood} Art Group",), "art group"),
    _GroupKind("repair café", 0.5, ("community centre",), ("Sat 10:00-13:00",), 180, 1.0,
               ("diy", "computers", "sewing", "woodwork"), 20,
               "Fixing things together instead of throwing them away",
               ("{hood} Repair Café",), "repair café"),
    _GroupKind("tea dance", 0.6, ("community centre", "church"), ("Fri 14:00-16:00",), 120, 4.3,
               ("dancing", "music"), 40, "An afternoon of ballroom, sequence dancing and cake",
               ("{hood} Tea Dance",), "tea dance"),
    _GroupKind("chess club", 0.5, ("library", "pub", "café"),
               ("Sat 10:00-12:00", "Mon 19:00-21:30"), 150, 4.3, ("chess", "board games"), 20,
               "Chess and board games for all levels", ("{hood} Chess Club",), "chess club"),
    _GroupKind("running club", 0.7, ("park",), ("Tue 18:30-19:30", "Sat 09:00-10:00"), 60, 4.3,
               ("running", "keeping fit"), 50, "Couch to 5k and beyond, at everyone's own pace",
               ("{hood} Harriers", "{hood} Runners"), "running club"),
    _GroupKind("self-advocacy group", 0.4, ("community centre",), ("Tue 10:00-12:00",), 120,
               4.3, ("volunteering",), 20,
               "A user-led group speaking up for people with learning disabilities",
               ("{hood} Speaking Up",), "self-advocacy group"),
    _GroupKind("lunch club", 1.0, ("community centre", "church", "café"), ("Thu 12:00-14:00",),
               120, 4.3, ("cooking", "board games"), 40,
               "A hot two-course lunch and company for older neighbours",
               ("{hood} Lunch Club",), "lunch club"),
    _GroupKind("parent and toddler group", 0.8, ("community centre", "church"),
               ("Wed 09:30-11:30",), 120, 4.3, ("crafts", "music"), 25,
               "Play, songs and a brew for parents, carers and little ones",
               ("{hood} Tots",), "toddler group"),
)  # fmt: skip
_CIRCLE = _GroupKind(
    "circle of support",
    0.0,
    ("community centre", "café"),
    ("Sat 10:00-12:00",),
    120,
    1.0,
    (),
    8,
    "Friends and family who meet to help one person plan the life they want",
    ("Circle of support for {focus}",),
    "circle of support",
)


@dataclass(frozen=True)
class _NeedKind:
    what: str
    tags: tuple[str, ...]
    slots: tuple[str, ...]
    paid: bool  # the kind of need paid support often meets today


NEED_KINDS: tuple[_NeedKind, ...] = (
    _NeedKind("company at the weekend", ("company",), ("Sat 11:00-16:00", "Sun 11:00-16:00"),
              False),
    _NeedKind("getting to the shops", ("practical", "shopping"), ("Thu 10:00-12:00",), True),
    _NeedKind("someone to go to the football with", ("football", "company"),
              ("Sat 13:00-17:00",), False),
    _NeedKind("someone to watch the rugby with", ("rugby", "company"), ("Sat 14:00-17:00",),
              False),
    _NeedKind("cooking a proper meal now and then", ("cooking", "practical"),
              ("Wed 17:00-19:00",), True),
    _NeedKind("a walk out most days", ("walking", "company"), ("Mon-Fri 10:00-11:00",), True),
    _NeedKind("video calls with my grandchildren", ("computers", "information"),
              ("Sun 16:00-17:00",), False),
    _NeedKind("keeping the garden tidy", ("gardening", "practical"), ("Sat 10:00-12:00",),
              False),
    _NeedKind("getting to church on Sunday", ("faith", "practical"), ("Sun 09:30-12:00",),
              False),
    _NeedKind("someone to talk to in the evenings", ("emotional", "company"),
              ("Mon-Fri 18:00-20:00",), False),
    _NeedKind("singing with other people", ("singing", "music", "company"),
              ("Wed 19:00-21:00",), False),
    _NeedKind("help reading letters and forms", ("information", "practical"),
              ("Tue 10:00-12:00",), True),
    _NeedKind("walking the dog when my knees are bad", ("dogs", "practical"),
              ("daily 08:00-09:00",), False),
    _NeedKind("a night out at a pub quiz", ("quizzes", "company"), ("Thu 20:00-22:30",), False),
    _NeedKind("going fishing again", ("fishing", "company"), ("Sun 07:00-12:00",), False),
    _NeedKind("learning to knit", ("knitting", "information"), ("Tue 13:30-15:30",), False),
    _NeedKind("a lift to hospital appointments", ("practical", "transport"), (), True),
    _NeedKind("someone to go swimming with", ("swimming", "company"), ("Sat 09:00-10:30",),
              False),
    _NeedKind("getting back into painting", ("painting", "company"), ("Fri 10:00-12:00",), False),
    _NeedKind("keeping on top of money and bills", ("money", "information"),
              ("Mon 10:00-11:00",), True),
    _NeedKind("a hand with washing and dressing in the morning", ("care", "practical"),
              ("daily 07:30-09:00",), True),
    _NeedKind("a hot meal in the evening", ("care", "cooking", "practical"),
              ("daily 17:00-18:00",), True),
    _NeedKind("getting out to the library", ("reading", "practical"), ("Tue 10:00-12:00",), True),
    _NeedKind("someone who loves trains as much as I do", ("trains", "company"),
              ("Sat 10:00-14:00",), False),
    _NeedKind("going dancing again", ("dancing", "company"), ("Fri 14:00-16:00",), False),
)  # fmt: skip

_FREE_SLOTS = (
    ("Sat 10:00-16:00", "Sun 10:00-16:00"), ("Mon-Fri 18:00-21:00",), ("Mon-Fri 10:00-15:00",),
    ("Tue 13:00-17:00", "Thu 13:00-17:00"), ("Sun 12:00-18:00",), ("Wed 09:00-12:00",),
)  # fmt: skip
_SD_NOTES = (
    "Loves Motown and knows every word.", "Makes the best cup of tea on the street.",
    "Follows the football results every Saturday.", "Used to work on the railways; great stories.",
    "Very good with dogs; misses having one.", "Enjoys drawing and gives pictures away.",
)  # fmt: skip

# --- weighted choices -----------------------------------------------------------------------

T = TypeVar("T")


class _Table(Generic[T]):
    """A weighted choice by look-up: one uniform draw and an index, no bisection.

    Generation makes millions of weighted choices; a table of ``resolution`` entries repeats
    each value in proportion to its weight (to within 1/resolution), which is several times
    faster than `random.Random.choices` and just as deterministic.
    """

    __slots__ = ("_values",)

    def __init__(self, weighted: Sequence[tuple[T, float]], resolution: int = 1000) -> None:
        total = sum(w for _, w in weighted)
        values: list[T] = []
        for value, w in weighted:
            values += [value] * max(1, round(w / total * resolution))
        self._values: tuple[T, ...] = tuple(values)

    def pick(self, rng: random.Random) -> T:
        return self._values[int(rng.random() * len(self._values))]


def _subsets(pool: Sequence[Help], lo: int, hi: int) -> tuple[list[Help], ...]:
    """Every subset of ``pool`` with ``lo`` to ``hi`` members, each in the pool's order."""
    return tuple(list(c) for k in range(lo, hi + 1) for c in combinations(pool, k))


#: Popularity falls off as rank ** -0.8: walking is about 20 times as common as motor racing.
_INTEREST_TABLE = _Table([(i, (i + 1) ** -0.8) for i in range(len(INTERESTS))], 10_000)
# Households: UK-like sizes (share of households of 1, 2, ... 6 people).
_HOUSEHOLD_TABLE = _Table([(1, 0.30), (2, 0.35), (3, 0.15), (4, 0.13), (5, 0.05), (6, 0.02)])
#: Share of single-person households whose one member is support-dominated (about 7% of people).
_SUPPORT_DOMINATED_SHARE = 0.55
#: Share of other adults who get one light paid tie (a GP, a care call, a support worker).
_LIGHT_SUPPORT_SHARE = 0.08
_CONSENT = _Table([("given", 0.77), ("not_asked", 0.20), ("withdrawn", 0.03)])
_EXTRA_INTERESTS = _Table([(0, 0.55), (1, 0.28), (2, 0.10), (3, 0.04), (4, 0.02), (5, 0.01)])
_VISITS = _Table([(0, 0.25), (1, 0.45), (2, 0.22), (3, 0.08)])
_MEMBERSHIPS = _Table([(0, 0.5), (1, 0.36), (2, 0.11), (3, 0.03)])
_NEIGHBOURS = _Table([(0, 0.55), (1, 0.30), (2, 0.11), (3, 0.04)])
_FRIENDS = _Table([(0, 0.40), (1, 0.37), (2, 0.15), (3, 0.06), (4, 0.02)])
_ACQUAINTANCES = _Table([(0, 0.65), (1, 0.28), (2, 0.07)])
_ROLE = _Table([(None, 0.55), ("member", 0.35), ("organiser", 0.05), ("volunteer", 0.03),
                ("treasurer", 0.02)])  # fmt: skip

#: Chance that a reported KNOWS tie leaves each property out (the person did not say).
MISSING = {"since": 0.25, "frequency": 0.15, "mode": 0.10, "contexts": 0.08, "help": 0.30,
           "last_contact": 0.65}  # fmt: skip
_MODES_FRIEND = _Table(
    [
        (Mode.IN_PERSON, 0.55),
        (Mode.MESSAGE, 0.2),
        (Mode.PHONE, 0.15),
        (Mode.VIDEO, 0.07),
        (Mode.LETTER, 0.01),
        (Mode.VIA_SOMEONE, 0.02),
    ]
)
_MODES_AWAY = _Table([(Mode.PHONE, 0.4), (Mode.IN_PERSON, 0.35), (Mode.VIDEO, 0.15),
                      (Mode.MESSAGE, 0.1)])  # fmt: skip
# Contacts per month: daily ~30, weekly ~4.3, fortnightly ~2.2, monthly ~1.
_FREQ_FRIEND = _Table([(30.0, 0.05), (8.6, 0.1), (4.3, 0.35), (2.2, 0.2), (1.0, 0.2),
                       (0.5, 0.1)])  # fmt: skip
_FREQ_NEIGHBOUR = _Table([(8.6, 0.1), (4.3, 0.4), (2.2, 0.25), (1.0, 0.25)])
_FREQ_AWAY = _Table([(4.3, 0.35), (2.2, 0.2), (1.0, 0.35), (0.5, 0.1)])
_FREQ_ACQUAINTANCE = _Table([(4.3, 0.4), (2.2, 0.2), (1.0, 0.4)])
_FREQ_ONE_CONTACT = _Table([(1.0, 0.5), (0.5, 0.3), (0.25, 0.2)])
_HELP = tuple(Help)  # practical, emotional, company, information, care, money
_HELP_FRIEND = _subsets(_HELP[:4], 1, 3)
_HELP_FAMILY = _subsets(_HELP, 1, 3)
_HELP_AWAY = _subsets(_HELP[:4], 1, 2)
_AROUND = ("the bus", "the street", "the corner shop")
_STREETS = ("High Street", "Station Road", "Church Lane", "Mill Road", "Victoria Street",
            "Park Road", "Canal Side", "Market Place")  # fmt: skip
_DAY_NAMES = dict(zip(DAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                             "Sunday"), strict=True))  # fmt: skip


# --- the result -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Synthetic:
    """A generated world: validated records, in a stable order, and the seed that made them.

    Equal arguments and seed give an equal `Synthetic` (records compare by value), which is
    what makes benchmark and test runs comparable across machines.
    """

    nodes: list[Node]
    ties: list[Tie]
    seed: int

    def summary(self) -> dict[str, int]:
        """Counts of nodes by label and of ties by type (every label and type, zeros included).

        Labels (``"Person"``) and tie types (``"KNOWS"``) never share a name, so one flat
        mapping reads well in a table or a benchmark's JSON.
        """
        counts = {label.value: 0 for label in Label} | {rel.value: 0 for rel in RelType}
        for node in self.nodes:
            counts[node.label] += 1
        for tie in self.ties:
            counts[tie.type] += 1
        return counts

    def graph(self) -> nx.MultiDiGraph:
        """The world as the standard NetworkX shape the analytics take (see `build_graph`)."""
        return build_graph(self.nodes, self.ties)


# --- generation -----------------------------------------------------------------------------


def generate(people: int = 50, *, seed: int = 0, neighbourhoods: int | None = None) -> Synthetic:
    """Generate a believable synthetic world of ``people`` people, deterministically.

    Parameters
    ----------
    people
        How many people to invent, from `MIN_PEOPLE` (50) to `MAX_PEOPLE` (100,000). Paid
        workers, spaces, groups, needs and interests are added in proportion.
    seed
        Seeds the one random stream every choice is drawn from; the same seed gives the same
        world, so a benchmark or a failing test can be reproduced exactly.
    neighbourhoods
        How many neighbourhoods to spread people over; by default one per 2,000 people
        (`PEOPLE_PER_NEIGHBOURHOOD`), at least one. Each holds at least 25 people.

    Returns
    -------
    Synthetic
        Validated records: every tie joins existing nodes of the labels `ENDPOINTS` allows, no
        tie joins a node to itself and no (type, source, target) appears twice.

    Raises
    ------
    BadRequest
        If ``people`` or ``neighbourhoods`` is out of range or not a whole number.

    Notes
    -----
    See the module docstring for the measured ties per person. Around 7% of people are
    support-dominated: three or more paid workers SUPPORT them and at most one person KNOWS
    them or is known by them. Money figures are illustrative only, never real rates.

    Examples
    --------
    >>> world = generate(50, seed=7)
    >>> [n.id for n in world.nodes if n.label == "Neighbourhood"]
    ['n01']
    """
    if isinstance(people, bool) or not isinstance(people, int):
        raise BadRequest(f"people must be a whole number, got {people!r}")
    if not MIN_PEOPLE <= people <= MAX_PEOPLE:
        raise BadRequest(f"people must be between {MIN_PEOPLE} and {MAX_PEOPLE}, got {people}")
    most = people // MIN_NEIGHBOURHOOD_SIZE
    if neighbourhoods is None:
        neighbourhoods = max(1, math.ceil(people / PEOPLE_PER_NEIGHBOURHOOD))
    elif isinstance(neighbourhoods, bool) or not isinstance(neighbourhoods, int):
        raise BadRequest(f"neighbourhoods must be a whole number, got {neighbourhoods!r}")
    if not 1 <= neighbourhoods <= most:
        raise BadRequest(
            f"neighbourhoods must be between 1 and {most} for {people} people "
            f"(each needs at least {MIN_NEIGHBOURHOOD_SIZE}), got {neighbourhoods}"
        )
    # Generation makes millions of small objects and no garbage; the cyclic collector would
    # scan them all again and again for nothing (a third of the run time at 100,000 people).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _World(people, neighbourhoods, seed).build()
    finally:
        if collecting:
            gc.enable()


# --- internal state while building ----------------------------------------------------------


@dataclass(slots=True)
class _P:
    """A person while the world is built: the truth, some of which the records leave out."""

    index: int
    id: str
    hood: int
    household: int
    first: str
    birth: int
    dominated: bool  # life full of paid support, short of unpaid ties
    parent: bool  # has children at school (the children are not on the map)
    light: bool = False  # one light paid tie
    interests: list[int] = field(default_factory=list)
    spaces: list[int] = field(default_factory=list)
    groups: list[int] = field(default_factory=list)
    contacts: list[int] = field(default_factory=list)
    workers: list[int] = field(default_factory=list)


@dataclass(slots=True)
class _S:
    index: int
    id: str
    kind: _SpaceKind
    name: str
    short: str  # how a group named after it says it: "Red Lion" for "The Red Lion (Mill Road)"
    slots: list[Slot]
    visitors: list[int] = field(default_factory=list)


@dataclass(slots=True)
class _G:
    index: int
    id: str
    kind: _GroupKind
    context: str
    members: list[int] = field(default_factory=list)
    member_set: set[int] = field(default_factory=set)


@dataclass(slots=True)
class _W:
    index: int
    id: str
    role: str


@dataclass(slots=True)
class _Hood:
    """One neighbourhood's people, places and groups, indexed for quick choices."""

    index: int
    id: str
    name: str
    centre: tuple[float, float]
    people: list[int] = field(default_factory=list)  # everyone, in street order
    open: list[int] = field(default_factory=list)  # people open to unpaid ties, street order
    by_interest: list[list[int]] = field(default_factory=lambda: [[] for _ in INTERESTS])
    spaces: list[int] = field(default_factory=list)
    spaces_about: list[list[int]] = field(default_factory=lambda: [[] for _ in INTERESTS])
    groups: list[int] = field(default_factory=list)  # open to anyone (not circles)
    groups_about: list[list[int]] = field(default_factory=lambda: [[] for _ in INTERESTS])
    names: set[str] = field(default_factory=set)  # of its spaces and groups, kept distinct


class _World:
    """One generation run: a random stream, the truth being built, and the records out."""

    def __init__(self, people: int, hoods: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.n_people = people
        self.n_hoods = hoods
        self.nodes: list[Node] = []
        self.ties: list[Tie] = []
        self.hoods: list[_Hood] = []
        self.people: list[_P] = []
        self.spaces: list[_S] = []
        self.groups: list[_G] = []
        self.workers: list[_W] = []
        self.position: dict[int, int] = {}  # person -> index in their hood's ``open`` list
        self.everyone_open: list[int] = []
        self.knows: set[tuple[int, int]] = set()
        self.n_households = 0
        self.n_needs = 0

    def build(self) -> Synthetic:
        self._neighbourhoods()
        self.nodes.extend(InterestNode(id=name, name=name) for name in INTERESTS)
        for hood, size in zip(self.hoods, self._hood_sizes(), strict=True):
            self._people(hood, size)
        self._personal_interests()
        for hood in self.hoods:
            self._spaces(hood)
            self._groups(hood)
        self._visits_and_memberships()
        self._knows()
        self._circles()
        self._paid_support()
        self._needs()
        return Synthetic(nodes=self.nodes, ties=self.ties, seed=self.seed)

    # -- small helpers -----------------------------------------------------------------------

    def _since(self, earliest: int) -> int | str:
        """A start date no earlier than ``earliest``, with the precision people remember.

        Half are a bare year (an int, which the model stores as ``"2015"``), a third year and
        month, the rest a full date.
        """
        r = self.rng.random
        lo = min(max(earliest, 1950), TODAY.year)
        year = lo + int(r() * (TODAY.year - lo + 1))
        precision = r()
        if precision < 0.5:
            return year
        month = 1 + int(r() * (TODAY.month if year == TODAY.year else 12))
        if precision < 0.85:
            return f"{year}-{month:02d}"
        return f"{year}-{month:02d}-{1 + int(r() * 28):02d}"

    def _interest_sample(self, k: int, exclude: Sequence[int] = ()) -> list[int]:
        """``k`` distinct interests by popularity (fewer, rarely, if draws keep repeating)."""
        chosen: list[int] = []
        for _ in range(8 * k):
            i = _INTEREST_TABLE.pick(self.rng)
            if i not in chosen and i not in exclude:
                chosen.append(i)
                if len(chosen) == k:
                    break
        return chosen

    def _sub_slot(self, slot: Slot, minutes: int) -> str:
        """A ``minutes``-long stretch of ``slot`` on the half hour, in normalised form."""
        spare = slot.minutes - minutes
        if spare <= 0:
            return str(slot)
        start = slot.start + 30 * self.rng.randint(0, spare // 30)
        return str(Slot(slot.day, start, start + minutes))

    def _fill(self, pattern: str, hood: _Hood, **extra: str) -> str:
        return pattern.format(hood=hood.name, **extra)

    def _distinct(self, hood: _Hood, name: str, qualifier: str) -> str:
        """``name``, qualified if the neighbourhood already has a place or group called that.

        Two "Red Lion"s in one neighbourhood would confuse anyone reading a map.
        """
        candidates = chain((name, f"{name} ({qualifier})"), (f"{name} {k}" for k in count(2)))
        chosen = next(c for c in candidates if c not in hood.names)
        hood.names.add(chosen)
        return chosen

    # -- places and people -------------------------------------------------------------------

    def _neighbourhoods(self) -> None:
        rng = self.rng
        base = [a + b for a in _HOOD_STARTS for b in _HOOD_ENDS]
        rng.shuffle(base)
        names = [m + b for m in _HOOD_MODIFIERS for b in base][: self.n_hoods]
        width = max(2, len(str(self.n_hoods)))
        for i, name in enumerate(names, start=1):
            centre = (CENTRE[0] + rng.uniform(-0.15, 0.15), CENTRE[1] + rng.uniform(-0.25, 0.25))
            self.hoods.append(_Hood(i - 1, f"n{i:0{width}d}", name, centre))
            self.nodes.append(Neighbourhood(id=f"n{i:0{width}d}", name=name, code=f"N{i:04d}"))

    def _hood_sizes(self) -> list[int]:
        """Unequal sizes (within about 30% of the mean), each at least the minimum."""
        weights = [self.rng.uniform(0.7, 1.3) for _ in range(self.n_hoods)]
        spare = self.n_people - MIN_NEIGHBOURHOOD_SIZE * self.n_hoods
        total = sum(weights)
        sizes = [MIN_NEIGHBOURHOOD_SIZE + int(spare * w / total) for w in weights]
        for i in range(self.n_people - sum(sizes)):
            sizes[i % self.n_hoods] += 1
        return sizes

    def _people(self, hood: _Hood, size: int) -> None:
        """Households along the streets; the order of people is their order on the street."""
        rng = self.rng
        while len(hood.people) < size:
            household = self.n_households
            self.n_households += 1
            hsize = min(size - len(hood.people), _HOUSEHOLD_TABLE.pick(rng))
            dominated = hsize == 1 and rng.random() < _SUPPORT_DOMINATED_SHARE
            last = rng.choice(LAST_NAMES)
            head = rng.randint(1935, 2000)
            births = [head]
            for k in range(1, hsize):  # a partner, then grown-up children or other relatives
                births.append(
                    head + rng.randint(-5, 5) if k == 1 else min(2006, head + rng.randint(20, 35))
                )
            parent = hsize >= 3 and head >= 1975
            for k, birth in enumerate(births):
                index = len(self.people)
                p = _P(index, f"p{index + 1:06d}", hood.index, household,
                       rng.choice(FIRST_NAMES), birth, dominated, parent)  # fmt: skip
                surname = last if k == 0 or rng.random() < 0.8 else rng.choice(LAST_NAMES)
                self.people.append(p)
                self.nodes.append(self._person_node(p, surname))
                self.ties.append(In(source=p.id, target=hood.id))
                hood.people.append(index)
                if not dominated:
                    self.position[index] = len(hood.open)
                    hood.open.append(index)
        self.everyone_open.extend(hood.open)

    def _person_node(self, p: _P, surname: str) -> Person:
        rng = self.rng
        household = f"h{p.household + 1:06d}"
        consent = "given" if p.dominated else _CONSENT.pick(rng)
        if consent == "withdrawn":  # keep only what is needed to honour the withdrawal
            return Person(id=p.id, consent=consent, consent_date=self._since(2021),
                          household=household)  # fmt: skip
        free = rng.random() < (0.8 if p.dominated else 0.3)
        return Person(
            id=p.id,
            name=f"{p.first} {surname}",
            consent=consent,
            consent_date=self._since(2019) if consent == "given" else None,
            birth_year=p.birth if rng.random() < 0.9 else None,
            household=household,
            free_slots=list(rng.choice(_FREE_SLOTS)) if free else None,
            notes=rng.choice(_SD_NOTES) if p.dominated and rng.random() < 0.5 else None,
        )

    def _personal_interests(self) -> None:
        """Passions (1-6 each, popular ones common), some skills, some wishes to learn."""
        rng = self.rng
        ties = self.ties
        for p in self.people:
            p.interests = self._interest_sample(1 + _EXTRA_INTERESTS.pick(rng))
            by_interest = self.hoods[p.hood].by_interest
            for i in p.interests:
                ties.append(InterestedIn(source=p.id, target=INTERESTS[i]))
                if not p.dominated:
                    by_interest[i].append(p.index)
            skills = [i for i in p.interests if rng.random() < 0.2]
            if rng.random() < 0.05:
                skills += self._interest_sample(1, exclude=p.interests)
            for i in skills:
                ties.append(SkilledIn(source=p.id, target=INTERESTS[i]))
            if rng.random() < 0.3:
                for i in self._interest_sample(1, exclude=p.interests):
                    ties.append(WantsToLearn(source=p.id, target=INTERESTS[i]))

    def _spaces(self, hood: _Hood) -> None:
        """The essential spaces every neighbourhood has, then more in proportion to its size."""
        rng = self.rng
        kinds = list(_ESSENTIAL_SPACES)
        extra = max(0, round(len(hood.people) / 70) - len(kinds))
        kinds += rng.choices([k.name for k in SPACE_KINDS], [k.weight for k in SPACE_KINDS],
                             k=extra)  # fmt: skip
        lat0, lon0 = hood.centre
        for name in kinds:
            kind = _SPACE_KIND[name]
            hours = rng.choice(kind.hours)
            index = len(self.spaces)
            base = self._fill(rng.choice(kind.names), hood)
            name = self._distinct(hood, base, rng.choice(_STREETS))
            space = _S(index, f"s{index + 1:04d}", kind, name, base.removeprefix("The "),
                       [s for text in hours for s in parse_slots(text)])  # fmt: skip
            located = rng.random() < 0.7
            self.spaces.append(space)
            hood.spaces.append(index)
            self.nodes.append(Space(
                id=space.id, name=space.name, kind=kind.name,
                lat=round(lat0 + rng.uniform(-0.01, 0.01), 5) if located else None,
                lon=round(lon0 + rng.uniform(-0.015, 0.015), 5) if located else None,
                slots=list(hours) if rng.random() < 0.9 else None,
            ))  # fmt: skip
            self.ties.append(In(source=space.id, target=hood.id))
            for about in rng.sample(kind.about, min(len(kind.about), rng.randint(0, 2))):
                self.ties.append(About(source=space.id, target=about))
                hood.spaces_about[_INTEREST_INDEX[about]].append(index)

    def _groups(self, hood: _Hood) -> None:
        rng = self.rng
        count = max(4, round(len(hood.people) / 45))
        for kind in rng.choices(GROUP_KINDS, [k.weight for k in GROUP_KINDS], k=count):
            about = [_INTEREST_INDEX[a] for a in kind.about[: rng.randint(1, 2)]]
            g = self._group(hood, kind, about)
            hood.groups.append(g.index)
            for i in about:
                hood.groups_about[i].append(g.index)

    def _group(self, hood: _Hood, kind: _GroupKind, about: list[int], focus: str = "") -> _G:
        """A group, where and when it meets (MEETS_AT, at times the space is open), its topics."""
        rng = self.rng
        space, times = self._meeting_place(hood, kind)
        index = len(self.groups)
        at_home = space.kind.name in kind.spaces
        context = kind.context or (space.kind.context if at_home else kind.name)
        group = _G(index, f"g{index + 1:04d}", kind, context)
        name = self._fill(rng.choice(kind.names), hood, space=space.short,
                          team=f"{hood.name} Rovers", focus=focus)  # fmt: skip
        name = self._distinct(hood, name, f"{_DAY_NAMES[times[0][:3]]}s")
        self.groups.append(group)
        self.nodes.append(Group(id=group.id, name=name, kind=kind.name, purpose=kind.purpose,
                                slots=times))  # fmt: skip
        self.ties.append(In(source=group.id, target=hood.id))
        self.ties.append(MeetsAt(source=group.id, target=space.id, slots=times))
        for i in about:
            self.ties.append(About(source=group.id, target=INTERESTS[i]))
        return group

    def _meeting_place(self, hood: _Hood, kind: _GroupKind) -> tuple[_S, list[str]]:
        """A space of a suitable kind, and meeting times wholly within its opening hours."""
        rng = self.rng
        spaces = [self.spaces[s] for s in hood.spaces]
        suitable = [s for s in spaces if s.kind.name in kind.spaces]
        space = rng.choice(suitable or [s for s in spaces if s.kind.name == "community centre"])
        opening = tuple(str(s) for s in space.slots)
        fitting = [t for t in kind.times if _fits(t, opening)]
        if fitting:
            return space, [str(s) for s in parse_slots(rng.choice(fitting))]
        return space, [self._sub_slot(rng.choice(space.slots), kind.minutes)]

    # -- where people go ---------------------------------------------------------------------

    def _visits_and_memberships(self) -> None:
        rng = self.rng
        for p in self.people:
            hood = self.hoods[p.hood]
            if p.dominated:  # perhaps one place, often with a paid worker
                if rng.random() < 0.5:
                    self._visit(p, hood)
                continue
            for _ in range(_VISITS.pick(rng)):
                self._visit(p, hood)
            for _ in range(_MEMBERSHIPS.pick(rng)):
                self._join(p, hood)

    def _visit(self, p: _P, hood: _Hood) -> None:
        """A regular visit, to a place about one of p's interests half the time."""
        rng = self.rng
        about = [s for i in p.interests for s in hood.spaces_about[i]]
        s = rng.choice(about) if about and rng.random() < 0.5 else rng.choice(hood.spaces)
        space = self.spaces[s]
        if s in p.spaces or (space.kind.name == "school gate" and not p.parent):
            return
        p.spaces.append(s)
        if not p.dominated:
            space.visitors.append(p.index)
        days = rng.sample(space.slots, min(len(space.slots), rng.choice((1, 1, 2, 3))))
        slots = sorted({self._sub_slot(d, rng.choice((30, 60, 90, 120))) for d in days})
        weekly = rng.random() < 0.75  # else about monthly
        # Constructed, not validated, like KNOWS (see `_report`): the slots are already in
        # normal form (one per day, from `Slot.__str__`, no duplicates) and so is the date.
        self.ties.append(Visits.model_construct(
            source=p.id, target=space.id,
            frequency=(round(4.3 * len(slots), 2) if weekly else 1.0)
            if rng.random() < 0.85 else None,
            slots=slots if rng.random() < 0.85 else None,
            since=str(self._since(p.birth + 16)) if rng.random() < 0.5 else None,
        ))  # fmt: skip

    def _join(self, p: _P, hood: _Hood) -> None:
        """Membership of a group, about one of p's interests three times in four."""
        rng = self.rng
        matching = [g for i in p.interests for g in hood.groups_about[i]]
        pool = matching if matching and rng.random() < 0.75 else hood.groups
        g = self.groups[rng.choice(pool)]
        if p.index not in g.member_set and len(g.members) < g.kind.capacity:
            self._add_member(p, g, role=_ROLE.pick(rng))

    def _add_member(self, p: _P, g: _G, *, role: str | None) -> None:
        rng = self.rng
        g.members.append(p.index)
        g.member_set.add(p.index)
        p.groups.append(g.index)
        self.ties.append(MemberOf(
            source=p.id, target=g.id, role=role,
            since=self._since(p.birth + 16) if rng.random() < 0.7 else None,
            frequency=(round(g.kind.per_month * rng.choice((0.5, 1.0, 1.0, 1.0)), 2)
                       if rng.random() < 0.8 else None),
        ))  # fmt: skip

    # -- who knows whom ----------------------------------------------------------------------

    def _knows(self) -> None:
        """Family at home, then each person's relatives, neighbours, friends, acquaintances."""
        household: list[_P] = []
        for p in [*self.people, None]:
            if household and (p is None or p.household != household[0].household):
                for k, a in enumerate(household):
                    for b in household[k + 1 :]:
                        self._family_at_home(a, b)
                household = []
            if p is not None:
                household.append(p)
        rng = self.rng
        for p in self.people:
            if p.dominated:
                if rng.random() < 0.6:
                    self._one_contact(p)
                continue
            if rng.random() < 0.15:
                self._family_away(p)
            for _ in range(_NEIGHBOURS.pick(rng)):
                self._neighbour(p)
            for _ in range(_FRIENDS.pick(rng)):
                self._friend(p)
            for _ in range(_ACQUAINTANCES.pick(rng)):
                self._acquaintance(p)

    def _relate(
        self, a: _P, b: _P, *, kind: KnowsKind, contexts: list[str], frequency: float,
        mode: Mode, since: int | str, gives: list[Help], receives: list[Help], both: float,
    ) -> None:  # fmt: skip
        """Record a relationship as a's account and, with probability ``both``, b's too.

        Both accounts share the truth (when it began, how often, how); each leaves things out
        independently, as two people asked separately would.
        """
        if (
            a.index == b.index
            or (a.index, b.index) in self.knows
            or ((b.index, a.index) in self.knows)
        ):
            return
        since = str(since)
        self._report(a, b, kind, contexts, frequency, mode, since, gives, receives)
        if self.rng.random() < both:
            self._report(b, a, kind, contexts, frequency, mode, since, receives, gives)
        a.contacts.append(b.index)
        b.contacts.append(a.index)

    def _report(
        self, a: _P, b: _P, kind: KnowsKind, contexts: list[str], frequency: float, mode: Mode,
        since: str, gives: list[Help], receives: list[Help],
    ) -> None:  # fmt: skip
        """One person's account of a tie, leaving out what people often do not say.

        Built with ``model_construct``: over half of all ties are KNOWS, and validating their
        dates and contexts in Python took a third of the run. Every value here is already in
        the model's normal form (enums, ISO dates, lower-case contexts, fresh lists), and the
        tests re-validate every KNOWS tie of a 2,000-person world to prove it.
        """
        r = self.rng.random
        help_known = r() >= MISSING["help"]
        last = None
        if r() >= MISSING["last_contact"]:
            last = (TODAY - timedelta(days=int(r() * (30 / frequency + 1)))).isoformat()
        self.knows.add((a.index, b.index))
        self.ties.append(Knows.model_construct(
            source=a.id, target=b.id, kind=kind,
            since=since if r() >= MISSING["since"] else None,
            last_contact=last,
            frequency=frequency if r() >= MISSING["frequency"] else None,
            mode=mode if r() >= MISSING["mode"] else None,
            contexts=list(contexts) if r() >= MISSING["contexts"] else None,
            gives=list(gives) if help_known else None,
            receives=list(receives) if help_known else None,
        ))  # fmt: skip

    def _someone(self, p: _P, local: float) -> _P:
        """Another person open to ties: from p's neighbourhood with probability ``local``."""
        rng = self.rng
        pool = self.hoods[p.hood].open if rng.random() < local else self.everyone_open
        # p itself when nobody is open (a tiny neighbourhood): `_relate` then records nothing.
        return self.people[rng.choice(pool or [p.index])]

    def _family_at_home(self, a: _P, b: _P) -> None:
        rng = self.rng
        pool = _HELP_FAMILY if min(a.birth, b.birth) < 1950 else _HELP_FRIEND
        self._relate(a, b, kind=KnowsKind.FAMILY, contexts=["family"], frequency=30.0,
                     mode=Mode.IN_PERSON, since=self._since(max(a.birth, b.birth)),
                     gives=rng.choice(pool), receives=rng.choice(pool), both=0.9)  # fmt: skip

    def _family_away(self, p: _P) -> None:
        rng = self.rng
        q = self._someone(p, 0.6)
        self._relate(p, q, kind=KnowsKind.FAMILY, contexts=["family"],
                     frequency=_FREQ_AWAY.pick(rng), mode=_MODES_AWAY.pick(rng),
                     since=self._since(max(p.birth, q.birth)), gives=rng.choice(_HELP_AWAY),
                     receives=rng.choice(_HELP_AWAY), both=0.75)  # fmt: skip

    def _one_contact(self, p: _P) -> None:
        """The one unpaid tie a support-dominated person may have: a relative or old friend."""
        rng = self.rng
        q = self._someone(p, 0.5)
        family = rng.random() < 0.7
        self._relate(p, q, kind=KnowsKind.FAMILY if family else KnowsKind.FRIEND,
                     contexts=["family"] if family else ["school"],
                     frequency=_FREQ_ONE_CONTACT.pick(rng), mode=Mode.PHONE,
                     since=self._since(max(p.birth, q.birth) + (0 if family else 8)),
                     gives=[Help.COMPANY], receives=rng.choice(_HELP_AWAY),
                     both=0.5)  # fmt: skip

    def _neighbour(self, p: _P) -> None:
        """Someone a few doors along the street (but not in p's household)."""
        rng = self.rng
        street = self.hoods[p.hood].open
        pos = self.position[p.index] + rng.choice((-6, -5, -4, -3, -2, -1, 1, 2, 3, 4, 5, 6))
        if not 0 <= pos < len(street):
            return
        q = self.people[street[pos]]
        if q.household == p.household:
            return
        lend = rng.random() < 0.5  # parcels taken in, tools lent: often both ways
        self._relate(p, q, kind=KnowsKind.NEIGHBOUR, contexts=["neighbour"],
                     frequency=_FREQ_NEIGHBOUR.pick(rng),
                     mode=Mode.IN_PERSON if rng.random() < 0.9 else Mode.MESSAGE,
                     since=self._since(max(p.birth, q.birth) + 18),
                     gives=[Help.PRACTICAL] if lend else [],
                     receives=[Help.PRACTICAL] if lend or rng.random() < 0.3 else [],
                     both=0.6)  # fmt: skip

    def _friend(self, p: _P) -> None:
        """A friendship, formed mostly around a shared interest or group (homophily)."""
        rng = self.rng
        hood = self.hoods[p.hood]
        r = rng.random()
        kind = KnowsKind.FRIEND
        if r < 0.10:  # through work, often across neighbourhoods
            q, contexts = self._someone(p, 0.3), ["work"]
            kind = KnowsKind.COLLEAGUE if rng.random() < 0.5 else KnowsKind.FRIEND
        elif r < 0.68:  # a shared interest, mostly nearby
            i = rng.choice(p.interests)
            pool = hood.by_interest[i]
            if rng.random() < 0.07:
                pool = self.hoods[rng.randrange(self.n_hoods)].by_interest[i]
            if not pool:
                return
            q = self.people[rng.choice(pool)]
            contexts = [_INTEREST_CONTEXT.get(INTERESTS[i], INTERESTS[i])]
        elif r < 0.85 and p.groups:  # a group they are both in
            g = self.groups[rng.choice(p.groups)]
            q, contexts = self.people[rng.choice(g.members)], [g.context]
        else:
            q, contexts = self._someone(p, 1.0), [rng.choice(_OTHER_CONTEXTS)]
        if q.dominated:
            return
        if rng.random() < 0.25:  # known in more than one setting
            extra = rng.choice(_OTHER_CONTEXTS)
            contexts = [*contexts, extra] if extra not in contexts else contexts
        reciprocal = rng.random() < 0.8  # otherwise help flows one way only
        self._relate(p, q, kind=kind, contexts=contexts, frequency=_FREQ_FRIEND.pick(rng),
                     mode=_MODES_FRIEND.pick(rng), since=self._since(max(p.birth, q.birth) + 10),
                     gives=rng.choice(_HELP_FRIEND),
                     receives=rng.choice(_HELP_FRIEND) if reciprocal else [],
                     both=0.8)  # fmt: skip

    def _acquaintance(self, p: _P) -> None:
        """Someone p runs into at a place they both go (or on the bus, in the street)."""
        rng = self.rng
        shared = [s for s in p.spaces if self.spaces[s].visitors]
        if shared:
            space = self.spaces[rng.choice(shared)]
            q, contexts = self.people[rng.choice(space.visitors)], [space.kind.context]
        else:
            q, contexts = self._someone(p, 1.0), [rng.choice(_AROUND)]
        self._relate(p, q, kind=KnowsKind.ACQUAINTANCE, contexts=contexts,
                     frequency=_FREQ_ACQUAINTANCE.pick(rng), mode=Mode.IN_PERSON,
                     since=self._since(max(p.birth, q.birth) + 16),
                     gives=[Help.COMPANY] if rng.random() < 0.5 else [Help.INFORMATION],
                     receives=[Help.COMPANY], both=0.3)  # fmt: skip

    def _circles(self) -> None:
        """A few circles of support: a person and up to six people they know, meeting monthly."""
        rng = self.rng
        for hood in self.hoods:
            for _ in range(max(1, len(hood.open) // 1000) if hood.open else 0):
                focus = self.people[rng.choice(hood.open)]
                if not focus.contacts:
                    continue
                g = self._group(hood, _CIRCLE, focus.interests[:1], focus=focus.first)
                self._add_member(focus, g, role="focus person")
                for c in focus.contacts[:6]:
                    if c not in g.member_set:
                        self._add_member(self.people[c], g, role="member")

    # -- paid support and needs --------------------------------------------------------------

    def _worker(self, role: str, organisation: str | None) -> _W:
        rng = self.rng
        index = len(self.workers)
        w = _W(index, f"w{index + 1:05d}", role)
        self.workers.append(w)
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        self.nodes.append(PaidWorker(id=w.id, name=name, role=role, organisation=organisation))
        return w

    def _paid_support(self) -> None:
        """Paid workers and their SUPPORTS ties: heavy for the minority, light for some."""
        rng = self.rng
        for p in self.people:
            p.light = not p.dominated and rng.random() < _LIGHT_SUPPORT_SHARE
        for hood in self.hoods:
            local = [self.people[i] for i in hood.people]
            clients = sum(p.dominated or p.light for p in local)
            surgery = self._fill("{hood} Medical Centre", hood)
            gps = [self._worker("gp", surgery) for _ in range(1 + len(local) // 1500)]
            socials = [self._worker("social_worker", _COUNCIL) for _ in range(1 + clients // 40)]
            agencies = rng.sample(_PROVIDERS, 2)
            carers = {a: [self._worker("care_worker", a) for _ in range(2 + clients // 8)]
                      for a in agencies}  # fmt: skip
            supporters = [self._worker("support_worker", _SUPPORT_PROVIDER)
                          for _ in range(1 + clients // 10)]  # fmt: skip
            for p in local:
                if p.dominated:
                    self._heavy_support(p, gps, socials, carers[rng.choice(agencies)], supporters)
                elif p.light:
                    self._light_support(p, gps, carers[rng.choice(agencies)], supporters)

    def _heavy_support(
        self, p: _P, gps: list[_W], socials: list[_W], carers: list[_W], supporters: list[_W]
    ) -> None:
        """Three to seven paid workers: agency carers, perhaps a PA, support and social work."""
        rng = self.rng
        for w in rng.sample(carers, min(len(carers), rng.choice((1, 2, 2, 3)))):
            self._supports(w, p, "care")
        if rng.random() < 0.5:  # a personal assistant the person employs (direct payment)
            self._supports(self._worker("personal_assistant", None), p, "pa")
        if rng.random() < 0.6:
            self._supports(rng.choice(supporters), p, "support")
        if rng.random() < 0.7:
            self._supports(rng.choice(socials), p, "social")
        if rng.random() < 0.4:
            self._supports(rng.choice(gps), p, "gp")
        while len(p.workers) < 3:
            pool = [w for w in supporters + carers if w.index not in p.workers]
            w = rng.choice(pool) if pool else self._worker("support_worker", _SUPPORT_PROVIDER)
            self._supports(w, p, "care" if w.role == "care_worker" else "support")

    def _light_support(self, p: _P, gps: list[_W], carers: list[_W], supporters: list[_W]) -> None:
        """Exactly one paid tie: a GP, a short care call or a few hours of support."""
        r = self.rng.random()
        if r < 0.5:
            self._supports(self.rng.choice(gps), p, "gp")
        elif r < 0.8:
            self._supports(self.rng.choice(carers), p, "care", light=True)
        else:
            self._supports(self.rng.choice(supporters), p, "support", light=True)

    def _supports(self, w: _W, p: _P, how: str, *, light: bool = False) -> None:
        """One SUPPORTS tie with the terms typical of its kind.

        Costs are illustrative only: roughly GBP 15-30 an hour for care and support work, and
        GBP 69 an hour of social work (the 2010 PSSRU figure quoted in the domain notes).
        """
        rng = self.rng
        if w.index in p.workers:
            return
        p.workers.append(w.index)
        props: dict[str, Any]
        if how == "care":  # agency care: short visits, daily or twice daily, high turnover
            lo, hi = (2.0, 7.0) if light else (5.0, 18.0)
            props = dict(hours_per_week=round(rng.uniform(lo, hi) * 2) / 2,
                         hourly_cost=round(rng.uniform(19.0, 27.0), 2),
                         frequency=8.6 if light else rng.choice((30.0, 60.0)),
                         employer="provider", turnover_per_year=float(rng.randint(3, 8)),
                         tasks=rng.sample(("personal care", "medication", "meal preparation",
                                           "laundry", "cleaning"), 2))  # fmt: skip
        elif how == "pa":  # employed by the person, so more say and less turnover
            props = dict(hours_per_week=float(rng.randint(6, 20)),
                         hourly_cost=round(rng.uniform(14.5, 18.5), 2), frequency=13.0,
                         employer="person", turnover_per_year=rng.choice((0.5, 1.0, 1.0, 2.0)),
                         tasks=rng.sample(("getting out", "shopping", "meal preparation",
                                           "appointments", "company"), 3))  # fmt: skip
        elif how == "support":  # often a fixed-term arrangement
            lo, hi = (1, 4) if light else (3, 10)
            props = dict(hours_per_week=float(rng.randint(lo, hi)),
                         hourly_cost=round(rng.uniform(21.0, 29.0), 2), frequency=4.3,
                         employer="provider", turnover_per_year=float(rng.randint(1, 4)),
                         tasks=rng.sample(("budgeting", "appointments", "getting out",
                                           "shopping", "forms"), 2),
                         ends=rng.choice((None, "2024-12", "2025-03")))  # fmt: skip
        elif how == "social":  # a gatekeeper: reviews and assessments, little time
            props = dict(hours_per_week=rng.choice((0.25, 0.5)), hourly_cost=69.0,
                         frequency=rng.choice((0.5, 1.0)),
                         mode="phone" if rng.random() < 0.5 else "in_person",
                         turnover_per_year=float(rng.randint(1, 3)),
                         tasks=["assessment", "review"])  # fmt: skip
        else:  # a GP: hours and cost unknown to the person
            props = dict(frequency=rng.choice((0.1, 0.3, 1.0)),
                         tasks=["health check", "prescriptions"])  # fmt: skip
        props.setdefault("mode", "in_person")
        if rng.random() < 0.1:  # the person's paperwork did not say
            props.pop("hourly_cost", None)
        self.ties.append(Supports(source=w.id, target=p.id, role=w.role, since=self._since(2018),
                                  **props))  # fmt: skip

    def _needs(self) -> None:
        """Needs in plain words, chosen to fit p's interests; several for the support-dominated."""
        rng = self.rng
        for p in self.people:
            if p.dominated:
                count = rng.randint(2, 4)
            elif p.light:
                count = rng.randint(1, 2)
            else:
                count = 1 if rng.random() < 0.08 else 0
            if not count:
                continue
            mine = {INTERESTS[i] for i in p.interests}
            weights = [4.0 if mine.intersection(k.tags) else 1.0 for k in NEED_KINDS]
            chosen: list[_NeedKind] = []
            for kind in rng.choices(NEED_KINDS, weights, k=count):
                if kind not in chosen:
                    chosen.append(kind)
                    self._need(p, kind)

    def _need(self, p: _P, kind: _NeedKind) -> None:
        """A need, and sometimes the paid worker who meets it today (MET_BY)."""
        rng = self.rng
        self.n_needs += 1
        need_id = f"need{self.n_needs:06d}"
        slots = list(kind.slots) if kind.slots and rng.random() < 0.85 else None
        self.nodes.append(Need(id=need_id, what=kind.what, tags=list(kind.tags), slots=slots))
        self.ties.append(HasNeed(source=p.id, target=need_id))
        chance = (0.7 if p.dominated else 0.4) if kind.paid else 0.15
        helpers = [w for w in p.workers if self.workers[w].role in _HANDS_ON]
        if helpers and rng.random() < chance:
            w = self.workers[rng.choice(helpers)]
            self.ties.append(MetBy(source=need_id, target=w.id,
                                   hours_per_week=float(rng.randint(1, 6))))  # fmt: skip


_HANDS_ON = ("care_worker", "personal_assistant", "support_worker")


@lru_cache(maxsize=4096)
def _fits(times: str, opening: tuple[str, ...]) -> bool:
    """Whether every slot in ``times`` lies wholly within a space's ``opening`` slots."""
    return all(overlap_minutes(str(s), opening) >= s.minutes for s in parse_slots(times))
