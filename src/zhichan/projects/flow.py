"""The formal check (形式审查) of a project application on the workflow engine (core/workflow). Pure Python.

The applicant submits before the call closes (the actions check the date); staff claim it and check it; they may
return it for correction (补正) with their reasons — the clock pauses until the applicant resubmits — then pass it
to expert review (形式审查合格) or reject it (形式审查不合格) with reasons. The applicant may withdraw while it is not
decided. The limit of the check (working days) is the setting ZHICHAN_PROJECTS_CHECK_DAYS, passed in.
"""

from __future__ import annotations

from functools import cache

from zhichan.core.workflow.machine import (
    APPLICANT,
    PAUSE,
    RESUME,
    STAFF,
    START,
    STOP,
    SUPERVISOR,
    TEXT,
    Machine,
    Transition,
)


def _(text: str) -> str:
    """Marks a label for the catalogue; it is translated where it is shown (this module stays pure)."""
    return text


A, S = frozenset({APPLICANT}), frozenset({STAFF, SUPERVISOR})
DRAFT, SUBMITTED, CHECKING, CORRECTION, PASSED, REJECTED, WITHDRAWN = (
    "draft", "submitted", "checking", "correction", "passed", "rejected", "withdrawn")
OPEN_STATES = (SUBMITTED, CHECKING, CORRECTION)
STATES = {DRAFT: _("草稿"), SUBMITTED: _("已提交"), CHECKING: _("形式审查中"), CORRECTION: _("待补正"),
          PASSED: _("形式审查合格"), REJECTED: _("形式审查不合格"), WITHDRAWN: _("已撤回")}
FIELDS = {"reasons": _("补正或不合格理由"), "comment": _("说明")}


@cache
def application_machine(check_days: int) -> Machine:
    return Machine(
        "project_application", _("项目申报"), STATES, DRAFT,
        (
            Transition("submit", _("提交申报"), (DRAFT,), SUBMITTED, A, (), 0, START),
            Transition("claim", _("开始形式审查"), (SUBMITTED,), CHECKING, S),
            Transition("return", _("退回补正"), (CHECKING,), CORRECTION, S, ("reasons",), 0, PAUSE),
            Transition("resubmit", _("补正后重新提交"), (CORRECTION,), CHECKING, A, ("comment",), 0, RESUME),
            Transition("pass", _("形式审查合格"), (CHECKING,), PASSED, S, ("comment",), 0, STOP),
            Transition("reject", _("形式审查不合格"), (CHECKING,), REJECTED, S, ("reasons",), 0, STOP),
            Transition("withdraw", _("撤回"), (SUBMITTED, CORRECTION), WITHDRAWN, A, (), 0, STOP),
        ),
        check_days, FIELDS, {"reasons": TEXT, "comment": TEXT})
