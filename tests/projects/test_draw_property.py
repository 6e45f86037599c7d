"""Property: over random relationship graphs (experts linked to organisations and persons, applicants with their
legal representatives and key staff), the panel draw never seats an expert in conflict with any applicant, and the
same seed reproduces the same panel whatever order the pool is listed in."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from zhichan.projects import conflicts as cf
from zhichan.projects import panel

TODAY = dt.date(2026, 11, 27)
ORGS = ["甲科技有限公司", "乙科技有限责任公司", "丙大学", "丁研究院"]
PEOPLE = ["张三", "李四", "王五", "赵六"]
ORG_KINDS, PERSON_KINDS = list(cf.ORGANIZATION_KINDS), list(cf.PERSONAL_KINDS)

ended = st.one_of(st.none(), st.integers(-3000, 400).map(lambda d: TODAY + dt.timedelta(days=d)))
org_link = st.builds(cf.Link, st.sampled_from(ORG_KINDS), organization=st.sampled_from(ORGS), end=ended)
person_link = st.builds(cf.Link, st.sampled_from(PERSON_KINDS), person=st.sampled_from(PEOPLE), end=ended)


@st.composite
def graphs(draw):
    n = draw(st.integers(1, 14))
    experts = [cf.ExpertFacts(i, draw(st.sampled_from(["", *ORGS])),
                              tuple(draw(st.lists(st.one_of(org_link, person_link), max_size=4))))
               for i in range(1, n + 1)]
    applicants = [cf.ApplicantFacts(100 + j, draw(st.sampled_from(ORGS)),
                                    tuple(draw(st.lists(st.sampled_from(PEOPLE), max_size=2))))
                  for j in range(draw(st.integers(1, 3)))]
    return experts, applicants


def in_conflict(expert: cf.ExpertFacts, applicant: cf.ApplicantFacts) -> bool:
    """An oracle written apart from the module: the rule of 198号 Art. 16 (1) and (2), by hand."""
    same = {"甲科技有限公司": "甲", "乙科技有限责任公司": "乙", "丙大学": "丙", "丁研究院": "丁"}
    if expert.organization and same[expert.organization] == same[applicant.organization]:
        return True
    cutoff = dt.date(TODAY.year - 3, TODAY.month, TODAY.day)
    for link in expert.links:
        if link.organization:
            if same[link.organization] == same[applicant.organization] and (link.end is None or link.end >= cutoff):
                return True
        elif link.person in applicant.persons and (link.end is None or link.end >= TODAY):
            return True
    return False


@settings(max_examples=300, deadline=None)
@given(graphs(), st.integers(1, 5), st.text(min_size=1, max_size=12), st.randoms(use_true_random=False))
def test_the_draw_never_seats_a_conflicted_expert_and_the_seed_reproduces_it(graph, size, seed, rnd):
    experts, applicants = graph
    excluded = cf.conflicted(experts, applicants, TODAY, 3)
    assert set(excluded) == {e.id for e in experts if any(in_conflict(e, a) for a in applicants)}
    free = [e.id for e in experts if e.id not in excluded]
    ids = [e.id for e in experts]
    if len(free) < size:
        try:
            panel.draw_panel(ids, excluded, size, seed)
        except panel.PanelError as exc:
            assert exc.available == len(free)
        else:
            raise AssertionError("a short panel was drawn")
        return
    drawn = panel.draw_panel(ids, excluded, size, seed)
    assert len(drawn.picked) == size and set(drawn.picked) <= set(free)
    shuffled = ids[:]
    rnd.shuffle(shuffled)
    again = panel.draw_panel(shuffled, dict(reversed(list(excluded.items()))), size, seed)
    assert again == drawn
