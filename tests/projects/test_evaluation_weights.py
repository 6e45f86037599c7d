"""Per-call weights of the 绩效评价 indicators (set in the call editor, summing to 100, used by the grading and shown
in the DOCX), and the 专利导航工程实施评价 of a navigation project (its own indicators, weights and grade, with the
platform's thematic database as the evidence of its report). Grades computed by hand in the comments."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from docx import Document

from zhichan.projects import actions, funding_actions, performance
from zhichan.projects.actions import Refused
from zhichan.projects.models import Call

from .conftest import TODAY
from .test_outcome import approved, funded  # noqa: F401  (the fixtures)
from .test_pages import call_post
from .test_scores import passed, seated  # noqa: F401

pytestmark = pytest.mark.django_db


def weights_post(output: str, effect: str, satisfaction: str, budget: str) -> dict[str, str]:
    return {"weight_output": output, "weight_effect": effect, "weight_satisfaction": satisfaction,
            "weight_budget": budget}


NAV_POST = {"navigation": "on", "nav_weight_report": "40", "nav_weight_application": "20", "nav_weight_layout": "20",
            "nav_weight_talent": "5", "nav_weight_funds": "15"}


def docx_text(response) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)


# ---- pure -------------------------------------------------------------------------------------------------------

def test_navigation_indicators_are_graded_like_performance():
    weights = performance.clean_weights({"report": 40, "application": 20, "layout": 20, "talent": 5, "funds": 15},
                                        performance.NAVIGATION)
    # 36 + 15 + 12.5 + 5 + 12 = 80.5: 良
    scores, total, grade = performance.evaluate(
        weights, {"report": "36", "application": "15", "layout": "12.5", "talent": "5", "funds": "12"},
        performance.NAVIGATION)
    assert (scores["layout"], total, grade) == (D("12.50"), D("80.50"), "良")
    with pytest.raises(performance.IndicatorError, match="talent"):  # above its weight of 5
        performance.evaluate(weights, {"report": "36", "application": "15", "layout": "12", "talent": "6",
                                       "funds": "12"}, performance.NAVIGATION)
    with pytest.raises(performance.IndicatorError, match="sum to 100, not 95"):
        performance.clean_weights({"report": 40, "application": 20, "layout": 20, "talent": 5, "funds": 10},
                                  performance.NAVIGATION)
    with pytest.raises(performance.IndicatorError, match="output: weight missing"):  # the other system's codes
        performance.clean_weights(weights, performance.PERFORMANCE)
    assert sum(performance.default_weights(performance.NAVIGATION).values()) == 100


def test_weights_have_at_most_two_decimals():
    assert performance.clean_weights({"output": "40.25", "effect": "29.75", "satisfaction": 10, "budget": 20})
    with pytest.raises(performance.IndicatorError, match="two decimals"):
        performance.clean_weights({"output": "40.255", "effect": "29.745", "satisfaction": 10, "budget": 20})


# ---- the call editor --------------------------------------------------------------------------------------------

def test_a_new_call_has_the_default_weights(office):
    call = actions.do_save_call(office, None, {"title": "t", "guide": "g", "opens_on": TODAY, "closes_on": TODAY})
    assert call.evaluation_weights() == {"output": D(40), "effect": D(30), "satisfaction": D(10), "budget": D(20)}
    assert call.evaluation_system == performance.PERFORMANCE


def test_the_editor_refuses_weights_not_summing_to_100(client, office):
    client.force_login(office)
    response = client.post("/projects/new/", call_post(**weights_post("50", "30", "10", "5")))
    page = response.content.decode()
    assert response.status_code == 400 and "绩效评价各项指标权重之和须为 100，现为 95" in page
    assert 'value="50"' in page and not Call.objects.exists()  # the input kept, nothing saved
    response = client.post("/projects/new/", call_post(**weights_post("50", "30", "", "10")))
    assert response.status_code == 400 and "请填写绩效评价的全部指标权重" in response.content.decode()
    # a navigation call checks its own five weights too: 40 + 20 + 20 + 5 + 10 = 95
    bad_nav = {**NAV_POST, "nav_weight_funds": "10"}
    response = client.post("/projects/new/", call_post(**weights_post("50", "30", "10", "10"), **bad_nav))
    assert response.status_code == 400 and "专利导航工程实施评价各项指标权重之和须为 100，现为 95" in response.content.decode()
    assert not Call.objects.exists()


def test_the_editor_records_weights_and_shows_them_again(client, office):
    client.force_login(office)
    response = client.post("/projects/new/", call_post(**weights_post("50", "30", "10", "10"), **NAV_POST))
    assert response.status_code == 302
    call = Call.objects.get()
    assert call.performance_weights == {"output": "50", "effect": "30", "satisfaction": "10", "budget": "10"}
    assert call.navigation and call.navigation_weights["report"] == "40"
    form = client.get(f"/projects/{call.pk}/edit/").content.decode()
    assert 'name="weight_output" value="50"' in form and 'name="nav_weight_talent" value="5"' in form


def test_the_action_refuses_bad_weights_too(office):
    with pytest.raises(Refused, match="指标权重有误"):
        actions.do_save_call(office, None, {"title": "t", "guide": "g", "opens_on": TODAY, "closes_on": TODAY,
                                            "performance_weights": {"output": 60, "effect": 30, "satisfaction": 10,
                                                                    "budget": 10}})


# ---- grading on the database ------------------------------------------------------------------------------------

def _set(office, call: Call, **values) -> None:
    actions.do_save_call(office, call, values)


def _accepted(funded, office, achieved: str = "12"):  # noqa: F811
    call = funded.decision.call
    call.fields = [*call.fields, {"code": "f3", "label": "新增发明专利申请（件）", "type": "number", "target": True}]
    call.save()
    funded.application.values = {**funded.application.values, "f3": "10"}
    funded.application.save()
    funding_actions.do_add_tranche(office, funded, dt.date(2027, 1, 10), "45")  # 45 of the 50 granted
    funding_actions.do_accept(office, funded, {"f3": achieved})
    funded.refresh_from_db()
    return funded


def test_grading_uses_the_calls_weights(funded, office, client):  # noqa: F811
    award = _accepted(funded, office)
    _set(office, award.decision.call, performance_weights={"output": 50, "effect": 20, "satisfaction": 10,
                                                           "budget": 20})
    award.refresh_from_db()
    # output: the one target met, 50 × 1/1 = 50; budget: 20 × 45/50 = 18
    assert funding_actions.suggested(award) == {"output": D("50.00"), "budget": D("18.00")}
    with pytest.raises(Refused):  # effect is worth 20 on this call, not 30
        funding_actions.do_evaluate(office, award, {"output": "45", "effect": "25", "satisfaction": "9", "budget": "15"})
    # 45 + 18 + 9 + 15 = 87: 良 (with the default weights output could not exceed 40)
    ev = funding_actions.do_evaluate(office, award, {"output": "45", "effect": "18", "satisfaction": "9",
                                                     "budget": "15"})
    assert (ev.system, ev.total, ev.grade) == ("performance", D("87.00"), "良")
    assert ev.weights == {"output": "50", "effect": "20", "satisfaction": "10", "budget": "20"}
    client.force_login(office)
    page = client.get(f"/projects/awards/{award.pk}/").content.decode()
    assert 'id="evaluation-total">87.00' in page and 'name="output"' in page and 'max="50' in page
    text = docx_text(client.get(f"/projects/awards/{award.pk}/report.docx"))
    assert "绩效评价指标权重（本项目申报指南设定）：产出指标 50 分、效益指标 20 分、满意度指标 10 分、预算执行率 20 分" in text
    assert "产出指标（权重 50 分）：45.00 分" in text and "综合得分 87.00 分，评价等级为“良”" in text
    # a later change of the call's weights does not rewrite the recorded evaluation
    _set(office, award.decision.call, performance_weights={"output": 25, "effect": 25, "satisfaction": 25,
                                                           "budget": 25})
    award.refresh_from_db()
    assert award.evaluation.weights["output"] == "50" and award.evaluation.total == D("87.00")


def test_a_navigation_project_is_evaluated_by_the_navigation_indicators(funded, office, client):  # noqa: F811
    from zhichan.navigation.models import ThematicDatabase, Version

    award = _accepted(funded, office, achieved="8")  # the target (10 new applications) not met
    _set(office, award.decision.call, navigation=True,
         navigation_weights={"report": 40, "application": 20, "layout": 20, "talent": 5, "funds": 15})
    award.refresh_from_db()
    # layout from the targets: 0 of 1 met → 0; funds: 15 × 45/50 = 13.5
    assert funding_actions.suggested(award) == {"layout": D("0.00"), "funds": D("13.50")}
    with pytest.raises(Refused):  # the 绩效评价 indicators do not apply to a navigation project
        funding_actions.do_evaluate(office, award, {"output": "40", "effect": "25", "satisfaction": "9",
                                                    "budget": "18"})
    db = ThematicDatabase.objects.create(name="新能源汽车产业专利导航")
    Version.objects.create(database=db, number=1, members=[1, 2, 3])
    Version.objects.create(database=db, number=2, members=[1, 2, 3, 4, 5])
    never_built = ThematicDatabase.objects.create(name="未生成版本的数据库")
    scores = {"report": "36", "application": "15", "layout": "6", "talent": "4", "funds": "13.5"}
    with pytest.raises(Refused, match="尚未生成版本"):
        funding_actions.do_evaluate(office, award, scores, navigation_database=never_built.pk)
    client.force_login(office)
    url = f"/projects/awards/{award.pk}/"
    form = client.get(url).content.decode()
    assert 'name="report"' in form and 'name="output"' not in form
    assert f'value="{db.pk}"' in form and f'value="{never_built.pk}"' not in form  # only databases with a version
    response = client.post(url, {"form": "evaluate", **scores, "navigation_database": str(db.pk), "comment": "良好"})
    assert response.status_code == 302
    award.refresh_from_db()
    ev = award.evaluation
    # 36 + 15 + 6 + 4 + 13.5 = 74.5: 中
    assert (ev.system, ev.total, ev.grade) == ("navigation", D("74.50"), "中")
    assert (ev.evidence["database"], ev.evidence["version"], ev.evidence["records"]) == (db.pk, 2, 5)
    page = client.get(url).content.decode()
    assert "专利导航工程实施评价" in page and f'href="/navigation/{db.pk}/"' in page
    text = docx_text(client.get(f"{url}report.docx"))
    assert text.startswith("专利导航项目实施评价报告")
    assert "导航报告完成及质量（权重 40 分）：36.00 分" in text and "经费使用（权重 15 分）：13.50 分" in text
    assert "本平台专题数据库“新能源汽车产业专利导航”第 2 版" in text and "收录 5 件" in text
    assert "综合得分 74.50 分，评价等级为“中”" in text


def test_a_performance_call_has_no_navigation_evidence_field(funded, office, client):  # noqa: F811
    award = _accepted(funded, office)
    client.force_login(office)
    assert 'name="navigation_database"' not in client.get(f"/projects/awards/{award.pk}/").content.decode()
