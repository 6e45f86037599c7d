"""The dashboard's settings, used as a browser submits them: the user changes the choices in the form and presses
按以上口径计算; the figures are computed with those choices, the page comes back at a clean address holding them (no
CSRF token) with the choices kept, and says the settings in words. No internal file names anywhere in the UI."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.indicators.test_compute import CITY, GULOU, QUANSHAN, fixture_data  # noqa: F401  (fixture)
from zhichan.indicators.models import ComputedFigure

pytestmark = pytest.mark.django_db
AS_OF = "2024-12-31"
WORDS = "口径：第一专利权人归属；较高质押金额 1000 万元；维持 10 年自申请日起；战略性新兴产业按任一分类号"


class _Forms(HTMLParser):
    """The forms of a page as a browser sees them: each control's name, type and current value."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._select: dict | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"attrs": a, "controls": [], "buttons": []})
        elif not self.forms:
            return
        elif tag == "input" and a.get("name"):
            self.forms[-1]["controls"].append({"name": a["name"], "type": a.get("type", "text"),
                                               "value": a.get("value") or ""})
        elif tag == "select":
            self._select = {"name": a.get("name"), "type": "select", "value": None, "options": []}
            self.forms[-1]["controls"].append(self._select)
        elif tag == "option" and self._select is not None:
            self._select["options"].append(a.get("value"))
            if "selected" in a or self._select["value"] is None:
                self._select["value"] = a.get("value")
        elif tag == "button":
            self.forms[-1]["buttons"].append(a)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def submit(client, page: str, button_id: str, choices: dict[str, str]):
    """Change the visible controls of the form holding the button, then press it (its name=value is sent)."""
    parser = _Forms()
    parser.feed(page)
    form = next(f for f in parser.forms if any(b.get("id") == button_id for b in f["buttons"]))
    data = {}
    for control in form["controls"]:
        value = control["value"]
        if control["name"] in choices:
            assert control["type"] != "hidden", f"{control['name']} cannot be chosen in this form"
            if control["type"] == "select":
                assert choices[control["name"]] in control["options"]
            value = choices[control["name"]]
        data[control["name"]] = value
    missing = set(choices) - set(data)
    assert not missing, f"the form has no control for {missing}"
    button = next(b for b in form["buttons"] if b.get("id") == button_id)
    if button.get("name"):
        data[button["name"]] = button.get("value", "")
    method = (button.get("formmethod") or form["attrs"].get("method") or "get").lower()
    action = button.get("formaction") or form["attrs"].get("action") or "/indicators/"
    return client.post(action, data) if method == "post" else client.get(action, data)


@pytest.fixture
def office(client, django_user_model):
    user = django_user_model.objects.create_user("office", password="x", role="office")
    client.force_login(user)
    return user


CHOSEN = {"attribution": "fractional", "pledge_threshold": "1200", "ten_years_from": "grant", "sei_match": "main"}


def test_compute_uses_the_settings_chosen_in_the_form_and_keeps_them(fixture_data, client, office):  # noqa: F811
    page = client.get("/indicators/", {"city": CITY, "as_of": AS_OF}).content.decode()
    response = submit(client, page, "compute-button", CHOSEN)
    assert response.status_code == 302
    figures = ComputedFigure.objects.all()
    assert figures.exists()
    assert {tuple(sorted(f.settings.items())) for f in figures} == {tuple(sorted({
        "attribution": "fractional", "high_value_pledge_threshold_wan": 1200.0, "high_value_ten_years_from": "grant",
        "high_value_sei_match": "main"}.items()))}
    address = urlsplit(response["Location"])
    query = {k: v[0] for k, v in parse_qs(address.query).items()}
    assert address.path == "/indicators/" and "csrfmiddlewaretoken" not in query and "step" not in query
    assert query == {"city": CITY, "as_of": AS_OF, **CHOSEN}
    shown = client.get(response["Location"]).content.decode()
    assert 'id="indicator-table"' in shown and "尚未按此口径计算" not in shown
    parser = _Forms()
    parser.feed(shown)
    form = next(f for f in parser.forms if f["attrs"].get("id") == "indicator-form")
    kept = {c["name"]: c["value"] for c in form["controls"] if c["name"] in CHOSEN}
    assert kept == CHOSEN  # the choices are kept
    assert "口径：全部专利权人归属（按份额）；较高质押金额 1200 万元；维持 10 年自授权日起；战略性新兴产业按主分类号" in shown
    # the figures' drill-downs carry the same settings
    assert "attribution=fractional&amp;pledge_threshold=1200&amp;ten_years_from=grant&amp;sei_match=main" in shown


def test_view_button_shows_the_chosen_settings_without_computing(fixture_data, client, office):  # noqa: F811
    page = client.get("/indicators/", {"city": CITY, "as_of": AS_OF}).content.decode()
    response = submit(client, page, "view-button", {"as_of": "2023-12-31", "attribution": "all_holders"})
    assert response.status_code == 302 and not ComputedFigure.objects.exists()
    query = parse_qs(urlsplit(response["Location"]).query)
    assert "csrfmiddlewaretoken" not in query and query["as_of"] == ["2023-12-31"]
    assert query["attribution"] == ["all_holders"]


def test_settings_in_words_not_a_dict(fixture_data, client, office):  # noqa: F811
    page = client.get("/indicators/", {"city": CITY, "as_of": AS_OF}).content.decode()
    assert WORDS in page and "{&#x27;attribution&#x27;" not in page and "high_value_pledge" not in page
    submit(client, page, "compute-button", {})
    page = client.get("/indicators/", {"city": CITY, "as_of": AS_OF}).content.decode()
    assert WORDS in page and "attribution&#x27;" not in page
    client.cookies["django_language"] = "en"
    english = client.get("/indicators/", {"city": CITY, "as_of": AS_OF}).content.decode()
    assert ("attributed to the first holder; higher pledge amount 1000 × 10,000 yuan; kept 10 years counted from "
            "filing; strategic emerging industries by any IPC code") in english


def test_bad_settings_are_refused_with_the_input_kept(fixture_data, client, office):  # noqa: F811
    page = client.get("/indicators/", {"city": CITY, "as_of": AS_OF}).content.decode()
    response = submit(client, page, "compute-button", {"pledge_threshold": "五百"})
    assert response.status_code == 400 and not ComputedFigure.objects.exists()
    text = response.content.decode()
    assert 'id="settings-errors"' in text and 'value="五百"' in text
    assert client.get("/indicators/", {"city": CITY, "pledge_threshold": "-3"}).status_code == 200  # default used


def test_staff_may_look_but_not_compute(fixture_data, client, django_user_model):  # noqa: F811
    client.force_login(django_user_model.objects.create_user("staff", password="x", role="staff"))
    page = client.get("/indicators/", {"city": CITY, "as_of": AS_OF}).content.decode()
    assert 'id="compute-button"' not in page and 'id="view-button"' in page
    assert submit(client, page, "view-button", {"attribution": "all_holders"}).status_code == 302
    assert client.post("/indicators/compute/", {"city": CITY, "step": "compute"}).status_code == 403
    assert not ComputedFigure.objects.exists()


INTERNAL = ("domain.md", "docs/", ".md", "seed 0", "seed0", "§")


def test_no_internal_file_names_in_the_ui(fixture_data, client, office):  # noqa: F811
    from zhichan.indicators import plans
    from zhichan.indicators.models import Plan

    plans.load_templates()
    client.post("/indicators/compute/", {"city": CITY, "as_of": AS_OF})
    quanshan = Plan.objects.get(template_key="quanshan-2024-2026")
    pages = {url: client.get(url).content.decode() for url in [
        "/indicators/catalogue/", "/indicators/plans/", f"/indicators/plans/{quanshan.pk}/",
        f"/indicators/?city={CITY}&as_of={AS_OF}",
        f"/indicators/high-value/{GULOU}/?indicator=valid_invention&as_of={AS_OF}",
        f"/indicators/high-value/{QUANSHAN}/?as_of={AS_OF}"]}
    for url, text in pages.items():
        for word in INTERNAL:
            assert word not in text, (url, word)
    catalogue = pages["/indicators/catalogue/"]
    assert "东营区国家知识产权强县建设示范工作方案（2024—2026年）" in catalogue  # sources by name
    assert "国家知识产权局" in catalogue
    assert "徐政办发〔2024〕8号" in pages["/indicators/plans/"]
