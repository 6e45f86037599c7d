"""A killed `zhichan import` (no background job behind it) does not leave its files 'running' forever: the next
import, or a worker starting, finds its process gone and marks them interrupted."""

from __future__ import annotations

import socket
import subprocess

import pytest

from tests.conftest import VR_CSV, raw_data
from zhichan.core.jobs import process_started, worker_identity
from zhichan.patents.actions import DEAD_IMPORT, do_import_patents, mark_dead_imports
from zhichan.patents.jobs import mark_dead_imports_at_worker_start
from zhichan.patents.models import ImportFile, ImportRun

pytestmark = pytest.mark.django_db


def _dead_process() -> str:
    child = subprocess.Popen(["sleep", "0"])
    started = process_started(child.pid)
    child.wait()
    return f"{socket.gethostname()}:{child.pid}:{started}"


def _running(worker: str) -> ImportFile:
    run = ImportRun.objects.create(worker=worker)
    return ImportFile.objects.create(run=run, name="big.xlsx", sha256="x", format="incopat")


def test_the_next_import_marks_a_killed_one():
    killed, alive = _running(_dead_process()), _running(worker_identity())
    do_import_patents(None, [raw_data(VR_CSV)])
    killed.refresh_from_db()
    alive.refresh_from_db()
    assert (killed.status, killed.error) == ("failed", DEAD_IMPORT)
    assert alive.status == "running"  # this very process: still importing
    assert do_import_patents(None, [raw_data(VR_CSV)]).files.get().status == "done"


def test_a_worker_start_marks_it_and_other_hosts_are_left_alone():
    killed = _running(_dead_process())
    elsewhere = _running("another-host:1:1")
    mark_dead_imports_at_worker_start()
    killed.refresh_from_db()
    elsewhere.refresh_from_db()
    assert killed.status == "failed" and elsewhere.status == "running"
    assert mark_dead_imports() == 0  # idempotent
