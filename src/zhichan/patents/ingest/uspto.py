"""USPTO full-text XML: us-patent-grant and us-patent-application v4.x (2004 onwards, one or many documents per
file), and the 2001–2004 patent-application-publication (PAP v1.x) format. A document that cannot be read (a
missing reference, a count that is not a number, anything unforeseen) is rejected with its index and the element;
the other documents of the file are read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from zhichan.patents import dates, ipc, numbers
from zhichan.patents import record as rec
from zhichan.patents.ingest.errors import Rejection
from zhichan.patents.ingest.xmlsafe import (
    FieldError,
    XmlError,
    first_text,
    parse,
    required,
    split_documents,
    text_of,
)

Result = rec.PatentRecord | Rejection
ROOTS_V4 = {"us-patent-grant", "us-patent-application"}
ROOTS = ROOTS_V4 | {"patent-application-publication"}
SKIPPED_ROOTS = {"sequence-cwu"}  # sequence listings ride along in weekly files; they are not patents


def _date(value: str) -> object:
    try:
        return dates.parse(value) if value and value.strip("0") else None
    except dates.DateError:
        return None


def _count(parent: etree._Element, tag: str) -> int | None:
    value = first_text(parent, tag)
    if not value:
        return None
    if not value.isdigit():
        raise FieldError(tag, "不是整数 not a whole number", value)
    return int(value) or None


def _application(country: str, number: str, field: str) -> numbers.ApplicationNumber:
    try:
        return numbers.parse_application_number(country + number, country or "US")
    except numbers.NumberError as exc:
        raise FieldError(field, str(exc), number) from exc


def _publication(text: str, field: str) -> numbers.PublicationNumber:
    try:
        return numbers.parse_publication_number(text)
    except numbers.NumberError as exc:
        raise FieldError(field, str(exc), text) from exc


def _ipc_v4(biblio: etree._Element) -> list[str]:
    codes = []
    for item in biblio.findall("classifications-ipcr/classification-ipcr"):
        parts = [first_text(item, p) for p in ("section", "class", "subclass", "main-group", "subgroup")]
        code = ipc.normalize(f"{''.join(parts[:3])}{parts[3]}/{parts[4]}")
        if code:
            codes.append(code)
    if not codes:  # v4.0: <classification-ipc><main-classification>7G06F 1/00
        for node in biblio.findall("classification-ipc/*"):
            if node.tag in {"main-classification", "further-classification"}:
                code = ipc.normalize(text_of(node).lstrip("0123456789"))
                if code:
                    codes.append(code)
    return list(dict.fromkeys(codes))


def _cpc_v4(biblio: etree._Element) -> list[str]:
    codes = []
    for item in biblio.iter("classification-cpc"):
        parts = [first_text(item, p) for p in ("section", "class", "subclass", "main-group", "subgroup")]
        code = ipc.normalize(f"{''.join(parts[:3])}{parts[3]}/{parts[4]}")
        if code:
            codes.append(code)
    return list(dict.fromkeys(codes))


def _name(book: etree._Element | None) -> str:
    if book is None:
        return ""
    org = first_text(book, "orgname")
    if org:
        return org
    return " ".join(p for p in (first_text(book, "first-name"), first_text(book, "last-name")) if p)


def _country(book: etree._Element | None) -> str:
    return first_text(book, "address/country") if book is not None else ""


def _parties_v4(biblio: etree._Element) -> list[rec.PartyRecord]:
    """v4.2+ lists us-applicants and inventors apart; v4.0/4.1 list inventors as applicant-inventors."""
    parties: list[rec.PartyRecord] = []
    inventors = biblio.findall(".//inventors/inventor")
    applicants = biblio.findall(".//us-applicants/us-applicant") + biblio.findall(".//applicants/applicant")
    for applicant in applicants:
        book = applicant.find("addressbook")
        parties.append(rec.PartyRecord(rec.APPLICANT, _name(book), country=_country(book)))
        if not inventors and "inventor" in applicant.get("app-type", ""):
            parties.append(rec.PartyRecord(rec.INVENTOR, _name(book), country=_country(book)))
    for inventor in inventors:
        book = inventor.find("addressbook")
        parties.append(rec.PartyRecord(rec.INVENTOR, _name(book), country=_country(book)))
    for assignee in biblio.findall("assignees/assignee"):
        book = assignee.find("addressbook")
        name = _name(book) if book is not None else first_text(assignee, "orgname")
        parties.append(rec.PartyRecord(rec.HOLDER, name, country=_country(book)))
    for agent in biblio.findall(".//agents/agent"):
        parties.append(rec.PartyRecord(rec.AGENT, _name(agent.find("addressbook"))))
    return [p for p in parties if p.name]


def _type_v4(biblio: etree._Element, kind: str) -> str:
    appl_type = biblio.find("application-reference")
    value = appl_type.get("appl-type", "") if appl_type is not None else ""
    if value == "design" or kind.startswith("S"):
        return rec.DESIGN
    if value in {"utility", "reissue"} or kind[:1] in {"A", "B", "E"}:
        return rec.INVENTION
    return rec.OTHER_TYPE


def read_v4(root: etree._Element, name: str, index: int) -> rec.PatentRecord:
    biblio = root.find("us-bibliographic-data-grant")
    if biblio is None:
        biblio = root.find("us-bibliographic-data-application")
    if biblio is None:
        raise XmlError("缺少著录项目 missing us-bibliographic-data")
    pub = required(biblio, "publication-reference/document-id", "publication-reference")
    app = required(biblio, "application-reference/document-id", "application-reference")
    pub_country, pub_number, kind = (first_text(pub, t) for t in ("country", "doc-number", "kind"))
    pub_date = _date(first_text(pub, "date"))
    app_number = _application(first_text(app, "country"), first_text(app, "doc-number"), "application-reference")
    publication = _publication(f"{pub_country}{pub_number}{kind}", "publication-reference")
    granted = root.tag == "us-patent-grant"
    codes = _ipc_v4(biblio)
    cites = biblio.findall("us-references-cited/us-citation") + biblio.findall("references-cited/citation")
    priorities = [f"{first_text(p, 'country')}{first_text(p, 'doc-number')}"
                  for p in biblio.findall("priority-claims/priority-claim")]
    claims = root.find("claims")
    return rec.PatentRecord(
        key=app_number.key, country=app_number.country, app_number_raw=first_text(app, "doc-number"),
        patent_type=_type_v4(biblio, kind), title=first_text(biblio, "invention-title"),
        title_en=first_text(biblio, "invention-title"), abstract=text_of(root.find("abstract")),
        abstract_en=text_of(root.find("abstract")),
        claims=text_of(claims.find("claim")) if claims is not None else "",
        description=text_of(root.find("description"))[:20000],
        filing_date=_date(first_text(app, "date")),  # type: ignore[arg-type]
        priority_date=min((d for p in biblio.findall("priority-claims/priority-claim")
                           if (d := _date(first_text(p, "date")))), default=None),  # type: ignore[type-var]
        grant_date=pub_date if granted else None,  # type: ignore[arg-type]
        main_ipc=codes[0] if codes else "", ipc=codes, cpc=_cpc_v4(biblio),
        claims_count=_count(biblio, "number-of-claims"), cites_count=len(cites) or None,
        priorities=[p for p in priorities if p], pct=biblio.find("pct-or-regional-filing-data") is not None,
        publications=[rec.PublicationRecord(publication.key, publication.country, publication.kind,
                                            pub_date)],  # type: ignore[arg-type]
        parties=_parties_v4(biblio), source=rec.SourceRow(name, index, _source_summary(root, publication.key)),
    )


def read_pap(root: etree._Element, name: str, index: int) -> rec.PatentRecord:
    biblio = root.find("subdoc-bibliographic-information")
    if biblio is None:
        raise XmlError("缺少著录项目 missing subdoc-bibliographic-information")
    doc = required(biblio, "document-id", "document-id")
    filing = required(biblio, "domestic-filing-data", "domestic-filing-data")
    pub_date = _date(first_text(doc, "document-date"))
    publication = _publication(f"US{first_text(doc, 'doc-number')}{first_text(doc, 'kind-code')}", "document-id")
    app_number = _application("US", first_text(filing, "application-number/doc-number"), "domestic-filing-data")
    codes = [c for c in (ipc.normalize(text_of(n)) for n in biblio.iter("ipc")) if c]
    parties = []
    for inventor in biblio.findall("inventors/*"):
        parts = [first_text(inventor, "name/given-name"), first_text(inventor, "name/family-name")]
        parties.append(rec.PartyRecord(rec.INVENTOR, " ".join(p for p in parts if p),
                                       country=first_text(inventor, ".//country-code")))
    for assignee in biblio.findall("assignee"):
        parties.append(rec.PartyRecord(rec.HOLDER, first_text(assignee, "organization-name")))
    return rec.PatentRecord(
        key=app_number.key, country="US", app_number_raw=first_text(filing, "application-number/doc-number"),
        patent_type=rec.INVENTION, title=first_text(biblio, "technical-information/title-of-invention"),
        title_en=first_text(biblio, "technical-information/title-of-invention"),
        abstract=text_of(root.find("subdoc-abstract")), abstract_en=text_of(root.find("subdoc-abstract")),
        claims=text_of(root.find("subdoc-claims/claim")), description=text_of(root.find("subdoc-description"))[:20000],
        filing_date=_date(first_text(filing, "filing-date")),  # type: ignore[arg-type]
        main_ipc=codes[0] if codes else "", ipc=list(dict.fromkeys(codes)),
        publications=[rec.PublicationRecord(publication.key, "US", publication.kind, pub_date)],  # type: ignore[arg-type]
        parties=[p for p in parties if p.name], source=rec.SourceRow(name, index, _source_summary(root, publication.key)),
    )


def _source_summary(root: etree._Element, publication: str) -> dict[str, str]:
    return {"root": root.tag, "dtd-version": root.get("dtd-version", ""), "publication": publication,
            "file": root.get("file", "")}


def read_file(path: Path) -> Iterator[Result]:
    data = path.read_bytes()
    for index, chunk in split_documents(data):
        result = read_document(chunk, path.name, index)
        if result is not None:
            yield result


def read_document(chunk: bytes, name: str, index: int) -> Result | None:
    """One document of a file: its record, its rejection, or None for a document that is not a patent."""
    where = f"第 {index} 个文档 document {index}"
    root = None
    try:
        root = parse(chunk)
        if root.tag in SKIPPED_ROOTS:
            return None
        if root.tag in ROOTS_V4:
            return read_v4(root, name, index)
        if root.tag == "patent-application-publication":
            return read_pap(root, name, index)
        return Rejection(name, index, "", root.tag, f"不支持的 USPTO 文档类型 unsupported document <{root.tag}>")
    except FieldError as exc:
        return Rejection(name, index, exc.field, exc.value or _label(root), f"{where}: {exc}")
    except (XmlError, numbers.NumberError) as exc:
        return Rejection(name, index, "", _label(root), f"{where}: {exc}")
    except Exception as exc:  # anything unforeseen fails this document, never the whole file
        return Rejection(name, index, "", _label(root), f"{where} 无法读取 unreadable: {type(exc).__name__}: {exc}")


def _label(root: etree._Element | None) -> str:
    """The document's own file name (US20060288462A1-20061228.XML), to find it in the weekly file."""
    return root.get("file", "") if root is not None else ""
