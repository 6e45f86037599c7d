"""Conflicts of interest between an expert and the applicants of a review (回避). Pure Python.

财库〔2016〕198号《政府采购评审专家管理办法》Art. 16: an expert withdraws when, towards a party,
(1) within the three years before the review they had an employment relation with it, were its director or
supervisor, or are its controlling shareholder or actual controller; (2) they are the spouse, a direct blood
relative, a collateral blood relative within three generations or a close in-law of its legal representative or
person in charge; (3) any other relation that may affect a fair review — the catch-all, which only the expert can
declare (ReviewMember.declaration: a declared conflict recuses them and a replacement is drawn).

Organisation relations are declared links to an organisation's name (compared in patents.names normal form);
personal relations are declared links to a person (compared with spaces removed) who is one of an applicant's
legal representative or key staff. The look-back (three years) is the setting ZHICHAN_EXPERT_CONFLICT_YEARS.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from zhichan.patents.names import normalize


def _(text: str) -> str:
    return text


EMPLOYMENT, DIRECTORSHIP, CONTROL = "employment", "directorship", "control"
SPOUSE, DIRECT_BLOOD, COLLATERAL, IN_LAW = "spouse", "direct_blood", "collateral", "in_law"
ORGANIZATION_KINDS = (EMPLOYMENT, DIRECTORSHIP, CONTROL)
PERSONAL_KINDS = (SPOUSE, DIRECT_BLOOD, COLLATERAL, IN_LAW)
KIND_LABELS = {EMPLOYMENT: _("劳动关系（任职）"), DIRECTORSHIP: _("董事、监事"), CONTROL: _("控股股东或实际控制人"),
               SPOUSE: _("夫妻"), DIRECT_BLOOD: _("直系血亲"), COLLATERAL: _("三代以内旁系血亲"), IN_LAW: _("近姻亲")}


@dataclass(frozen=True)
class Link:
    kind: str
    organization: str = ""  # for EMPLOYMENT, DIRECTORSHIP, CONTROL
    person: str = ""  # for the personal kinds
    start: dt.date | None = None
    end: dt.date | None = None  # None: still so


@dataclass(frozen=True)
class ExpertFacts:
    id: int
    organization: str = ""  # the current employer: an employment link without end
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class ApplicantFacts:
    id: int
    organization: str
    persons: tuple[str, ...] = ()  # legal representative, person in charge, key staff


@dataclass(frozen=True)
class Conflict:
    expert: int
    applicant: int
    kind: str


def person_key(name: str) -> str:
    return "".join(str(name).split())


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _links(expert: ExpertFacts) -> list[Link]:
    own = [Link(EMPLOYMENT, organization=expert.organization)] if expert.organization.strip() else []
    return own + list(expert.links)


def _in_window(link: Link, today: dt.date, years: int) -> bool:
    """The relation held at some time in the `years` before `today` (or holds now)."""
    if link.start is not None and link.start > today:
        return False
    return link.end is None or link.end >= years_before(today, years)


def conflicts_of(expert: ExpertFacts, applicants: Iterable[ApplicantFacts], today: dt.date, years: int = 3
                 ) -> list[Conflict]:
    """The conflicts of one expert with any of the applicants (one per applicant and kind)."""
    found: set[Conflict] = set()
    applicants = list(applicants)
    for link in _links(expert):
        if link.kind in ORGANIZATION_KINDS and link.organization.strip() and _in_window(link, today, years):
            key = normalize(link.organization)
            found |= {Conflict(expert.id, a.id, link.kind) for a in applicants if normalize(a.organization) == key}
        elif link.kind in PERSONAL_KINDS and person_key(link.person):
            # family ties do not lapse: a former spouse still counts when the link has not been ended
            if link.end is not None and link.end < today:
                continue
            key = person_key(link.person)
            found |= {Conflict(expert.id, a.id, link.kind) for a in applicants
                      if key in {person_key(p) for p in a.persons if person_key(p)}}
    return sorted(found, key=lambda c: (c.applicant, c.kind))


def conflicted(experts: Iterable[ExpertFacts], applicants: Iterable[ApplicantFacts], today: dt.date,
               years: int = 3) -> dict[int, list[Conflict]]:
    """expert id → their conflicts, for the experts who have any."""
    applicants = list(applicants)
    out = {}
    for expert in experts:
        found = conflicts_of(expert, applicants, today, years)
        if found:
            out[expert.id] = found
    return out
