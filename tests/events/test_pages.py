"""The events pages: public list and filter, the agenda linking to the market, registration through the form (input
kept, 400 with reasons), hostile input, nobody sees another's registrations, the office's statistics and export."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from lxml import html as lxml_html

from zhichan.events import actions, qr
from zhichan.events.models import Event, EventItem, FollowUp, Registration

from .conftest import person

pytestmark = pytest.mark.django_db


class Page:
    """The parsed page, read with the simple CSS selectors these tests use (tag, #id, .class, [attr=value],
    descendants), turned into XPath: cssselect is not a dependency."""

    def __init__(self, response) -> None:
        self.tree = lxml_html.fromstring(response.content)

    def cssselect(self, selector: str) -> list:
        return self.tree.xpath(xpath(selector))


def xpath(selector: str) -> str:
    steps = []
    for token in selector.split():
        m = re.fullmatch(r"([a-z0-9]*)(?:#([\w-]+))?(?:\.([\w-]+))?(?:\[(\w+)=([^\]]+)\])?", token)
        tag, ident, cls, attr, value = m.groups()
        tests = [f'@id="{ident}"'] if ident else []
        tests += [f'contains(concat(" ", normalize-space(@class), " "), " {cls} ")'] if cls else []
        tests += [f'@{attr}="{value}"'] if attr else []
        steps.append((tag or "*") + "".join(f"[{t}]" for t in tests))
    return "//" + "//".join(steps)


def page(response) -> Page:
    return Page(response)


def text(response, selector: str) -> str:
    return " ".join(e.text_content().strip() for e in page(response).cssselect(selector))


def event_form(**over):
    start = timezone.localtime() + dt.timedelta(days=10)
    return {"kind": "matchmaking", "title": "新能源汽车产业链供需对接会", "summary": "", "place": "徐州市科技大厦",
            "starts_at": f"{start:%Y-%m-%dT%H:%M}", "ends_at": f"{start + dt.timedelta(hours=3):%Y-%m-%dT%H:%M}",
            "capacity": "30", "checkin_before_minutes": "120", "checkin_after_minutes": "60", **over}


def test_the_public_list_shows_upcoming_and_past_and_filters_by_kind(make_event, client):
    make_event(title="对接会甲")
    make_event(title="路演乙", kind="roadshow")
    make_event(title="草稿丙", publish=False)
    over = make_event(title="往期丁")
    Event.objects.filter(pk=over.pk).update(starts_at=timezone.now() - dt.timedelta(days=3),
                                            ends_at=timezone.now() - dt.timedelta(days=3) + dt.timedelta(hours=2))
    response = client.get("/events/")
    assert response.status_code == 200
    assert text(response, "#upcoming-events tbody td a") == "对接会甲 路演乙"
    assert text(response, "#past-events tbody td a") == "往期丁"
    assert "草稿丙" not in response.content.decode()
    filtered = client.get("/events/?kind=roadshow")
    assert text(filtered, "#upcoming-events tbody td a") == "路演乙"
    assert client.get("/events/?kind=nonsense").status_code == 200  # an unknown kind filters nothing


def test_a_draft_is_not_found_by_the_public(make_event, client, enterprise, office):
    draft = make_event(publish=False)
    assert client.get(f"/events/{draft.pk}/").status_code == 404
    client.force_login(enterprise)
    assert client.get(f"/events/{draft.pk}/").status_code == 404
    client.force_login(office)
    assert client.get(f"/events/{draft.pk}/").status_code == 200


def test_the_agenda_links_the_presented_demand_and_listing_to_the_market(make_event, office, demand, listing,
                                                                          client):
    event = make_event()
    actions.do_add_item(office, event, demand=demand)
    actions.do_add_item(office, event, listing=listing)
    response = client.get(f"/events/{event.pk}/")
    links = [(a.text_content(), a.get("href")) for a in page(response).cssselect("#event-agenda a.item-link")]
    assert links == [("高镍正极材料改性", f"/market/demands/{demand.pk}/"), ("锂电池极片转让", f"/market/{listing.pk}/")]
    assert client.get(links[0][1]).status_code == 200 and client.get(links[1][1]).status_code == 200
    assert "掺杂配方细节" not in response.content.decode()  # the demand's details stay with the matched parties


def test_an_enterprise_proposes_its_own_demand_and_the_office_accepts(make_event, enterprise, office, demand,
                                                                      listing, client):
    event = make_event()
    client.force_login(enterprise)
    # the stranger's listing is not among the enterprise's choices: refused beside the field
    refused = client.post(f"/events/{event.pk}/propose/", {"listing": listing.pk})
    assert refused.status_code == 400 and "listing" in refused.context["propose_form"].errors
    assert client.post(f"/events/{event.pk}/propose/", {"demand": demand.pk, "note": "现场答疑"}).status_code == 302
    item = EventItem.objects.get()
    assert item.status == "proposed" and item.presenter == enterprise.organization
    assert "高镍正极材料改性" not in text(client.get(f"/events/{event.pk}/"), "#event-agenda")  # not yet on the agenda
    client.force_login(office)
    assert client.post(f"/events/office/items/{item.pk}/decide/", {"decision": "accept"}).status_code == 302
    assert "高镍正极材料改性" in text(client.get(f"/events/{event.pk}/"), "#event-agenda")


def test_a_pending_organisation_may_not_present(make_event, enterprise, demand):
    from zhichan.core.permissions import PermissionDenied

    enterprise.organization.status = "pending"
    enterprise.organization.save()
    enterprise.refresh_from_db()
    with pytest.raises(PermissionDenied):
        actions.do_add_item(enterprise, make_event(), demand=demand)


def test_nobody_presents_another_organisations_demand(make_event, stranger, demand):
    from zhichan.core.permissions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.do_add_item(stranger, make_event(), demand=demand)


def test_registering_through_the_form(make_event, enterprise, client):
    event = make_event(capacity=5)
    client.force_login(enterprise)
    form = page(client.get(f"/events/{event.pk}/")).cssselect("#register-form input[name=name]")[0]
    assert form.get("value") == "张三"  # the user's own name, offered
    response = client.post(f"/events/{event.pk}/register/", person(role="技术总监"))
    assert response.status_code == 302 and response["Location"] == "/events/mine/"
    mine = client.get("/events/mine/")
    assert "新能源汽车产业链供需对接会" in text(mine, "#my-registrations") and "已报名" in text(mine, ".status")
    registration = Registration.objects.get()
    assert page(mine).cssselect(".qr")[0].get("src") == f"/events/mine/{registration.pk}/qr.svg"


def test_a_refused_registration_keeps_the_input(make_event, enterprise, client):
    event = make_event()
    client.force_login(enterprise)
    response = client.post(f"/events/{event.pk}/register/", person(name="李四", phone="not a phone"))
    assert response.status_code == 400
    assert "phone" in response.context["register_form"].errors
    assert page(response).cssselect("#register-form input[name=name]")[0].get("value") == "李四"
    assert not Registration.objects.exists()


def test_registration_after_the_deadline_says_so(make_event, enterprise, client):
    event = make_event(deadline=timezone.now() - dt.timedelta(minutes=1))
    client.force_login(enterprise)
    assert "报名已截止" in text(client.get(f"/events/{event.pk}/"), "#registration-closed")
    response = client.post(f"/events/{event.pk}/register/", person())
    assert response.status_code == 400 and "报名已截止" in response.content.decode()


def test_anonymous_visitors_are_asked_to_sign_in(make_event, client):
    event = make_event()
    assert page(client.get(f"/events/{event.pk}/")).cssselect("#login-to-register")
    response = client.post(f"/events/{event.pk}/register/", person())
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert client.get("/events/mine/")["Location"].startswith("/login/")


def test_the_qr_code_encodes_the_check_in_address(make_event, enterprise, client):
    registration = actions.do_register(enterprise, make_event(), person())
    client.force_login(enterprise)
    response = client.get(f"/events/mine/{registration.pk}/qr.svg")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    url = f"http://testserver/events/{registration.event_id}/checkin/{registration.token}/"
    assert response.content == qr.svg(url)


def test_a_stranger_sees_none_of_anothers_registrations(make_event, enterprise, stranger, client):
    event = make_event()
    registration = actions.do_register(enterprise, event, person())
    client.force_login(stranger)
    assert "张三" not in client.get("/events/mine/").content.decode()
    assert "13800000000" not in client.get(f"/events/{event.pk}/").content.decode()
    assert client.get(f"/events/mine/{registration.pk}/qr.svg").status_code == 404
    assert client.post(f"/events/mine/{registration.pk}/cancel/", {"token": registration.token}).status_code == 404
    assert client.get(f"/events/office/{event.pk}/").status_code == 403
    assert client.get(f"/events/office/{event.pk}/registrations.xlsx").status_code == 403
    assert client.get(f"/events/{event.pk}/checkin/{registration.token}/").status_code == 403
    assert Registration.objects.get().status == "registered"


def test_cancelling_ones_own_registration_from_the_page(make_event, enterprise, client):
    event = make_event()
    registration = actions.do_register(enterprise, event, person())
    client.force_login(enterprise)
    assert client.post(f"/events/mine/{registration.pk}/cancel/", {"token": "wrong"}).status_code == 400
    assert client.post(f"/events/mine/{registration.pk}/cancel/", {"token": registration.token}).status_code == 302
    assert Registration.objects.get().status == "cancelled"


# ---- the office -------------------------------------------------------------------------------------------------

def test_the_office_creates_and_publishes_an_event_through_the_forms(office, client):
    client.force_login(office)
    assert client.get("/events/office/new/").status_code == 200
    data = event_form()
    response = client.post("/events/office/new/", data)
    event = Event.objects.get()
    assert response.status_code == 302 and event.status == "draft" and event.capacity == 30
    assert timezone.localtime(event.starts_at).tzname() == "CST"  # Asia/Shanghai, as the form was typed
    edit = page(client.get(f"/events/office/{event.pk}/edit/")).cssselect("#event-form input[name=starts_at]")
    assert edit[0].get("value") == data["starts_at"]  # shown back as typed, in Asia/Shanghai
    assert client.post(f"/events/office/{event.pk}/publish/").status_code == 302
    event.refresh_from_db()
    assert event.status == "published" and event.published_at is not None


@pytest.mark.parametrize(("capacity", "field"), [("0", "capacity"), ("1000000000000", "capacity"), ("-1", "capacity")])
def test_hostile_capacities_are_refused_with_400(office, client, capacity, field):
    client.force_login(office)
    response = client.post("/events/office/new/", event_form(capacity=capacity))
    assert response.status_code == 400 and field in response.context["form"].errors
    assert not Event.objects.exists()


@pytest.mark.parametrize("capacity", [0, 10**12])
def test_hostile_capacities_are_refused_by_the_action_too(office, make_event, capacity):
    event = make_event(publish=False, capacity=5)
    with pytest.raises(actions.Refused) as info:
        actions.do_save_event(office, event, {"capacity": capacity})
    assert "capacity" in info.value.errors
    event.refresh_from_db()
    assert event.capacity == 5


def test_an_end_before_the_start_is_refused_beside_its_field(office, client):
    client.force_login(office)
    start = timezone.localtime() + dt.timedelta(days=3)
    response = client.post("/events/office/new/", event_form(ends_at=f"{start - dt.timedelta(hours=1):%Y-%m-%dT%H:%M}",
                                                             starts_at=f"{start:%Y-%m-%dT%H:%M}"))
    assert response.status_code == 400 and "ends_at" in response.context["form"].errors


def test_markup_in_titles_and_names_is_shown_as_text(office, make_event, make_user, client):
    hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    event = make_event(title=hostile)
    actions.do_register(make_user(), event, person(name=hostile))
    for url, role in ((f"/events/{event.pk}/", None), ("/events/", None), (f"/events/office/{event.pk}/", office),
                      ("/events/office/", office)):
        if role:
            client.force_login(role)
        body = client.get(url).content.decode()
        assert "<script>alert(1)" not in body and "<img src=x" not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_office_statistics_hand_computed(office, make_event, make_user, demand, client):
    """Capacity 3, four register (one waits), one of the seated cancels (the waiting one is promoted), two check
    in: 3 seated, 0 waiting, 1 cancelled, 2 attended → 2/3 = 67 %. Follow-ups: 签约 120.5 and 达成意向 30 万元,
    one 无后续: 150.5 in all, 120.5 signed."""
    event = make_event(capacity=3, starts=dt.timedelta(minutes=30))
    users = [make_user() for _ in range(4)]
    regs = [actions.do_register(u, event, person(f"人{n}")) for n, u in enumerate(users)]
    actions.do_cancel_registration(users[1], regs[1])
    actions.do_check_in(office, event, regs[0].token)
    actions.do_check_in(office, event, regs[3].token)  # the promoted one
    item = actions.do_add_item(office, event, demand=demand)
    a, b = users[0].organization, None
    from zhichan.core.models import Organization

    a = Organization.objects.create(name="甲公司")
    b = Organization.objects.create(name="乙大学")
    actions.do_record_follow_up(office, event, {"item": item, "outcome": "signed", "amount_wan": Decimal("120.5"),
                                                "deal_ref": "42"})
    actions.do_record_follow_up(office, event, {"party_a": a, "party_b": b, "outcome": "intent",
                                                "amount_wan": Decimal(30)})
    actions.do_record_follow_up(office, event, {"party_a": a, "party_b": b, "outcome": "none"})
    make_event(title="另一场", capacity=10)  # no registrations: changes none of the event's figures

    client.force_login(office)
    response = client.get(f"/events/office/{event.pk}/")
    cells = {cls: text(response, f"#event-figures .{cls}") for cls in (
        "seated", "waiting", "attended", "attendance-rate", "items", "outcome-signed", "outcome-intent",
        "outcome-ongoing", "outcome-none", "amount", "signed")}
    assert cells == {"seated": "3", "waiting": "0", "attended": "2", "attendance-rate": "67%", "items": "1",
                     "outcome-signed": "1", "outcome-intent": "1", "outcome-ongoing": "0", "outcome-none": "1",
                     "amount": "150.5", "signed": "120.5"}
    overall = client.get("/events/office/")
    assert text(overall, "#office-figures .seated") == "3" and text(overall, "#office-figures .amount") == "150.5"
    row = [r for r in page(overall).cssselect("#office-events tbody tr") if event.title in r.text_content()][0]
    assert [td.text_content() for td in row.xpath(".//td")][5:] == ["3", "0", "2", "3"]


def test_the_registrations_export(office, make_event, make_user, client):
    from openpyxl import load_workbook

    event = make_event(capacity=1)
    actions.do_register(make_user(), event, person("甲", "13900000001", "=HYPERLINK(\"http://x\")"))
    actions.do_register(make_user(), event, person("乙", "13900000002", "工程师"))
    client.force_login(office)
    response = client.get(f"/events/office/{event.pk}/registrations.xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:5] == ("姓名", "单位", "职务", "手机号码", "状态")
    assert [r[0] for r in rows[1:]] == ["甲", "乙"] and [r[4] for r in rows[1:]] == ["已报名", "候补"]
    assert rows[1][2] == "'=HYPERLINK(\"http://x\")"  # a formula typed into a field stays text


def test_follow_ups_recorded_through_the_form(office, make_event, demand, client):
    event = make_event()
    item = actions.do_add_item(office, event, demand=demand)
    client.force_login(office)
    today = timezone.localdate().isoformat()
    shown = page(client.get(f"/events/office/{event.pk}/")).cssselect("#follow-up-form input[name=occurred_on]")
    assert shown[0].get("value") == today  # ISO, the only form a date input reads (not the locale's 2026/11/27)
    assert client.post(f"/events/office/{event.pk}/follow-up/", {"outcome": "ongoing", "occurred_on": today}
                       ).status_code == 400  # neither an item nor two organisations
    response = client.post(f"/events/office/{event.pk}/follow-up/", {
        "item": item.pk, "outcome": "signed", "amount_wan": "88", "occurred_on": today, "deal_ref": "D-7",
        "note": "签订许可合同"})
    assert response.status_code == 302
    row = FollowUp.objects.get()
    assert (row.item, row.outcome, row.amount_wan, row.deal_ref) == (item, "signed", Decimal(88), "D-7")
    assert "签订许可合同" in text(client.get(f"/events/office/{event.pk}/"), "#follow-ups")


def test_follow_up_rules(office, make_event, demand, firm):
    event, other = make_event(), make_event(title="另一场")
    foreign = actions.do_add_item(office, other, demand=demand)
    with pytest.raises(actions.Refused):
        actions.do_record_follow_up(office, event, {"item": foreign, "outcome": "signed"})
    with pytest.raises(actions.Refused):
        actions.do_record_follow_up(office, event, {"party_a": firm, "party_b": firm, "outcome": "intent"})
    with pytest.raises(actions.Refused):
        actions.do_record_follow_up(office, event, {"item": None, "party_a": firm, "outcome": "intent"})
    with pytest.raises(actions.Refused):
        actions.do_record_follow_up(office, other, {"item": foreign, "outcome": "signed", "amount_wan": Decimal(-1)})
    assert not FollowUp.objects.exists()


def test_nobody_registers_for_a_draft_by_posting_to_it(make_event, enterprise, client):
    draft = make_event(publish=False)
    client.force_login(enterprise)
    assert client.post(f"/events/{draft.pk}/register/", person()).status_code == 404
    assert client.post(f"/events/{draft.pk}/propose/", {}).status_code == 404
    assert not Registration.objects.exists()


def test_unknown_office_steps_and_a_get_on_a_step_are_refused(make_event, office, client):
    event = make_event()
    client.force_login(office)
    assert client.post(f"/events/office/{event.pk}/explode/").status_code == 404
    assert client.get(f"/events/office/{event.pk}/publish/").status_code == 405
    assert client.post(f"/events/office/{event.pk}/publish/").status_code == 400  # published already: says why
