"""The parsed form of a query. Pure data."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    field: str | None  # canonical field name (TI, AB, …) or None for the default fields
    text: str
    position: int
    phrase: bool = False  # written in quotes
    op: str = "="  # = > >= < <= (comparisons only for dates)


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    item: Node


Node = Term | And | Or | Not


def terms(node: Node) -> list[Term]:
    """Every positive term (for highlighting)."""
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Not):
        return []
    return [t for item in node.items for t in terms(item)]
