"""Issue 12, defect 5: the documented backup lost every attachment (they live in attachments/, not uploads/) and a
restored home answered 500 on download. `zhichan backup DIR` / `zhichan restore DIR` now carry the database, the
uploads, the attachments and the secret key; a restored home has every row, file and search hit of the backup."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n% business licence of a test firm\n"

SETUP = """
import json
import django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from zhichan import conf
from zhichan.core.models import Organization, User
from zhichan.patents.actions import do_import_patents
from zhichan.services import actions
from zhichan.services.models import Attachment
from tests.search.conftest import write_patents

firm = Organization.objects.create(name="徐州某某科技有限公司", kind="enterprise")
applicant = User.objects.create_user("applicant", password="pw-Zhichan-2026", role="enterprise", organization=firm)
case = actions.do_open_case(applicant, "preexam_entity")
actions.do_transition(applicant, case, "submit", {"entity_name": "徐州某某科技有限公司", "credit_code": "91320300MA0000000J",
                      "address": "徐州市泉山区", "technical_fields": "新能源"},
                      [SimpleUploadedFile("营业执照.pdf", PDF, content_type="application/pdf")])
folder = conf.home() / "uploads" / "imports" / "0f1e"
folder.mkdir(parents=True)
path = write_patents(folder / "0.csv", [{"title": f"一种钠离子电池负极 {i}"} for i in range(25)])
do_import_patents(None, [path], origin="web")
(conf.home() / "reports").mkdir(exist_ok=True)
(conf.home() / "reports" / "2025年第四季度.docx").write_bytes(b"PK\\x03\\x04 report")
client = Client()
client.force_login(applicant)
print(json.dumps({"session": client.cookies["sessionid"].value, "attachment": Attachment.objects.get().pk}))
""".replace("PDF", repr(PDF))

DOWNLOAD = """
import hashlib, json, sys
import django
django.setup()
from django.test import Client
client = Client()
client.cookies["sessionid"] = sys.argv[1]
response = client.get(f"/services/attachments/{sys.argv[2]}/")
body = b"".join(response.streaming_content) if response.status_code == 200 else b""
print(json.dumps({"status": response.status_code, "sha256": hashlib.sha256(body).hexdigest()}))
"""

QUERIES = ["TI=电池", "TI=钠离子", "PA=徐州工程学院", "AD=2000:2030"]


class Home:
    """A ZHICHAN_HOME, on SQLite or on its own PostgreSQL database."""

    def __init__(self, path: Path, database_url: str = ""):
        self.path, self.database_url = path, database_url

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ZHICHAN_") and k != "DATABASE_URL"}
        env.update({"ZHICHAN_HOME": str(self.path), "ZHICHAN_ALLOWED_HOSTS": "testserver",
                    "DJANGO_SETTINGS_MODULE": "zhichan.settings",
                    "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))})
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env

    def zhichan(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run([sys.executable, "-m", "zhichan.cli", *args], env=self.env(), cwd=ROOT,
                              capture_output=True, text=True, timeout=600)
        assert not check or done.returncode == 0, done.stderr[-3000:]
        return done

    def python(self, script: str, *args: str) -> dict:
        done = subprocess.run([sys.executable, "-c", script, *args], env=self.env(), cwd=ROOT, capture_output=True,
                              text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    def counts(self) -> dict[str, int]:
        """Rows of every table, read with the database's own driver (not through the code under test)."""
        if not self.database_url:
            db = sqlite3.connect(self.path / "zhichan.sqlite3")
            names = [r[0] for r in db.execute("select name from sqlite_master where type='table' and name not like "
                                              "'sqlite_%'")]
            return {n: db.execute(f'select count(*) from "{n}"').fetchone()[0] for n in names}
        import psycopg

        with psycopg.connect(self.database_url) as db:
            names = [r[0] for r in db.execute("select table_name from information_schema.tables where "
                                              "table_schema='public' and table_type='BASE TABLE'")]
            return {n: db.execute(f'select count(*) from "{n}"').fetchone()[0] for n in names}

    def audit_ids(self) -> set[int]:
        if not self.database_url:
            return {r[0] for r in sqlite3.connect(self.path / "zhichan.sqlite3").execute("select id from core_auditlog")}
        import psycopg

        with psycopg.connect(self.database_url) as db:
            return {r[0] for r in db.execute("select id from core_auditlog")}

    def files(self) -> dict[str, str]:
        return {p.relative_to(self.path).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for folder in ("uploads", "attachments", "reports") if (self.path / folder).is_dir()
                for p in sorted((self.path / folder).rglob("*")) if p.is_file()}

    def hits(self) -> dict[str, str]:
        return {q: self.zhichan("search", q, "--count").stdout.strip() for q in QUERIES}


def _postgres_databases(names: list[str]):
    """Fresh databases on the PostgreSQL server of DATABASE_URL (the suite's PostgreSQL pass)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("PostgreSQL pass only (DATABASE_URL)")
    import psycopg

    base = url.rsplit("/", 1)[0]
    admin = psycopg.connect(url, autocommit=True)
    for name in names:
        admin.execute(f'drop database if exists "{name}"')
        admin.execute(f'create database "{name}"')
    return admin, [f"{base}/{name}" for name in names]


@pytest.fixture(params=["sqlite", "postgresql"])
def homes(request, tmp_path):
    if request.param == "sqlite":
        yield Home(tmp_path / "a"), Home(tmp_path / "c")
        return
    suffix = secrets.token_hex(4)
    names = [f"zhichan_backup_a_{suffix}", f"zhichan_backup_c_{suffix}"]
    admin, urls = _postgres_databases(names)
    yield Home(tmp_path / "a", urls[0]), Home(tmp_path / "c", urls[1])
    for name in names:
        admin.execute(f'drop database if exists "{name}" with (force)')
    admin.close()


def test_backup_restore_onto_a_fresh_home_keeps_every_row_file_and_hit(homes, tmp_path):
    home, fresh = homes
    home.zhichan("demo", "--size", "200")
    ids = home.python(SETUP)
    assert home.python(DOWNLOAD, ids["session"], str(ids["attachment"]))["status"] == 200
    assert any(name.startswith("attachments/") for name in home.files())  # what the documented backup missed

    home.zhichan("backup", str(tmp_path / "backup"))
    rows, files, hits, audit = home.counts(), home.files(), home.hits(), home.audit_ids()
    assert rows["patents_application"] == 225 and rows["services_attachment"] == 1

    # the live home moves on after the backup; the restore must give the backup's state, not this one
    home.zhichan("demo", "--size", "50", "--seed", "7")
    for attachment in (home.path / "attachments").iterdir():
        attachment.unlink()
    assert home.counts()["patents_application"] == 275

    refused = home.zhichan("restore", str(tmp_path / "backup"), check=False)
    assert refused.returncode != 0 and "--force" in refused.stderr  # a home with data is not overwritten by mistake

    fresh.zhichan("restore", str(tmp_path / "backup"))
    restored = fresh.counts()
    assert {t: n for t, n in restored.items() if t != "core_auditlog"} == \
        {t: n for t, n in rows.items() if t != "core_auditlog"}
    assert audit <= fresh.audit_ids()  # plus the restore's own record
    assert fresh.files() == files
    assert fresh.hits() == hits and hits["TI=钠离子"] == "25"
    assert (fresh.path / "secret_key").read_text() == (home.path / "secret_key").read_text()
    # the session signed with the restored secret key still opens the restored attachment
    download = fresh.python(DOWNLOAD, ids["session"], str(ids["attachment"]))
    assert download == {"status": 200, "sha256": hashlib.sha256(PDF).hexdigest()}


def test_backup_refuses_a_folder_in_use_and_restore_an_unfinished_backup(tmp_path):
    home = Home(tmp_path / "a")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "something").write_text("x")
    refused = home.zhichan("backup", str(tmp_path / "full"), check=False)
    assert refused.returncode != 0 and "not empty" in refused.stderr
    (tmp_path / "partial").mkdir()
    (tmp_path / "partial" / "zhichan.sqlite3").write_bytes(b"")
    refused = Home(tmp_path / "c").zhichan("restore", str(tmp_path / "partial"), check=False)
    assert refused.returncode != 0 and "manifest.json" in refused.stderr


def test_documented_backup_names_the_attachments_and_the_commands():
    text = (ROOT / "docs" / "operations.md").read_text("utf-8")
    table = text.split("## Backup", 1)[0]
    assert "| `attachments/` |" in table and "zhichan backup" in text and "zhichan restore" in text
