"""Which SEI matching rule does the official concordance mean? Compare candidate rules with the vendor's own SEI
column on every incoPat export in the shared data, record by record, and print JSON.

    .venv/bin/python bench/sei_rules.py [RAW_DIR]

For each export with a `新兴产业分类` (all codes) or `新兴产业(主)` (main code) column: CN records (publication
number CN…) with IPC codes; the vendor's SEI codes ("1.5 (人工智能),5.2 (…)" -> {"1.5", "5.2"}) against the SEI
codes each rule gives over the record's IPC codes (column `IPC`, or `IPC主分类` where the export has no `IPC`).
Both sides are two-level SEI codes ("1.5"): the vendor writes no other level and the concordance (sei.jsonl)
has no other. Agreement = share of records whose SEI code set equals the vendor's; flag agreement = share where
both say "SEI" or both say "not SEI".

Rules: a exact row only; b exact + every ancestor's row (the platform's old behaviour); c exact, else the main
group's row, else the subclass row; d exact + subclass expansion only for the subclasses where the vendor evidently
expands (derived below). Codes deleted by IPC revisions (zhichan.patents.ipc_revisions): "+succ" replaces them by
their current codes (every revision); "+succ>2021" only for revisions after the concordance's IPC edition 2021.01;
"+group+succ" first tries the deleted code's own main group row (if that group survives), then the current codes;
"chosen" is zhichan.patents.sei.SeiClassifier: d, group row, then current codes only after 2021.01.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd

from zhichan.patents import ipc, ipc_revisions
from zhichan.patents.sei import CONCORDANCE_EDITION, EXPANDED_SUBCLASSES, SeiClassifier

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT.parent / "shared" / "data" / "raw"
VENDOR_COLUMNS = ("新兴产业分类", "新兴产业(主)")
_VENDOR_CODE = re.compile(r"(\d+(?:\.\d+)*)\s*[(（]")
EVIDENCE_MIN, EVIDENCE_SHARE = 10, 0.9  # a subclass row is "expanded" by the vendor: >= 90% of >= 10 codes

Concordance = dict[str, set[str]]
Rule = Callable[[str], set[str]]


def concordance(raw: Path) -> Concordance:
    """ipc-sei.jsonl read directly: IPC code -> two-level SEI codes (via the rule ids of sei.jsonl)."""
    folder = raw / "cn-sei-concordance"
    rules = {item["id"]: item["seiCode"] for item in map(json.loads, (folder / "sei.jsonl").open(encoding="utf-8"))}
    table: Concordance = defaultdict(set)
    for item in map(json.loads, (folder / "ipc-sei.jsonl").open(encoding="utf-8")):
        table[ipc.normalize(item["ipcCode"]) or item["ipcCode"]].add(rules[item["seiId"]])
    return dict(table)


def vendor_codes(cell: object) -> set[str]:
    return set(_VENDOR_CODE.findall(cell)) if isinstance(cell, str) else set()


def exports(raw: Path) -> Iterator[tuple[str, pd.DataFrame]]:
    """Every spreadsheet export in the container (xlsx, xls, csv), read as text."""
    container = raw / "cn-patent-container"
    for path in sorted(p for p in container.rglob("*") if p.suffix in (".xlsx", ".xls", ".csv")):
        if path.suffix == ".csv":
            yield path.name, pd.read_csv(path, dtype=str)
        else:
            yield path.name, pd.read_excel(path, engine="calamine", dtype=str)


def records(frame: pd.DataFrame, vendor_column: str) -> Iterator[tuple[list[str], set[str]]]:
    """(IPC codes, vendor SEI codes) for each CN record with IPC codes."""
    column = "IPC" if "IPC" in frame.columns else "IPC主分类"
    numbers = frame["公开（公告）号"].fillna("")
    for number, cell, vendor in zip(numbers, frame[column], frame[vendor_column], strict=True):
        codes = ipc.split_codes(cell) if isinstance(cell, str) else []
        if number.startswith("CN") and codes:
            yield codes, vendor_codes(vendor)


# -- candidate rules ---------------------------------------------------------------------------------------------


def rules(table: Concordance, expanded: frozenset[str]) -> dict[str, Rule]:
    def exact(code: str) -> set[str]:
        return set(table.get(code, ()))

    def prefix(code: str) -> set[str]:
        return set().union(*(table.get(level, set()) for level in ipc.ancestors(code)))

    def fallback(code: str) -> set[str]:
        for level in (code, ipc.main_group(code), ipc.subclass(code)):
            if level in table:
                return set(table[level])
        return set()

    def documented(code: str) -> set[str]:
        found = exact(code)
        if ipc.subclass(code) in expanded:
            found |= table.get(ipc.subclass(code), set()) | table.get(ipc.main_group(code), set())
        return found

    def successors(rule: Rule, after: str = "") -> Rule:
        def read(code: str) -> set[str]:
            edition = ipc_revisions.revision(code)
            if edition is None or edition <= after:
                return rule(code)
            return set().union(*(rule(current) for current in ipc_revisions.current_codes(code)))
        return read

    def group_first(rule: Rule) -> Rule:
        def read(code: str) -> set[str]:
            group = ipc.main_group(code)
            if ipc_revisions.revision(code) and group != code and not ipc_revisions.revision(group) and group in table:
                return set(table[group])
            return successors(rule)(code)
        return read

    base = {"a_exact": exact, "b_prefix": prefix, "c_fallback": fallback, "d_documented": documented}
    return {**base, **{f"{name}+succ": successors(rule) for name, rule in base.items()},
            "d_documented+succ>2021": successors(documented, CONCORDANCE_EDITION),
            "d_documented+group+succ": group_first(documented)}


def exact_rows_kept(table: Concordance, pairs: list[tuple[list[str], set[str]]]) -> float:
    """Per code, not per record: the share of a record's codes having an exact row whose SEI codes the vendor
    gives the record (domain.md's "vendors agree with exact rows")."""
    kept = [table[code] <= vendor for codes, vendor in pairs for code in codes if code in table]
    return round(100 * sum(kept) / (len(kept) or 1), 2)


def agreement(rule: Rule, pairs: list[tuple[list[str], set[str]]]) -> dict[str, float]:
    same = flags = 0
    for codes, vendor in pairs:
        ours = set().union(*(rule(code) for code in codes))
        same += ours == vendor
        flags += bool(ours) == bool(vendor)
    n = len(pairs) or 1
    return {"agreement_pct": round(100 * same / n, 2), "flag_agreement_pct": round(100 * flags / n, 2)}


# -- evidence for expansion --------------------------------------------------------------------------------------


def expansion_evidence(table: Concordance, pairs: list[tuple[list[str], set[str]]]) -> dict[str, dict]:
    """For each subclass / main-group row: of the (current) codes below it that have no row of their own, how many
    does the vendor give the row's SEI categories?"""
    seen: dict[str, Counter] = defaultdict(Counter)
    for codes, vendor in pairs:
        for code in {current for old in codes for current in ipc_revisions.current_codes(old)}:
            if code in table:
                continue
            for level in (ipc.main_group(code), ipc.subclass(code)):
                if level != code and level in table:
                    seen[level]["codes"] += 1
                    seen[level]["vendor_agrees"] += table[level] <= vendor
                    break
    return {level: {**counts, "share": round(counts["vendor_agrees"] / counts["codes"], 3)}
            for level, counts in sorted(seen.items(), key=lambda item: -item[1]["codes"])}


def revision_evidence(table: Concordance, pairs: list[tuple[list[str], set[str]]]) -> dict[str, dict]:
    """For each deleted code in the exports: how often the vendor's SEI codes include the row of the code's own
    (surviving) main group, and the rows of its current codes."""
    seen: dict[str, Counter] = defaultdict(Counter)
    for codes, vendor in pairs:
        for code in codes:
            edition = ipc_revisions.revision(code)
            if edition is None:
                continue
            group = ipc.main_group(code)
            group_row = table.get(group) if group != code and not ipc_revisions.revision(group) else None
            successor_rows = set().union(*(table.get(c, set()) for c in ipc_revisions.current_codes(code)))
            counts = seen[code]
            counts["records"] += 1
            if group_row:
                counts["vendor_has_group_row"] += group_row <= vendor
            if successor_rows:
                counts["vendor_has_successor_rows"] += successor_rows <= vendor
            counts["vendor_has_any_sei"] += bool(vendor)
    out = {}
    for code, counts in sorted(seen.items(), key=lambda item: -item[1]["records"]):
        group = ipc.main_group(code)
        group_row = table.get(group) if group != code and not ipc_revisions.revision(group) else None
        out[code] = {"edition": ipc_revisions.revision(code), "current": ipc_revisions.current_codes(code),
                     "group_row": sorted(group_row or ()),
                     "successor_rows": sorted(set().union(*(table.get(c, set())
                                                            for c in ipc_revisions.current_codes(code)))),
                     **counts}
    return out


def expanded_by_vendor(evidence: dict[str, dict]) -> list[str]:
    return sorted(level for level, e in evidence.items()
                  if "/" not in level and e["codes"] >= EVIDENCE_MIN and e["share"] >= EVIDENCE_SHARE)


# -- report ------------------------------------------------------------------------------------------------------


def study(raw: Path = RAW) -> dict:
    table = concordance(raw)
    files: dict[str, dict] = {}
    all_pairs: list[tuple[list[str], set[str]]] = []
    per_file: dict[str, list] = {}
    vendor_levels: Counter = Counter()
    for name, frame in exports(raw):
        columns = [c for c in VENDOR_COLUMNS if c in frame.columns]
        if not columns:
            files[name] = {"vendor_column": None}
            continue
        pairs = list(records(frame, columns[0]))
        for _, vendor in pairs:
            vendor_levels.update(code.count(".") + 1 for code in vendor)
        per_file[name] = pairs
        all_pairs += pairs
        revised = Counter(code for codes, _ in pairs for code in codes if ipc_revisions.revision(code))
        files[name] = {"vendor_column": columns[0], "ipc_column": "IPC" if "IPC" in frame.columns else "IPC主分类",
                       "rows": len(frame), "cn_records_with_ipc": len(pairs),
                       "vendor_says_sei": sum(bool(v) for _, v in pairs),
                       "records_with_revised_codes": sum(any(ipc_revisions.revision(c) for c in codes)
                                                         for codes, _ in pairs),
                       "top_revised_codes": dict(revised.most_common(8))}
        if "IPC" not in frame.columns:
            files[name]["note"] = ("only the main IPC is exported; the vendor classified all the record's IPC codes, "
                                   "so set agreement here is a lower bound for every rule")
    evidence = expansion_evidence(table, all_pairs)
    derived = frozenset(expanded_by_vendor(evidence))
    candidates = rules(table, derived)
    chosen = SeiClassifier(table)
    for name, pairs in per_file.items():
        files[name]["rules"] = {rule: agreement(fn, pairs) for rule, fn in candidates.items()}
        files[name]["chosen"] = agreement(chosen.of_code, pairs)
        files[name]["exact_rows_kept_by_vendor_pct"] = exact_rows_kept(table, pairs)
    return {
        "concordance_rows": len(table),
        "concordance_levels": dict(Counter("subclass" if "/" not in c and len(c) == 4 else "class" if "/" not in c
                                           else "main group" if c.endswith("/00") else "subgroup" for c in table)),
        "sei_code_levels": {"vendor": dict(vendor_levels),
                            "concordance": dict(Counter(code.count(".") + 1 for v in table.values() for code in v))},
        "expansion_rule": f"subclass row with >= {EVIDENCE_MIN} codes below it lacking a row, vendor agreeing "
                          f">= {EVIDENCE_SHARE:.0%}",
        "expanded_subclasses_derived": sorted(derived),
        "expanded_subclasses_implemented": sorted(EXPANDED_SUBCLASSES),
        "expansion_evidence_top": dict(list(evidence.items())[:25]),
        "revision_evidence_top": dict(list(revision_evidence(table, all_pairs).items())[:30]),
        "chosen_rule": "zhichan.patents.sei.SeiClassifier: d_documented; deleted codes: surviving main-group row, "
                       f"else current codes' rows if deleted after {CONCORDANCE_EDITION}, else none",
        "files": files,
    }


def main() -> None:
    raw = Path(sys.argv[1]) if len(sys.argv) > 1 else RAW
    print(json.dumps(study(raw), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
