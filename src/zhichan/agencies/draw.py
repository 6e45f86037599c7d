"""The 双随机 draw of a random inspection (双随机、一公开, 国发〔2019〕5号): which objects are inspected and by which
inspectors. Pure Python, no Django: the plan's pages, actions and `zhichan inspections draw` all call `draw()`, and
anyone holding the published inputs and seed can re-run it and get the same result.

Algorithm (version ``ALGORITHM``), fixed so that a published draw stays reproducible:

1. **Canonical order.** Objects are sorted by id, inspectors by id, so the order the caller lists them in never
   matters. Ids are ints or strings (ints sort before strings).
2. **Objects**: weighted sampling without replacement by Efraimidis–Spirakis (A-Res, 2006). A ``random.Random``
   seeded with the text ``"<seed>:objects"`` (Python seeds a text through SHA-512, independent of
   PYTHONHASHSEED and the platform) gives each object, in canonical order, ``u`` uniform in (0, 1); its key is
   ``log(u) / w`` (the logarithm of ``u ** (1/w)``, same order, no underflow), ``w`` the risk weight of its credit
   grade. The ``n`` largest keys are drawn (ties to the smaller id), ``n = ceil(ratio × N)`` — at least one
   object whenever there is one, never more than the objects with a positive weight. An object whose grade
   weighs 0 is never drawn; a grade without a weight weighs ``default_weight``.
3. **Inspectors**: a second ``random.Random`` seeded with ``"<seed>:inspectors"`` takes, for each drawn object in
   id order, ``random.sample`` of ``per_object`` inspectors from the pool less those recused from that object.
   Too few left raises ``NotEnoughInspectors`` naming the object: the draw is refused, never silently short.

The two streams are separate so that changing the pool or a recusal does not change which objects are drawn.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

ALGORITHM = "zhichan-draw-1 (Efraimidis-Spirakis A-Res; random.Random, str seeds '<seed>:objects', " \
            "'<seed>:inspectors'; random.sample per object)"

ObjectId = int | str
InspectorId = int | str

SAME_ORGANIZATION, FORMER_EMPLOYMENT, DECLARED = "same_organization", "former_employment", "declared"
RECUSAL_REASONS = (SAME_ORGANIZATION, FORMER_EMPLOYMENT, DECLARED)


class DrawError(ValueError):
    """Why the draw cannot be made, in words for the person who asked for it."""


class NotEnoughInspectors(DrawError):
    def __init__(self, object_id: ObjectId, available: int, needed: int) -> None:
        self.object_id, self.available, self.needed = object_id, available, needed
        super().__init__(f"object {object_id}: {available} inspectors left after recusals, {needed} needed")


@dataclass(frozen=True)
class Candidate:
    """An object in the plan's scope, with its credit grade (A+, A, B, C, D or "" when not graded)."""

    id: ObjectId
    grade: str = ""


@dataclass(frozen=True)
class Recusal:
    inspector: InspectorId
    object: ObjectId
    reason: str = DECLARED


@dataclass(frozen=True)
class DrawnObject:
    id: ObjectId
    grade: str
    weight: float
    inspectors: tuple[InspectorId, ...]
    recused: tuple[InspectorId, ...]  # inspectors of the pool kept away from this object


@dataclass(frozen=True)
class Draw:
    seed: int | str
    algorithm: str
    population: int
    sample_size: int
    pool_size: int
    inputs_digest: str  # SHA-256 of the canonical inputs: the same digest means the same inputs
    objects: tuple[DrawnObject, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {
            "seed": self.seed, "algorithm": self.algorithm, "population": self.population,
            "sample_size": self.sample_size, "pool_size": self.pool_size, "inputs_digest": self.inputs_digest,
            "objects": [{"id": o.id, "grade": o.grade, "weight": o.weight, "inspectors": list(o.inspectors),
                         "recused": list(o.recused)} for o in self.objects],
        }


def _order(value: Hashable) -> tuple[int, Any]:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise DrawError(f"ids must be ints or strings, not {value!r}")
    return (0, value) if isinstance(value, int) else (1, value)


def sample_size(population: int, ratio: float) -> int:
    """How many objects a ratio draws from a population: ceil(ratio × N), so a small scope still gets one."""
    if not 0 < ratio <= 1:
        raise DrawError(f"the sampling ratio must be in (0, 1], not {ratio}")
    # round first so that 0.1 × 30 (3.0000000000000004 in floating point) is 3, not 4
    return min(population, math.ceil(round(ratio * population, 9)))


def digest(candidates: Iterable[Candidate], pool: Iterable[InspectorId], recusals: Iterable[Recusal],
           ratio: float, weights: Mapping[str, float], per_object: int, default_weight: float) -> str:
    canonical = {
        "objects": [[c.id, c.grade] for c in sorted(candidates, key=lambda c: _order(c.id))],
        "pool": sorted(set(pool), key=_order),
        "recusals": sorted({(r.inspector, r.object) for r in recusals}, key=lambda p: (_order(p[0]), _order(p[1]))),
        "ratio": ratio, "weights": dict(sorted(weights.items())), "per_object": per_object,
        "default_weight": default_weight,
    }
    text = json.dumps(canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _check(candidates: list[Candidate], weights: Mapping[str, float], per_object: int,
           default_weight: float) -> None:
    ids = [c.id for c in candidates]
    if len(ids) != len(set(ids)):
        raise DrawError("an object is listed twice")
    if per_object < 1:
        raise DrawError("each object needs at least one inspector")
    if default_weight < 0 or any(w < 0 or not math.isfinite(w) for w in weights.values()):
        raise DrawError("risk weights must be finite and not negative")


def draw_objects(candidates: Iterable[Candidate], ratio: float, weights: Mapping[str, float], seed: int | str,
                 default_weight: float = 1.0) -> list[Candidate]:
    """The drawn objects in id order (step 2 of the module's algorithm)."""
    ordered = sorted(candidates, key=lambda c: _order(c.id))
    if not ordered:
        return []
    rng = random.Random(f"{seed}:objects")
    keyed = []
    for c in ordered:
        u = rng.random()  # drawn for every object, weighted or not, so one weight never shifts the others' u
        w = weights.get(c.grade, default_weight)
        if w > 0:
            keyed.append((math.log(u) / w if u > 0 else -math.inf, c))
    n = min(sample_size(len(ordered), ratio), len(keyed))
    keyed.sort(key=lambda kc: (-kc[0], _order(kc[1].id)))
    return sorted((c for _, c in keyed[:n]), key=lambda c: _order(c.id))


def draw(candidates: Iterable[Candidate], pool: Iterable[InspectorId], recusals: Iterable[Recusal],
         ratio: float, weights: Mapping[str, float], per_object: int, seed: int | str,
         default_weight: float = 1.0) -> Draw:
    """Draw the objects and their inspectors; the same inputs and seed give the same Draw, whatever their order."""
    candidates, recusals = list(candidates), list(recusals)
    inspectors = sorted(set(pool), key=_order)
    _check(candidates, weights, per_object, default_weight)
    recused: dict[ObjectId, set[InspectorId]] = {}
    for r in recusals:
        recused.setdefault(r.object, set()).add(r.inspector)
    chosen = draw_objects(candidates, ratio, weights, seed, default_weight)
    rng = random.Random(f"{seed}:inspectors")
    drawn = []
    for c in chosen:
        away = recused.get(c.id, set())
        eligible = [i for i in inspectors if i not in away]
        if len(eligible) < per_object:
            raise NotEnoughInspectors(c.id, len(eligible), per_object)
        picked = sorted(rng.sample(eligible, per_object), key=_order)
        drawn.append(DrawnObject(c.id, c.grade, float(weights.get(c.grade, default_weight)), tuple(picked),
                                 tuple(sorted(away & set(inspectors), key=_order))))
    return Draw(seed, ALGORITHM, len(candidates), len(drawn), len(inspectors),
                digest(candidates, inspectors, recusals, ratio, weights, per_object, default_weight), tuple(drawn))
