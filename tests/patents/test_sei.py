"""SEI (战略性新兴产业) matching: the rule (exact rows, the documented G16H expansion, deleted IPC codes read through
`ipc_revisions`), the revision table itself, the patent page, and, on the real incoPat exports, agreement with the
vendor's own 新兴产业分类 column recounted here with pandas: the platform's classifier (concordance loaded through
the refdata loader into the database) is at least as close to the vendor as the plain exact reading of the
concordance jsonl, on every file, and equals the figures published in docs/indicators.md."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import CONTAINER, RAW, raw_data
from zhichan.patents import ipc, ipc_revisions
from zhichan.patents.sei import EXPANDED_SUBCLASSES, SeiClassifier

pytestmark = pytest.mark.django_db
DOCS = Path(__file__).resolve().parents[2] / "docs" / "indicators.md"
VENDOR_FILES = ["20230321--丰田自动驾驶--zlfx2023.1/丰田自动驾驶.xlsx", "20230418--通用自动驾驶--zlfx2023.1/10000.xlsx",
                "20230502--OpenAI--zlfx2023.2/72.xlsx"]


def classify(table: dict[str, set[str]], *codes: str, **options) -> list[str]:
    return SeiClassifier(table, **options).classify(codes[0], list(codes))


# ---- the rule --------------------------------------------------------------------------------------------------

def test_rows_are_exact_codes():
    table = {"H01M": {"3.1"}, "H01M10/00": {"5.2"}, "H01M10/052": {"6.1"}}
    assert classify(table, "H01M10/052") == ["6.1"]
    assert classify(table, "H01M10/054") == []  # neither the main-group row nor the subclass row covers it
    assert classify(table, "H01M10/00") == ["5.2"]
    assert classify(table, "H01M4/00") == []


def test_g16h_rows_cover_the_codes_below_them():
    assert sorted(EXPANDED_SUBCLASSES) == ["G16H"]  # derived by bench/sei_rules.py, published in the docs
    table = {"G16H": {"1.5"}, "G16H40/00": {"4.2"}, "G16": {"1.3"}, "G16B": {"4.2"}}
    assert classify(table, "G16H50/20") == ["1.5"]
    assert classify(table, "G16H40/63") == ["1.5", "4.2"]
    assert classify(table, "G16B40/00") == []  # G16B is not expanded; the class row G16 covers nothing
    assert classify(table, "G16H50/20", expanded=frozenset()) == []


def test_main_or_any_code_and_flags():
    table = {"H04L67/12": {"1.1"}, "G06N3/08": {"1.5"}}
    classifier = SeiClassifier(table)
    assert classifier.classify("G06F16/00", ["G06F16/00", "H04L67/12"]) == ["1.1"]
    assert classifier.classify("G06F16/00", ["G06F16/00", "H04L67/12"], "main") == []
    assert classifier.flags("G06F16/00", ["G06F16/00", "H04L67/12"]) == (False, True)
    assert classifier.flags("G06N3/08", ["G06N3/08"]) == (True, True)
    assert SeiClassifier(table, "main").classify("G06N3/08", ["G06N3/08", "H04L67/12"]) == ["1.5"]


def test_deleted_code_reads_its_surviving_main_group_row_first():
    table = {"H04N5/00": {"8.1"}, "H04N23/60": {"1.1"}}
    assert classify(table, "H04N5/232") == ["8.1"]  # H04N5/00 is still in the IPC and has a row
    assert classify({"H04N23/60": {"1.1"}}, "H04N5/232") == ["1.1"]  # else the current code's row (2023.01)


def test_deleted_after_the_concordance_edition_reads_current_codes():
    assert classify({"G05D1/43": {"2.3"}}, "G05D1/02") == ["2.3"]  # 2024.01
    assert classify({"G06F18/00": {"1.1"}}, "G06K9/62") == ["1.1"]  # 2022.01, main group G06K9/00 deleted too
    assert classify({"G06V20/00": {"1.5"}}, "G06K9/00") == ["1.5"]
    assert classify({"G06V20/00": {"1.5"}}, "G06K9/6256") == ["1.5"]  # any subgroup of a deleted main group
    assert classify({"G05D1/43": {"2.3"}}, "G05D1/02", revisions=False) == []


def test_deleted_before_the_concordance_edition_finds_nothing():
    assert ipc_revisions.revision("B60L11/18") == "2019.01"
    assert classify({"B60L50/50": {"5.1"}, "B60L53/00": {"5.3"}}, "B60L11/18") == []
    assert classify({"B60L50/50": {"5.1"}}, "B60L50/50") == ["5.1"]


def test_an_exact_row_for_an_old_code_wins():
    """With the original 2021 table (which still lists G05D1/02) the old code's own row is used."""
    assert classify({"G05D1/02": {"1.5"}, "G05D1/43": {"2.3"}}, "G05D1/02") == ["1.5"]


# ---- the revision table ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("old, edition, current", [
    ("G06K9/00", "2022.01", ["G06V10/00", "G06V20/00", "G06V30/00", "G06V40/00"]),
    ("G06K9/62", "2022.01", ["G06F18/00", "G06V10/70"]),
    ("H04L29/08", "2022.01", ["H04L67/00", "H04L69/32"]),
    ("H04L12/721", "2022.01", ["H04L45/00"]),
    ("H04L12/803", "2022.01", ["H04L47/00"]),
    ("H04N5/232", "2023.01", ["H04N23/60"]),
    ("H01L51/50", "2023.01", ["H10K50/00"]),
    ("H01L51/0032", "2023.01", ["H10K99/00"]),
    ("G05D1/02", "2024.01", ["G05D1/43"]),
    ("G06Q50/30", "2024.01", ["G06Q50/40", "G06Q50/50"]),
    ("B60L11/18", "2019.01", ["B60L50/50", "B60L53/00", "B60L58/00"]),
])
def test_current_codes_of_deleted_codes(old, edition, current):
    assert ipc_revisions.current_codes(old) == current
    assert ipc_revisions.revision(old) == edition


@pytest.mark.parametrize("code", ["G05D1/00", "G05D1/43", "H04L12/28", "H04L67/12", "G06V10/82", "H01M10/052"])
def test_current_codes_pass_through(code):
    assert ipc_revisions.current_codes(code) == [code] and ipc_revisions.revision(code) is None


def test_revision_table_is_well_formed():
    for old, targets in ipc_revisions.REVISED.items():
        assert ipc.normalize(old) == old and targets, old
        for target in targets:
            assert ipc.normalize(target) == target, (old, target)
            assert ipc_revisions.current_codes(target) == [target], (old, target)  # no chains


def test_revision_table_against_ipc_2026(raw):
    """Every target is in the IPC 2026.01 Chinese table and no deleted symbol is."""
    from zhichan.patents import refdata

    titles = refdata.chinese_titles(raw_data(raw / "cn-ipc-zh-2026"))
    targets = {t for targets in ipc_revisions.REVISED.values() for t in targets}
    assert sorted(targets - set(titles)) == []
    assert sorted(set(ipc_revisions.REVISED) & set(titles)) == []


# ---- the patent page -------------------------------------------------------------------------------------------

def test_patent_page_shows_the_original_and_the_current_code(client, django_user_model):
    from zhichan.patents import record as rec
    from zhichan.patents.ingest.loader import Loader
    from zhichan.patents.models import ImportFile, ImportRun, IpcTitle

    IpcTitle.objects.create(code="H04N23/60", title_zh="相机或相机模块的控制")
    key = "CN201910000001.X"
    record = rec.PatentRecord(key=key, country="CN", patent_type=rec.INVENTION, title="测试",
                              main_ipc="H04N5/232", ipc=["H04N5/232", "G06K9/00", "G06N3/08"])
    loader = Loader(ImportFile.objects.create(run=ImportRun.objects.create(), name="t", sha256="x", format="test"))
    loader.store(loader.group([record]))
    client.force_login(django_user_model.objects.create_user("office", password="x", role="office"))
    page = client.get(f"/patents/{key}/").content.decode()
    table = page[page.index('id="ipc-table"'):page.index("</table>", page.index('id="ipc-table"'))]
    assert "H04N 5/232" in table and "IPC 2023.01 版已删除" in table
    words = re.sub(r"<[^>]+>", "", table)  # the Chinese title sits in its own lang="zh-Hans" span
    assert "现行 current" in table and "H04N 23/60 相机或相机模块的控制" in words
    assert "G06V 10/00" in table and "G06V 40/00" in table
    assert table.count("现行 current") == 2  # G06N3/08 is current


# ---- agreement with the vendor on the real exports ------------------------------------------------------------

def _concordance_jsonl(folder: Path) -> dict[str, set[str]]:
    rules = {}
    for line in (folder / "sei.jsonl").read_text("utf-8").splitlines():
        item = json.loads(line)
        rules[item["id"]] = item["seiCode"]
    table: dict[str, set[str]] = {}
    for line in (folder / "ipc-sei.jsonl").read_text("utf-8").splitlines():
        item = json.loads(line)
        table.setdefault(item["ipcCode"], set()).add(rules[item["seiId"]])
    return table


def _published() -> dict[str, dict[str, float]]:
    """The agreement table of the SEI section of docs/indicators.md: file -> figures (percent)."""
    text = DOCS.read_text("utf-8")
    section = text[text.index("## 战略性新兴产业分类 (SEI) matching"):]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 7 and cells[0].endswith(".xlsx"):
            numbers = [float(c.rstrip("%")) for c in cells[3:]]
            rows[cells[0]] = dict(zip(["exact", "exact_flag", "rule", "rule_flag"], numbers, strict=True))
    return rows


@pytest.fixture
def platform_classifier():
    """The concordance as the platform holds it: loaded by the refdata loader into the database."""
    from zhichan.patents.actions import do_load_refdata
    from zhichan.patents.ingest.loader import make_classifier

    do_load_refdata(None, raw_data(RAW / "cn-sei-concordance"))
    return make_classifier("any")


@pytest.mark.parametrize("relative", VENDOR_FILES)
def test_agreement_with_the_vendor(relative, platform_classifier):
    path = raw_data(CONTAINER / relative)
    frame = pd.read_excel(path, engine="calamine", dtype=str)
    column = "IPC" if "IPC" in frame.columns else "IPC主分类"
    cn = frame[frame["公开（公告）号"].fillna("").str.startswith("CN")].copy()
    cn["codes"] = cn[column].fillna("").map(ipc.split_codes)
    cn = cn[cn["codes"].map(bool)]
    vendor = cn["新兴产业分类"].fillna("").str.findall(r"(\d+\.\d+)\s*\(").map(frozenset)

    table = _concordance_jsonl(RAW / "cn-sei-concordance")
    exact = cn["codes"].map(lambda codes: frozenset().union(*(table.get(c, ()) for c in codes)))
    ours = cn["codes"].map(lambda codes: frozenset(platform_classifier.classify(codes[0], codes)))

    figures = {"exact": (exact == vendor).mean() * 100, "exact_flag": (exact.map(bool) == vendor.map(bool)).mean() * 100,
               "rule": (ours == vendor).mean() * 100, "rule_flag": (ours.map(bool) == vendor.map(bool)).mean() * 100}
    assert figures["rule"] >= figures["exact"] and figures["rule_flag"] >= figures["exact_flag"]
    published = _published()[path.name]
    assert figures == {name: pytest.approx(value, abs=0.05) for name, value in published.items()}
