import json
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import THUNDERSOFT, raw_data
from zhichan import conf

ROOT = Path(__file__).resolve().parents[1]


def run_cli(home, *args):
    env = {**os.environ, "ZHICHAN_HOME": str(home)}
    env.pop("DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "zhichan.cli", *args], env=env, capture_output=True, text=True,
                          timeout=600)


def test_import_on_an_empty_home_creates_the_database_and_prints_json(tmp_path):
    path = raw_data(THUNDERSOFT)
    result = run_cli(tmp_path / "fresh", "import", str(path), "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert {k: summary[k] for k in ("files", "read", "created", "updated", "unchanged", "rejected")} == \
        {"files": 1, "read": 511, "created": 511, "updated": 0, "unchanged": 0, "rejected": 0}
    assert (tmp_path / "fresh" / "zhichan.sqlite3").exists()


def test_demo_is_deterministic_and_valid(tmp_path):
    first = run_cli(tmp_path / "a", "demo", "--size", "300", "--json")
    again = run_cli(tmp_path / "a", "demo", "--size", "300", "--json")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["created"] == 300
    assert json.loads(again.stdout)["unchanged"] == 300
    skipped = run_cli(tmp_path / "a", "demo", "--size", "300", "--if-empty")
    assert skipped.returncode == 0 and "跳过" in skipped.stdout  # make run does not add demo data twice


def test_every_setting_is_documented():
    documented = (ROOT / "docs" / "configuration.md").read_text("utf-8")
    for setting in conf.SETTINGS:
        assert f"`{setting.name}`" in documented, setting.name
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "make run" in readme and "make test" in readme
    for name in re.findall(r"`(ZHICHAN_\w+|DATABASE_URL)`", documented):
        assert name in {s.name for s in conf.SETTINGS}, f"documented but not declared: {name}"
