"""The seed plans load as templates with every indicator and target, and the wording is the seed's own."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from zhichan.indicators import plans
from zhichan.indicators.models import ComputedFigure, IndicatorDefinition, Plan

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
pytestmark = pytest.mark.django_db


def seed_text(number: str) -> str:
    path = next(SEEDS.glob(f"{number}_*.txt"), None)
    if path is None:
        pytest.skip("seed plans not found")
    return path.read_text("utf-8").replace("，", ",").replace("、", "、")


def test_templates_load_with_every_indicator_and_target():
    loaded = {p.template_key: p for p in plans.load_templates()}
    assert set(loaded) == {"dongying-2024-2026", "quanshan-2024-2026", "nantong-2017-2020"}
    dongying = loaded["dongying-2024-2026"]
    assert dongying.region.name == "东营区" and dongying.items.count() == 13
    targets = {i.indicator_id: {t.period: t.value for t in i.targets.all()} for i in dongying.items.all()}
    assert targets["valid_invention_per_10k"] == {"2026": 46}
    assert targets["high_value_per_10k"] == {"2026": 11}
    assert targets["valid_trademarks"] == {"2026": 19000}
    assert targets["training_persons"] == {"2024": 2000, "2025": 2000, "2026": 2000}
    assert loaded["quanshan-2024-2026"].region.name == "泉山区"
    plans.load_templates()  # idempotent
    assert Plan.objects.filter(is_template=True).count() == 3
    nantong = loaded["nantong-2017-2020"]
    assert nantong.region.name == "南通市" and nantong.items.count() == 53
    assert sorted(set(nantong.items.values_list("number", flat=True))) == list(range(1, 49))  # all 48 roadmap rows
    per_10k = nantong.items.get(indicator_id="valid_invention_per_10k")
    assert {t.period: (t.value, t.text) for t in per_10k.targets.all()} == {
        "2017": (21, "21件"), "2018": (24, "24件"), "2019": (27, "27件"), "2020": (30, "30件")}
    task = nantong.items.get(number=4)
    assert task.indicator.kind == "task" and task.targets.get(period="2018").text == "初步建成"


@pytest.mark.parametrize(("number", "path"), [("002", "002_dongying_2024_2026.yaml"),
                                              ("000", "000_xuzhou_quanshan_2026.yaml")])
def test_wording_and_numbers_come_from_the_seed(number, path):
    text = seed_text(number)
    data = plans.read_template(plans.TEMPLATES / path)
    for item in data["indicators"]:
        wording = re.sub(r"（[^）]*）$", "", item["wording"]).replace("，", ",")
        for fragment in wording.split(","):
            assert fragment in text, fragment
        for value in item["targets"].values():
            shown = f"{value / 10000:g}万" if value >= 10000 else f"{value:g}"
            assert shown in wording, (shown, wording)


def test_status_from_the_latest_figure():
    plan = {p.template_key: p for p in plans.load_templates()}["dongying-2024-2026"]
    item = plan.items.get(indicator_id="valid_invention_per_10k")
    item.baseline_year, item.baseline_value = 2023, 30.0
    item.save()
    ComputedFigure.objects.create(indicator=IndicatorDefinition.objects.get(code="valid_invention_per_10k"),
                                  region=plan.region, as_of=dt.date(2024, 12, 31), value=36.0, numerator=3600,
                                  population=1_000_000)
    ComputedFigure.objects.create(indicator=IndicatorDefinition.objects.get(code="valid_invention_per_10k"),
                                  region=plan.region, as_of=dt.date(2024, 6, 30), value=33.0, numerator=3300,
                                  population=1_000_000)
    state = plans.status(item)
    assert [(p.day.isoformat(), p.value) for p in state.history] == [("2024-06-30", 33.0), ("2024-12-31", 36.0)]
    assert state.target_value == 46 and state.latest.value == 36.0 and state.assessed.status == "on_track"
    assert plans.status(plan.items.get(indicator_id="valid_trademarks")).assessed.status == "no_data"


def test_nantong_roadmap_is_the_seed_text():
    text = seed_text("003")
    flat = re.sub(r"\s+", "", text)
    data = plans.read_template(plans.TEMPLATES / "003_nantong_2017_2020.yaml")
    for item in data["indicators"]:
        assert item["wording"] in flat, item["no"]
        for year, milestone in item["milestones"].items():
            assert str(milestone) in flat, (item["no"], year)
            if str(year) in {str(k) for k in item.get("values", {})}:
                value = item["values"][year] if year in item["values"] else item["values"][int(year)]
                assert f"{value:g}" in str(milestone), (item["no"], year, value, milestone)


def test_plan_exports_and_imports_back(client, django_user_model, tmp_path):
    client.force_login(django_user_model.objects.create_user("office", password="x", role="office"))
    original = {p.template_key: p for p in plans.load_templates()}["nantong-2017-2020"]
    response = client.get(f"/indicators/plans/{original.pk}/export.xlsx")
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    response = client.post("/indicators/plans/import/", {"name": "南通副本", "region": "320600",
                                                          "file": path.open("rb")})
    copy = Plan.objects.get(name="南通副本")
    assert response.status_code == 302 and copy.items.count() == original.items.count()

    def shape(plan):
        return sorted((i.number, i.indicator_id, t.period, t.value, t.text)
                      for i in plan.items.all() for t in i.targets.all())

    assert shape(copy) == shape(original) and (copy.start_year, copy.end_year) == (2017, 2020)
    item = copy.items.get(indicator_id="valid_invention_per_10k")
    client.post(f"/indicators/plans/{copy.pk}/baseline/", {"item": item.pk, "year": "2016", "value": "18.5"})
    item.refresh_from_db()
    assert (item.baseline_year, item.baseline_value) == (2016, 18.5)
