"""The form of a call, declared by the office as a list of fields (label, type, required, choices). Pure Python:
`clean_fields` checks a declared list and gives it its stored form (each field a stable code f1, f2 …);
`clean_values` checks what an applicant typed against it. Bounds keep a hostile list harmless: at most
MAX_FIELDS fields, labels of at most MAX_LABEL characters, at most MAX_CHOICES choices. Labels are data: the
pages escape them like any other text."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

TEXT, NUMBER, DATE, CHOICE = "text", "number", "date", "choice"
TYPES = (TEXT, NUMBER, DATE, CHOICE)
MAX_FIELDS, MAX_LABEL, MAX_CHOICES, MAX_TEXT = 60, 100, 50, 5000
MAX_REQUIREMENTS = 30


class FieldListError(ValueError):
    """Why a declared field list is refused (in English for the log; the form says it in the user's words)."""


def _label(raw: object, where: str) -> str:
    label = " ".join(str(raw or "").split())
    if not label:
        raise FieldListError(f"{where}: a label is required")
    if len(label) > MAX_LABEL:
        raise FieldListError(f"{where}: the label is longer than {MAX_LABEL} characters")
    return label


def clean_fields(declared: object) -> list[dict[str, Any]]:
    """The declared list (JSON text or a list of dicts) in its stored form, or FieldListError."""
    if isinstance(declared, str):
        try:
            declared = json.loads(declared or "[]")
        except json.JSONDecodeError as exc:
            raise FieldListError(f"not JSON: {exc.msg}") from exc
    if not isinstance(declared, list):
        raise FieldListError("a list of fields is required")
    if len(declared) > MAX_FIELDS:
        raise FieldListError(f"at most {MAX_FIELDS} fields")
    out, seen = [], set()
    for i, item in enumerate(declared, start=1):
        if not isinstance(item, dict):
            raise FieldListError(f"field {i}: an object is required")
        label = _label(item.get("label"), f"field {i}")
        if label in seen:
            raise FieldListError(f"field {i}: the label is used twice")
        seen.add(label)
        kind = str(item.get("type") or TEXT)
        if kind not in TYPES:
            raise FieldListError(f"field {i}: type must be one of {', '.join(TYPES)}")
        field: dict[str, Any] = {"code": f"f{i}", "label": label, "type": kind, "required": bool(item.get("required"))}
        if kind == CHOICE:
            choices = item.get("choices")
            if not isinstance(choices, list) or not choices or len(choices) > MAX_CHOICES:
                raise FieldListError(f"field {i}: 1 to {MAX_CHOICES} choices are required")
            field["choices"] = [_label(c, f"field {i} choice") for c in choices]
        if kind == NUMBER and item.get("target"):
            field["target"] = True  # a target checked at acceptance (验收): achieved against declared
        out.append(field)
    return out


def clean_requirements(declared: object) -> list[str]:
    """The names of the required attachments (one a line, or a list), trimmed, without repeats."""
    items = declared.splitlines() if isinstance(declared, str) else list(declared or [])  # type: ignore[call-overload]
    out: list[str] = []
    for raw in items:
        name = " ".join(str(raw).split())
        if name and name not in out:
            out.append(_label(name, "attachment"))
    if len(out) > MAX_REQUIREMENTS:
        raise FieldListError(f"at most {MAX_REQUIREMENTS} required attachments")
    return out


def _number(text: str) -> str:
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError("number") from exc
    if not value.is_finite() or not math.isfinite(float(value)) or abs(value) >= Decimal("1e15"):
        raise ValueError("number")
    return str(value)


def clean_value(field: Mapping[str, Any], raw: object) -> str:
    """One typed value in its stored form ('' when empty), or ValueError naming the kind expected."""
    text = str(raw if raw is not None else "").strip()
    if not text:
        return ""
    kind = field["type"]
    if kind == NUMBER:
        return _number(text)
    if kind == DATE:
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError as exc:
            raise ValueError("date") from exc
    if kind == CHOICE:
        if text not in field.get("choices", []):
            raise ValueError("choice")
        return text
    if len(text) > MAX_TEXT:
        raise ValueError("text")
    return text


def clean_values(fields: list[dict[str, Any]], values: Mapping[str, object], complete: bool
                 ) -> tuple[dict[str, str], dict[str, str]]:
    """(clean values by code, errors by code: 'required' or the kind expected). A draft (complete=False) may leave
    required fields empty. Codes the call does not declare are left out."""
    clean, errors = {}, {}
    for field in fields:
        code = field["code"]
        try:
            value = clean_value(field, values.get(code))
        except ValueError as exc:
            errors[code] = str(exc)
            continue
        if value:
            clean[code] = value
        elif complete and field.get("required"):
            errors[code] = "required"
    return clean, errors
