"""The generator's working state: builds one world, step by step, from one random stream."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache
from itertools import chain, count
from typing import Any

from graphsvc.model import (
    About,
    Group,
    HasNeed,
    Help,
    In,
    InterestedIn,
    Knows,
    KnowsKind,
    MeetsAt,
    MemberOf,
    MetBy,
    Mode,
    Need,
    Neighbourhood,
    Node,
    PaidWorker,
    Person,
    SkilledIn,
    Space,
    Supports,
    Tie,
    Visits,
    WantsToLearn,
)
from graphsvc.model import Interest as InterestNode
from graphsvc.slots import Slot, overlap_minutes, parse_slots
from graphsvc.synth.vocabulary import (
    _ACQUAINTANCES,
    _AROUND,
    _CIRCLE,
    _CONSENT,
    _COUNCIL,
    _DAY_NAMES,
    _ESSENTIAL_SPACES,
    _EXTRA_INTERESTS,
    _FREE_SLOTS,
    _FREQ_ACQUAINTANCE,
    _FREQ_AWAY,
    _FREQ_FRIEND,
    _FREQ_NEIGHBOUR,
    _FREQ_ONE_CONTACT,
    _FRIENDS,
    _HELP_AWAY,
    _HELP_FAMILY,
    _HELP_FRIEND,
    _HOOD_ENDS,
    _HOOD_MODIFIERS,
    _HOOD_STARTS,
    _HOUSEHOLD_TABLE,
    _INTEREST_CONTEXT,
    _INTEREST_INDEX,
    _INTEREST_TABLE,
    _LIGHT_SUPPORT_SHARE,
    _MEMBERSHIPS,
    _MODES_AWAY,
    _MODES_FRIEND,
    _NEIGHBOURS,
    _OTHER_CONTEXTS,
    _PROVIDERS,
    _ROLE,
    _SD_NOTES,
    _SPACE_KIND,
    _STREETS,
    _SUPPORT_DOMINATED_SHARE,
    _SUPPORT_PROVIDER,
    _VISITS,
    CENTRE,
    FIRST_NAMES,
    GROUP_KINDS,
    INTERESTS,
    LAST_NAMES,
    MIN_NEIGHBOURHOOD_SIZE,
    MISSING,
    NEED_KINDS,
    SPACE_KINDS,
    TODAY,
    _GroupKind,
    _NeedKind,
    _SpaceKind,
)

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

    def build(self) -> tuple[list[Node], list[Tie]]:
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
        return self.nodes, self.ties

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
