"""Flesch reading ease with textstat, without a network.

textstat counts syllables with the CMU pronouncing dictionary, which NLTK downloads on first use;
when it is not installed (offline machines, CI without network) textstat's own fallback, the
Pyphen hyphenation dictionary shipped with it, counts them instead. Either way no test reaches
the network.
"""

from __future__ import annotations

import textstat
from textstat.backend.counts import _count_syllables


def _cmudict_or_none(lang: str) -> object:
    import nltk

    try:
        nltk.data.find("corpora/cmudict")
    except LookupError:
        return None  # textstat then uses Pyphen for every word
    return nltk.corpus.cmudict.dict()


_count_syllables.get_cmudict = _cmudict_or_none  # type: ignore[attr-defined]


def reading_ease(text: str) -> float:
    """Flesch reading ease of ``text`` (higher is easier; 70+ is "fairly easy")."""
    return float(textstat.flesch_reading_ease(text))
