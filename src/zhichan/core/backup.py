"""Backup and restore of everything a home holds that cannot be made again (docs/operations.md).

A backup folder holds
- `zhichan.sqlite3` (SQLite's online backup API: consistent while the platform runs) or `database.dump`
  (pg_dump custom format, taken in an exported snapshot so that the row counts describe exactly the dump),
- `files/uploads/`, `files/attachments/`, `files/reports/` as they are under ZHICHAN_HOME,
- `secret_key` (sessions, password-reset links and signed values depend on it),
- `manifest.json`, written last: row count of every table, size and SHA-256 of every file. A folder without it
  is an unfinished backup and is refused by restore.
Restore puts them back onto a home (a fresh one, or with `force` over an existing one), checks counts and digests
against the manifest, applies newer migrations, clears the derived stores, marks the snapshot's unfinished jobs
interrupted and rebuilds the search index.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections, transaction

from zhichan import conf

FORMAT = 1
FOLDERS = ("uploads", "attachments", "reports")  # under ZHICHAN_HOME; the rest is rebuilt (operations.md)
DERIVED = ("analysis", "navigation/cache", "navigation/reports", "exports")  # cleared on restore: they describe the replaced database
SQLITE_FILE, PG_FILE, MANIFEST, SECRET = "zhichan.sqlite3", "database.dump", "manifest.json", "secret_key"

Say = Callable[[str], None]


class BackupError(Exception):
    pass


def _engine() -> str:
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"不支持的数据库 unsupported database engine {engine}")


# --- backup ------------------------------------------------------------------------------------------------


def backup(target: Path, say: Say = lambda message: None) -> dict[str, Any]:
    """Write a backup of this home into `target` (absent or empty); returns the manifest."""
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"备份目录不是空的 backup folder is not empty: {target}")
    target.mkdir(parents=True, exist_ok=True)
    target.chmod(0o700)  # it holds the secret key and personal data
    home = conf.home()
    engine = _engine()
    say("备份数据库 backing up the database")
    tables = _backup_sqlite(target / SQLITE_FILE) if engine == "sqlite" else _backup_postgresql(target / PG_FILE)
    say("复制文件 copying files")
    files = {}
    for folder in FOLDERS:
        for source in sorted((home / folder).rglob("*")) if (home / folder).is_dir() else []:
            if source.is_file():
                relative = source.relative_to(home).as_posix()
                files[relative] = _copy(source, target / "files" / relative)
    secret = home / SECRET
    if secret.exists():
        shutil.copy2(secret, target / SECRET)
        (target / SECRET).chmod(0o600)
    manifest = {
        "format": FORMAT, "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "home": str(home),
        "database": {"engine": engine, "file": SQLITE_FILE if engine == "sqlite" else PG_FILE, "tables": tables},
        "files": files, "secret_key": SECRET if secret.exists() else None,
        "secret_key_from_environment": bool(conf.value("ZHICHAN_SECRET_KEY")),
    }
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
    return manifest


def _backup_sqlite(path: Path) -> dict[str, int]:
    source = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]), timeout=30)
    copy = sqlite3.connect(str(path))
    try:
        source.backup(copy)  # page by page; sees one consistent state even while the platform writes
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        return _sqlite_counts(copy)
    finally:
        copy.close()
        source.close()


def _sqlite_counts(db: sqlite3.Connection) -> dict[str, int]:
    names = [row[0] for row in db.execute(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")]
    return {name: db.execute(f'select count(*) from "{name}"').fetchone()[0] for name in names}


def _pg_environment() -> tuple[list[str], dict[str, str]]:
    db = settings.DATABASES["default"]
    args = ["--dbname", str(db["NAME"])]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ, "PGPASSWORD": str(db["PASSWORD"])} if db.get("PASSWORD") else dict(os.environ)
    return args, env


def _backup_postgresql(path: Path) -> dict[str, int]:
    args, env = _pg_environment()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
              "--file", str(path), *args], env)
        return _table_counts()  # in the same snapshot as the dump


def _table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for name in names:
            cursor.execute(f"select count(*) from {connection.ops.quote_name(name)}")
            counts[name] = cursor.fetchone()[0]
    return counts


def _copy(source: Path, target: Path) -> dict[str, Any]:
    """Copy one file, returning its size and SHA-256 (read once)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    with source.open("rb") as reader, target.open("wb") as writer:
        for block in iter(lambda: reader.read(1 << 20), b""):
            digest.update(block)
            writer.write(block)
            size += len(block)
    shutil.copystat(source, target)
    return {"size": size, "sha256": digest.hexdigest()}


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True)
    except FileNotFoundError as exc:
        raise BackupError(f"找不到 {command[0]}（PostgreSQL 客户端工具）not found: install postgresql-client") from exc
    if done.returncode != 0:
        raise BackupError(f"{command[0]} 失败 failed: {done.stderr.strip()[-2000:]}")


# --- restore -----------------------------------------------------------------------------------------------


def read_manifest(source: Path) -> dict[str, Any]:
    path = source / MANIFEST
    if not path.exists():
        raise BackupError(f"不是完整的备份（没有 {MANIFEST}）not a finished backup: {source}")
    manifest = json.loads(path.read_text("utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"不认识的备份格式 unknown backup format {manifest.get('format')!r}")
    return manifest


def home_in_use() -> list[str]:
    """What this home already holds (restore over it only with force)."""
    held = [folder for folder in FOLDERS if (conf.home() / folder).is_dir() and any((conf.home() / folder).iterdir())]
    try:
        counts = _table_counts()
    except Exception:  # no database yet
        counts = {}
    held += [f"{table} ({counts[table]})" for table in ("core_user", "patents_application") if counts.get(table)]
    return held


def restore(source: Path, force: bool = False, say: Say = lambda message: None) -> dict[str, Any]:
    """Put the backup in `source` back onto this home. Stop the web server and workers first."""
    manifest = read_manifest(source)
    engine = _engine()
    if manifest["database"]["engine"] != engine:
        raise BackupError(f"备份来自 {manifest['database']['engine']}，这里是 {engine} "
                          f"the backup is of a {manifest['database']['engine']} database, this home uses {engine}")
    held = home_in_use()
    if held and not force:
        raise BackupError("这个 ZHICHAN_HOME 已有数据（" + "、".join(held) + "）；确认要覆盖时加 --force "
                          "this home holds data; add --force to replace it")
    home = conf.home()
    say("恢复数据库 restoring the database")
    if engine == "sqlite":
        _restore_sqlite(source / SQLITE_FILE)
    else:
        _restore_postgresql(source / PG_FILE)
    counts = _table_counts()
    wrong = {t: (n, counts.get(t)) for t, n in manifest["database"]["tables"].items() if counts.get(t) != n}
    if wrong:
        raise BackupError(f"恢复后的行数与备份不符 row counts differ after restore: {wrong}")
    say("恢复文件 restoring files")
    for folder in FOLDERS:
        shutil.rmtree(home / folder, ignore_errors=True)
    for relative, expected in manifest["files"].items():
        got = _copy(source / "files" / relative, home / relative)
        if got != expected:
            raise BackupError(f"文件与备份清单不符 file differs from the manifest: {relative}")
    if manifest.get("secret_key"):
        secret = home / SECRET
        shutil.copy2(source / SECRET, secret)
        secret.chmod(0o600)
    for folder in DERIVED:
        shutil.rmtree(home / folder, ignore_errors=True)
    return {"tables": len(counts), "rows": sum(counts.values()), "files": len(manifest["files"]),
            "secret_key": bool(manifest.get("secret_key")),
            "secret_key_from_environment": manifest.get("secret_key_from_environment", False)}


def _restore_sqlite(path: Path) -> None:
    connections.close_all()
    backup_db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    live = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]), timeout=30)
    try:
        backup_db.backup(live)  # through SQLite itself, so a WAL file of the replaced database cannot linger
        live.execute("PRAGMA journal_mode=WAL")
    finally:
        live.close()
        backup_db.close()


def _restore_postgresql(path: Path) -> None:
    with connection.cursor() as cursor:  # --clean drops only what the dump holds; newer tables go too
        for name in connection.introspection.table_names(cursor):
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(name)} CASCADE")
    connections.close_all()
    args, env = _pg_environment()
    _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", *args, str(path)], env)
