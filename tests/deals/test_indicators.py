"""The deals feed the indicators as of a date (deals/indicators.py through indicators/providers.py): a deal counts
for D's year up to D, if it was on the record on D (recorded by then, not cancelled by then), for its statistics
region; amounts are summed exactly (Decimal, 万元) and given in 亿元."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.deals.conftest import D, licence
from zhichan.core.models import Region
from zhichan.deals import actions
from zhichan.deals import indicators as di
from zhichan.deals.models import Deal
from zhichan.indicators.actions import do_compute_indicators, do_report_value
from zhichan.indicators.models import ComputedFigure, IndicatorDefinition

XUZHOU = "320300"


NEW_YEAR = D(2025, 1, 1)


def deal(kind="licence", amount="0", effective=None, contract=None, recorded=NEW_YEAR, region="320311",
         cancelled=None, **extra):
    return Deal.objects.create(kind=kind, right="专利", from_name="甲", to_name="乙", region_id=region,
                               amount_wan=Decimal(amount) if amount is not None else None, effective_on=effective,
                               contract_date=contract, recorded_on=recorded, cancelled_on=cancelled,
                               status="cancelled" if cancelled else "active", **extra)


def figures(as_of, scope=XUZHOU):
    regions = [scope, *Region.objects.get(code=scope).children.values_list("code", flat=True)]
    return di.totals(scope, regions[1:], as_of)


@pytest.mark.django_db
def test_amounts_are_summed_exactly_and_given_in_yi_yuan():
    deal(amount="1234.5678", effective=D(2025, 3, 1))  # a licence
    deal(kind="transfer", amount="0.0001", effective=D(2025, 4, 1))
    deal(kind="open_licence", amount="0.1", contract=D(2025, 5, 1))  # no recordal: the contract date counts
    deal(kind="transfer", amount=None, effective=D(2025, 5, 2))  # a recognised event: counted, no amount
    deal(kind="pledge", amount="5000", effective=D(2025, 6, 1))
    deal(kind="insurance", amount="70", effective=D(2025, 6, 1))  # counted in neither
    out = figures(D(2025, 12, 31))
    # 1234.5678 + 0.0001 + 0.1 = 1234.6679 万元 = 0.12346679 亿元
    assert out[XUZHOU] == {di.AMOUNT: 0.12346679, di.COUNT: 4.0, di.PLEDGE: 0.5}
    assert out["320311"] == out[XUZHOU] and out["320302"] == {di.AMOUNT: 0.0, di.COUNT: 0.0, di.PLEDGE: 0.0}


@pytest.mark.django_db
def test_as_of_a_date():
    deal(amount="100", effective=D(2025, 3, 1), recorded=D(2025, 3, 5))
    deal(amount="20", effective=D(2025, 3, 1), recorded=D(2025, 7, 1))  # entered after D: not known on D
    deal(amount="3", effective=D(2025, 3, 1), recorded=D(2025, 3, 5), cancelled=D(2025, 5, 1))  # cancelled by D
    deal(amount="4", effective=D(2025, 3, 1), recorded=D(2025, 3, 5), cancelled=D(2025, 9, 1))  # cancelled after
    deal(amount="5", effective=D(2025, 6, 2), recorded=D(2025, 3, 5))  # takes effect after D
    deal(amount="6", effective=D(2024, 12, 31), recorded=D(2024, 12, 31))  # last year
    deal(kind="transfer", amount="7", contract=D(2025, 2, 1))  # a transfer not registered: not in force (Art. 10)
    assert figures(D(2025, 6, 1))[XUZHOU][di.AMOUNT] == 0.0104  # 100 + 4 万元
    assert figures(D(2025, 6, 1))[XUZHOU][di.COUNT] == 2
    assert figures(D(2025, 12, 31))[XUZHOU][di.AMOUNT] == 0.0125  # 100 + 20 + 5 (the one cancelled 9-1 is not)
    assert figures(D(2024, 12, 31))[XUZHOU][di.AMOUNT] == 0.0006


@pytest.mark.django_db
def test_regions_and_unplaced():
    deal(amount="10", effective=D(2025, 3, 1), region="320311")  # 泉山区
    deal(amount="20", effective=D(2025, 3, 1), region="320300")  # placed at the city only
    deal(amount="40", effective=D(2025, 3, 1), region="320106")  # 南京市鼓楼区: not 徐州
    deal(amount="80", effective=D(2025, 3, 1), region=None)  # no region: 全国 only
    xz = figures(D(2025, 12, 31))
    assert xz[XUZHOU][di.AMOUNT] == 0.003 and xz["320311"][di.AMOUNT] == 0.001 and xz["unplaced"][di.AMOUNT] == 0.002
    provinces = list(Region.objects.filter(level=1).values_list("code", flat=True))
    nation = di.totals("100000", provinces, D(2025, 12, 31))
    assert nation["100000"][di.AMOUNT] == 0.015 and nation["320000"][di.AMOUNT] == 0.007
    assert nation["unplaced"][di.AMOUNT] == 0.008


@pytest.mark.django_db
def test_the_dashboard_figures_change_by_the_amount_recorded(office, invention, seller, client):
    """do_compute_indicators stores the deals' figures as computed figures; the dashboard shows them."""
    as_of = dt.date.today()
    city = Region.objects.get(code=XUZHOU)
    do_compute_indicators(office, city, as_of)
    before = ComputedFigure.objects.get(indicator_id=di.AMOUNT, region_id=XUZHOU, as_of=as_of).value
    actions.do_record_deal(office, licence(application=invention, from_organization=seller,
                                           amount_wan=Decimal("250"), effective_on=as_of))
    do_compute_indicators(office, city, as_of)
    figure = ComputedFigure.objects.get(indicator_id=di.AMOUNT, region_id=XUZHOU, as_of=as_of)
    assert (before, figure.value) == (0.0, 0.025)
    assert ComputedFigure.objects.get(indicator_id=di.COUNT, region_id="320311", as_of=as_of).value == 1
    assert IndicatorDefinition.objects.get(code=di.AMOUNT).kind == "computed"
    client.force_login(office)
    page = client.get(f"/indicators/?city={XUZHOU}&as_of={as_of.isoformat()}").content.decode()
    assert "0.025" in page and "/deals/?region=320300" in page


@pytest.mark.django_db
def test_a_department_may_still_report_the_official_figure(django_user_model):
    from zhichan.indicators import catalogue

    catalogue.sync()
    department = django_user_model.objects.create_user("dept", password="x", role="department")
    row = do_report_value(department, IndicatorDefinition.objects.get(code=di.PLEDGE), Region.objects.get(code=XUZHOU),
                          "2025", 3.2, "人民银行徐州市分行")
    assert row.status == "draft" and row.value == 3.2
    with pytest.raises(ValueError):  # the patent-based computed indicators are still not reportable
        do_report_value(department, IndicatorDefinition.objects.get(code="valid_invention"),
                        Region.objects.get(code=XUZHOU), "2025", 1, "x")


@pytest.mark.django_db
def test_in_plan_progress_an_approved_reported_value_takes_the_place_of_the_computed_one():
    from zhichan.indicators import catalogue, plans
    from zhichan.indicators.models import Plan, PlanIndicator, ReportedValue

    catalogue.sync()
    plan = Plan.objects.create(name="规划", region_id=XUZHOU, start_year=2024, end_year=2026)
    item = PlanIndicator.objects.create(plan=plan, indicator_id=di.AMOUNT)
    for day, value in ((D(2025, 6, 30), 0.3), (D(2025, 12, 31), 0.5)):
        ComputedFigure.objects.create(indicator_id=di.AMOUNT, region_id=XUZHOU, as_of=day, value=value, numerator=value)
    ReportedValue.objects.create(indicator_id=di.AMOUNT, region_id=XUZHOU, period="2025", value=0.8, source_note="x",
                                 status="approved")
    ReportedValue.objects.create(indicator_id=di.AMOUNT, region_id=XUZHOU, period="2025H1", value=9, source_note="x")
    assert [(p.day, p.value) for p in plans.history(item)] == [(D(2025, 6, 30), 0.3), (D(2025, 12, 31), 0.8)]


@pytest.mark.django_db
def test_the_reported_page_says_which_figure_is_used(client, office):
    from zhichan.indicators import catalogue

    catalogue.sync()
    client.force_login(office)
    page = client.get("/indicators/reported/?city=320300").content.decode()
    assert 'id="computed-too"' in page and "知识产权交易额" in page and "知识产权质押融资额" in page
    form = client.get("/indicators/reported/?city=320300").context["form"]
    assert {di.AMOUNT, di.PLEDGE, "copyright_registrations"} <= {d.code for d in form.fields["indicator"].queryset}
    assert "valid_invention" not in {d.code for d in form.fields["indicator"].queryset}
