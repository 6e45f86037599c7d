"""The analysis table follows the database: new imports are merged in, changed rows re-read, deletions rebuild."""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import THUNDERSOFT, VR_CSV, raw_data
from zhichan.navigation import columns
from zhichan.patents.actions import do_import_patents
from zhichan.patents.models import Application

pytestmark = pytest.mark.django_db


def _status(table: columns.Table, pk: int) -> str:
    return table.dicts["status"][table.cols["status"][table.positions([pk])[0]]]


def test_table_follows_imports_changes_and_deletions():
    do_import_patents(None, [raw_data(VR_CSV)])
    first = columns.table()
    assert len(first) == Application.objects.count() and np.all(np.diff(first.pk) > 0)
    assert (columns.folder() / "columns.npz").exists()

    do_import_patents(None, [raw_data(THUNDERSOFT)])
    merged = columns.table()
    assert len(merged) == Application.objects.count() > len(first)
    columns._MEMO.clear()  # a fresh process reads the same table from disk
    assert np.array_equal(columns.table().pk, merged.pk)

    app = Application.objects.exclude(legal_status="lapsed").first()
    app.legal_status = "lapsed"
    app.save()
    assert _status(columns.table(), app.pk) == "lapsed"
    rebuilt_from_scratch = columns._table(columns._read(Application.objects.order_by("pk")))
    patched = columns.table()
    for key in ("year", "applicant", "subclasses"):
        if key in patched.cols:  # decoded values agree with a full rebuild
            words = columns.DICTS.get(key)
            a = [patched.dicts[words][c] if words else c for c in patched.cols[key].tolist()]
            b = [rebuilt_from_scratch.dicts[words][c] if words else c for c in rebuilt_from_scratch.cols[key].tolist()]
            assert a == b
    def rows(table: columns.Table) -> list[list[str]]:
        ptr, ids = table.lists["subclasses"]
        words = [table.dicts["subclass"][i] for i in ids.tolist()]
        return [sorted(words[a:b]) for a, b in zip(ptr[:-1].tolist(), ptr[1:].tolist(), strict=True)]

    assert rows(patched) == rows(rebuilt_from_scratch)

    Application.objects.filter(pk=app.pk).delete()
    assert app.pk not in set(columns.table().pk.tolist())
    assert len(columns.table()) == Application.objects.count()


def test_a_reimport_that_changes_a_record_reaches_the_table(tmp_path):
    path = raw_data(VR_CSV)
    do_import_patents(None, [path])
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    header, row = lines[0], next(line for line in lines[1:] if ',"公开",' in line)
    key = row.split(",")[1].strip('"')
    assert _status(columns.table(), Application.objects.get(key=key).pk) == "pending"
    changed = tmp_path / "changed.csv"
    cells = row.split(",")
    cells[4] = '"20250101"'  # a later publication: newer knowledge of the record
    later = ",".join(cells).replace(',"公开",', ',"驳回",')
    changed.write_text("\n".join([header, later]) + "\n", encoding="utf-8-sig")
    do_import_patents(None, [changed])
    assert Application.objects.get(key=key).legal_status == "rejected"
    assert _status(columns.table(), Application.objects.get(key=key).pk) == "rejected"
