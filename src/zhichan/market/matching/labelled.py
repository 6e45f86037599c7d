"""The labelled set of bench/matching.py and the quality test, read from a real export and resolved against the
database: the rules are in evaluation.py (docs/market.md 匹配)."""

from __future__ import annotations

from pathlib import Path

from zhichan.market.matching.evaluation import Labelled, demand_text
from zhichan.patents import ipc, numbers

COLUMNS = ("申请号", "背景技术", "国际主分类", "同族", "引用")
FIELDS = ("subclass", "class", "none")


def read_export(path: Path) -> list[dict[str, str]]:
    """The raw columns the labelled set needs (an incoPat-style XLSX with 背景技术), one dict per row."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = [str(h or "") for h in next(rows)]
        at = {name: header.index(name) for name in COLUMNS}
        return [{name: str(row[i] or "") for name, i in at.items()} for row in rows]
    finally:
        book.close()


def _numbers(cell: str) -> list[str]:
    return [numbers.clean(p) for p in cell.replace("|", ";").replace(",", ";").split(";") if p.strip()]


def labelled_set(rows: list[dict[str, str]], field: str = "subclass") -> list[Labelled]:
    """One demand per row with a usable background, whose application is in the database; its relevant set is the
    application (2), its family members (2) and the applications it cites (1) found in the database."""
    from zhichan.patents.models import Application, Publication

    keys = set(Application.objects.values_list("key", flat=True))
    out = []
    for row in rows:
        text = demand_text(row["背景技术"])
        try:
            source = numbers.parse_application_number(row["申请号"]).key
        except numbers.NumberError:
            continue
        main = ipc.normalize(row["国际主分类"].split(";")[0]) or ""
        if not text or source not in keys or not main:
            continue
        relevant = {source: 2}
        for cell, grade in (("同族", 2), ("引用", 1)):
            forms = _numbers(row[cell])
            if forms:
                for key in Publication.objects.filter(number__in=forms).values_list("application__key", flat=True):
                    relevant.setdefault(key, grade)
        wanted = {"subclass": main[:4], "class": main[:3], "none": ""}[field]
        out.append(Labelled(source, text, wanted, relevant))
    return out
