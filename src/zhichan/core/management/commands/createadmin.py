"""zhichan createadmin — an administrator account; the generated password is printed once."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhichan.core.actions import do_create_user
from zhichan.core.models import User


class Command(BaseCommand):
    help = "创建管理员账号 Create an administrator account (password printed once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="admin")
        parser.add_argument("--password", default="", help="default: a random one, printed once")
        parser.add_argument("--if-none", action="store_true", help="do nothing when an administrator exists")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_none"] and User.objects.filter(role=User.Role.ADMIN).exists():
            self.stdout.write("管理员账号已存在 an administrator account exists; skipped")
            return
        password = options["password"] or secrets.token_urlsafe(12)
        try:
            do_create_user(None, options["username"], password, role=User.Role.ADMIN, is_superuser=True)
        except ValidationError as exc:  # the password validators' own words, one per line
            raise CommandError("密码不符合要求 password refused:\n" + "\n".join(exc.messages)) from exc
        self.stdout.write(f"管理员账号 admin account: {options['username']}  密码 password: {password}  "
                          "(仅显示一次 shown once)")
