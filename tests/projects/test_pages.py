"""The pages: the office publishes a call through its form, an enterprise applies through the form built from
the declared fields, staff return it for correction; hostile input (huge field lists, markup in labels, formula
strings in the export) is refused or made harmless."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhichan.projects import actions, flow
from zhichan.projects import fields as fd
from zhichan.projects.models import Call, ProjectApplication

from .conftest import FIRM, TODAY, load, patent

pytestmark = pytest.mark.django_db


def call_post(**extra):
    data = {"title": "2026年度专利导航项目", "guide": "指南", "opens_on": TODAY.isoformat(),
            "closes_on": "2026-12-31", "region_prefix": "3203", "kinds": ["enterprise"], "verified": "on",
            "min_valid_inventions": "1", "panel_size": "3", "requirements": "申报书\n承诺书", "aggregation": "mean",
            "fields_json": json.dumps([{"label": "项目名称", "required": True},
                                       {"label": "领域", "type": "choice", "choices": ["新能源", "装备"]}],
                                      ensure_ascii=False)}
    return {**data, **extra}


def test_the_office_publishes_a_call_and_an_enterprise_applies(client, office, applicant, staff):
    load(patent(1, FIRM))
    client.force_login(office)
    response = client.post("/projects/new/", call_post())
    call = Call.objects.get()
    assert response.status_code == 302 and call.rules == {"region_prefix": "3203", "kinds": ["enterprise"],
                                                         "verified": True, "min_valid_inventions": 1}
    assert client.post(f"/projects/{call.pk}/publish/").status_code == 302
    client.force_login(applicant)
    page = client.get(f"/projects/{call.pk}/").content.decode()
    assert "有效发明专利 1 件，不少于 1 件" in page  # the preview of the rules for this organisation
    form = client.get(f"/projects/{call.pk}/apply/").content.decode()
    assert 'name="f1"' in form and 'name="f2"' in form and 'name="file_2"' in form
    response = client.post(f"/projects/{call.pk}/apply/", {"f1": "", "f2": "医药", "submit": "1"})
    assert response.status_code == 400  # 医药 is not a choice; nothing saved
    assert not ProjectApplication.objects.exists()
    files = {"file_1": SimpleUploadedFile("申报书.pdf", b"%PDF-1.4\n"),
             "file_2": SimpleUploadedFile("承诺书.pdf", b"%PDF-1.4\n")}
    response = client.post(f"/projects/{call.pk}/apply/", {"f1": "导航", "f2": "装备", "legal_representative": "王一",
                                                          "submit": "1", **files})
    app = ProjectApplication.objects.get()
    assert response.status_code == 302 and app.state == flow.SUBMITTED and app.values == {"f1": "导航", "f2": "装备"}
    client.force_login(staff)
    assert app.number in client.get("/projects/check/").content.decode()
    client.post(f"/projects/applications/{app.pk}/step/", {"transition": "claim"})
    response = client.post(f"/projects/applications/{app.pk}/step/", {"transition": "return", "reasons": ""})
    assert response.status_code == 400  # a return needs its reasons
    client.post(f"/projects/applications/{app.pk}/step/", {"transition": "return", "reasons": "缺承诺书签字"})
    app.refresh_from_db()
    assert app.state == flow.CORRECTION
    client.force_login(applicant)
    assert "缺承诺书签字" in client.get(f"/projects/applications/{app.pk}/").content.decode()


def test_the_pages_answer_each_role(client, office, applicant, staff, call, django_user_model):
    expert_user = django_user_model.objects.create_user("ex", password="x", role="expert")
    for user, page, status in [(applicant, "/projects/new/", 403), (applicant, "/projects/check/", 403),
                               (applicant, "/experts/", 403), (staff, "/projects/check/", 200),
                               (staff, "/experts/", 403), (expert_user, "/experts/me/", 200),
                               (expert_user, "/projects/mine/", 403), (office, "/experts/new/", 200),
                               (applicant, f"/projects/{call.pk}/applications.csv", 403)]:
        client.force_login(user)
        assert client.get(page).status_code == status, (user, page)
    client.logout()
    assert client.get("/projects/").status_code == 200  # the public list of calls
    assert client.get(f"/projects/{call.pk}/")["Location"].startswith("/login/")  # a call's own page: sign in first


def test_hostile_field_lists_and_markup_in_labels(client, office, applicant):
    client.force_login(office)
    huge = json.dumps([{"label": f"字段{i}"} for i in range(fd.MAX_FIELDS + 1)], ensure_ascii=False)
    response = client.post("/projects/new/", call_post(fields_json=huge))
    assert response.status_code == 400 and not Call.objects.exists()
    assert client.post("/projects/new/", call_post(fields_json="x" * 200_000)).status_code == 400
    markup = json.dumps([{"label": "<script>alert(1)</script>名称"}])
    client.post("/projects/new/", call_post(fields_json=markup, requirements="<b>申报书</b>"))
    call = actions.do_publish_call(office, Call.objects.get())
    client.force_login(applicant)
    page = client.get(f"/projects/{call.pk}/apply/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;名称" in page
    assert "<b>申报书</b>" not in page


def test_formula_strings_are_neutralised_in_the_export(client, office, applicant, staff, call):
    load(patent(1, FIRM), patent(2, FIRM))
    app = actions.do_save_application(applicant, call, None, {"f1": '=HYPERLINK("http://x","y")', "f2": "-1"},
                                      "@王一", "", {"申报书": SimpleUploadedFile("a.pdf", b"%PDF-1.4\n")}, today=TODAY)
    actions.do_submit_application(applicant, app, today=TODAY)
    client.force_login(staff)
    response = client.get(f"/projects/{call.pk}/applications.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][3] == "'=HYPERLINK(\"http://x\",\"y\")" and rows[1][4] == "'-1"


def test_the_office_enters_an_expert_with_fields_and_relations(client, office):
    from zhichan.projects.models import Expert

    client.force_login(office)
    base = {"name": "周教授", "title": "senior", "title_name": "教授", "years": "25", "birth_year": "1968",
            "organization": "中国矿业大学", "username": "", "rel-TOTAL_FORMS": "2", "rel-INITIAL_FORMS": "0",
            "rel-MIN_NUM_FORMS": "0", "rel-MAX_NUM_FORMS": "30", "rel-0-kind": "spouse", "rel-0-person": "李四",
            "rel-1-kind": "directorship", "rel-1-organization": ""}
    response = client.post("/experts/new/", {**base, "fields": "E21D 23/00, 2.1, 不是代码"})
    assert response.status_code == 400 and not Expert.objects.exists()
    assert "不是代码" in response.content.decode()
    response = client.post("/experts/new/", {**base, "fields": "E21D 23/00, 2.1, h01m"})
    assert response.status_code == 400  # a directorship without the organisation's name
    response = client.post("/experts/new/", {**base, "fields": "E21D 23/00, 2.1, h01m",
                                                      "rel-1-organization": "徐州矿机装备有限公司"})
    assert response.status_code == 302
    expert = Expert.objects.get()
    assert expert.fields == ["E21D23/00", "2.1", "H01M"]
    assert sorted(expert.relations.values_list("kind", "person", "organization")) == [
        ("directorship", "", "徐州矿机装备有限公司"), ("spouse", "李四", "")]
