"""Agency names on real patents linked to the registry through the alias table, checked against an independent
count of the export's raw 律师、代理 column (pandas): every agency named in the file is linked, and each agency's
filings are exactly the file's applications naming it."""

from __future__ import annotations

import csv
import datetime as dt
import unicodedata
from collections import defaultdict

import pandas as pd
import pytest

from tests.conftest import THUNDERSOFT, raw_data
from zhichan.agencies import stats
from zhichan.agencies.actions import do_move_practitioner, do_save_practitioner
from zhichan.agencies.importer import import_file
from zhichan.agencies.models import Agency
from zhichan.patents.actions import do_import_patents


def raw_agents(path, agency: str) -> dict[str, set[str]]:
    """agent name → application numbers naming it beside `agency`, from the raw column alone."""
    frame = pd.read_excel(path, dtype=str, engine="openpyxl")
    found: dict[str, set[str]] = defaultdict(set)
    for number, cell in zip(frame["申请号"], frame["律师、代理"], strict=True):
        parts = [unicodedata.normalize("NFKC", p).strip() for p in str(cell).split(";")] if isinstance(cell, str) else []
        if parts and parts[0] == agency:
            for agent in parts[1:]:
                if agent:
                    found[agent].add(str(number).strip())
    return found


def raw_agencies(path) -> dict[str, set[str]]:
    """agency name (as written, NFKC) → application numbers naming it, from the raw column alone."""
    frame = pd.read_excel(path, dtype=str, engine="openpyxl")
    found: dict[str, set[str]] = defaultdict(set)
    for number, cell in zip(frame["申请号"], frame["律师、代理"], strict=True):
        if isinstance(cell, str) and cell.strip():
            agency = unicodedata.normalize("NFKC", cell.split(";")[0]).strip()
            found[agency].add(str(number).strip())
    return found


@pytest.mark.django_db
def test_agency_names_on_real_patents_link_to_the_registry(tmp_path):
    path = raw_data(THUNDERSOFT)
    expected = raw_agencies(path)
    assert len(expected) > 20
    do_import_patents(None, [path])
    before = stats.linkage()
    assert before["names"] == len(expected) and before["linked"] == 0
    assert stats.unlinked_names(5)[0]["count"] == max(len(v) for v in expected.values())
    # the registry as an office would type it: full-width brackets, 有限责任公司 for 有限公司 on some rows
    rows = [["机构名称", "执业许可证号"]]
    for i, name in enumerate(sorted(expected)):
        spelled = name.replace("(", "（").replace(")", "）")
        if i % 3 == 0:
            spelled = spelled.replace("有限公司", "有限责任公司")
        rows.append([spelled, f"L{i:05d}"])
    registry = tmp_path / "registry.csv"
    with registry.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    assert import_file(None, registry)["created"] == len(expected)
    after = stats.linkage()
    assert after == {"names": len(expected), "linked": len(expected), "unlinked": 0}
    assert stats.unlinked_names() == []
    for i, name in enumerate(sorted(expected)):
        agency = Agency.objects.get(licence_number=f"L{i:05d}")
        linked = stats.applications(agency)
        assert linked.count() == len(expected[name]), name
    biggest = max(expected, key=lambda n: len(expected[n]))
    agency = Agency.objects.get(licence_number=f"L{sorted(expected).index(biggest):05d}")
    profile = stats.profile(agency)
    assert profile["total"] == len(expected[biggest])
    assert sum(y["filings"] for y in profile["years"]) <= profile["total"]
    assert profile["sections"] and all(s["section"] in "ABCDEFGH" for s in profile["sections"])
    # its attorneys: each registered one is credited with the applications naming them beside the agency
    agents = raw_agents(path, biggest)
    for i, name in enumerate(sorted(agents)[:3]):
        person = do_save_practitioner(None, {"name": name, "certificate_number": f"Z{i}"})[0]
        do_move_practitioner(None, person, agency, dt.date(2015, 1, 1))
    rows = stats.profile(agency)["practitioners"]
    assert {r["practitioner"].name: r["filings"] for r in rows} == {
        name: len(numbers) for name, numbers in sorted(agents.items())[:3]}
