"""The query language: every construct parses to the tree it should, every mistake names its position."""

from __future__ import annotations

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from zhichan.search.query.ast import And, Not, Term
from zhichan.search.query.errors import QueryError
from zhichan.search.query.parser import parse
from zhichan.search.query.values import (
    code_pattern,
    date_range,
    keyword_values,
    number_patterns,
    text_patterns,
)


def t(field, text, phrase=False, op="="):
    return (field, text, phrase, op)


def shape(node):
    """The tree without positions, for compact expectations."""
    if isinstance(node, Term):
        return t(node.field, node.text, node.phrase, node.op)
    if isinstance(node, Not):
        return ("NOT", shape(node.item))
    return ("AND" if isinstance(node, And) else "OR", *[shape(i) for i in node.items])


@pytest.mark.parametrize(("query", "expected"), [
    ("锂电池", t(None, "锂电池")),
    ("TI=锂电池", t("TI", "锂电池")),
    ("ti=锂电池", t("TI", "锂电池")),
    ("Ti:锂电池", t("TI", "锂电池")),
    ("TI＝锂电池", t("TI", "锂电池")),
    ("TI = 锂电池", t("TI", "锂电池")),
    ('TI="lithium battery"', t("TI", "lithium battery", phrase=True)),
    ("TI=“锂 电池”", t("TI", "锂 电池", phrase=True)),
    ("A AND B", ("AND", t(None, "A"), t(None, "B"))),
    ("A and B", ("AND", t(None, "A"), t(None, "B"))),
    ("A 与 B", ("AND", t(None, "A"), t(None, "B"))),
    ("A B", ("AND", t(None, "A"), t(None, "B"))),
    ("A OR B", ("OR", t(None, "A"), t(None, "B"))),
    ("A 或 B", ("OR", t(None, "A"), t(None, "B"))),
    ("A NOT B", ("AND", t(None, "A"), ("NOT", t(None, "B")))),
    ("A 非 B", ("AND", t(None, "A"), ("NOT", t(None, "B")))),
    ("NOT B", ("NOT", t(None, "B"))),
    ("A OR B AND C", ("OR", t(None, "A"), ("AND", t(None, "B"), t(None, "C")))),
    ("(A OR B) AND C", ("AND", ("OR", t(None, "A"), t(None, "B")), t(None, "C"))),
    ("（A OR B）C", ("AND", ("OR", t(None, "A"), t(None, "B")), t(None, "C"))),
    ("TI=(锂电池 OR 钠电池)", ("OR", t("TI", "锂电池"), t("TI", "钠电池"))),
    ("TI=(锂电池 NOT 正极) AND PA=华为", ("AND", ("AND", t("TI", "锂电池"), ("NOT", t("TI", "正极"))),
                                          t("PA", "华为"))),
    ("AD=2019:2021", t("AD", "2019:2021")),
    ("AD>=20200101", t("AD", "20200101", op=">=")),
    ("AD<2020", t("AD", "2020", op="<")),
    ("IPC=H01M10/05*", t("IPC", "H01M10/05*")),
    ("batter?", t(None, "batter?")),
    ("http://x", t(None, "http://x")),
])
def test_constructs(query, expected):
    assert shape(parse(query)) == expected


@pytest.mark.parametrize(("query", "position", "words"), [
    ("", 1, "为空"),
    ("TI=(锂电池", 4, "缺少右括号"),
    ("锂电池)", 4, "多余的右括号"),
    ("XX=锂电池", 1, "未知字段 XX"),
    ("锂电池 AND", 5, "AND 后缺少检索词"),
    ("OR 锂电池", 1, "OR 前缺少检索词"),
    ('TI="锂电池', 4, "引号没有闭合"),
    ("TI=", 1, "TI 后缺少检索值"),
    ("()", 1, "括号中没有内容"),
    ("TI>锂电池", 4, "只有日期字段"),
    ("TI=(PA=华为)", 5, "不能写在"),
])
def test_errors_name_the_position(query, position, words):
    with translation.override("zh-hans"), pytest.raises(QueryError) as info:
        parse(query)
    assert info.value.position + 1 == position
    assert words in info.value.message
    with translation.override("zh-hans"):
        assert f"第 {position} 个字符处" in info.value.describe()


def test_errors_in_english_when_asked():
    with translation.override("en"), pytest.raises(QueryError) as info:
        parse("TI=(锂电池")
    assert info.value.describe() == "At character 4: missing closing parenthesis"


def term(field, text, op="=", phrase=False):
    return Term(field, text, 0, phrase, op)


@pytest.mark.parametrize(("value", "op", "bounds"), [
    ("2021", "=", (20210101, 20211231)),
    ("202102", "=", (20210201, 20210228)),
    ("20200229", "=", (20200229, 20200229)),
    ("2021-03-01", "=", (20210301, 20210301)),
    ("2021.3.1", "=", (20210301, 20210301)),
    ("2019:2021", "=", (20190101, 20211231)),
    ("2019~202106", "=", (20190101, 20210630)),
    ("2019至2021", "=", (20190101, 20211231)),
    ("2019:", "=", (20190101, None)),
    (":2019", "=", (None, 20191231)),
    ("20200101", ">=", (20200101, None)),
    ("2020", ">", (20201232, None)),
    ("2020", "<", (None, 20200100)),
    ("2020", "<=", (None, 20201231)),
])
def test_dates(value, op, bounds):
    assert date_range(term("AD", value, op)) == bounds


@pytest.mark.parametrize("value", ["20210230", "2021:2019", "abc", "2021-13", "99", "2021:2022:2023"])
def test_bad_dates(value):
    with pytest.raises(QueryError):
        date_range(term("AD", value))


def test_codes_numbers_keywords():
    assert code_pattern(term("IPC", "H01M")).value == "H01M"
    assert code_pattern(term("IPC", "h01m 10/052")).value == "H01M10/052"
    assert code_pattern(term("IPC", "H01M10/05*")).regex
    with pytest.raises(QueryError):
        code_pattern(term("IPC", "锂电池"))
    forms = {p.value for p in number_patterns(term("AN", "CN 2022 1083 6006.7"))}
    assert "CN202210836006.7" in forms
    lookup = type("L", (), {"region_codes": lambda self, n: ["320300"] if n == "徐州市" else [],
                            "sei_codes": lambda self, n: []})()
    assert keyword_values("TYPE", term("TYPE", "发明"), lookup) == ["invention"]
    assert keyword_values("TYPE", term("TYPE", "Utility"), lookup) == ["utility"]
    assert keyword_values("LS", term("LS", "有效"), lookup) == ["valid"]
    assert keyword_values("CO", term("CO", "us"), lookup) == ["US"]
    assert keyword_values("REG", term("REG", "徐州市"), lookup) == ["320300"]
    assert keyword_values("REG", term("REG", "3203"), lookup) == ["320300"]
    for field, bad in [("TYPE", "专利"), ("LS", "好的"), ("CO", "中国"), ("REG", "火星市"), ("SEI", "没有")]:
        with pytest.raises(QueryError):
            keyword_values(field, term(field, bad), lookup)


def test_text_patterns():
    assert [p.value for p in text_patterns(term("TI", "锂电池"))] == ["锂", "电", "池"]
    assert [p.value for p in text_patterns(term("TI", "Lithium-Ion"))] == ["lithium", "-", "ion"]
    wild = text_patterns(term("TI", "batter*"))
    assert wild[0].regex and wild[0].value == "batter.*"
    with pytest.raises(QueryError):
        text_patterns(term("TI", "   "))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('TIABCLPAD=:()"“”*? ANDORNOT与或非锂电池xyz0123456789<>~-./，')),
               max_size=40) | st.text(max_size=30))
def test_fuzz_only_the_documented_error(query):
    try:
        node = parse(query)
    except QueryError as exc:
        assert 0 <= exc.position <= len(query)
        return
    from zhichan.search.query.ast import terms
    from zhichan.search.query.fields import FIELDS

    lookup = type("L", (), {"region_codes": lambda self, n: [], "sei_codes": lambda self, n: []})()
    for item in terms(node):
        kind = FIELDS[item.field][0] if item.field else "text"
        try:
            if kind == "text":
                text_patterns(item)
            elif kind == "date":
                date_range(item)
            elif kind == "code":
                code_pattern(item)
            elif kind == "number":
                number_patterns(item)
            else:
                keyword_values(item.field, item, lookup)
        except QueryError:
            pass
