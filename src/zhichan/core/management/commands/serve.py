"""zhichan serve — the web server (gunicorn) and a background job worker (Huey), together."""

from __future__ import annotations

import signal
import subprocess
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "启动平台 Serve the platform: gunicorn on HOST:PORT plus a Huey worker for imports and reports."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
        parser.add_argument("--no-jobs", action="store_true", help="do not start a job worker here")

    def handle(self, *args: Any, **options: Any) -> None:
        children: list[subprocess.Popen] = []
        if not options["no_jobs"]:
            children.append(subprocess.Popen([sys.executable, "-m", "zhichan.cli", "worker", "--workers", "1",
                                              "--worker-type", "thread"]))
        web = subprocess.Popen([sys.executable, "-m", "gunicorn", "zhichan.wsgi:application",
                                "--bind", f"{options['host']}:{options['port']}", "--workers", str(options["workers"]),
                                "--timeout", "300", "--access-logfile", "-"])
        children.append(web)
        self.stdout.write(f"知产 Zhichan: http://{options['host']}:{options['port']}/")

        def stop(signum: int, frame: object) -> None:
            for child in children:
                child.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            web.wait()
        finally:
            for child in children:
                if child.poll() is None:
                    child.terminate()
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
