"""Every real export imports with --format auto; counts and a sample of fields are checked against the source
cells, read independently with pandas."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from tests.conftest import CONTAINER, RAW, THUNDERSOFT, VR_CSV, raw_data
from zhichan.patents import ipc
from zhichan.patents.actions import do_import_patents
from zhichan.patents.models import Application, Party, RejectedRow

pytestmark = pytest.mark.django_db


def _frame(path):
    if path.suffix == ".csv":
        return pd.read_csv(path, encoding="utf-8-sig", index_col=False, dtype=str, keep_default_na=False)
    return pd.read_excel(path, sheet_name=0, dtype=str, engine="calamine", keep_default_na=False)


def _col(frame, *names):
    return next(n for n in names if n in frame.columns)


def _date(value):
    digits = re.sub(r"\D", "", str(value))[:8]
    return f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}" if len(digits) == 8 else None


def _split(value):
    return [p.strip() for p in re.split(r"\s*[|;；\n]\s*", value) if p.strip().strip("[]")]


CONTAINER_FILES = sorted(p.relative_to(CONTAINER) for p in CONTAINER.glob("*/*.xlsx")) + \
    sorted(p.relative_to(CONTAINER) for p in CONTAINER.glob("*/*.csv")) if CONTAINER.exists() else []


@pytest.mark.parametrize("relative", CONTAINER_FILES or ["missing"], ids=str)
def test_container_file_imports_whole_and_fields_match_source(relative):
    path = raw_data(CONTAINER / str(relative))
    frame = _frame(path)
    run = do_import_patents(None, [path])
    counts = run.files.get().counts
    assert run.files.get().status == "done"
    assert counts["read"] == len(frame)
    assert counts["rejected"] == 0, list(RejectedRow.objects.values_list("row", "reason")[:5])
    app_col = _col(frame, "申请号")
    expected_keys = {re.sub(r"\s", "", n).upper() for n in frame[app_col]}
    assert counts["created"] == len(expected_keys) == Application.objects.count()
    title_col = _col(frame, "标题", "标题 (中文)")
    date_col = _col(frame, "申请日")
    ipc_col = next((c for c in ("国际分类", "IPC") if c in frame.columns), None)
    rows = frame.iloc[:: max(1, len(frame) // 60)]
    for _, row in rows.iterrows():
        key = re.sub(r"\s", "", row[app_col]).upper()
        app = Application.objects.get(key=key)
        sources = {(s.file_name, s.row) for s in app.sources.all()}
        assert any(name == path.name for name, _ in sources)
        same_app = frame[frame[app_col] == row[app_col]]
        assert app.title in set(same_app[title_col])
        assert str(app.filing_date) == _date(row[date_col])
        applicants = [p.name for p in app.parties.filter(role="applicant").order_by("seq")]
        assert applicants in [_split(r) for r in same_app["申请人"]]  # rows of one application: the newest wins
        if ipc_col and row[ipc_col]:
            # rows of one application (A and B publication) may list different codes; the newest row's are kept
            stored = {a.code for a in app.ipc_assignments.all()}
            candidates = [{ipc.normalize(c) for c in _split(r)} for r in same_app[ipc_col] if r]
            assert any(codes <= stored for codes in candidates)
        pub_col = _col(frame, "公开号", "公开（公告）号")
        assert re.sub(r"\s", "", row[pub_col]) in set(app.publications.values_list("number", flat=True))


def test_thundersoft_applicants_resolve_to_the_stated_province():
    """Acceptance: ≥98% of the 511 records' first applicants resolve to the province in the 省市 column."""
    path = raw_data(THUNDERSOFT)
    frame = _frame(path)
    do_import_patents(None, [path])
    stated = dict(zip(frame["申请号"], frame["省市"], strict=True))
    first = Party.objects.filter(role="applicant", seq=1).select_related("application", "region")
    matched = from_address = 0
    for party in first:
        province = party.region.code[:2] + "0000" if party.region else ""
        from zhichan.core.models import Region
        name = Region.objects.get(code=province).name if province else ""
        matched += name == stated[party.application.key]
        from_address += party.region_source == "address"
    rate = matched / len(stated)
    print(f"province match {rate:.4f}; from the address alone {from_address / len(stated):.4f}")
    assert rate >= 0.98
    assert from_address / len(stated) >= 0.98  # the address itself, not just the 省市 column, gives the region


def test_vr_csv_trailing_commas_and_integer_dates():
    path = raw_data(VR_CSV)
    do_import_patents(None, [path])
    app = Application.objects.get(key="CN202210016632.1")
    assert str(app.filing_date) == "2022-01-07"
    assert app.main_ipc == "G09B9/00"  # the CSV states only the subclass G09B; the first full code under it is kept
    assert [p.name for p in app.parties.filter(role="inventor")] == ["孙恺", "张福生"]
    assert app.data["claims_count"] == 10


XML_FILES = sorted([*RAW.glob("us-patentsview-fixtures/*/*.xml"), *RAW.glob("us-uspto-samples/xml*/*.xml")])


@pytest.mark.parametrize("path", XML_FILES or ["missing"], ids=lambda p: str(p)[-40:])
def test_uspto_v4_files_import_every_document(path):
    path = raw_data(RAW / str(path))
    text = path.read_text("utf-8", errors="replace")
    documents = len(re.findall(r"<(us-patent-grant|us-patent-application|patent-application-publication)[\s>]", text))
    run = do_import_patents(None, [path])
    counts = run.files.get().counts
    assert counts["rejected"] == 0
    assert counts["read"] == documents
    numbers = re.findall(r"<publication-reference>\s*<document-id>\s*<country>(\w+)</country>\s*<doc-number>(\w+)"
                         r"</doc-number>\s*<kind>(\w+)</kind>", text)
    for country, number, kind in numbers[:10]:
        app = Application.objects.get(publications__number=f"{country}{number.lstrip('0')}{kind}")
        assert app.title
        assert app.filing_date is not None


def test_uspto_grant_fields():
    path = raw_data(RAW / "us-uspto-samples" / "xml2006" / "US07272630B2.xml")
    do_import_patents(None, [path])
    app = Application.objects.get(publications__number="US7272630B2")
    assert app.patent_type == "invention" and app.grant_date is not None
    assert app.data["ipc"] and app.data["claims_count"]
    assert app.parties.filter(role="inventor").exists()


def test_epo_bibliographic_responses_import():
    folder = raw_data(RAW / "epo-ops-fixtures")
    files = sorted(folder.glob("*.xml"))
    run = do_import_patents(None, files)
    assert run.counts["rejected"] == 0
    biblio = [f for f in files if "_biblio" in f.name and "register" not in f.name]
    documents = sum(f.read_text("utf-8").count("<bibliographic-data") for f in biblio)
    assert run.counts["read"] == documents == 21
    cn = Application.objects.get(key="CN201380062258.8")  # docdb 201380062258; original 2013800622588
    assert cn.publications.filter(number="CN104968889A").exists()
    assert cn.main_ipc == "E21B47/0228"
    assert cn.parties.filter(role="applicant", name="SCIENT DRILLING INT").exists()
