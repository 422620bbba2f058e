"""The invented world's word lists and probability tables (names, places, groups, needs).

Kept apart from the generator so the shape of the data can be read and tuned in one place.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import Generic, TypeVar

from graphsvc.model import (
    Help,
    Mode,
)
from graphsvc.slots import DAYS

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
