"""Untrusted XML: no entity expansion, no DTD loading, no network; concatenated documents split."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

# Entities with replacement text (the "billion laughs" vector) or parameter entities are refused. External
# unparsed entities (`<!ENTITY fig1 SYSTEM "fig1.tif" NDATA TIF>`, how 2001 USPTO files name drawings) are harmless:
# nothing is loaded, nothing expands.
_ENTITY_DECL = re.compile(rb"<!ENTITY\s+(?:%|[^\s>]+\s+(?:\"|'))", re.IGNORECASE)
_XML_DECL = re.compile(rb"<\?xml[^>]*\?>")


class XmlError(ValueError):
    pass


class FieldError(XmlError):
    """One document lacks an element it needs or holds a value that cannot be read: the element (`field`), the value,
    and why. The reader rejects that document and goes on with the next."""

    def __init__(self, field: str, reason: str, value: str = "") -> None:
        super().__init__(reason)
        self.field, self.value = field, value


def parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True, remove_pis=True, recover=False)


def split_documents(data: bytes) -> Iterator[tuple[int, bytes]]:
    """USPTO weekly bulk files concatenate whole XML documents; yield (1-based index, bytes) for each."""
    starts = [m.start() for m in _XML_DECL.finditer(data)] or [0]
    if starts[0] != 0 and data[: starts[0]].strip():
        starts.insert(0, 0)
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(data)
        chunk = data[start:end].strip()
        if chunk:
            yield index + 1, chunk


_NAMED = re.compile(rb"&([A-Za-z][A-Za-z0-9]*);")
_PREDEFINED = {b"amp", b"lt", b"gt", b"quot", b"apos"}
# ISO 8879 Greek entity names that USPTO full text uses (&lgr; = λ …), beyond HTML's names.
_ISO_GREEK = dict(zip(["a", "b", "g", "d", "e", "z", "ee", "th", "i", "k", "l", "m", "n", "x", "o", "p", "r", "s", "t", "u", "ph", "kh", "ps", "oh"],
                      "αβγδεζηθικλμνξοπρστυφχψω", strict=True))


def _entity_char(name: str) -> str | None:
    import html.entities

    if name in html.entities.html5 or f"{name};" in html.entities.html5:
        return html.entities.html5.get(f"{name};") or html.entities.html5.get(name)
    if name.endswith("gr"):
        letter = _ISO_GREEK.get(name[:-2].lower())
        if letter:
            return letter.upper() if name[0].isupper() else letter
    return None


def replace_named_entities(chunk: bytes) -> bytes:
    """Character entities that the (never loaded) DTD would define become the characters themselves; unknown
    ones stay visible as text. Nothing is expanded recursively."""

    def swap(match: re.Match[bytes]) -> bytes:
        name = match.group(1)
        if name in _PREDEFINED:
            return match.group(0)
        char = _entity_char(name.decode("ascii"))
        return char.encode("utf-8") if char else b"&amp;" + name + b";"

    return _NAMED.sub(swap, chunk)


def parse(chunk: bytes) -> etree._Element:
    prolog_end = chunk.find(b"<", chunk.find(b"]>") + 2) if b"<!DOCTYPE" in chunk[:4096] else 0
    if _ENTITY_DECL.search(chunk[: max(prolog_end, 4096)]):
        raise XmlError("XML 含实体声明，已拒绝 (entity declarations are not accepted: possible entity expansion attack)")
    try:
        root = etree.fromstring(replace_named_entities(chunk), parser())
    except etree.XMLSyntaxError as exc:
        raise XmlError(f"XML 语法错误 syntax error: {exc}") from exc
    for element in root.iter():
        if isinstance(element, etree._Entity):
            raise XmlError(f"XML 含未解析实体 &{element.name}; (entity references are not accepted)")
    return root


def local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def strip_namespaces(root: etree._Element) -> etree._Element:
    for element in root.iter():
        if isinstance(element.tag, str) and "}" in element.tag:
            element.tag = element.tag.split("}", 1)[1]
    return root


def text_of(element: etree._Element | None) -> str:
    if element is None:
        return ""
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


def first_text(root: etree._Element | None, path: str) -> str:
    """The text at `path`, or "" when the element (or its parent) is absent."""
    return text_of(root.find(path)) if root is not None else ""


def required(parent: etree._Element, path: str, field: str) -> etree._Element:
    """The element at `path`, or FieldError naming `field` when the document lacks it."""
    found = parent.find(path)
    if found is None:
        raise FieldError(field, f"缺少 <{field}> missing {path}")
    return found
