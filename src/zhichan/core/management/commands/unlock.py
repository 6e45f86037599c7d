"""zhichan unlock USERNAME — lift a login lockout (for when the only administrator is the one locked out)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zhichan.core.actions import do_unlock_user


class Command(BaseCommand):
    help = "解锁账号 Unlock an account locked after too many wrong passwords."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        cleared = do_unlock_user(None, options["username"])
        self.stdout.write(f"账号 {options['username']} 已解锁 unlocked ({cleared} 条失败记录 failure records cleared)")
