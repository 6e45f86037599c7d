"""Indicators another app computes from its own records (知识产权交易额 from the deals register …). The app registers
a Provider in its AppConfig.ready(); `do_compute_indicators` stores their figures beside the patent-based ones, as of
the same date, for the same regions. The indicators stay `computed` in the catalogue; a department may still enter a
reported value for them (docs/indicators.md says which one is used where)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

# scope code, the codes of the regions under it, the date → region code (the scope, each child, compute.UNPLACED)
# → indicator code → value
Totals = Callable[[str, list[str], dt.date], dict[str, dict[str, float]]]


@dataclass(frozen=True)
class Provider:
    codes: tuple[str, ...]
    totals: Totals
    records_url: Callable[[str, str, dt.date], str]  # (region code, indicator code, date) → the records behind it


_PROVIDERS: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    _PROVIDERS[name] = provider


def providers() -> list[Provider]:
    return list(_PROVIDERS.values())


def codes() -> set[str]:
    """Every indicator a provider computes: these also accept reported values."""
    return {code for p in _PROVIDERS.values() for code in p.codes}


def records_url(region: str, code: str, as_of: dt.date) -> str:
    """The page listing the records behind a provider's figure, or '' for the indicators app's own ones."""
    for p in _PROVIDERS.values():
        if code in p.codes:
            return p.records_url(region, code, as_of)
    return ""
