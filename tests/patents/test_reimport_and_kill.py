"""Re-import changes nothing; a killed import leaves whole batches only, and a rerun ends where an uninterrupted
import ends."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.conftest import VR_CSV, raw_data
from zhichan.patents.actions import do_import_patents
from zhichan.patents.models import Application, SourceRecord


@pytest.mark.django_db
def test_reimport_is_idempotent():
    path = raw_data(VR_CSV)
    first = do_import_patents(None, [path]).counts
    before = Application.objects.count(), SourceRecord.objects.count()
    second = do_import_patents(None, [path]).counts
    assert first["created"] == 7805
    assert second["created"] == second["updated"] == 0
    assert second["unchanged"] == 7805
    assert (Application.objects.count(), SourceRecord.objects.count()) == before


def _cli(home, *args, **kwargs):
    env = {**os.environ, "ZHICHAN_HOME": str(home), "ZHICHAN_IMPORT_BATCH": "200"}
    env.pop("DATABASE_URL", None)
    return subprocess.Popen([sys.executable, "-m", "zhichan.cli", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kwargs)


def _dump(home):
    db = sqlite3.connect(home / "zhichan.sqlite3")
    queries = {
        "apps": "select key, data, region_id, sei_codes from patents_application order by key",
        "parties": "select a.key, p.role, p.seq, p.name, p.region_id from patents_party p join patents_application a "
                   "on a.id = p.application_id order by 1, 2, 3",
        "pubs": "select a.key, p.number from patents_publication p join patents_application a on a.id = "
                "p.application_id order by 1, 2",
        "ipc": "select a.key, i.code, i.seq from patents_ipcassignment i join patents_application a on a.id = "
               "i.application_id order by 1, 3",
        "sources": "select a.key, s.row from patents_sourcerecord s join patents_application a on a.id = "
                   "s.application_id order by 1, 2",
    }
    return {name: db.execute(sql).fetchall() for name, sql in queries.items()}


def _created_so_far(home):
    try:
        db = sqlite3.connect(f"file:{home / 'zhichan.sqlite3'}?mode=ro", uri=True, timeout=1)
        rows = db.execute("select counts from patents_importfile").fetchall()
        return max((json.loads(r[0]).get("created", 0) for r in rows), default=0)
    except sqlite3.Error:
        return 0


def test_killed_import_reruns_to_the_same_database(tmp_path):
    path = raw_data(VR_CSV)
    whole, killed = tmp_path / "whole", tmp_path / "killed"
    assert _cli(whole, "import", str(path), "--json").wait(timeout=600) == 0
    proc = _cli(killed, "import", str(path))
    deadline = time.monotonic() + 600
    while _created_so_far(killed) < 1000 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the import finished before it could be interrupted"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = _dump(killed)
    assert 0 < len(partial["apps"]) < 7805
    assert len(partial["apps"]) % 200 == 0  # whole batches only
    rerun = _cli(killed, "import", str(path), "--json")
    out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err
    summary = json.loads(out)
    assert summary["created"] == 7805 - len(partial["apps"])
    assert summary["unchanged"] == len(partial["apps"])
    assert _dump(killed) == _dump(whole)
