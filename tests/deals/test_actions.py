"""Recording, editing and cancelling deals (each audited), the office's permission, hostile amounts, the 质押登记
cases brought in once, and legal events turned into deals once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.deals.conftest import D, licence, load, patent
from zhichan.core.models import AuditLog
from zhichan.core.permissions import PermissionDenied
from zhichan.deals import actions
from zhichan.deals.models import Deal


def audits(action):
    return list(AuditLog.objects.filter(action=action).order_by("pk"))


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "licence_type"), [("transfer", ""), ("licence", "exclusive"), ("licence", "sole"),
                                                    ("licence", "ordinary"), ("open_licence", ""), ("pledge", ""),
                                                    ("insurance", "")])
def test_each_kind_is_recorded_and_audited(office, invention, seller, kind, licence_type):
    deal = actions.do_record_deal(office, licence(kind=kind, licence_type=licence_type, application=invention,
                                                  from_organization=seller, from_name="", amount_wan=Decimal("12.5"),
                                                  effective_on=D(2025, 3, 1)))
    deal.refresh_from_db()
    assert (deal.kind, deal.amount_wan, deal.application, deal.status) == (kind, Decimal("12.5"), invention, "active")
    assert deal.licence_type == (licence_type or ("ordinary" if kind == "open_licence" else ""))
    assert deal.from_name == seller.name  # the organisation's name is written with it
    assert deal.region_id == "320311"  # the 出让方's region
    assert deal.recorded_on == dt.date.today() and deal.source == "manual"
    [log] = audits("deals.record")
    assert log.actor == office and log.target_id == str(deal.pk) and log.changes["amount_wan"] == "12.5"


@pytest.mark.django_db
def test_only_the_office_records(enterprise, invention, django_user_model):
    for user in (enterprise, django_user_model.objects.create_user("dept", password="x", role="department"), None):
        with pytest.raises(PermissionDenied):
            actions.do_record_deal(user, licence(application=invention))
    assert not Deal.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("amount", "reason"), [(Decimal("-1"), "负数"), (Decimal("1E+11"), "过大"),
                                                (Decimal("NaN"), "数字")])
def test_hostile_amounts_are_refused(office, invention, amount, reason):
    with pytest.raises(actions.Refused) as refused:
        actions.do_record_deal(office, licence(application=invention, amount_wan=amount))
    assert reason in refused.value.errors["amount_wan"][0]
    assert not Deal.objects.exists() and not audits("deals.record")


@pytest.mark.django_db
def test_what_a_deal_must_say(office, invention):
    cases = [
        (licence(), "application"),  # neither a patent nor a described right
        (licence(application=invention, from_name="", to_name=""), ""),  # parties
        (licence(application=invention, kind="transfer", licence_type="exclusive"), "licence_type"),
        (licence(application=invention, kind="open_licence", licence_type="exclusive"), "licence_type"),  # Art. 51
        (licence(application=invention, contract_date=D(2025, 5, 1), effective_on=D(2025, 4, 1)), "effective_on"),
    ]
    for values, field in cases:
        with pytest.raises(actions.Refused) as refused:
            actions.do_record_deal(office, values)
        assert field in refused.value.errors, values
    # a trademark licence: no patent, the right described
    deal = actions.do_record_deal(office, licence(right="第12345678号商标", licence_type="ordinary"))
    assert deal.application is None and deal.subject == "第12345678号商标"


@pytest.mark.django_db
def test_late_recordal_is_flagged(office, invention):
    on_time = actions.do_record_deal(office, licence(application=invention, contract_date=D(2025, 11, 30),
                                                     effective_on=D(2026, 2, 28)))
    late = actions.do_record_deal(office, licence(application=invention, contract_date=D(2025, 11, 30),
                                                  effective_on=D(2026, 3, 1)))
    assert not on_time.late_recordal and late.late_recordal


@pytest.mark.django_db
def test_edit_and_cancel_are_audited_and_a_cancelled_deal_stays_as_it_was(office, invention):
    deal = actions.do_record_deal(office, licence(application=invention, amount_wan=Decimal("10")))
    actions.do_edit_deal(office, deal, licence(application=invention, amount_wan=Decimal("15")))
    [edit] = audits("deals.edit")
    assert edit.changes == {"amount_wan": ["10", "15"]}
    with pytest.raises(actions.Refused):
        actions.do_cancel_deal(office, deal, D(2026, 1, 5), "  ")  # a reason is required
    actions.do_cancel_deal(office, deal, D(2026, 1, 5), "合同解除")
    deal.refresh_from_db()
    assert (deal.status, deal.cancelled_on, deal.cancel_reason) == ("cancelled", D(2026, 1, 5), "合同解除")
    assert audits("deals.cancel")[0].changes == {"cancelled_on": "2026-01-05", "reason": "合同解除"}
    with pytest.raises(actions.Refused):
        actions.do_edit_deal(office, deal, licence(application=invention, amount_wan=Decimal("99")))
    with pytest.raises(actions.Refused):
        actions.do_cancel_deal(office, deal, None, "again")


# ---- 质押登记 cases ----------------------------------------------------------------------------------------------

REGISTERED_ON = D(2025, 6, 10)


def _pledge_case(user, number, fields, stopped=REGISTERED_ON, state="registered"):
    from zhichan.services.models import Case, Window

    window, _ = Window.objects.get_or_create(kind="pledge", defaults={"name": "质押登记"})
    return Case.objects.create(number=number, kind="pledge", window=window, applicant=user,
                               organization=user.organization, state=state, fields=fields, stopped_on=stopped)


@pytest.mark.django_db
def test_pledge_sync_is_idempotent(office, enterprise, invention):
    fields = {"pledgor": "徐州云图智能科技有限公司", "pledgee": "中国银行徐州分行", "rights": f"专利 {invention.key}",
              "amount_wan": "500", "start_date": "2025-06-01", "end_date": "2026-05-31",
              "registration_number": "Y2025320000123"}
    case = _pledge_case(enterprise, "ZY-1", fields)
    _pledge_case(enterprise, "ZY-2", {**fields, "amount_wan": "五百万"})  # stored before the window read amounts
    _pledge_case(enterprise, "ZY-3", fields, state="in_review")  # not registered: no deal
    assert actions.do_sync_pledges(office) == {"created": 2, "updated": 0, "unchanged": 0, "unreadable_amount": 1}
    assert actions.do_sync_pledges(office) == {"created": 0, "updated": 0, "unchanged": 2, "unreadable_amount": 1}
    deal = Deal.objects.get(case=case)
    assert (deal.kind, deal.source, deal.amount_wan, deal.effective_on, deal.contract_date, deal.recordal_number,
            deal.application, deal.to_name, deal.region_id) == (
        "pledge", "pledge_case", Decimal(500), D(2025, 6, 10), D(2025, 6, 1), "Y2025320000123", invention,
        "中国银行徐州分行", "320311")
    unreadable = Deal.objects.get(case__number="ZY-2")
    assert unreadable.amount_wan is None and "五百万" in unreadable.note
    case.fields = {**fields, "amount_wan": "600"}
    case.save()
    assert actions.do_sync_pledges(office)["updated"] == 1
    assert Deal.objects.get(case=case).amount_wan == Decimal(600) and Deal.objects.count() == 2
    logs = audits("deals.sync_pledges")
    assert len(logs) == 3 and logs[2].changes["deals"] == {"created": [], "updated": [Deal.objects.get(case=case).pk]}


# ---- legal events ------------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_legal_events_become_deals_once_and_cancellations_end_them(office):
    events = [(D(2022, 5, 24), "授权", "授权"),
              (D(2022, 11, 11), "专利申请权、专利权的转移", "专利权的转移"),
              (D(2023, 2, 1), "专利实施许可合同备案的生效、变更及注销", "专利实施许可合同备案的生效"),
              (D(2023, 3, 1), "专利权质押合同登记的生效、变更及注销", "专利权质押合同登记的生效"),
              (D(2023, 9, 1), "专利权质押合同登记的生效、变更及注销", "专利权质押合同登记的注销"),
              (D(2023, 10, 1), "专利权人的姓名或者名称、地址的变更", "专利权人的姓名或者名称、地址的变更")]
    [app] = load(patent(7, events=events))
    counts = actions.do_link_legal_events(office)
    assert counts == {"created": 3, "linked": 0, "cancelled": 1, "already": 0, "changes": 0, "ignored": 1,
                      "unmatched": 0}
    kinds = {d.kind: d for d in Deal.objects.filter(application=app)}
    assert set(kinds) == {"transfer", "licence", "pledge"}
    assert kinds["transfer"].effective_on == D(2022, 11, 11) and kinds["transfer"].amount_wan is None
    assert kinds["transfer"].source == "legal_event" and kinds["transfer"].event_text == "专利申请权、专利权的转移 专利权的转移"
    assert (kinds["pledge"].status, kinds["pledge"].cancelled_on) == ("cancelled", D(2023, 9, 1))
    [log] = audits("deals.link_events")
    assert sorted(log.changes["deals"]["created"]) == sorted(d.pk for d in kinds.values())
    assert log.changes["deals"]["cancelled"] == [kinds["pledge"].pk]
    again = actions.do_link_legal_events(office)
    assert again["created"] == 0 and again["cancelled"] == 0 and again["already"] == 4
    # a re-import writes the events again (new rows, same words): still nothing new
    load(patent(7, events=events))
    assert actions.do_link_legal_events(office)["already"] == 4 and Deal.objects.count() == 3


@pytest.mark.django_db
def test_an_event_links_the_offices_own_record_and_the_office_completes_an_event_deal(office):
    [app] = load(patent(8, events=[(D(2024, 4, 20), "专利实施许可合同备案的生效、变更及注销", "专利实施许可合同备案的生效")]))
    mine = actions.do_record_deal(office, licence(application=app, amount_wan=Decimal(80), effective_on=D(2024, 3, 1)))
    assert actions.do_link_legal_events(office)["linked"] == 1
    mine.refresh_from_db()
    assert mine.event_date == D(2024, 4, 20) and Deal.objects.count() == 1
    # the other order: the event first, then the office's record with the amount completes it
    [app2] = load(patent(9, events=[(D(2024, 4, 20), "专利权的转移", "专利权的转移")]))
    actions.do_link_legal_events(office)
    event_deal = Deal.objects.get(application=app2)
    merged = actions.do_record_deal(office, licence(kind="transfer", licence_type="", application=app2,
                                                    amount_wan=Decimal(300), effective_on=D(2024, 4, 1)))
    assert merged.pk == event_deal.pk and Deal.objects.filter(application=app2).count() == 1
    assert merged.amount_wan == Decimal(300) and merged.source == "legal_event"


@pytest.mark.django_db
def test_an_import_links_its_events(django_user_model):
    """The import's signal runs the recogniser over the records it wrote."""
    from zhichan.deals import tasks
    from zhichan.patents.models import ImportRun

    run = ImportRun.objects.create()
    load(patent(10, events=[(D(2024, 1, 5), "专利权的转移", "专利权的转移")]))
    tasks.after_import(ImportRun, run)
    assert Deal.objects.filter(kind="transfer", source="legal_event").count() == 1


@pytest.mark.django_db
def test_an_open_licence_taken_under_a_listing(office, invention, seller):
    from zhichan.market.models import Listing

    listing = Listing.objects.create(application=invention, organization=seller, kind="open", license_type="ordinary",
                                     title="开放许可", price_mode="royalty", status="published")
    deal = actions.do_record_deal(office, licence(kind="open_licence", licence_type="", listing=listing,
                                                  amount_wan=Decimal("3"), contract_date=D(2025, 8, 1)))
    assert (deal.source, deal.application, deal.licence_type) == ("open_listing", invention, "ordinary")


@pytest.mark.django_db
def test_the_commands():
    import io
    import json

    from django.core.management import call_command

    load(patent(11, events=[(D(2024, 2, 5), "专利权的转移", "专利权的转移")]))
    out = io.StringIO()
    call_command("deals", "link-events", "--json", stdout=out)
    assert json.loads(out.getvalue())["already"] == 0 and Deal.objects.count() == 1
    out = io.StringIO()
    call_command("deals", "sync-pledges", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"created": 0, "updated": 0, "unchanged": 0, "unreadable_amount": 0}
