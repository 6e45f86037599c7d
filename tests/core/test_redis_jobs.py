"""Jobs on Redis, for real (ZHICHAN_REDIS_URL): several hosts share one queue. An import queued by the web page's
action waits in Redis while no worker runs, then a separate `zhichan worker` process takes it from Redis and imports
the rows. The Redis on 127.0.0.1:6379 is the machine's; this test uses one database number for itself and removes
only its own keys."""

from __future__ import annotations

import csv
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import VR_CSV, raw_data

REDIS_DB = 13
ROWS = 40


def _redis_or_skip():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=2).close()
    except OSError:
        if os.environ.get("CI"):
            pytest.fail("Redis is not running on 127.0.0.1:6379 in CI")
        pytest.skip("Redis not running on 127.0.0.1:6379")
    import redis

    client = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB)
    for key in client.scan_iter("huey*zhichan*"):
        client.delete(key)
    return client


def _sample(tmp_path: Path) -> Path:
    """The first ROWS records of the real 虚拟现实 export, as the vendor wrote them."""
    source = raw_data(VR_CSV)
    target = tmp_path / "vr-sample.csv"
    with source.open(encoding="utf-8-sig", newline="") as src, target.open("w", encoding="utf-8-sig",
                                                                            newline="") as out:
        reader, writer = csv.reader(src), csv.writer(out)
        writer.writerow(next(reader))
        for _ in range(ROWS):
            writer.writerow(next(reader))
    return target


QUEUE = """
import django, json, sys
from pathlib import Path
django.setup()
from django.conf import settings
from django.contrib.auth import get_user_model
from zhichan.patents.actions import do_queue_import
user = get_user_model().objects.get(username="office")
job = do_queue_import(user, [Path(sys.argv[1])], ["vr-sample.csv"])
print(json.dumps({"job": job.pk, "huey": settings.HUEY["huey_class"]}))
"""

STATE = """
import django, json, sys
django.setup()
from zhichan.core.models import Job
from zhichan.patents.models import Application
job = Job.objects.get(pk=int(sys.argv[1]))
print(json.dumps({"status": job.status, "result": job.result, "error": job.error,
                  "applications": Application.objects.count()}))
"""


def _python(env: dict, script: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", script, *args], env=env, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_a_job_waits_in_redis_and_a_separate_worker_runs_it(tmp_path):
    client = _redis_or_skip()
    sample = _sample(tmp_path)
    env = {**os.environ, "ZHICHAN_HOME": str(tmp_path / "home"), "DJANGO_SETTINGS_MODULE": "zhichan.settings",
           "ZHICHAN_REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}", "ZHICHAN_JOBS_IMMEDIATE": "false"}
    env.pop("DATABASE_URL", None)
    cli = [sys.executable, "-m", "zhichan.cli"]
    subprocess.run([*cli, "createadmin", "--username", "office", "--password", "redis-Test-pass-1"], env=env,
                   check=True, capture_output=True)

    queued = _python(env, QUEUE, str(sample))
    assert queued["huey"] == "huey.RedisHuey"
    waiting = [key for key in client.scan_iter("huey*zhichan*") if client.type(key) == b"list"]
    assert waiting and sum(client.llen(key) for key in waiting) == 1  # the job is in Redis, no worker yet
    assert _python(env, STATE, str(queued["job"]))["status"] == "queued"

    worker = subprocess.Popen([*cli, "worker", "--workers", "1"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        state = {}
        for _ in range(240):  # not a speed limit: how long to wait before calling the worker lost
            state = _python(env, STATE, str(queued["job"]))
            if state["status"] in ("done", "failed"):
                break
            time.sleep(0.5)
    finally:
        os.killpg(worker.pid, 15)
        worker.wait(timeout=30)
    assert state["status"] == "done", state["error"]
    assert state["result"]["counts"]["created"] == ROWS == state["applications"]
    assert sum(client.llen(key) for key in waiting) == 0
    for key in client.scan_iter("huey*zhichan*"):
        client.delete(key)
