"""How field text becomes search tokens, shared by the index, the query compiler, highlighting and the tests'
brute-force reference. Pure Python.

Text is NFKC-normalised and lower-cased. A run of ASCII letters and digits is one token (an English word or a
code such as `5g`); every other character that is not whitespace is a token of its own (a Chinese character,
a punctuation mark). Whitespace separates tokens and is otherwise ignored. A term therefore matches where its
tokens stand next to each other: a Chinese term matches as an exact substring, whatever its length, and an
English word matches whole words only.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# The same pattern is given to tantivy's regex tokenizer (after NFKC and lower-casing done here).
TOKEN_PATTERN = r"[a-z0-9]+|[^\sa-z0-9]"
_TOKEN = re.compile(TOKEN_PATTERN)
_WORD = re.compile(r"[a-z0-9]+")


# Separates the parts of a combined field (documents.py); never part of a query or of normalised text.
BARRIER = "\ue000"


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower().replace(BARRIER, " ")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(normalize(text))


def is_word(token: str) -> bool:
    return bool(_WORD.fullmatch(token))


@lru_cache(maxsize=4096)
def matcher(term: str) -> re.Pattern[str] | None:
    """A regular expression that finds `term` in normalised text exactly as the index matches it: its tokens in
    order, whitespace allowed between them (required between two words), words not part of longer words."""
    parts = tokens(term)
    if not parts:
        return None
    pattern = [r"(?<![a-z0-9])" if is_word(parts[0]) else ""]
    for i, part in enumerate(parts):
        if i:
            pattern.append(r"\s+" if is_word(parts[i - 1]) and is_word(part) else r"\s*")
        pattern.append(re.escape(part))
    pattern.append(r"(?![a-z0-9])" if is_word(parts[-1]) else "")
    return re.compile("".join(pattern))


def contains(text: str, term: str) -> bool:
    pattern = matcher(term)
    return bool(pattern and pattern.search(normalize(text)))


def spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Where the terms occur in `text` (character offsets into the original text, merged and sorted), for
    highlighting. NFKC can change lengths, so matching runs on a per-character normalisation that keeps them."""
    folded = "".join(_fold_char(c) for c in text)
    found: list[tuple[int, int]] = []
    for term in terms:
        pattern = matcher(term)
        if pattern is None:
            continue
        found.extend(m.span() for m in pattern.finditer(folded) if m.end() > m.start())
    found.sort()
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@lru_cache(maxsize=65536)
def _fold_char(char: str) -> str:
    folded = normalize(char)
    return folded if len(folded) == 1 else char.lower()[:1] or char
