"""Matching against records in the database and the index: explanations, settings, determinism, the CLI, and the
quality on real data (docs/market.md 匹配)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.conftest import THUNDERSOFT, raw_data
from tests.search.conftest import app_number, write_patents
from zhichan.market.matching import labelled
from zhichan.market.matching.engine import Need, match
from zhichan.market.matching.evaluation import mean, recall_at
from zhichan.market.matching.targets import enterprises_for
from zhichan.patents.actions import do_import_patents
from zhichan.patents.models import Application
from zhichan.search import sync

pytestmark = pytest.mark.django_db

TEXT_MATCH = {"title": "一种低温锂电池正极材料及其制备方法", "abstract": "本发明公开了一种锂电池正极材料，低温下容量保持率高。",
              "ipc": "C01G53/00", "main_ipc": "C01G53/00", "an": app_number(1), "applicant": "徐州锂能科技有限公司"}
IPC_MATCH = {"title": "一种电芯模组的固定支架", "abstract": "支架由铝合金制成，便于装配。",
             "ipc": "H01M10/0525", "main_ipc": "H01M10/0525", "an": app_number(2), "applicant": "徐州模组科技有限公司"}
OTHER = {"title": "一种挖掘机臂架", "abstract": "臂架强度高。", "ipc": "E02F3/36", "main_ipc": "E02F3/36",
         "an": app_number(3), "applicant": "徐州工程机械有限公司"}
DEMAND = "低温环境下锂电池正极材料的容量保持率不足"


@pytest.fixture
def indexed(tmp_path):
    def load(rows: list[dict]) -> None:
        do_import_patents(None, [write_patents(tmp_path / "export.csv", rows)])
        sync.rebuild()

    return load


def test_explanations_name_the_shared_terms_and_the_shared_classes(indexed):
    indexed([TEXT_MATCH, IPC_MATCH, OTHER])
    results = match(Need.of(DEMAND, ["H01M10/00"]), limit=5)
    by_key = {r.key: r for r in results}
    text_hit, ipc_hit = by_key[TEXT_MATCH["an"]], by_key[IPC_MATCH["an"]]
    assert results[0].key == TEXT_MATCH["an"]  # text weighs most by default
    assert "锂电池正极材料" in text_hit.shared_terms and "低温" in text_hit.shared_terms
    assert text_hit.factors["text"]["value"] == 1.0 and text_hit.factors["ipc"]["value"] == 0.0
    assert ipc_hit.shared_terms == [] and ipc_hit.factors["text"]["value"] == 0.0
    assert ipc_hit.factors["ipc"] == {"value": 1.0, "weight": ipc_hit.factors["ipc"]["weight"],
                                      "points": ipc_hit.factors["ipc"]["points"], "shared": ["H01M10/0525"]}
    assert ipc_hit.as_dict()["shared_classes"] == ["H01M10/0525"]
    assert OTHER["an"] not in by_key  # neither words nor class in common
    for r in results:  # the score is the sum of the factors' points
        assert r.score == pytest.approx(sum(p["points"] for p in r.factors.values()), abs=1e-3)


def test_the_weights_are_settings(indexed, monkeypatch):
    indexed([TEXT_MATCH, IPC_MATCH, OTHER])
    monkeypatch.setenv("ZHICHAN_MATCH_WEIGHT_TEXT", "10")
    monkeypatch.setenv("ZHICHAN_MATCH_WEIGHT_IPC", "90")
    results = match(Need.of(DEMAND, ["H01M10/00"]), limit=5)
    assert results[0].key == IPC_MATCH["an"]
    assert results[0].factors["ipc"]["weight"] == pytest.approx(90 / 120, abs=1e-4)  # 10 + 90 + 4 × 5


def test_ties_are_broken_by_application_number_every_time(indexed):
    twins = [dict(TEXT_MATCH, an=app_number(n), applicant=f"徐州{n}号公司") for n in (7, 5, 9, 6)]
    indexed(twins)
    first = [r.as_dict() for r in match(Need.of(DEMAND), limit=10)]
    assert [r["application_number"] for r in first] == sorted(t["an"] for t in twins)
    assert len({r["score"] for r in first}) == 1
    for _ in range(3):
        assert [r.as_dict() for r in match(Need.of(DEMAND), limit=10)] == first


def test_cli_json_is_stable(indexed):
    indexed([TEXT_MATCH, IPC_MATCH, OTHER])

    def run(*args: str) -> str:
        out = io.StringIO()
        call_command("market", "match", *args, stdout=out)
        return out.getvalue()

    args = ("--text", DEMAND, "--ipc", "H01M10/00", "--limit", "10", "--json")
    first = run(*args)
    assert run(*args) == first
    data = json.loads(first)
    assert [r["application_number"] for r in data["results"]] == [TEXT_MATCH["an"], IPC_MATCH["an"]]
    assert data["results"][0]["shared_terms"] and set(data["results"][0]["factors"]) == {
        "text", "ipc", "sei", "region", "credit", "price"}
    assert TEXT_MATCH["an"] in run("--text", DEMAND)  # the text form
    with pytest.raises(CommandError):
        run("--text", DEMAND, "--ipc", "not-a-class")


def test_patent_to_enterprises(indexed):
    similar = dict(TEXT_MATCH, an=app_number(4), applicant="徐州另一电池有限公司", title="一种锂电池正极材料")
    indexed([TEXT_MATCH, similar, IPC_MATCH, OTHER])
    pk = Application.objects.get(key=TEXT_MATCH["an"]).pk
    targets = enterprises_for(pk)
    assert targets[0].name == "徐州另一电池有限公司" and targets[0].patents == [similar["an"]]
    assert "锂电池正极材料" in targets[0].shared_terms
    assert "徐州锂能科技有限公司" not in [t.name for t in targets]  # the patent's own holder
    out = io.StringIO()
    call_command("market", "match", "--patent", TEXT_MATCH["an"], "--json", stdout=out)
    assert json.loads(out.getvalue())["results"][0]["name"] == "徐州另一电池有限公司"


def test_on_real_data_the_matcher_finds_at_least_what_bm25_finds():
    """The bench's labelled set (demand = the problem statement of a patent's background; relevant = the patent,
    its family, its citations) on the first 60 demands of the 中科创达 export: the matcher's recall@10 is at least
    plain BM25's over the same words."""
    import tantivy

    from zhichan.market.matching import terms
    from zhichan.market.matching.engine import text_query
    from zhichan.search.engine import backend

    path = raw_data(THUNDERSOFT)
    do_import_patents(None, [path])
    sync.rebuild()
    demands = labelled.labelled_set(labelled.read_export(path))[:60]
    assert len(demands) == 60
    engine = backend()
    searcher = engine.searcher()
    keys = dict(Application.objects.values_list("pk", "key"))

    def bm25(text: str) -> list[str]:
        query: tantivy.Query = text_query(engine, terms.features(text))
        result = searcher.search(query, 10)
        return [keys[int(i)] for i in searcher.fast_field_values("id", [a for _, a in result.hits])]

    matcher = mean([recall_at([r.key for r in match(Need.of(d.text, [d.ipc]), 10, explain=False)], d.relevant)
                    for d in demands])
    plain = mean([recall_at(bm25(d.text), d.relevant) for d in demands])
    assert matcher >= plain
    assert matcher >= 0.8


def test_the_agency_credit_factor_uses_the_published_grade_only(indexed):
    import datetime as dt

    from zhichan.agencies.models import Agency, AgencyAlias, CreditGrade, CreditRuleVersion
    from zhichan.market.matching.targets import agencies_for
    from zhichan.patents import names

    indexed([TEXT_MATCH, OTHER])  # both drafted by the export's default agency
    name = "徐州创荣知识产权代理有限公司"
    agency = Agency.objects.create(name=name, normalized_name=names.normalize(name), ipc_sections="HC")
    AgencyAlias.objects.create(normalized_name=names.normalize(name), name=name, agency=agency)
    version = CreditRuleVersion.objects.order_by("number").first() or CreditRuleVersion.objects.create(
        number=1, title="v1", effective_from=dt.date(2024, 1, 1))
    grade = CreditGrade.objects.create(agency=agency, period=2025, version=version, as_of=dt.date(2025, 12, 31),
                                       score=105, grade="A+")
    credit = match(Need.of(DEMAND), limit=1)[0].factors["credit"]
    assert credit == {"value": 0.5, "weight": credit["weight"], "points": credit["points"], "note": "unknown"}
    grade.published_on = dt.date(2026, 1, 15)
    grade.save()
    credit = match(Need.of(DEMAND), limit=1)[0].factors["credit"]
    assert credit["value"] == 1.0 and credit["shared"] == ["A+"]
    found = agencies_for(Need.of(DEMAND, ["C01G53/00"]))
    assert [a.name for a in found] == [name] and found[0].factors["ipc"]["value"] == 0.5  # C: its second section
    assert agencies_for(Need.of(DEMAND, ["E02F3/36"])) == []


def test_a_published_listing_brings_its_price_against_the_budget(indexed, holder_org):
    from decimal import Decimal

    from zhichan.market.models import Listing

    indexed([TEXT_MATCH])
    app = Application.objects.get(key=TEXT_MATCH["an"])
    listing = Listing.objects.create(application=app, organization=holder_org, kind=Listing.Kind.TRANSFER,
                                     title="锂电池正极材料专利转让", price_mode=Listing.PriceMode.LUMP_SUM,
                                     lump_sum_wan=Decimal("150"), status=Listing.Status.DRAFT)
    need = Need.of(DEMAND, budget_min=Decimal("50"), budget_max=Decimal("100"))
    first = match(need, limit=1)[0]
    assert first.listing is None and first.factors["price"]["value"] == 0.5  # a draft is not on the market
    listing.status = Listing.Status.PUBLISHED
    listing.save()
    first = match(need, limit=1)[0]
    assert first.listing == {"id": listing.pk, "kind": "transfer", "price_mode": "lump_sum", "price_wan": "150.0000"}
    assert first.factors["price"] == {"value": 0.5, "weight": first.factors["price"]["weight"],
                                      "points": first.factors["price"]["points"], "shared": ["above"]}
