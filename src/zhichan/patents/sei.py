"""Strategic emerging industry (SEI) classification from IPC codes, by the CNIPA concordance (domain.md §6)."""

from __future__ import annotations

from zhichan.patents import ipc


class SeiClassifier:
    def __init__(self, concordance: dict[str, set[str]], match: str = "any") -> None:
        """concordance: IPC code (any level: H01M, H01M10/00, H01M10/052) -> SEI codes; match: 'main' or 'any'."""
        self.concordance = concordance
        self.match = match

    def classify(self, main: str, codes: list[str], match: str | None = None) -> list[str]:
        chosen = [main] if (match or self.match) == "main" and main else codes
        found: set[str] = set()
        for code in chosen:
            for level in ipc.ancestors(code):
                found |= self.concordance.get(level, set())
        return sorted(found)

    def flags(self, main: str, codes: list[str]) -> tuple[bool, bool]:
        """(classified by the main IPC, classified by any IPC): the two readings the indicators offer."""
        return bool(self.classify(main, codes, "main")), bool(self.classify(main, codes, "any"))
