"""The 双随机 draw (agencies/draw.py): reproducible from its seed, blind to input order, never drawing a recused
inspector, refusing when too few are left, and weighting risky grades as the plan says."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from zhichan.agencies.draw import (
    Candidate,
    DrawError,
    NotEnoughInspectors,
    Recusal,
    draw,
    draw_objects,
    sample_size,
)

GRADES = ("A+", "A", "B", "C", "D")
OBJECTS = [Candidate(i, GRADES[i % 5]) for i in range(1, 41)]
POOL = [f"insp{i:02d}" for i in range(1, 13)]
RECUSALS = [Recusal("insp01", 3, "same_organization"), Recusal("insp02", 3, "former_employment"),
            Recusal("insp03", 3, "declared")]
WEIGHTS = {"A+": 0.5, "A": 1, "B": 1, "C": 2, "D": 4}


def run(seed, objects=OBJECTS, pool=POOL, recusals=RECUSALS, ratio=0.25, weights=WEIGHTS, per_object=2):
    return draw(objects, pool, recusals, ratio, weights, per_object, seed)


def test_the_same_seed_gives_the_same_draw():
    assert run(20260101) == run(20260101)
    assert run("2026-双随机-1").as_dict() == run("2026-双随机-1").as_dict()


def test_a_different_seed_gives_a_different_draw():
    draws = {tuple((o.id, o.inspectors) for o in run(seed).objects) for seed in range(20)}
    assert len(draws) == 20


def test_input_order_does_not_matter():
    shuffled = random.Random(7)
    for seed in range(10):
        objects, pool, recusals = list(OBJECTS), list(POOL), list(RECUSALS)
        shuffled.shuffle(objects), shuffled.shuffle(pool), shuffled.shuffle(recusals)
        assert run(seed, objects, pool + pool[:3], recusals) == run(seed)


def test_the_draw_size_follows_the_ratio():
    assert sample_size(40, 0.25) == 10 and sample_size(30, 0.1) == 3 and sample_size(3, 0.05) == 1
    assert sample_size(0, 0.5) == 0
    result = run(1)
    assert result.population == 40 and result.sample_size == 10 and len(result.objects) == 10
    assert [o.id for o in result.objects] == sorted(o.id for o in result.objects)
    assert all(len(o.inspectors) == 2 == len(set(o.inspectors)) for o in result.objects)


def test_recused_inspectors_are_never_drawn():
    everything = [Candidate(i, "B") for i in range(1, 6)]
    recusals = [Recusal(f"insp{i:02d}", 3) for i in range(1, 10)]  # only insp10..insp12 may inspect object 3
    for seed in range(200):
        result = run(seed, everything, recusals=recusals, ratio=1, per_object=3)
        three = next(o for o in result.objects if o.id == 3)
        assert set(three.inspectors) == {"insp10", "insp11", "insp12"}
        assert len(three.recused) == 9
        assert all(not set(o.inspectors) & {r.inspector for r in recusals if r.object == o.id}
                   for o in result.objects)


def test_too_few_inspectors_left_refuses_the_draw():
    recusals = [Recusal(i, 3) for i in POOL[:11]]
    with pytest.raises(NotEnoughInspectors) as refused:
        run(1, [Candidate(3, "B")], recusals=recusals, ratio=1, per_object=2)
    assert refused.value.object_id == 3 and refused.value.available == 1 and refused.value.needed == 2


def test_the_pool_does_not_change_which_objects_are_drawn():
    assert [o.id for o in run(5).objects] == [o.id for o in run(5, pool=POOL[:6], recusals=[]).objects]


def test_risk_weights_shift_the_frequencies():
    # 20 D-grade objects at weight 4 and 20 A-grade at weight 1, a quarter drawn: over many seeds a D object
    # is drawn far more often; with equal weights the frequencies are alike.
    objects = [Candidate(i, "D" if i % 2 else "A") for i in range(40)]
    counts: Counter[str] = Counter()
    even: Counter[str] = Counter()
    for seed in range(1000):
        counts.update(c.grade for c in draw_objects(objects, 0.25, {"A": 1, "D": 4}, seed))
        even.update(c.grade for c in draw_objects(objects, 0.25, {"A": 1, "D": 1}, seed))
    assert counts["D"] + counts["A"] == 10_000
    assert counts["D"] > 3 * counts["A"]
    assert 0.45 < even["D"] / 10_000 < 0.55
    # with no weights each object is drawn about 250 times in 1000 (binomial, sd 13.7): all within 5 sd
    per_object = Counter(c.id for seed in range(1000) for c in draw_objects(objects, 0.25, {}, seed))
    assert all(180 < n < 320 for n in per_object.values()) and len(per_object) == 40


def test_a_grade_weighing_nothing_is_never_drawn():
    objects = [Candidate(i, "A+" if i < 5 else "C") for i in range(10)]
    for seed in range(50):
        drawn = draw_objects(objects, 1, {"A+": 0}, seed)
        assert [c.id for c in drawn] == list(range(5, 10))


def test_the_digest_names_the_inputs():
    assert run(1).inputs_digest == run(2).inputs_digest
    assert run(1).inputs_digest != run(1, recusals=[]).inputs_digest


@pytest.mark.parametrize("kwargs", [{"ratio": 0}, {"ratio": 1.5}, {"per_object": 0}, {"weights": {"D": -1}},
                                    {"objects": [Candidate(1), Candidate(1)]}])
def test_bad_plans_are_refused(kwargs):
    with pytest.raises(DrawError):
        run(1, **kwargs)
