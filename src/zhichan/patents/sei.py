"""Strategic emerging industry (SEI) classification from IPC codes, by the CNIPA concordance (domain.md §6). Pure Python.

The rule (docs/indicators.md, "战略性新兴产业分类 (SEI) matching"; measured by bench/sei_rules.py):

1. A code takes the SEI categories of the concordance row for exactly that code. The concordance's NOTICE says its
   rows are exact codes and leaves hierarchical expansion to the consumer; on the shared incoPat exports the vendor
   agrees with exact rows and does not, as a rule, extend a subclass or main-group row to the codes below it.
2. The one exception is a subclass listed in `EXPANDED_SUBCLASSES`, where the vendor evidently does extend the
   subclass row (and a main-group row) to every code below it: G16H (healthcare informatics, 1.5 人工智能). The list
   is derived from the data by bench/sei_rules.py (a subclass row whose SEI categories the vendor gives to at least
   90% of at least 10 codes below it that have no row of their own); it is not a per-test exception.
3. A code deleted by an IPC revision (`ipc_revisions`) and without a row of its own is read through the nearest
   row the table keeps for it: (a) the row of its main group, if that main group is still in the IPC and has a row
   (H04N5/232 -> H04N5/00, 8.1); else (b) if the revision came after the IPC edition the concordance was drawn up
   on (2021.01), so that the table listed the code and the shared copy re-keyed it to the successors, the rows of
   its current codes (G05D1/02 -> G05D1/43, 2.3); else (c) nothing: a code already deleted in 2021 was never in
   the table (B60L11/18, 2019.01; the vendor gives those none either).
"""

from __future__ import annotations

from zhichan.patents import ipc, ipc_revisions

EXPANDED_SUBCLASSES = frozenset({"G16H"})
CONCORDANCE_EDITION = "2021.01"  # 《战略性新兴产业分类与国际专利分类参照关系表（2021）》 was drawn up on IPC 2021.01


class SeiClassifier:
    def __init__(self, concordance: dict[str, set[str]], match: str = "any",
                 expanded: frozenset[str] = EXPANDED_SUBCLASSES, revisions: bool = True) -> None:
        """concordance: IPC code (any level: H01M, H01M10/00, H01M10/052) -> SEI codes; match: 'main' or 'any';
        expanded: subclasses whose subclass and main-group rows cover the codes below them (rule 2); revisions:
        read codes deleted by IPC revisions through rule 3 (False: such codes find nothing)."""
        self.concordance = concordance
        self.match = match
        self.expanded = expanded
        self.revisions = revisions

    def rows(self, code: str) -> set[str]:
        """Rules 1-2: the exact row, and the subclass and main-group rows in an expanded subclass."""
        found = set(self.concordance.get(code, ()))
        if ipc.subclass(code) in self.expanded:
            for level in (ipc.subclass(code), ipc.main_group(code)):
                found |= self.concordance.get(level, set())
        return found

    def of_code(self, code: str) -> set[str]:
        """The SEI categories of one IPC code (rules 1-3)."""
        found = self.rows(code)
        edition = ipc_revisions.revision(code) if self.revisions and not found else None
        if edition is None:
            return found
        group = ipc.main_group(code)
        if group != code and ipc_revisions.revision(group) is None and group in self.concordance:
            return set(self.concordance[group])
        if edition > CONCORDANCE_EDITION:
            return set().union(*(self.rows(current) for current in ipc_revisions.current_codes(code)))
        return set()

    def classify(self, main: str, codes: list[str], match: str | None = None) -> list[str]:
        chosen = [main] if (match or self.match) == "main" and main else codes
        found: set[str] = set()
        for code in chosen:
            found |= self.of_code(code)
        return sorted(found)

    def flags(self, main: str, codes: list[str]) -> tuple[bool, bool]:
        """(classified by the main IPC, classified by any IPC): the two readings the indicators offer."""
        return bool(self.classify(main, codes, "main")), bool(self.classify(main, codes, "any"))
