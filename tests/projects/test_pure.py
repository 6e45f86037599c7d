"""The pure modules: eligibility rules, declared fields, conflicts of interest and the panel draw, on hand-built
values (the draw's property test is in test_draw_property.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from zhichan.projects import conflicts as cf
from zhichan.projects import eligibility as el
from zhichan.projects import fields as fd
from zhichan.projects import panel

TODAY = dt.date(2026, 11, 27)
FIRM = el.Applicant(name="徐州云图智能科技有限公司", kind="enterprise", region_code="320311", registered=True,
                    verified=True, grade=None, valid_inventions=4)


def outcomes(rules, applicant=FIRM):
    return {r.rule: r.outcome for r in el.check(rules, applicant)}


def test_each_rule_passes_fails_or_is_unknown_with_its_reason():
    rules = {"region_prefix": "3203", "kinds": ["enterprise", "university"], "verified": True, "min_grade": "B",
             "min_valid_inventions": 3}
    assert outcomes(rules) == {"region_prefix": "pass", "kinds": "pass", "verified": "pass", "min_grade": "unknown",
                               "min_valid_inventions": "pass"}
    results = el.check(rules, FIRM)
    assert el.eligible(results)  # unknown goes to staff, it does not refuse
    inventions = next(r for r in results if r.rule == "min_valid_inventions")
    assert inventions.reason % inventions.params == "有效发明专利 4 件，不少于 3 件"


def test_failing_rules():
    other = el.Applicant(name="南京某公司", kind="institute", region_code="320102", registered=True, verified=False,
                         grade="C", valid_inventions=2)
    rules = {"region_prefix": "3203", "kinds": ["enterprise"], "verified": True, "min_grade": "B",
             "min_valid_inventions": 3}
    assert outcomes(rules, other) == dict.fromkeys(rules, "fail")
    assert not el.eligible(el.check(rules, other))


def test_grade_order_and_bounds():
    graded = el.Applicant(name="某代理所", grade="A")
    assert outcomes({"min_grade": "A"}, graded) == {"min_grade": "pass"}
    assert outcomes({"min_grade": "A+"}, graded) == {"min_grade": "fail"}
    assert outcomes({"min_valid_inventions": 4}) == {"min_valid_inventions": "pass"}  # exactly N is enough
    assert outcomes({"min_valid_inventions": 5}) == {"min_valid_inventions": "fail"}
    assert outcomes({"region_prefix": "3203"}, el.Applicant(name="x")) == {"region_prefix": "unknown"}
    assert outcomes({"verified": True}, el.Applicant(name="x")) == {"verified": "fail"}  # not registered


@pytest.mark.parametrize("rules", [{"min_grade": "AAA"}, {"region_prefix": "徐州"}, {"min_valid_inventions": -1},
                                   {"min_valid_inventions": "many"}, {"anything": 1}])
def test_rules_that_cannot_be_checked_are_refused(rules):
    with pytest.raises(el.RuleError):
        el.clean_rules(rules)


def test_declared_fields_get_codes_and_values_are_checked():
    declared = fd.clean_fields('[{"label": "项目名称", "required": true}, {"label": "总投资（万元）", "type": "number"},'
                               ' {"label": "开始日期", "type": "date"},'
                               ' {"label": "领域", "type": "choice", "choices": ["新能源", "装备制造"]}]')
    assert [(f["code"], f["type"], f["required"]) for f in declared] == [
        ("f1", "text", True), ("f2", "number", False), ("f3", "date", False), ("f4", "choice", False)]
    clean, errors = fd.clean_values(declared, {"f2": "12.5", "f3": "2026-13-01", "f4": "医药", "f9": "x"}, True)
    assert clean == {"f2": "12.5"}
    assert errors == {"f1": "required", "f3": "date", "f4": "choice"}
    assert fd.clean_values(declared, {}, complete=False) == ({}, {})  # a draft may be empty
    assert fd.clean_values(declared, {"f2": "1e400"}, False)[1] == {"f2": "number"}
    assert fd.clean_values(declared, {"f2": "NaN"}, False)[1] == {"f2": "number"}


@pytest.mark.parametrize("declared", [
    [{"label": f"字段{i}"} for i in range(fd.MAX_FIELDS + 1)],
    [{"label": "x" * (fd.MAX_LABEL + 1)}],
    [{"label": "a"}, {"label": "a"}],
    [{"label": "a", "type": "file"}],
    [{"label": "a", "type": "choice", "choices": []}],
    [{"label": "  "}],
    "{not json", {"label": "a"}, ["a"],
])
def test_hostile_field_lists_are_refused(declared):
    with pytest.raises(fd.FieldListError):
        fd.clean_fields(declared)


# ---- conflicts ------------------------------------------------------------------------------------------------

APPLICANT = cf.ApplicantFacts(1, "徐州云图智能科技有限公司", ("张三", "李 四"))


def kinds(expert):
    return [c.kind for c in cf.conflicts_of(expert, [APPLICANT], TODAY, 3)]


def test_employment_within_three_years_counts_and_older_does_not():
    recent = cf.Link(cf.EMPLOYMENT, organization="徐州云图智能科技有限责任公司", end=dt.date(2023, 11, 27))
    old = cf.Link(cf.EMPLOYMENT, organization="徐州云图智能科技有限公司", end=dt.date(2023, 11, 26))
    assert kinds(cf.ExpertFacts(7, links=(recent,))) == ["employment"]  # 有限责任公司 = 有限公司, 3 years to the day
    assert kinds(cf.ExpertFacts(7, links=(old,))) == []
    assert kinds(cf.ExpertFacts(7, organization="徐州云图智能科技有限公司")) == ["employment"]  # works there now


def test_directorship_control_and_family_of_the_legal_representative_or_key_staff():
    links = (cf.Link(cf.DIRECTORSHIP, organization="徐州云图智能科技有限公司", start=dt.date(2020, 1, 1)),
             cf.Link(cf.CONTROL, organization="别的公司"),
             cf.Link(cf.SPOUSE, person="李四"), cf.Link(cf.COLLATERAL, person="王五"))
    assert kinds(cf.ExpertFacts(7, links=links)) == ["directorship", "spouse"]
    divorced = cf.Link(cf.SPOUSE, person="张三", end=dt.date(2020, 1, 1))
    assert kinds(cf.ExpertFacts(7, links=(divorced,))) == []
    future = cf.Link(cf.EMPLOYMENT, organization="徐州云图智能科技有限公司", start=dt.date(2027, 1, 1))
    assert kinds(cf.ExpertFacts(7, links=(future,))) == []


# ---- panel ------------------------------------------------------------------------------------------------------

def test_entry_conditions():
    ok = panel.Entry(panel.SENIOR, 2, 1960)
    assert panel.entry_problems(ok, TODAY, 8, 70) == []  # 66 years old
    assert [t for t, _ in panel.entry_problems(panel.Entry(panel.SENIOR, 2, 1956), TODAY, 8, 70)] == [
        "年龄须在 %(age)s 周岁以下"]  # 70 this year
    assert panel.entry_problems(panel.Entry(panel.INTERMEDIATE, 8, 1980), TODAY, 8, 70) == []
    assert len(panel.entry_problems(panel.Entry(panel.INTERMEDIATE, 7, 1980), TODAY, 8, 70)) == 1
    assert len(panel.entry_problems(panel.Entry(panel.OTHER, 30, None), TODAY, 8, 70)) == 2


def test_the_draw_is_reproducible_and_never_picks_an_excluded_expert():
    first = panel.draw_panel(range(1, 21), {3: "x", 4: "y"}, 5, "2026-11")
    again = panel.draw_panel(reversed(range(1, 21)), {4: "y", 3: "x"}, 5, "2026-11")
    assert first == again and len(set(first.picked)) == 5
    assert not {3, 4} & set(first.picked) and first.recused == (3, 4)
    replacement = panel.draw_panel(range(1, 21), {3: "", 4: "", **dict.fromkeys(first.picked, "")}, 1, "2026-11", 1)
    assert replacement.seed == "2026-11:r1" and replacement.picked[0] not in {3, 4, *first.picked}
    with pytest.raises(panel.PanelError):
        panel.draw_panel([1, 2, 3], {1: ""}, 3, "s")


def test_experts_in_the_reviews_fields():
    assert panel.in_fields(["H01M"], ["H01M10/052"])  # a subclass expert serves a subgroup review
    assert panel.in_fields(["H01M10/052"], ["H01M"])
    assert not panel.in_fields(["H01L"], ["H01M"])
    assert panel.in_fields(["2.1.3"], ["2"]) and panel.in_fields(["2"], ["2.1"])
    assert not panel.in_fields(["2.1"], ["2.11"]) and not panel.in_fields(["12.1"], ["1"])
    assert panel.in_fields([], []) and not panel.in_fields([], ["H01M"])
