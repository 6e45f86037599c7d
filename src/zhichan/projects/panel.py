"""Who may sit on a review panel, and the draw that staffs it. Pure Python.

Entry conditions of the pool (settings, after 财库〔2016〕198号): a senior professional title (高级职称), or an
intermediate one (中级职称) with at least ZHICHAN_EXPERT_MIN_YEARS years in the field; younger than
ZHICHAN_EXPERT_MAX_AGE (counted from the birth year).

The draw reuses the 双随机 draw of agencies/draw.py (its public `draw()`, algorithm ``draw.ALGORITHM``): the review
is its single object, the eligible experts its inspector pool, each conflicted expert a recusal from that object,
`per_object` the panel size. The same pool, conflicts, size and seed give the same panel, whatever the order
they are listed in. A replacement (an expert declines or declares a conflict on accepting) is a further draw of
one from the pool less everyone drawn or recused so far, seeded "<seed>:r<round>", recorded like the first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from zhichan.agencies import draw as ds


def _(text: str) -> str:
    return text


SENIOR, INTERMEDIATE, OTHER = "senior", "intermediate", "other"
TITLE_LABELS = {SENIOR: _("高级职称"), INTERMEDIATE: _("中级职称"), OTHER: _("其他")}
REVIEW = "review"  # the draw's single object


class PanelError(ValueError):
    """The panel cannot be drawn (too few experts left after exclusions); nothing is recorded."""

    def __init__(self, available: int, needed: int) -> None:
        self.available, self.needed = available, needed
        super().__init__(f"{available} experts left after exclusions, {needed} needed")


@dataclass(frozen=True)
class Entry:
    title: str
    years: int
    birth_year: int | None


def entry_problems(e: Entry, today: dt.date, min_years: int, max_age: int) -> list[tuple[str, dict[str, int]]]:
    """Why an expert does not meet the pool's entry conditions, as (message template, values); empty: they do."""
    out: list[tuple[str, dict[str, int]]] = []
    if e.title == INTERMEDIATE and e.years < min_years:
        out.append((_("中级职称须从事相关领域工作满 %(years)s 年"), {"years": min_years}))
    elif e.title not in (SENIOR, INTERMEDIATE):
        out.append((_("须具有高级职称，或中级职称且工作年限达到要求"), {}))
    if e.birth_year is None:
        out.append((_("未填写出生年份"), {}))
    elif today.year - e.birth_year >= max_age:
        out.append((_("年龄须在 %(age)s 周岁以下"), {"age": max_age}))
    return out


def in_fields(expert_fields: Iterable[str], wanted: Iterable[str]) -> bool:
    """Whether an expert works in one of the review's fields: one of their codes lies under a wanted one (IPC H01M
    covers H01M10/052; SEI 2 covers 2.1.3) or above it (an expert in H01M serves a review in H01M10/052). No wanted
    field: every expert."""
    wanted = [w.replace(" ", "") for w in wanted if w.strip()]
    if not wanted:
        return True

    def under(code: str, top: str) -> bool:
        return code == top or code.startswith(top + ".") if top[:1].isdigit() else code.startswith(top)

    codes = [c.replace(" ", "") for c in expert_fields if c.strip()]
    return any(under(c, w) or under(w, c) for c in codes for w in wanted)


@dataclass(frozen=True)
class PanelDraw:
    seed: str
    round: int
    picked: tuple[int, ...]
    recused: tuple[int, ...]
    pool: tuple[int, ...]
    inputs_digest: str
    algorithm: str = ds.ALGORITHM


def draw_panel(pool: Iterable[int], excluded: Mapping[int, object], size: int, seed: str, round: int = 0
               ) -> PanelDraw:
    """`size` experts from `pool`, never one of `excluded` (expert id → why). Round 0 is the panel, round k the
    k-th replacement (its seed "<seed>:r<k>")."""
    pool = sorted(set(pool))
    key = seed if round == 0 else f"{seed}:r{round}"
    recusals = [ds.Recusal(e, REVIEW) for e in sorted(set(excluded)) if e in pool]
    try:
        result = ds.draw([ds.Candidate(REVIEW)], pool, recusals, 1.0, {"": 1.0}, size, key)
    except ds.NotEnoughInspectors as exc:
        raise PanelError(exc.available, exc.needed) from exc
    drawn = result.objects[0]
    return PanelDraw(key, round, tuple(int(i) for i in drawn.inspectors), tuple(int(i) for i in drawn.recused),
                     tuple(pool), result.inputs_digest)
