"""EPO OPS / DOCDB bibliographic XML (exchange-document elements in ops:world-patent-data responses). A document
that cannot be read is rejected with its index and the element; the other documents of the file are read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from zhichan.patents import dates, ipc, numbers
from zhichan.patents import record as rec
from zhichan.patents.ingest.errors import Rejection
from zhichan.patents.ingest.xmlsafe import FieldError, XmlError, first_text, parse, strip_namespaces, text_of

Result = rec.PatentRecord | Rejection


def _date(value: str) -> object:
    try:
        return dates.parse(value) if value else None
    except dates.DateError:
        return None


def _doc_id(parent: etree._Element | None, kind: str) -> etree._Element | None:
    if parent is None:
        return None
    return parent.find(f"document-id[@document-id-type='{kind}']")


def _any_date(parent: etree._Element | None) -> object:
    if parent is None:
        return None
    return next((d for d in (_date(text_of(n)) for n in parent.iter("date")) if d), None)


def _lang(elements: list[etree._Element], lang: str) -> str:
    return next((text_of(e) for e in elements if e.get("lang") == lang), "")


def _parties(biblio: etree._Element) -> list[rec.PartyRecord]:
    """OPS repeats every party in epodoc and original forms; the original form (as filed) is kept, epodoc when absent."""
    parties = []
    for group, role, name_path in (("applicants/applicant", rec.APPLICANT, "applicant-name/name"),
                                   ("inventors/inventor", rec.INVENTOR, "inventor-name/name")):
        items = biblio.findall(f"parties/{group}")
        chosen = [i for i in items if i.get("data-format") == "original"] or \
                 [i for i in items if i.get("data-format") == "epodoc"] or items
        for item in chosen:
            name = first_text(item, name_path).rstrip(",").strip()
            country = first_text(item, "residence/country")
            if name:
                parties.append(rec.PartyRecord(role, name, country=country))
    return parties


def _ipc(biblio: etree._Element) -> list[str]:
    codes = []
    for node in biblio.findall("classifications-ipcr/classification-ipcr/text"):
        parts = text_of(node).split()
        if len(parts) >= 2:
            code = ipc.normalize(f"{parts[0]}{''.join(parts[1:3]) if '/' in parts[1] and parts[1].endswith('/') else parts[1]}")
            if code:
                codes.append(code)
    return list(dict.fromkeys(codes))


def _cpc(biblio: etree._Element) -> list[str]:
    codes = []
    for item in biblio.findall("patent-classifications/patent-classification"):
        scheme = item.find("classification-scheme")
        if scheme is not None and scheme.get("scheme") != "CPC":
            continue
        parts = [first_text(item, p) for p in ("section", "class", "subclass", "main-group", "subgroup")]
        code = ipc.normalize(f"{''.join(parts[:3])}{parts[3]}/{parts[4]}")
        if code:
            codes.append(code)
    return list(dict.fromkeys(codes))


def _epodoc_or_self(element: etree._Element) -> etree._Element:
    found = _doc_id(element, "epodoc")
    return found if found is not None else element


def read_document(doc: etree._Element, name: str, index: int) -> rec.PatentRecord:
    biblio = doc.find("bibliographic-data")
    if biblio is None:
        raise XmlError("缺少著录项目 missing bibliographic-data")
    pub = _doc_id(biblio.find("publication-reference"), "docdb")
    if pub is None:
        raise FieldError("publication-reference", "缺少 docdb 公开号 missing docdb publication-reference")
    app_ref = biblio.find("application-reference")
    app = _doc_id(app_ref, "docdb")
    if app is None:
        raise FieldError("application-reference", "缺少 docdb 申请号 missing docdb application-reference")
    country = first_text(app, "country")
    try:
        app_number = numbers.parse_application_number(country + first_text(app, "doc-number"), country)
    except numbers.NumberError as exc:
        raise FieldError("application-reference", str(exc), first_text(app, "doc-number")) from exc
    original = first_text(_doc_id(app_ref, "original"), "doc-number")
    if country == "CN" and len(original) == 13 and original[:12] == app_number.number and original[12] != app_number.check:
        raise FieldError("application-reference", f"校验位错误 check character of original number {original}", original)
    pub_text = first_text(pub, "country") + first_text(pub, "doc-number") + first_text(pub, "kind")
    try:
        publication = numbers.parse_publication_number(pub_text)
    except numbers.NumberError as exc:
        raise FieldError("publication-reference", str(exc), pub_text) from exc
    pub_date = _date(first_text(pub, "date"))
    codes = _ipc(biblio)
    titles = biblio.findall("invention-title")
    abstracts = doc.findall("abstract")
    title_zh = _lang(titles, "zh")
    title_en = _lang(titles, "en") or (text_of(titles[0]) if titles else "")
    abstract_en = _lang(abstracts, "en") or (text_of(abstracts[0]) if abstracts else "")
    priorities = [first_text(_epodoc_or_self(p), "doc-number") for p in biblio.findall("priority-claims/priority-claim")]
    kind = publication.kind
    return rec.PatentRecord(
        key=app_number.key, country=app_number.country, app_number_raw=original or first_text(app, "doc-number"),
        patent_type=rec.UTILITY if country == "CN" and app_number.type_digit in "29" else (
            rec.DESIGN if kind.startswith("S") or (country == "CN" and app_number.type_digit == "3") else rec.INVENTION),
        title=title_zh or title_en, title_en=title_en, abstract=_lang(abstracts, "zh") or abstract_en,
        abstract_en=abstract_en, filing_date=_any_date(app_ref),  # type: ignore[arg-type]
        priority_date=min((d for p in biblio.findall("priority-claims/priority-claim") if (d := _any_date(p))),
                          default=None),  # type: ignore[type-var]
        grant_date=pub_date if numbers.is_grant_kind(publication.country, kind) else None,  # type: ignore[arg-type]
        main_ipc=codes[0] if codes else "", ipc=codes, cpc=_cpc(biblio),
        cites_count=len(biblio.findall("references-cited/citation")) or None,
        family_id=doc.get("family-id", ""), priorities=[p for p in priorities if p],
        pct=any(p.startswith("WO") for p in priorities),
        publications=[rec.PublicationRecord(publication.key, publication.country, kind, pub_date)],  # type: ignore[arg-type]
        parties=_parties(biblio),
        source=rec.SourceRow(name, index, {"publication": publication.key, "family-id": doc.get("family-id", "")}),
    )


def read_file(path: Path) -> Iterator[Result]:
    try:
        root = strip_namespaces(parse(path.read_bytes()))
    except XmlError as exc:
        yield Rejection(path.name, 1, "", "", str(exc))
        return
    for index, doc in enumerate(root.iter("exchange-document"), start=1):
        if doc.find("bibliographic-data") is None:
            continue  # claims, description or images responses carry no bibliographic data
        yield _read_or_reject(doc, path.name, index)


def _read_or_reject(doc: etree._Element, name: str, index: int) -> Result:
    label = f"{doc.get('country', '')}{doc.get('doc-number', '')}{doc.get('kind', '')}"
    try:
        return read_document(doc, name, index)
    except FieldError as exc:
        return Rejection(name, index, exc.field, exc.value or label, str(exc))
    except (XmlError, numbers.NumberError) as exc:
        return Rejection(name, index, "", label, str(exc))
    except Exception as exc:  # anything unforeseen fails this document, never the whole file
        return Rejection(name, index, "", label, f"第 {index} 个文档无法读取 document {index} unreadable: "
                                                 f"{type(exc).__name__}: {exc}")
