"""Portal load test (issue 6): 50 simulated users for 2 minutes against `zhichan serve` on 127.0.0.1, with
locust (pip install -e .[load]). Prints one JSON object: requests, failures, median and p95 page times.

    python bench/load.py [--users 50] [--minutes 2] [--workers 3]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETUP = """
from zhichan.core.models import Organization, User
for n in range(1, 51):
    firm = Organization.objects.create(name=f"压测企业{n}", kind="enterprise")
    User.objects.create_user(f"firm{n}", password="load-Zhichan-pass", role="enterprise", organization=firm)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=2)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="zhichan-load-"))
    env = {**os.environ, "ZHICHAN_HOME": str(home)}
    env.pop("DATABASE_URL", None)
    cli = [sys.executable, "-m", "zhichan.cli"]
    subprocess.run([*cli, "shell", "-c", SETUP], env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen([*cli, "serve", "--port", str(port), "--workers", str(args.workers)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        prefix = home / "locust"
        subprocess.run([sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "load" / "locustfile.py"),
                        "--headless", "-u", str(args.users), "-r", "10", "-t", f"{int(args.minutes * 60)}s",
                        "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix), "--only-summary"],
                       check=False, capture_output=True)
        rows = list(csv.DictReader((home / "locust_stats.csv").open(encoding="utf-8")))
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
    total = next(r for r in rows if r["Name"] == "Aggregated")
    out = {
        "users": args.users, "minutes": args.minutes, "gunicorn_workers": args.workers, "database": "SQLite (default)",
        "requests": int(total["Request Count"]), "failures": int(total["Failure Count"]),
        "median_ms": float(total["Median Response Time"]), "p95_ms": float(total["95%"]),
        "p99_ms": float(total["99%"]), "requests_per_second": round(float(total["Requests/s"]), 1),
        "pages": {r["Name"]: {"requests": int(r["Request Count"]), "failures": int(r["Failure Count"]),
                              "median_ms": float(r["Median Response Time"]), "p95_ms": float(r["95%"])}
                  for r in rows if r["Name"] != "Aggregated"},
    }
    print(json.dumps(out, ensure_ascii=False, indent=1))
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
