"""Acceptance: on real imported files, the hit count of any substring (and boolean combinations) equals a
brute-force count over the same records. Chinese terms are exact substrings; English terms whole words."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import RAW, TOYOTA, VR_CSV, raw_data
from zhichan.patents.actions import do_import_patents
from zhichan.patents.models import Application
from zhichan.search import service, text

pytestmark = pytest.mark.django_db(transaction=False)


def brute(records: list[dict[str, str]], field: str, term: str) -> set[int]:
    return {r["pk"] for r in records if text.contains(r[field], term)}


def records_of(apps) -> list[dict]:
    return [{"pk": a.pk, "ti": " ".join(filter(None, [a.data.get("title", ""), a.data.get("title_en", "")])),
             "ab": " ".join(filter(None, [a.data.get("abstract", ""), a.data.get("abstract_en", "")])),
             "cl": a.data.get("claims", "")}
            for a in apps]


@st.composite
def cjk_substrings(draw, values: list[str]) -> str:
    """Substrings of real titles/abstracts, cut anywhere except inside an English word or a number."""
    value = draw(st.sampled_from(values))
    bounds = [0] + [m.end() for m in re.finditer(r"[A-Za-z0-9]+|\S", value)]
    start = draw(st.integers(0, len(bounds) - 2))
    end = draw(st.integers(start + 1, min(len(bounds) - 1, start + 8)))
    return value[bounds[start]:bounds[end]].strip()


def count(query: str) -> int:
    return service.count(query)


def quoted(term: str) -> str:
    return '"' + term.replace('"', "") + '"'


def test_chinese_substrings_and_combinations_match_brute_force():
    do_import_patents(None, [raw_data(VR_CSV), raw_data(TOYOTA)])
    records = records_of(Application.objects.all())
    titles = [r["ti"] for r in records if r["ti"]]
    abstracts = [r["ab"] for r in records if r["ab"]]
    assert len(titles) > 9000

    # the issue's own example, against plain `in` on the stored titles
    plain = sum("离子电池" in a.title for a in Application.objects.all())
    assert count("TI=离子电池") == plain
    assert count("TI=车") == sum("车" in a.title for a in Application.objects.all())

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(st.data())
    def single(data):
        source = data.draw(st.sampled_from(["ti", "ab"]))
        term = data.draw(cjk_substrings(titles if source == "ti" else abstracts))
        if '"' in term or not text.tokens(term):
            return
        field = source.upper()
        assert count(f"{field}={quoted(term)}") == len(brute(records, source, term)), term

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(st.data())
    def combined(data):
        a = data.draw(cjk_substrings(titles))
        b = data.draw(cjk_substrings(titles))
        c = data.draw(cjk_substrings(abstracts))
        if any('"' in x or not text.tokens(x) for x in (a, b, c)):
            return
        sa, sb, sc = brute(records, "ti", a), brute(records, "ti", b), brute(records, "ab", c)
        qa, qb, qc = f"TI={quoted(a)}", f"TI={quoted(b)}", f"AB={quoted(c)}"
        assert count(f"{qa} AND {qb}") == len(sa & sb)
        assert count(f"{qa} OR {qb}") == len(sa | sb)
        assert count(f"{qa} NOT {qb}") == len(sa - sb)
        assert count(f"({qa} OR {qb}) AND {qc}") == len((sa | sb) & sc)
        assert count(f"{qa} 或 ({qc} 非 {qb})") == len(sa | (sc - sb))
        default = {r["pk"] for r in records if any(text.contains(r[f], a) for f in ("ti", "ab", "cl"))}
        assert count(quoted(a)) == len(default)  # no field: title, abstract and claims
        assert count(f"TX={quoted(a)}") == len(default)  # no description in these exports

    single()
    combined()


USPTO = sorted([*RAW.glob("us-patentsview-fixtures/*/*.xml"), *RAW.glob("us-uspto-samples/xml*/*.xml")])


def test_english_words_match_whole_words_case_insensitively():
    paths = [raw_data(p) for p in USPTO] if USPTO else [raw_data(RAW / "us-uspto-samples")]
    do_import_patents(None, paths)
    records = records_of(Application.objects.filter(country="US"))
    assert len(records) >= 20
    words = sorted({w for r in records for w in re.findall(r"[A-Za-z]{3,}", r["ti"] + " " + r["ab"])})
    assert count("TI=the") == len(brute(records, "ti", "the"))

    @settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(st.sampled_from(words), st.sampled_from(words), st.sampled_from(["ti", "ab"]), st.booleans())
    def check(a, b, field, upper):
        word = a.upper() if upper else a.lower()
        expected = {r["pk"] for r in records if re.search(rf"(?<![a-z0-9]){a.lower()}(?![a-z0-9])", r[field].lower())}
        assert count(f"{field.upper()}={word}") == len(expected)
        assert count(f"{field.upper()}=({a} AND {b})") == len(brute(records, field, a) & brute(records, field, b))
        assert count(f"{field.upper()}=({a} OR {b})") == len(brute(records, field, a) | brute(records, field, b))

    check()
