"""The `zhichan` command: a thin wrapper around Django's manage.py.

`zhichan import …`, `zhichan demo …`, `zhichan refdata load DIR`, `zhichan serve` and every Django management
command (`zhichan migrate`, `zhichan shell` …). Against an empty ZHICHAN_HOME it creates and migrates the
database first, so no separate setup step is needed.
"""

from __future__ import annotations

import os
import sys

# Friendly names for our management commands.
ALIASES = {
    "import": "import_patents",
    "demo": "demo",
    "refdata": "refdata",
    "serve": "serve",
    "worker": "run_huey",
    "createadmin": "createadmin",
    "index": "search_index",
    "search": "search",
    "indicators": "indicators",
    "report": "report",
    "navigation": "navigation",
    "backup": "backup",
    "restore": "restore",
    "export": "export_search",
    "reconcile": "reconcile",
    "user": "user",
}

# restore replaces the database and migrates it afterwards
NO_AUTO_MIGRATE = {"migrate", "makemigrations", "help", "--help", "-h", "version", "--version", "check", "restore"}


def ensure_database() -> None:
    """Apply pending migrations (quietly) so that every command works on a fresh ZHICHAN_HOME."""
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor

    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        from django.core.management import call_command

        print(f"准备数据库 Preparing database ({len(plan)} migrations)…", file=sys.stderr)
        call_command("migrate", interactive=False, verbosity=0)


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhichan.settings")
    import django

    django.setup()
    from django.core.management import execute_from_command_line

    if not args:
        args = ["help"]
    command = ALIASES.get(args[0], args[0])
    if command not in NO_AUTO_MIGRATE:
        ensure_database()
    execute_from_command_line(["zhichan", command, *args[1:]])


if __name__ == "__main__":
    main()
