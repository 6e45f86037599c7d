"""A cached demo corpus for benchmarks: bench/.cache/demo-N holds a migrated ZHICHAN_HOME with N demo records
(徐州市, seed 2026) and reference data. Built once (the search index is not built here: benchmarks time that).

    python bench/corpus.py --size 1000000
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW = Path(os.environ.get("ZHICHAN_SHARED_RAW", ROOT.parent / "shared" / "data" / "raw"))


def home_for(size: int) -> Path:
    return ROOT / "bench" / ".cache" / f"demo-{size}"


def setup_django(home: Path) -> None:
    os.environ["ZHICHAN_HOME"] = str(home)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhichan.settings")
    import django

    django.setup()


def ensure(size: int) -> Path:
    """The corpus's home, built if missing. Run in a fresh process (it configures Django)."""
    home = home_for(size)
    marker = home / "demo-ready"
    setup_django(home)
    from django.core.management import call_command

    if marker.exists():
        call_command("migrate", verbosity=0)  # a corpus cached by an older version
        return home

    from zhichan.patents.actions import do_load_demo, do_load_refdata
    from zhichan.patents.models import Outbox
    from zhichan.patents.signals import patents_stored

    call_command("migrate", verbosity=0)
    if RAW.exists():
        do_load_refdata(None, RAW)
    patents_stored.receivers.clear()  # the benchmark builds the index itself, timed
    started = time.perf_counter()
    do_load_demo(None, size, "徐州市", 2026,
                 progress=lambda done, total: print(f"\r{done}/{total}", end="", file=sys.stderr))
    Outbox.objects.all().delete()
    print(f"\ndemo corpus of {size} built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    marker.write_text(str(size))
    return home


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=1_000_000)
    print(ensure(parser.parse_args().size))
