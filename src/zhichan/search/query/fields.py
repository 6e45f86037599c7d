"""The fields of the query language (docs/search.md). Pure Python."""

from __future__ import annotations

TEXT = "text"  # analysed text: Chinese substrings, English words
CODE = "code"  # classification codes with hierarchy and wildcards
NUMBER = "number"  # application / publication / priority numbers
DATE = "date"
KEYWORD = "keyword"  # a closed vocabulary: type, legal status, country, region, SEI

# name -> (kind, index fields it searches)
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "TI": (TEXT, ("ti",)),
    "AB": (TEXT, ("ab",)),
    "CL": (TEXT, ("cl",)),
    "TX": (TEXT, ("dflt", "ds")),
    "PA": (TEXT, ("pa",)),
    "PAN": (KEYWORD, ("f_applicant",)),  # one applicant, by its normalised name, exactly (facet links)
    "PH": (TEXT, ("ph",)),
    "IN": (TEXT, ("inv",)),
    "AGC": (TEXT, ("agc",)),
    "AGT": (TEXT, ("agt",)),
    "ADDR": (TEXT, ("addr",)),
    "IPC": (CODE, ("ipc",)),
    "MIPC": (CODE, ("mipc",)),
    "CPC": (CODE, ("cpc",)),
    "SEI": (KEYWORD, ("sei",)),
    "AN": (NUMBER, ("an",)),
    "PN": (NUMBER, ("pn",)),
    "PR": (NUMBER, ("pr",)),
    "AD": (DATE, ("ad",)),
    "PD": (DATE, ("pd",)),
    "GD": (DATE, ("gd",)),
    "TYPE": (KEYWORD, ("type",)),
    "LS": (KEYWORD, ("ls",)),
    "CO": (KEYWORD, ("co",)),
    "REG": (KEYWORD, ("reg",)),
}
# A query without a field searches title, abstract and claims. They are indexed together in one field, `dflt`
# (title twice, so that BM25 weighs a title match above an abstract or claims match), each part fenced by a
# barrier token so that no term matches across two parts: one phrase lookup instead of three.
DEFAULT_FIELDS = ("dflt",)
BOOSTS = {"ti": 3.0, "ab": 1.5, "cl": 1.0, "dflt": 1.0, "ds": 0.5}
