"""Declarative state machines for service cases, with a clock in working days that pauses while the case waits
for the applicant. Pure Python: the service types are data (services.py), the database keeps each case's state
and history (core/models.py), actions check who may do what and write it down.

A transition says which states it leaves from, where it goes, which roles may take it, which fields it needs (the
only fields it accepts: anything else is refused by name, so that an applicant cannot set the window's result and
staff cannot rewrite what the applicant filed), how many attachments it needs (and whether it takes some when none
is required), and what it does to the clock: start it with the service's time limit, pause it, resume it (the due
date moves by the working days spent waiting), stop it, or restart it with a new limit.

A machine names each field's kind (a line of text, a multi-line text, an amount in 万元, a date, an application
number with its check character …) and the date fields that must come in order; services/fieldrules.py reads the
kinds, services/forms.py builds each transition's form from them. The engine itself only checks presence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from zhichan.core.workflow import calendar


def _(text: str) -> str:
    """Marks a label for the catalogue (makemessages); pages show it through gettext (this module stays pure)."""
    return text

APPLICANT, STAFF, SUPERVISOR, SYSTEM = "applicant", "staff", "supervisor", "system"
ROLES = (APPLICANT, STAFF, SUPERVISOR, SYSTEM)
START, PAUSE, RESUME, STOP, RESTART = "start", "pause", "resume", "stop", "restart"
# Field kinds: what a field holds, for its form widget and its check (services/fieldrules.py).
LINE, TEXT, AMOUNT_WAN, DATE = "line", "text", "amount_wan", "date"
APPLICATION_NUMBER, APPLICATION_NUMBERS, CREDIT_CODE, IPC = "application_number", "application_numbers", \
    "credit_code", "ipc"
PATENT_TYPE, ENTITY, STAFF_MEMBER = "patent_type", "registered_entity", "staff_member"
FIELD_KINDS = frozenset({LINE, TEXT, AMOUNT_WAN, DATE, APPLICATION_NUMBER, APPLICATION_NUMBERS, CREDIT_CODE, IPC,
                         PATENT_TYPE, ENTITY, STAFF_MEMBER})


# How a refusal is put into words when it is shown: core/apps.py installs Django's gettext, so that the reader gets
# the language of the request; called without Django (tests of this module, scripts) the words stay Chinese.
translate: Callable[[str], str] = str


class TransitionError(ValueError):
    """Why a transition was refused, in words for the person who tried: a message template (marked for the
    catalogue) and its values, put into words when shown. A value that is a list is shown as an enumeration."""

    def __init__(self, template: str = "", /, **params: object) -> None:
        self.template, self.params = template, params
        super().__init__(self._words(str))

    def _words(self, say: Callable[[str], str]) -> str:
        if not self.params:
            return say(self.template) if self.template else ""
        shown = {k: say("、").join(say(str(x)) for x in v) if isinstance(v, list | tuple) else
                 say(v) if isinstance(v, str) else v for k, v in self.params.items()}
        return say(self.template) % shown

    def __str__(self) -> str:
        return self._words(translate)


class UndeclaredFields(TransitionError):
    """Fields sent with a transition that it does not declare; `names` are their codes. Nothing is stored."""

    def __init__(self, label: str, names: list[str], labels: Mapping[str, str]) -> None:
        self.names = names
        super().__init__(_("“%(action)s”不接受这些字段：%(fields)s"), action=label,
                         fields=[labels.get(n, n) for n in names])


class FieldErrors(TransitionError):
    """Fields whose values are refused (not a date, a wrong check character, an unregistered entity …): `errors`
    maps each field code to the reason in words, for the form to show beside the field; `reasons` keeps what was
    raised (an exception with a message template and its values can be shown translated). Nothing is stored."""

    def __init__(self, errors: Mapping[str, object], labels: Mapping[str, str]) -> None:
        self.reasons = dict(errors)
        self.errors = {k: str(v) for k, v in self.reasons.items()}
        super().__init__("；".join(f"{labels.get(k, k)}：{v}" for k, v in self.errors.items()))


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    roles: frozenset[str]
    fields: tuple[str, ...] = ()
    attachments: int = 0
    clock: str = ""  # "" | start | pause | resume | stop | restart
    limit: int | None = None  # working days for `restart` (`start` uses the machine's limit)
    files: str = ""  # what its attachments are (营业执照, 证据材料 …); a transition naming them takes some even
    # when none is required

    @property
    def accepts(self) -> tuple[str, ...]:
        """The fields this transition takes; every one of them is required (`apply` checks)."""
        return self.fields

    @property
    def takes_files(self) -> bool:
        return self.attachments > 0 or bool(self.files)


@dataclass(frozen=True)
class Machine:
    kind: str
    label: str
    states: dict[str, str]  # code -> Chinese label
    initial: str
    transitions: tuple[Transition, ...]
    limit: int  # the service's time limit in working days, on the clock
    fields: dict[str, str] = field(default_factory=dict)  # field code -> label
    kinds: dict[str, str] = field(default_factory=dict)  # field code -> kind (FIELD_KINDS); LINE when not named
    ordered: tuple[tuple[str, str], ...] = ()  # (earlier, later) date fields: the later must come after

    def __post_init__(self) -> None:
        names = [t.name for t in self.transitions]
        if len(names) != len(set(names)):
            raise ValueError(f"{self.kind}: duplicate transition names")
        for t in self.transitions:
            unknown = {*t.sources, t.target} - set(self.states)
            if unknown:
                raise ValueError(f"{self.kind}.{t.name}: unknown states {unknown}")
        if set(self.kinds) - set(self.fields) or set(self.kinds.values()) - FIELD_KINDS:
            raise ValueError(f"{self.kind}: kinds for unknown fields or of unknown kinds")
        if any(self.kind_of(f) != DATE for pair in self.ordered for f in pair):
            raise ValueError(f"{self.kind}: only date fields can be ordered")

    def kind_of(self, name: str) -> str:
        return self.kinds.get(name, LINE)

    def transition(self, name: str) -> Transition:
        for t in self.transitions:
            if t.name == name:
                return t
        raise TransitionError(_("没有“%(name)s”这个操作"), name=name)

    def available(self, state: str, role: str) -> list[Transition]:
        return [t for t in self.transitions if state in t.sources and role in t.roles]

    @property
    def final_states(self) -> set[str]:
        leaving = {s for t in self.transitions for s in t.sources}
        return set(self.states) - leaving


@dataclass(frozen=True)
class Clock:
    started: dt.date | None = None
    due: dt.date | None = None
    paused_on: dt.date | None = None
    stopped_on: dt.date | None = None
    waited: int = 0  # working days spent waiting for the applicant, in all

    @classmethod
    def of(cls, case: Any) -> Clock:
        """The clock kept on a case record (clock_started, due, paused_on, stopped_on, waited)."""
        return cls(case.clock_started, case.due, case.paused_on, case.stopped_on, case.waited)

    def store(self, case: Any) -> None:
        """Write this clock back onto a case record's fields (not saved)."""
        case.clock_started, case.due, case.paused_on = self.started, self.due, self.paused_on
        case.stopped_on, case.waited = self.stopped_on, self.waited


@dataclass(frozen=True)
class CaseState:
    state: str
    clock: Clock = Clock()


def accepted(machine: Machine, t: Transition, posted: Mapping[str, object]) -> dict[str, str]:
    """The posted fields as stripped text, or UndeclaredFields naming those the transition does not accept."""
    extra = sorted(set(posted) - set(t.accepts))
    if extra:
        raise UndeclaredFields(t.label, extra, machine.fields)
    return {k: str(v).strip() for k, v in posted.items()}


def apply(machine: Machine, case: CaseState, name: str, role: str, fields: dict[str, str] | None = None,
          attachments: int = 0, today: dt.date | None = None) -> CaseState:
    """The case after the transition, or TransitionError saying why not."""
    today = today or dt.date.today()
    t = machine.transition(name)
    if case.state not in t.sources:
        raise TransitionError(_("“%(state)s”状态下不能“%(action)s”"), state=machine.states[case.state], action=t.label)
    if role not in t.roles:
        raise TransitionError(_("“%(action)s”不能由%(role)s办理"), action=t.label, role=ROLE_LABELS.get(role, role))
    missing = [f for f in t.fields if not str((fields or {}).get(f, "")).strip()]
    if missing:
        raise TransitionError(_("请填写：%(fields)s"), fields=[machine.fields.get(f, f) for f in missing])
    if attachments < t.attachments:
        raise TransitionError(_("“%(action)s”需要上传至少 %(n)s 个附件"), action=t.label, n=t.attachments)
    if attachments and not t.takes_files:
        raise TransitionError(_("“%(action)s”不接受附件"), action=t.label)
    return CaseState(t.target, tick(machine, case.clock, t, today))


def tick(machine: Machine, clock: Clock, t: Transition, today: dt.date) -> Clock:
    if t.clock == START:
        return Clock(started=today, due=calendar.add_workdays(today, machine.limit))
    if t.clock == RESTART:
        return Clock(started=today, due=calendar.add_workdays(today, t.limit or machine.limit))
    if t.clock == PAUSE and clock.due and clock.paused_on is None:
        return replace(clock, paused_on=today)
    if t.clock == RESUME and clock.paused_on is not None and clock.due:
        waited = calendar.workdays_between(clock.paused_on, today)
        return replace(clock, paused_on=None, due=calendar.add_workdays(clock.due, waited),
                       waited=clock.waited + waited)
    if t.clock == STOP:
        return replace(clock, stopped_on=today, paused_on=None)
    return clock


NO_CLOCK, STOPPED, PAUSED, OVERDUE, DUE_SOON, ON_TIME = "no_clock", "stopped", "paused", "overdue", "due_soon", "on_time"
STANDING_LABELS = {NO_CLOCK: _("未计时"), STOPPED: _("已办结"), PAUSED: _("等待申请人（暂停计时）"), OVERDUE: _("已超期"),
                   DUE_SOON: _("即将到期"), ON_TIME: _("办理中")}
ROLE_LABELS = {APPLICANT: _("申请人"), STAFF: _("窗口工作人员"), SUPERVISOR: _("负责人"), SYSTEM: _("系统")}


def standing(clock: Clock, today: dt.date, warn: int = 2) -> str:
    """Where a case stands against its due date: reminders go out when due soon, escalation when overdue."""
    if clock.due is None:
        return NO_CLOCK
    if clock.stopped_on is not None:
        return STOPPED
    if clock.paused_on is not None:
        return PAUSED
    if today > clock.due:
        return OVERDUE
    if calendar.workdays_between(today, clock.due) <= warn:
        return DUE_SOON
    return ON_TIME


def on_time(clock: Clock) -> bool | None:
    """Was a finished case handled within its limit? None while it runs."""
    if clock.stopped_on is None or clock.due is None:
        return None
    return clock.stopped_on <= clock.due
