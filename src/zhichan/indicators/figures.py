"""Choosing computed figures: those of one set of settings (settings are JSON, compared in Python so that
SQLite and PostgreSQL agree), or the latest computation of a set of figures."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from zhichan.indicators.models import ComputedFigure


def with_settings(figures: Iterable[ComputedFigure], settings: dict) -> list[ComputedFigure]:
    return [f for f in figures if f.settings == settings]


def latest_computation(figures: QuerySet[ComputedFigure]) -> list[ComputedFigure]:
    """The figures of the newest statistics date, under the settings of its latest computation."""
    newest = figures.order_by("-as_of", "-computed_at").first()
    if newest is None:
        return []
    return with_settings(figures.filter(as_of=newest.as_of), newest.settings)
