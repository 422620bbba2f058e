"""The pseudonymised research export: the only form in which researchers ever get the graph.

Researchers study how networks, isolation and paid support relate; they need the *shape* of
people's lives, never who the people are. `pseudonymise` turns a graph of graphsvc's shape
(`graphsvc.graph`) into one a researcher may hold, plus an `ExportReport` of everything that
was left out, withheld or generalised, so that nobody analyses the export without knowing what
they are not seeing. It is pure: no store, no files, no clock unless ``as_of`` is left unset.
`write_pseudonymised` is the one function here that writes files. The method and its limits are
written out for readers in ``docs/research-export.md``.

What happens, in order, and why:

1. **Who is in.** People who withdrew consent are never exported, nor is anything that is theirs
   (their ties, their needs, paid workers tied only to them). People never asked (or with no
   consent recorded) are left out too unless ``include_not_asked``: research is not what they
   were told the map was for, so using them needs a decision by the data controller, not a
   default.
2. **Ids** become keyed hashes: HMAC-SHA256 under the export key, as 16 hex characters. Under
   one key an id always gives the same pseudonym (a release is internally consistent); under
   another key the pseudonyms share nothing (releases cannot be joined). Without the key nobody
   can test a guessed id, which a plain hash of the id would allow. Pseudonyms carry nothing
   else: no label prefix, and nodes and ties are ordered by pseudonym, not by the original order
   (which follows streets and households).
3. **Fields** pass a whitelist (`FIELD_RULES`, one decision per field of `graphsvc.model`): free
   text, names, coordinates and weekly times are dropped; dates become years; birth years become
   the asset maps' age bands; a household becomes only whether the person shares it with
   another exported person. A field the whitelist does not know (a new model field, a
   researcher's own attribute) is dropped until someone decides about it.
4. **Small groups.** As in the asset maps (threshold 5): a categorical value (a kind of place,
   a context, an interest...) held by fewer than ``k`` people becomes ``"other"``; and the
   quasi-identifiers of people (age band x neighbourhood x consent x shares a household, within
   a band of how many people they know) are withheld, one at a time, least useful first, from
   anyone whose combination is shared by fewer than ``k`` exported people, until every
   combination published is shared by at least ``k``.

What it cannot do: the ties are the research data, and the pattern of someone's ties can single
them out however the attributes are protected. Pseudonymised data is still personal data.

The package, in the order an export goes through it::

    config.py   PseudonymConfig: k, include_not_asked, as_of, the bands, id_chars
    keys.py     new_export_key, pseudonym: keyed-hash ids (MIN_KEY_BYTES at least)
    fields.py   FIELD_RULES and the treatments they name; OTHER; the values k people share
    kanon.py    age_band, merge_bands, k_anonymise: groups of at least k; QUASI_IDENTIFIERS
    report.py   Pseudonymised and its ExportReport
    build.py    pseudonymise: steps 1 to 4 above, in their order
    write.py    write_pseudonymised: GraphML or CSV, and report.json
    command.py  the ``graphsvc export-research`` command (imported by `graphsvc.cli` only)

Examples
--------
>>> from graphsvc.synth import generate
>>> G = generate(300, seed=5).graph()
>>> key = bytes(range(32))  # a real key comes from new_export_key() and is kept secret
>>> result = pseudonymise(G, key, PseudonymConfig(as_of=2026))
>>> result.report.people_out, result.report.excluded_people
(243, {'consent not asked': 48, 'consent withdrawn': 9})
>>> G.nodes["p000002"]["name"], G.nodes["p000002"]["birth_year"]
('Chloe King', 1958)
>>> result.graph.nodes[pseudonym(key, "p000002")]
{'label': 'Person', 'consent': 'given', 'age_band': '65-79', 'shares_household': True}
>>> pseudonym(key, "p000002") in pseudonymise(G, new_export_key()).graph
False
"""

from __future__ import annotations

from graphsvc.io.pseudonymise.build import pseudonymise
from graphsvc.io.pseudonymise.config import DEFAULT_CONTACT_BANDS, PseudonymConfig
from graphsvc.io.pseudonymise.fields import FIELD_RULES, OTHER, FieldRule, Treatment
from graphsvc.io.pseudonymise.kanon import (
    QUASI_IDENTIFIERS,
    age_band,
    band_name,
    k_anonymise,
    merge_bands,
)
from graphsvc.io.pseudonymise.keys import MIN_KEY_BYTES, new_export_key, pseudonym
from graphsvc.io.pseudonymise.report import ExportReport, Pseudonymised
from graphsvc.io.pseudonymise.write import ResearchFormat, write_pseudonymised

# Importable from here as it was from the single module, though not in `__all__`.
from graphsvc.io.pseudonymise.write import REPORT_NAME as REPORT_NAME  # isort: skip

__all__ = [
    "DEFAULT_CONTACT_BANDS",
    "FIELD_RULES",
    "MIN_KEY_BYTES",
    "OTHER",
    "QUASI_IDENTIFIERS",
    "ExportReport",
    "FieldRule",
    "PseudonymConfig",
    "Pseudonymised",
    "ResearchFormat",
    "Treatment",
    "age_band",
    "band_name",
    "k_anonymise",
    "merge_bands",
    "new_export_key",
    "pseudonym",
    "pseudonymise",
    "write_pseudonymised",
]
