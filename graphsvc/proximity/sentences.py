"""The sentences: every score in plain English that anyone can follow.

People with learning disabilities may read their own map, so every sentence is short, uses
everyday words, writes small numbers as words ("six years", "about once a month"), never shows
a score on its own, and says plainly when something is not known ("We do not know how long you
have known each other."). A test holds every template, and the reasons of a whole synthetic
town, to a Flesch reading ease of at least 70.

"You" is the two people of the tie together ("You meet every week, face to face"); a paid tie
speaks to the person supported ("Ann is paid to help you as your care worker"). Names go in
last through the placeholders `A` and `B` (`reasons.fill`): each function here depends only on
small codes, so it runs once per distinct combination in a whole town.

Examples
--------
>>> contact(0, 6, False)
('You meet every week, face to face.',)
>>> duration(6, paid=False)
'You have known each other for six years.'
>>> contexts(("neighbour", "quiz team"), False, (), (), (), "Ashfield")
('You know each other in two ways: neighbours and quiz team.', 'You both live in Ashfield.')
"""

from __future__ import annotations

from graphsvc.proximity.dimensions import DIMENSIONS
from graphsvc.proximity.values import HELP, KINDS, MODES, ROLES
from graphsvc.proximity.words import MONTHS, WHEN, listing, number_words

__all__ = [
    "RING",
    "A",
    "B",
    "closing",
    "common",
    "contact",
    "contexts",
    "disagreement_sentences",
    "duration",
    "helping",
    "paid_intro",
    "stability",
    "tasks_sentence",
]

#: Placeholders for the two names (source, target), filled in last.
A, B = "\x00a", "\x00b"

RING = {
    0: "Overall, you are close.",
    1: "Overall, you are fairly close.",
    2: "Overall, you are not close yet.",
    -1: "We know too little to say how close you are.",
}
_MEET = {
    "in_person": ("You meet {when}, face to face.", "You meet face to face."),
    "video": ("You talk on video calls {when}.", "You talk on video calls."),
    "phone": ("You talk on the phone {when}.", "You talk on the phone."),
    "message": ("You send each other messages {when}.", "You send each other messages."),
    "letter": ("You write to each other {when}.", "You write to each other."),
    "via_someone": (
        "You hear about each other {when}, through someone else.",
        "You hear about each other through someone else.",
    ),
}
_ROLE_WORDS = {
    "personal_assistant": "personal assistant",
    "care_worker": "care worker",
    "support_worker": "support worker",
    "social_worker": "social worker",
    "gp": "GP",
    "nurse": "nurse",
    "therapist": "therapist",
    "other": "worker",
}
_GATEKEEPER = {
    "social_worker": "Social workers have a say over your support budget.",
    "gp": "A GP has a say over the help you can get.",
}
_HELP_WORDS = {
    "practical": "help with jobs",
    "emotional": "comfort",
    "company": "company",
    "information": "advice",
    "care": "care",
    "money": "money",
}
_KIND_WORDS = {
    "family": "family",
    "friend": "a friend",
    "neighbour": "a neighbour",
    "colleague": "a workmate",
    "acquaintance": "someone they know",
    "other": "a contact",
}
_VERBS = {
    "in_person": "meet face to face",
    "video": "talk on video calls",
    "phone": "talk on the phone",
    "message": "send messages",
    "letter": "write letters",
    "via_someone": "hear news through someone else",
}
_GROW = {
    "directness": "how you keep in touch",
    "continuity": "time: how long and how often you meet",
    "multiplexity": "how many parts of life you share",
    "parity": "how much you help each other",
    "commonality": "what you have in common",
}
#: How a declared context reads in a list ("You know each other in two ways: ...").
_CONTEXT_WORDS = {"neighbour": "neighbours", "colleague": "work", "household": "living together"}


def contact(mode: int, band: int, inferred: bool) -> tuple[str, ...]:
    """How and how often: ``You meet every week, face to face.``"""
    often = WHEN[band] if band > 0 else None
    if band == 0:
        return ("You are not in touch at the moment.",)
    if mode >= 0:
        with_when, without = _MEET[MODES[mode]]
        if often:
            return (with_when.format(when=often),)
        return (without, "We do not know how often you are in touch.")
    if inferred:
        if often:
            return (f"You live together and see each other {often}.",)
        return ("You live together, so you see each other face to face.",)
    if often:
        return (f"You are in touch {often}.", "We do not know how you keep in touch.")
    return ("We do not know how you keep in touch, or how often.",)


def duration(code: int, paid: bool) -> str:
    """How long: ``You have known each other for six years.``"""
    if paid:
        if code < 0:
            return "We do not know when this support started."
        if code == 0:
            return "This support started less than a year ago."
        if code == 1:
            return "This support started about a year ago."
        return f"This support started {_about(code)}{number_words(code)} years ago."
    if code < 0:
        return "We do not know how long you have known each other."
    if code == 0:
        return "You have known each other for less than a year."
    if code == 1:
        return "You have known each other for about a year."
    return f"You have known each other for {_about(code)}{number_words(code)} years."


def _about(code: int) -> str:
    return "about " if code > 20 else ""


def stability(turnover: int, ends: str | None, ended: bool, stale: int) -> tuple[str, ...]:
    """Turnover, a fixed end and a long silence, when known."""
    out = []
    if turnover == 0:
        out.append("It is usually the same worker.")
    elif turnover == 1:
        out.append("The worker changes now and then.")
    elif turnover >= 2:
        out.append(f"About {number_words(turnover)} different workers come each year.")
    if ends:
        out.append(f"This support {'was' if ended else 'is'} due to stop in {_month(ends)}.")
    if 3 <= stale < 100:
        out.append(f"You have not been in touch for {number_words(stale)} months.")
    elif stale == 101:
        out.append("You have not been in touch for over a year.")
    elif stale > 101:
        out.append(f"You have not been in touch for {number_words(stale - 100)} years.")
    return tuple(out)


def _month(text: str) -> str:
    parts = str(text).split("-")
    if len(parts) >= 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


def paid_intro(role: int, employer: int, gate: bool) -> tuple[str, ...]:
    """Who the worker is and who holds the power."""
    role_name = ROLES[role] if role >= 0 else "other"
    if role_name == "other":
        first = f"{A} is paid to help you."
    else:
        first = f"{A} is paid to help you as your {_ROLE_WORDS[role_name]}."
    if gate:
        return (first, _GATEKEEPER.get(role_name, ""))
    if employer == 0:
        return (first, f"You employ {A} yourself, so you have more say.")
    if employer == 1:
        return (first, f"{A} works for a care company.")
    return (first, f"We do not know who employs {A}.")


def helping(flow_ab: int, flow_ba: int, known: bool) -> tuple[str, ...]:
    """Who helps whom, with what."""
    if not known:
        return ("We do not know if you help each other.",)
    if not flow_ab and not flow_ba:
        return ("Neither of you said that you help the other.",)
    out = []
    if flow_ab:
        out.append(_gives(A, B, flow_ab))
    if flow_ba:
        out.append(_gives(B, A, flow_ba))
    if not flow_ba:
        out.append(f"We did not hear of help from {B} to {A}.")
    elif not flow_ab:
        out.append(f"We did not hear of help from {A} to {B}.")
    return tuple(out)


_COMPANY = 1 << HELP.index("company")


def _gives(giver: str, getter: str, mask: int) -> str:
    """``Sam gives Jo advice, and keeps Jo company.`` (company is kept, not given)."""
    other = mask & ~_COMPANY
    if not mask & _COMPANY:
        return f"{giver} gives {getter} {_help_list(other)}."
    if not other:
        return f"{giver} keeps {getter} company."
    return f"{giver} gives {getter} {_help_list(other)}, and keeps {getter} company."


def _help_list(mask: int) -> str:
    return listing([_HELP_WORDS[h] for i, h in enumerate(HELP) if mask >> i & 1], most=6)


def contexts(
    declared: tuple[str, ...], household: bool, groups: tuple[str, ...],
    spaces: tuple[str, ...], maybe: tuple[str, ...], hood: str | None,
) -> tuple[str, ...]:  # fmt: skip
    """In how many ways, and which: ``You know each other in two ways: work and the choir.``"""
    ways = [_CONTEXT_WORDS.get(c, c) for c in declared]
    ways += ["living together"] * household + list(groups) + list(spaces)
    out = []
    n = len(ways)
    if n == 1:
        out.append(f"You know each other in one way: {ways[0]}.")
    elif 1 < n <= 3:
        out.append(f"You know each other in {number_words(n)} ways: {listing(ways)}.")
    elif n > 3:
        out.append(
            f"You know each other in {number_words(n)} ways, such as {listing(ways[:3], 3)}."
        )
    if maybe:
        out.append(f"You both go to {listing(maybe)}, so you may meet there.")
    if hood:
        out.append(f"You both live in {hood}.")
    if not n and not maybe and not hood:
        out.append("We do not know where you know each other from.")
    return tuple(out)


def tasks_sentence(tasks: tuple[str, ...]) -> tuple[str, ...]:
    """What a paid worker does: ``Ann helps you with shopping and appointments.``"""
    return (f"{A} helps you with {listing(tasks, 4)}.",) if tasks else ()


def common(
    interests: tuple[str, ...], rare: bool, purposes: tuple[str, ...], known: bool, paid: bool
) -> tuple[str, ...]:
    """What they share: ``You both like rugby and quizzes.``"""
    out = []
    if interests:
        out.append(f"You both like {listing(interests)}.")
        if rare:
            out.append(f"Few people here like {interests[0]}.")
    if purposes:
        out.append(f"You share a goal through {listing(purposes)}.")
    if not interests and not purposes:
        if known:
            out.append("We did not find things you both like.")
        elif paid:
            out.append(f"We do not know what you and {A} both like.")
        else:
            out.append("We do not know what you both like.")
    return tuple(out)


def closing(weakest: int, two_sided: bool, paid: bool) -> tuple[str, ...]:
    """Where there is most room to grow (``weakest`` -1: not said), and whose account this is."""
    if paid:
        return ()
    out = []
    if weakest >= 0:
        out.append(f"The part with most room to grow is {_GROW[DIMENSIONS[weakest]]}.")
    out.append(
        "You both told us about this." if two_sided else "Only one of you told us about this."
    )
    return tuple(out)


def disagreement_sentences(
    mask: int, kind_a: int, kind_b: int, mode_a: int, mode_b: int, band_a: int, band_b: int,
    year_a: int, year_b: int, a_gives: int, a_gets: int, b_gives: int, b_gets: int,
) -> tuple[str, ...]:  # fmt: skip
    """Where the two accounts differ, naming who said what (bits as in `views.DISAGREEMENTS`)."""
    out = []
    if mask & 1:
        out.append(f"{A} calls {B} {_KIND_WORDS[KINDS[kind_a]]}. "
                   f"{B} calls {A} {_KIND_WORDS[KINDS[kind_b]]}.")  # fmt: skip
    if mask & 2:
        out.append(f"{A} says you mostly {_VERBS[MODES[mode_a]]}. "
                   f"{B} says you mostly {_VERBS[MODES[mode_b]]}.")  # fmt: skip
    if mask & 4:
        wa, wb = (WHEN[x] or "not at the moment" for x in (band_a, band_b))
        out.append(f"{A} says you are in touch {wa}. {B} says {wb}.")
    if mask & 8:
        out.append(f"{A} says you met in {year_a}. {B} says it was in {year_b}.")
    if mask & 16:
        for gap, text in (
            (a_gives, f"{A} says they give {B} {{}}, but {B} did not say so."),
            (a_gets, f"{A} says {B} gives them {{}}, but {B} did not say so."),
            (b_gives, f"{B} says they give {A} {{}}, but {A} did not say so."),
            (b_gets, f"{B} says {A} gives them {{}}, but {A} did not say so."),
        ):
            if gap:
                out.append(text.format(_help_list(gap)))
    if mask & 32:
        out.append("You each told us about different ways you know each other.")
    return tuple(out)
