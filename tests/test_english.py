"""English (issue 13, item 8): every string a user sees goes through the `.po` catalogue. The catalogue has no empty
or fuzzy entry and the compiled `.mo` says what the `.po` says; every page of the URLconf, opened in English by a
visitor and each role over a small world (demo patents, indicators, a plan, a thematic database, service cases, articles),
shows no Chinese outside the data, which templates mark `lang="zh"`; the chart labels handed to the scripts are
English too. A new page is covered by itself (every named URL without arguments), or fails until the world gives
it an object."""

from __future__ import annotations

import datetime as dt
import gettext
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from lxml import html as lxml_html

LOCALE = Path(__file__).resolve().parents[1] / "src" / "zhichan" / "locale" / "en" / "LC_MESSAGES"
PO, MO = LOCALE / "django.po", LOCALE / "django.mo"
# Han characters and the full-width punctuation that comes with them (，。：（） …): either is Chinese on the page.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]+")
# A search in the query language (TI=电池, PA=(华为 OR 中兴)): the terms are data, in whatever language they are.
QUERY_TERM = re.compile(r"\b[A-Z]{2,5}\s*(?:=|>=|<=|>|<)\s*(?:\([^)]*\)?|\"[^\"]*\"|[^\s)]+)")
# A value quoted in a message (“机构名称”, the column a file must have; “起重机”, what the user typed) is data.
QUOTED = re.compile(r"“[^”]*”")
ENTRY = re.compile(r'^(?P<head>(?:#.*\n)*)(?:msgctxt (?:".*"\n)+)?msgid (?P<id>(?:".*"\n)+)(?:msgid_plural (?:".*"\n)+)?'
                   r'(?P<strs>(?:msgstr(?:\[\d\])? (?:".*"\n)+)+)', re.M)


def _unquote(lines: str) -> str:
    return "".join(re.findall(r'^(?:msg\w*(?:\[\d\])? )?"(.*)"$', lines, re.M))


def po_entries() -> list[tuple[str, list[str], bool]]:
    """(msgid, msgstrs, fuzzy) for every entry of the catalogue but its header."""
    out = []
    for m in ENTRY.finditer(PO.read_text("utf-8") + "\n"):
        msgid = _unquote(m["id"])
        if not msgid:
            continue
        strs = [_unquote(s) for s in re.findall(r'msgstr(?:\[\d\])? ((?:".*"\n)+)', m["strs"])]
        flags = " ".join(line for line in m["head"].splitlines() if line.startswith("#,"))
        out.append((msgid, strs, "fuzzy" in flags))
    return out


# -- the catalogue ------------------------------------------------------------------------------------------------

def test_every_catalogue_entry_is_translated():
    entries = po_entries()
    assert len(entries) > 500, "the catalogue lost its entries"
    empty = [msgid for msgid, strs, _ in entries if not all(strs)]
    fuzzy = [msgid for msgid, _, is_fuzzy in entries if is_fuzzy]
    assert not empty, f"{len(empty)} entries without English: {empty[:20]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy entries (a guess, not a translation): {fuzzy[:20]}"
    # Chinese may stay only as a literal value: quoted, in a query, or listed in parentheses (the words a field takes)
    literal = re.compile(rf"{QUOTED.pattern}|{QUERY_TERM.pattern}|\([^()]*\)")
    chinese = [msgid for msgid, strs, _ in entries if any(CJK.search(literal.sub("", s)) for s in strs)]
    assert not chinese, f"English that is still Chinese: {chinese[:20]}"


def _po_catalog() -> dict[object, str]:
    """The .po as gettext's catalog (what a fresh msgfmt would compile): context\x04msgid keys, (msgid, n) for
    plurals; fuzzy entries left out, as msgfmt leaves them."""
    unescape = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}

    def text(lines: list[str]) -> str:
        joined = "".join(re.match(r'^(?:\S+ )?"(.*)"$', line).group(1) for line in lines)
        return re.sub(r"\\(.)", lambda m: unescape.get(m.group(1), m.group(0)), joined)

    catalog: dict[object, str] = {}
    for block in PO.read_text("utf-8").split("\n\n"):
        fields: dict[str, list[str]] = {}
        key = None
        for line in block.splitlines():
            if line.startswith("#"):
                if line.startswith("#,") and "fuzzy" in line:
                    fields["fuzzy"] = []
                continue
            if not line.startswith('"'):
                key = line.split(" ", 1)[0]
            fields.setdefault(key, []).append(line)
        if "msgid" not in fields or "fuzzy" in fields:
            continue
        msgid = text(fields["msgid"])
        if "msgctxt" in fields:
            msgid = f"{text(fields['msgctxt'])}\x04{msgid}"
        if "msgid_plural" in fields:
            for k in fields:
                if k.startswith("msgstr["):
                    catalog[(msgid, int(k[7:-1]))] = text(fields[k])
        else:
            catalog[msgid] = text(fields["msgstr"])
    return catalog


def test_the_compiled_catalogue_says_what_the_po_says():
    with MO.open("rb") as f:
        shipped = gettext.GNUTranslations(f)._catalog  # type: ignore[attr-defined]
    expected = {k: v for k, v in _po_catalog().items() if k != ""}
    shipped = {k: v for k, v in shipped.items() if k != ""}  # the header aside
    stale = sorted(str(k) for k in expected.keys() ^ shipped.keys())
    stale += sorted(str(k) for k in expected.keys() & shipped.keys() if expected[k] != shipped[k])
    assert not stale, f"django.mo is out of date (run make messages): {stale[:20]}"


def test_the_catalogue_compiles_cleanly(tmp_path):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("gettext's msgfmt is not installed")
    subprocess.run([msgfmt, "--check-format", "-o", str(tmp_path / "django.mo"), str(PO)], check=True)


def test_the_language_menu_names_each_language_in_itself(client):
    for language in ("zh-hans", "en"):
        client.cookies["django_language"] = language
        page = lxml_html.fromstring(client.get("/login/").content)
        options = {o.get("value"): (o.text_content().strip(), o.get("lang"))
                   for o in page.xpath("//select[@name='language']/option")}
        assert options == {"zh-hans": ("简体中文", "zh-Hans"), "en": ("English", "en")}, options


def test_the_engine_refuses_in_the_readers_language():
    """The workflow engine is pure Python: its refusals are put into words when shown, in the request's language."""
    from django.utils import translation

    from zhichan.core.workflow import machine as wf
    from zhichan.core.workflow.services import MACHINES

    pledge = MACHINES["pledge"]
    refusals = []
    for name, role, fields in (("approve", wf.STAFF, {}), ("submit", wf.STAFF, {}), ("submit", wf.APPLICANT, {}),
                               ("nonsense", wf.APPLICANT, {})):
        with pytest.raises(wf.TransitionError) as info:
            wf.apply(pledge, wf.CaseState("draft"), name, role, fields)
        refusals.append(info.value)
    with pytest.raises(wf.TransitionError) as info:
        wf.accepted(pledge, pledge.transition("submit"), {"registration_number": "1"})
    refusals.append(info.value)
    assert all(CJK.search(str(r)) for r in refusals)  # Chinese by default
    with translation.override("en"):
        english = [str(r) for r in refusals]
    assert not [text for text in english if CJK.search(QUOTED.sub("", text))], english


@pytest.mark.django_db
def test_error_pages_in_english():
    """The 500 page (rendered without a request) and the refused-form page, as an English reader gets them."""
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("en"):
        assert not visible_chinese(render_to_string("500.html").encode())
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = "en"
    refused = client.post("/login/", {"username": "x", "password": "y"})
    assert refused.status_code == 403 and not visible_chinese(refused.content)


# -- the sources --------------------------------------------------------------------------------------------------

SRC = Path(__file__).resolve().parents[1] / "src" / "zhichan"
TEMPLATE_WORDS = [
    re.compile(r"{%\s*blocktranslate\b.*?{%\s*endblocktranslate\s*%}", re.S),
    re.compile(r"{%\s*translate\s+(?:\"[^\"]*\"|'[^']*')[^%]*%}"),
    re.compile(r"_\((?:\"[^\"]*\"|'[^']*')\)"),  # a filter's translated argument: join:_("、")
    re.compile(r"{#.*?#}"),
    re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S),
    re.compile(r"<(\w+)\b[^>]*\blang=\"zh[^\"]*\"[^>]*>.*?</\1>", re.S),  # data, marked as Chinese
    QUERY_TERM,
]


def untranslated_lines(text: str) -> list[tuple[int, str]]:
    for pattern in TEMPLATE_WORDS:
        text = pattern.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if CJK.search(line)]


@pytest.mark.parametrize("path", sorted(SRC.rglob("templates/**/*.html")), ids=lambda p: str(p.relative_to(SRC)))
def test_templates_say_everything_through_the_catalogue(path):
    """Chinese in a template is a {% translate %}, a {% blocktranslate %}, or data marked lang="zh-Hans"."""
    found = untranslated_lines(path.read_text("utf-8"))
    assert not found, "\n".join(f"{path.name}:{n}: {line[:120]}" for n, line in found)


@pytest.mark.parametrize("path", sorted(p for p in SRC.rglob("static/**/*.js") if "vendor" not in p.parts),
                         ids=lambda p: p.name)
def test_scripts_take_their_words_from_the_page(path):
    """A script's labels come from the page (data- attributes, json_script), translated there; comments aside."""
    code = re.sub(r"//[^\n]*|/\*.*?\*/", "", path.read_text("utf-8"), flags=re.S)
    found = [line.strip() for line in code.splitlines() if CJK.search(line)]
    assert not found, found[:10]


# -- the pages ----------------------------------------------------------------------------------------------------

PASSWORD = "pw-Zhichan-2026"
ROLES = ("anonymous", "public", "enterprise", "agency", "expert", "department", "staff", "office", "admin")
# Named URLs that are not pages a person reads: files, feeds, JSON for the scripts, POST-only steps.
NOT_PAGES = {
    "logout", "set_language", "api-search", "api-schema", "api-public-statistics", "portal:notice-rss",
    "portal:policy-rss", "portal:file", "patents:rejected-xlsx", "search:save", "search:export",
    "search:export-download", "search:watch", "indicators:compute", "indicators:publish",
    "indicators:high-value-export", "indicators:export-download", "indicators:geo", "indicators:report-file",
    "indicators:plan-export", "indicators:plan-map", "indicators:plan-baseline", "indicators:add-award",
    "services:attachment", "services:feed", "navigation:china", "navigation:search-report",
    "navigation:report-download", "navigation:scope", "navigation:branch", "navigation:refresh",
    "navigation:report", "job-status", "job-resume", "user-active", "accept-invitation",
    "password_reset_confirm", "agencies:office-change", "agencies:rule-save", "agencies:rule-version-publish",
    "agencies:case-step", "supervision:draw", "supervision:publish",
    "market:listing-step", "market:listing-report", "market:demands-csv", "market:demand-close", "market:interest",
    "events:qr", "events:cancel-registration", "events:register", "events:propose", "events:step", "events:decide",
    "events:export", "training:certificate", "events:hours-export", "events:hours-feed", "events:credit-hours",
    "talent:bring-in", "talent:remove-entry",
    "talent:qualification-add", "talent:qualification-remove", "talent:export", "talent:list-export",
    "talent:list-import", "projects:credit-remove",
    "market:stock-step", "market:stock-answer",
    "deals:export", "deals:sync", "deals:cancel",
    "market:demand-rematch",
    "projects:call-publish", "projects:applications-csv", "projects:draw", "projects:application-step",
    "projects:file", "projects:seat-answer", "projects:rate-expert",
    "projects:decision-step", "projects:objection-answer", "projects:award-reconsider",
}


def named_urls() -> list[tuple[str, list[str]]]:
    """(name, argument names) of every named URL of the URLconf."""
    out: list[tuple[str, list[str]]] = []

    def walk(resolver: URLResolver, namespace: str) -> None:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
                walk(pattern, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                out.append((name, sorted(pattern.pattern.regex.groupindex)))

    walk(get_resolver(), "")
    return out


@pytest.fixture
def world(django_user_model, settings):
    """A small platform with something on every page, and one user per role."""
    from zhichan.core import jobs
    from zhichan.core.account_actions import do_create_organization
    from zhichan.core.models import Region
    from zhichan.core.workflow.services import MACHINES
    from zhichan.indicators.actions import (
        do_compute_indicators,
        do_generate_report,
        do_load_plan_templates,
        do_publish_figures,
    )
    from zhichan.indicators.compute import Settings
    from zhichan.indicators.models import Plan
    from zhichan.navigation.models import ThematicDatabase
    from zhichan.patents.actions import do_load_demo
    from zhichan.patents.models import Application, ImportFile
    from zhichan.portal.actions import do_publish_article, do_save_article, do_submit_article
    from zhichan.search.actions import do_export_search
    from zhichan.services import actions as services
    from zhichan.services.models import Case, TechnicalField, Window

    make = django_user_model.objects.create_user
    admin = make("admin", password=PASSWORD, role="admin", is_staff=True, is_superuser=True)
    office = make("office", password=PASSWORD, role="office")
    staff = make("staff", password=PASSWORD, role="staff")
    firm = do_create_organization(office, "徐州某某科技有限公司", "enterprise", "91320300MA0000000J")  # verified
    city = Region.objects.get(code="320300")
    enterprise = make("enterprise", password=PASSWORD, role="enterprise", organization=firm, is_org_admin=True)
    for window in Window.objects.all():
        window.staff.add(staff)
        window.supervisor = staff
        window.save()
    TechnicalField.objects.create(ipc="H01M", name="新能源")

    do_load_demo(None, 60, "徐州市")
    as_of = dt.date.today()
    do_compute_indicators(office, city, as_of)
    do_publish_figures(office, city, as_of, Settings())
    do_load_plan_templates(office)
    call_command("navigation", "demo")

    article = do_save_article(office, None, {"kind": "notice", "title": "关于开展专利预审备案的通知",
                                             "issuer": "徐州市知识产权局", "doc_number": "", "body": "正文。"})
    do_publish_article(office, do_submit_article(office, article))

    entity = services.do_open_case(enterprise, "preexam_entity")
    from django.core.files.uploadedfile import SimpleUploadedFile
    licence = SimpleUploadedFile("营业执照.pdf", b"%PDF-1.4\n% test\n", content_type="application/pdf")
    services.do_transition(enterprise, entity, "submit", {
        "entity_name": "徐州某某科技有限公司", "credit_code": "91320300MA0000000J", "address": "徐州市泉山区",
        "technical_fields": "新能源"}, [licence])
    services.do_transition(staff, entity, "claim")
    case = services.do_open_case(enterprise, "assistance")

    db = ThematicDatabase.objects.get()
    agency_args, agent = _agencies(office, staff, admin)
    market_args = _market(office, enterprise)
    projects_args = _projects(office, staff, enterprise)
    events_args = _events(office, enterprise)
    stock_args = _stock(office, enterprise)
    deals_args = _deals(office)
    protection_args = _protection(admin, office, staff)
    job = jobs.run(do_export_search(office, "TI=起重机", "xlsx").pk)
    do_generate_report(office, city, f"{as_of.year - 1}")
    return {
        "users": {"enterprise": enterprise, "agency": agent, "staff": staff, "office": office, "admin": admin,
                  **{role: make(role, password=PASSWORD, role=role) for role in ("public", "expert", "department")}},
        "args": {
            "user-detail": {"user_id": enterprise.pk},
            "organization-detail": {"org_id": firm.pk},
            "portal:article": {"article_id": article.pk},
            "articles:detail": {"article_id": article.pk},
            "articles:edit": {"article_id": article.pk},
            "job-detail": {"job_id": job.pk},
            "patents:reconcile": {"file_id": ImportFile.objects.order_by("pk").first().pk},
            "patents:detail": {"key": Application.objects.order_by("key").first().key},
            "search:similar": {"key": Application.objects.order_by("key").first().key},
            "indicators:high-value": {"region_code": city.code},
            "indicators:plan": {"plan_id": Plan.objects.order_by("pk").first().pk},
            "services:guide": {"code": "preexam"},
            "services:edit-guide": {"code": "preexam"},
            "services:apply": {"kind": "pledge"},
            "services:case": {"case_id": Case.objects.get(pk=entity.pk).pk},
            "navigation:detail": {"db_id": db.pk},
            "navigation:dashboard": {"db_id": db.pk},
            "navigation:records": {"db_id": db.pk},
            "navigation:changes": {"db_id": db.pk, "number": 1, "which": "added"},
            **agency_args,
            **market_args,
            **projects_args,
            **events_args,
            **stock_args,
            **deals_args,
            **protection_args,
        },
        # Forms sent back with their errors, per role: (URL, data).
        "posts": {
            "anonymous": [("/login/", {"username": "nobody", "password": "wrong"}), ("/register/", {})],
            "enterprise": [("/services/apply/pledge/", {"transition": "submit", "intent": "submit",
                                                        "amount_wan": "五百万", "start_date": "明年"}),
                           ("/services/apply/assistance/", {"transition": "submit", "intent": "submit",
                                                            "subject": "某公司", "description": "说明" * 5,
                                                            "files": SimpleUploadedFile("evidence.exe", b"MZ")})],
            "staff": [(f"/services/cases/{entity.pk}/", {"transition": "request_material"})],
            "office": [("/indicators/population/", {"region": "Atlantis", "year": "abc"}), ("/navigation/",
                       {"name": "", "queries": "TI=("}), ("/articles/new/", {})],
            "admin": [("/accounts/users/new/", {}), ("/services/guides/preexam/edit/", {})],
        },
        "more": [*(f"/services/catalogue/{code}/" for code in MACHINES), *(f"/services/apply/{code}/" for code in MACHINES),
                 "/navigation/search/?q=TI%3D起重机", "/navigation/search/records/?q=TI%3D起重机",
                 "/indicators/high-value/320300/?indicator=valid_invention", "/indicators/?city=320000",
                 "/patents/places/?unplaced_of=320300", "/patents/?status=valid&type=invention",
                 f"/services/cases/{case.pk}/", "/search/?q=TI%3D起重机", "/patents/?q=PA%3D徐州",
                 "/search/?q=TI%3D(起重机", "/no/such/page/", f"/navigation/{db.pk}/records/?branch=1"],
    }


def _agencies(office, staff, admin) -> tuple[dict[str, dict[str, int]], object]:
    """An agency with a credit event its own user objects to, an inspection plan drawn, a complaint."""
    from django.contrib.auth.models import AnonymousUser

    from zhichan.agencies import complaint_actions, credit_actions, credit_cases
    from zhichan.agencies import inspection_actions as inspections
    from zhichan.agencies.abnormal_models import AbnormalCandidate
    from zhichan.agencies.actions import do_save_agency
    from zhichan.core.creditcode import check_character
    from zhichan.core.models import Organization, User

    code = "91320300MA1W8K2L5" + check_character("91320300MA1W8K2L5")
    agency = do_save_agency(None, {"name": "徐州市某某专利代理事务所", "credit_code": code, "licence_number": "32999",
                                   "licensed_on": dt.date.today(), "address": "江苏省徐州市泉山区"})[0]
    org = Organization.objects.create(name="徐州市某某专利代理事务所", kind="agency", credit_code=code)
    agent = User.objects.create_user("agent", password=PASSWORD, role="agency", organization=org)
    event = credit_actions.do_record_event(office, agency, "caseload_excess", dt.date.today(), evidence="抽查")
    case = credit_cases.do_open_case(agent, "objection", event, {"reason": "代理量有合理说明"})
    for user in (staff, admin):
        inspections.do_add_inspector(office, user)
    plan = inspections.do_create_plan(office, name="2026年专利代理机构双随机抽查", year=dt.date.today().year,
                                      ratio="1", publish_by=dt.date.today() + dt.timedelta(days=90), per_object=2,
                                      weights={"A+": 1, "A": 1, "B": 1, "C": 1, "D": 1, "": 1})
    plan = inspections.do_draw(office, plan, seed="1")
    complaint, _code = complaint_actions.do_file_complaint(
        AnonymousUser(), kind="report", subject_name="某代理所", description="代理大量明显拼凑的申请", agency=agency,
        address="203.0.113.5")
    call_command("abnormal", "scan", "--save", "--json", stdout=io.StringIO())  # leads among the demo patents
    lead = AbnormalCandidate.objects.order_by("pk").first()
    return {"agencies:detail": {"agency_id": agency.pk}, "agencies:office-detail": {"agency_id": agency.pk},
            "agencies:abnormal-candidate": {"candidate_id": lead.pk},
            "agencies:case": {"case_id": case.pk}, "supervision:plan": {"plan_id": plan.pk},
            "supervision:inspection": {"inspection_id": plan.inspections.first().pk},
            "supervision:complaint": {"complaint_id": complaint.pk}}, agent


def _protection(admin, office, staff) -> dict[str, dict[str, int]]:
    """A decided adjudication case (its page, its decision DOCX) with a panel of the three handlers."""
    from zhichan.patents.models import Application
    from zhichan.protection import actions

    day = dt.date(2025, 9, 26)
    case, _code = actions.do_file_case(
        office, "adjudication", title="起重机臂架专利侵权纠纷", fields={"claims": "请求责令停止侵权"},
        parties=[("requester", "徐州乙重工有限公司"), ("respondent", "徐州甲机械有限公司")],
        patents=Application.objects.order_by("key")[:1], today=day)
    for name, fields, on in (("accept", {}, day), ("serve", {"served_on": "2025-09-30"}, dt.date(2025, 9, 30)),
                             ("schedule", {"hearing_on": "2025-10-20", "place": "第一审理庭"}, dt.date(2025, 9, 30)),
                             ("hear", {"record": "双方到庭"}, dt.date(2025, 10, 20))):
        case = actions.do_transition(staff, case, name, fields, today=on)
    actions.do_set_panel(office, case, [("staff", ""), ("office", ""), ("admin", "")], "staff")
    actions.do_transition(staff, case, "decide", {"finding": "成立", "decision": "责令停止侵权"}, today=dt.date(2025, 11, 3))
    from zhichan.protection import publish_actions, watch

    typical = publish_actions.do_draft_typical(office, case)  # the decided case as a published typical case
    typical = publish_actions.do_save_typical(office, typical, title=typical.title, facts=typical.facts,
                                              outcome=typical.outcome, significance="行政裁决及时制止侵权")
    publish_actions.do_publish_typical(office, typical)

    watched = watch.do_create_list(office, "重点产业链企业")
    watch.do_add_item(office, watched, "ipc", "B66C")
    from zhichan.protection import report_actions, report_gather
    from zhichan.protection.riskfigures import Quarter

    report, _new = report_actions.do_draft_risk_report(office, report_gather.industry(area="B66C"),
                                                       Quarter.of(dt.date(2025, 11, 3)))
    return {"protection:report": {"report_id": report.pk}, "protection:report-docx": {"report_id": report.pk},
            "protection:case": {"case_id": case.pk}, "protection:decision": {"case_id": case.pk},
            "protection:watch-list": {"list_id": watched.pk}, "protection:typical-edit": {"case_id": case.pk},
            "protection:typical-case": {"typical_id": typical.pk}}


def _projects(office, staff, enterprise) -> dict[str, dict[str, int]]:
    """A published call the enterprise applied to, its application passed by staff, three experts drawn."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhichan.projects import actions as projects
    from zhichan.projects import expert_actions

    today = dt.date.today()
    call = projects.do_publish_call(office, projects.do_save_call(office, None, {
        "title": "知识产权示范企业", "guide": "申报指南", "rules": {"kinds": ["enterprise"]},
        "fields": [{"label": "项目名称", "required": True}, {"label": "领域", "type": "choice", "choices": ["新能源"]}],
        "requirements": ["申报书"], "opens_on": today, "closes_on": today + dt.timedelta(days=30), "panel_size": 3,
        "sheet": [{"label": "创新性", "max": 60}, {"label": "可行性", "max": 40}]}))
    app = projects.do_save_application(enterprise, call, None, {"f1": "示范项目", "f2": "新能源"}, "王一", "赵二",
                                       {"申报书": SimpleUploadedFile("a.pdf", b"%PDF-1.4\n")})
    app = projects.do_submit_application(enterprise, app)
    projects.do_transition(staff, app, "claim")
    projects.do_transition(staff, app, "pass", {"comment": "合格"})
    experts = [expert_actions.do_save_expert(office, None, {"name": f"专家{i}", "title": "senior", "years": 20,
                                                            "birth_year": 1970, "organization": "中国矿业大学"}, [])
               for i in range(3)]
    review = expert_actions.do_draw_panel(office, call, seed="1")
    outcome_args = _project_outcome(office, call, app)
    return {**outcome_args, "projects:call": {"call_id": call.pk}, "projects:call-edit": {"call_id": call.pk},
            "projects:apply": {"call_id": call.pk}, "projects:review": {"call_id": call.pk},
            "projects:application": {"application_id": app.pk}, "experts:edit": {"expert_id": experts[0].pk},
            "projects:results": {"call_id": call.pk},
            "projects:score": {"review_id": review.pk, "application_id": app.pk}}


def _project_outcome(office, call, app) -> dict[str, dict[str, int]]:
    """The call approved, its 公示 over and the results published; the project accepted and graded."""
    from zhichan.projects import funding_actions
    from zhichan.projects import outcome_actions as oa

    today = dt.date.today()
    decision = oa.do_start_publicity(office, oa.do_approve(office, call, {app.pk: "50"}), today - dt.timedelta(days=30))
    oa.do_publish_results(office, decision, today)
    award = decision.awards.get()
    funding_actions.do_add_tranche(office, award, today, "20")
    funding_actions.do_accept(office, award, {})
    funding_actions.do_evaluate(office, award, {"output": 40, "effect": 25, "satisfaction": 9, "budget": 8})
    return {"projects:decision": {"call_id": call.pk}, "projects:award": {"award_id": award.pk},
            "projects:award-report": {"award_id": award.pk}, "projects:public-call": {"call_id": call.pk},
            "projects:publicity": {"call_id": call.pk}}


def _market(office, enterprise) -> dict[str, dict[str, int]]:
    """A published open licence of a demo patent, the enterprise's demand in an industry chain, matched to it."""
    from zhichan.market import actions as market
    from zhichan.market.models import Listing
    from zhichan.patents.models import Application

    app = Application.objects.order_by("key").first()
    listing = Listing.objects.create(application=app, organization=enterprise.organization, created_by=enterprise,
                                     kind="open", license_type="ordinary", title="锂电池极片开放许可",
                                     price_mode="royalty", royalty_base="net_sales", royalty_rate=3,
                                     term_end=dt.date.today() + dt.timedelta(days=365), status="published")
    chain = market.do_save_chain(office, {"name": "新能源汽车", "description": "动力电池"})
    demand = market.do_save_demand(enterprise, None, {
        "title": "高镍正极材料改性", "summary": "寻求循环寿命提升方案", "details": "掺杂配方", "mode": "joint_rd",
        "chain": chain, "deadline": dt.date.today() + dt.timedelta(days=30)}, publish=True)
    market.do_record_match(None, demand, enterprise.organization, listing=listing, score=0.5)
    return {"market:listing": {"listing_id": listing.pk}, "market:listing-edit": {"listing_id": listing.pk},
            "market:demand": {"demand_id": demand.pk}, "market:demand-edit": {"demand_id": demand.pk},
            "market:chain": {"chain_id": chain.pk}, "market:patent-enterprises": {"key": app.key}}


def _deals(office) -> dict[str, dict[str, int]]:
    """A licence of a demo patent in the deals register, with its amount."""
    from decimal import Decimal

    from zhichan.deals.actions import do_record_deal
    from zhichan.patents.models import Application

    deal = do_record_deal(office, {"kind": "licence", "licence_type": "exclusive",
                                   "application": Application.objects.order_by("key").first(),
                                   "from_name": "徐州某某科技有限公司", "to_name": "南京某某有限公司",
                                   "amount_wan": Decimal("120"), "effective_on": dt.date.today()})
    return {"deals:detail": {"deal_id": deal.pk}, "deals:edit": {"deal_id": deal.pk}}


def _stock(office, enterprise) -> dict[str, dict[str, int]]:
    """A university's graded stock patent, pushed to the enterprise (存量专利盘活)."""
    from zhichan.core.models import Organization
    from zhichan.market import stock_actions
    from zhichan.market.models import StockPatent, StockPush
    from zhichan.patents.models import Application

    university = Organization.objects.create(name="中国矿业大学", kind="university")
    entry = StockPatent.objects.create(organization=university, application=Application.objects.order_by("key")[1],
                                       prospects=4, trl=6)
    entry = stock_actions.do_grade_stock(office, entry)
    StockPush.objects.create(stock=entry, organization=enterprise.organization, score=0.42, reasons={
        "kind": "holder", "patents": [entry.application.key], "shared_terms": ["电池"],
        "factors": {"text": {"value": 0.5, "weight": 0.5, "points": 0.25}}})
    return {"market:stock": {"stock_id": entry.pk}}


def _events(office, enterprise) -> dict[str, dict[str, object]]:
    """A published 对接会 tomorrow presenting the market's demand, the enterprise registered, a follow-up recorded."""
    from django.utils import timezone

    from zhichan.events import actions as events
    from zhichan.market.models import Demand

    start = timezone.now() + dt.timedelta(days=1)
    event = events.do_save_event(office, None, {"kind": "matchmaking", "title": "新能源汽车产业链供需对接会",
                                                "summary": "动力电池专场", "place": "徐州市科技大厦", "starts_at": start,
                                                "ends_at": start + dt.timedelta(hours=3), "capacity": 50})
    event = events.do_publish_event(office, event)
    item = events.do_add_item(office, event, demand=Demand.objects.order_by("pk").first())
    registration = events.do_register(enterprise, event, {"name": "张三", "phone": "13800000000", "role": "总监"})
    events.do_record_follow_up(office, event, {"item": item, "outcome": "intent", "amount_wan": 30,
                                               "note": "约定下周考察"})
    lecture = events.do_save_event(office, None, {"kind": "lecture", "title": "专利检索实务讲座",
                                                  "starts_at": timezone.now() + dt.timedelta(minutes=30),
                                                  "ends_at": timezone.now() + dt.timedelta(hours=3),
                                                  "hours": 3, "hours_category": "professional"})
    lecture = events.do_publish_event(office, lecture)
    seat = events.do_register(enterprise, lecture, {"name": "张三", "phone": "13800000000"})
    credit = events.do_check_in(office, lecture, seat.token).credit  # 3 学时 credited, a certificate to verify
    return {"events:detail": {"event_id": event.pk}, "events:manage": {"event_id": event.pk},
            "events:edit": {"event_id": event.pk}, "events:verify-code": {"code": credit.code},
            **_talent(office, enterprise), **_rotation(office),
            "events:checkin": {"event_id": event.pk, "token": registration.token}}


def _rotation(office) -> dict[str, dict[str, object]]:
    """A 轮训 plan of the city's practitioners, cycles of six months from this year's start."""
    from zhichan.core.models import Region
    from zhichan.events import rotation_actions

    plan = rotation_actions.do_save_rotation_plan(office, None, {
        "name": "专利代理师轮训", "audience": "practitioners", "region": Region.objects.filter(name="徐州市").first(),
        "starts_on": dt.date(dt.date.today().year, 1, 1), "months": 6, "min_hours": None, "talent_list": None,
        "note": ""})
    return {"events:rotation": {"plan_id": plan.pk}, "events:rotation-edit": {"plan_id": plan.pk},
            "events:rotation-export": {"plan_id": plan.pk}}


def _talent(office, enterprise) -> dict[str, dict[str, object]]:
    """The enterprise's user registered in the talent database, on a 领军人才培引清单."""
    from zhichan.talent import actions as talent

    person = talent.do_save_own(enterprise, {"name": "张三", "title": "知识产权经理", "qualifications": "企业知识产权管理体系内审员"})
    chosen = talent.do_save_list(office, {"name": "领军人才培引清单", "year": 2026})
    talent.do_add_entry(office, chosen, person, "重点培养")
    return {"talent:person": {"person_id": person.pk}, "talent:edit": {"person_id": person.pk},
            "talent:list": {"list_id": chosen.pk}}


def visible_chinese(content: bytes) -> list[str]:
    """The Chinese a reader of the page sees, outside the data marked lang="zh": text, and the words of titles,
    placeholders, labels and buttons."""
    tree = lxml_html.fromstring(content)
    # <title> holds data beside its words and cannot mark it: test_templates_say_everything_through_the_catalogue
    # checks the words of every title block.
    # A textarea holds what the user typed (like an input's value), not the page's words.
    for element in tree.xpath("//script | //style | //title | //textarea | //*[starts-with(@lang, 'zh')]"):
        element.drop_tree()
    texts = tree.xpath("//text()")
    for attribute in ("title", "placeholder", "aria-label", "alt"):
        texts += tree.xpath(f"//@{attribute}")
    texts += tree.xpath("//input[@type='submit' or @type='button']/@value")
    return [text.strip()[:80] for text in texts if CJK.search(QUOTED.sub("", QUERY_TERM.sub("", text)))]


def _strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def chart_labels(content: bytes) -> list[str]:
    """Chinese in the labels the page hands its charts (titles, axis and series names), data aside."""
    tree = lxml_html.fromstring(content)
    found: list[str] = []

    def walk(value: object, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key in LABEL_KEYS and CJK.search(value):
            found.append(f"{key}={value[:60]}")

    for script in tree.xpath("//script[@type='application/json']"):
        payload = json.loads(script.text or "null")
        if script.get("id", "").endswith("labels"):  # a script's own words, all of them
            found += [f"{script.get('id')}: {text}" for text in _strings(payload) if CJK.search(text)]
        walk(payload)
    return found


# Keys whose values are words of the interface; a patent's "title" or a region's "name" in the same payload is data.
LABEL_KEYS = {"label", "labels", "unit_label", "formula_label", "legend", "series_name", "axis_name"}


def pages(world) -> tuple[list[str], list[str]]:
    """The URLs to open, and the named URLs with arguments the world gives no object for."""
    urls, missing = [], []
    for name, args in named_urls():
        if name in NOT_PAGES:
            continue
        if args and name not in world["args"]:
            missing.append(name)
            continue
        urls.append(reverse(name, kwargs=world["args"].get(name)))
    return urls + world["more"], missing


@pytest.mark.django_db
def test_every_page_with_arguments_is_opened(world):
    assert not pages(world)[1], "pages with arguments this test opens with no object (add one to `world`)"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_no_chinese_reaches_the_english_pages(role, world):
    client = Client()
    if role != "anonymous":
        client.force_login(world["users"][role])
    client.cookies["django_language"] = "en"
    problems: dict[str, list[str]] = {}  # the Chinese text -> the pages that show it
    for url in pages(world)[0]:
        response = client.get(url, follow=True)
        if "html" not in response.get("Content-Type", "") or response.status_code == 405:
            continue  # a file, a feed, JSON; a step that only takes a POST
        assert response.status_code in (200, 400, 403, 404), (url, response.status_code)
        for text in visible_chinese(response.content) + chart_labels(response.content):
            problems.setdefault(text, []).append(url)
    for url, data in world["posts"].get(role, []):
        response = client.post(url, data, follow=True)
        assert response.status_code in (200, 400, 403), (url, response.status_code)
        for text in visible_chinese(response.content):
            problems.setdefault(text, []).append(f"POST {url}")
    assert not problems, f"{len(problems)} Chinese strings in the English pages ({role}):\n" + "\n".join(
        f"{text}    — {urls[0]}" + (f" and {len(urls) - 1} more" if len(urls) > 1 else "")
        for text, urls in problems.items())
