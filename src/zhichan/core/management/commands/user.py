"""zhichan user — accounts for scripts.

    zhichan user add USERNAME --role ROLE [--org CREDIT_CODE] [--password P] [--email E] [--name N] [--org-admin]
    zhichan user org CREDIT_CODE --name NAME [--kind KIND]     an organisation, verified (made by the operator)
    zhichan user list [--role ROLE]

Without --password a random one is generated and printed once. Passwords go through the platform's validators.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhichan.core import creditcode
from zhichan.core.account_actions import AccountRefused, do_create_organization, username_taken
from zhichan.core.actions import do_create_user
from zhichan.core.models import Organization, User


class Command(BaseCommand):
    help = "用户与机构 Users and organisations: add, org, list."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        add = sub.add_parser("add", help="创建用户 create a user")
        add.add_argument("username")
        add.add_argument("--role", required=True, choices=User.Role.values)
        add.add_argument("--org", default="", help="the organisation's 统一社会信用代码")
        add.add_argument("--password", default="", help="default: a random one, printed once")
        add.add_argument("--email", default="")
        add.add_argument("--name", default="", help="the person's name")
        add.add_argument("--org-admin", action="store_true", help="the organisation's admin (invites colleagues)")
        org = sub.add_parser("org", help="创建机构（已核验） create a verified organisation")
        org.add_argument("credit_code")
        org.add_argument("--name", required=True)
        org.add_argument("--kind", default=Organization.Kind.ENTERPRISE, choices=Organization.Kind.values)
        listing = sub.add_parser("list", help="列出用户 list users")
        listing.add_argument("--role", default="", choices=["", *User.Role.values])

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['verb']}")(options)

    def _add(self, options: dict[str, Any]) -> None:
        username = options["username"].strip()
        if username_taken(username):
            raise CommandError(f"用户名已存在 username taken: {username}")
        organization = self._organization(options["org"]) if options["org"] else None
        password = options["password"] or secrets.token_urlsafe(12)
        try:
            do_create_user(None, username, password, role=options["role"], organization=organization,
                           email=options["email"], name=options["name"],
                           is_org_admin=bool(options["org_admin"] and organization),
                           is_superuser=options["role"] == User.Role.ADMIN)
        except ValidationError as exc:
            raise CommandError("密码不符合要求 password refused:\n" + "\n".join(exc.messages)) from exc
        shown = "" if options["password"] else f"  密码 password: {password}  (仅显示一次 shown once)"
        org = f"  机构 organisation: {organization.name}" if organization else ""
        self.stdout.write(f"已创建用户 created: {username} ({options['role']}){org}{shown}")

    def _organization(self, raw: str) -> Organization:
        code = self._code(raw)
        organization = Organization.objects.filter(credit_code=code).first()
        if organization is None:
            raise CommandError(f"没有该统一社会信用代码的机构 no organisation with credit code {code} "
                               f"(create it first: zhichan user org {code} --name NAME)")
        return organization

    def _code(self, raw: str) -> str:
        try:
            return creditcode.normalize(raw)
        except creditcode.CreditCodeError as exc:
            raise CommandError(str(exc)) from exc

    def _org(self, options: dict[str, Any]) -> None:
        try:
            organization = do_create_organization(None, options["name"], options["kind"], options["credit_code"])
        except AccountRefused as exc:
            raise CommandError(str(exc)) from exc
        region = organization.region.full_name if organization.region else ""
        self.stdout.write(f"已创建机构 created: {organization.name} ({organization.credit_code}) {region}".rstrip())

    def _list(self, options: dict[str, Any]) -> None:
        users = User.objects.select_related("organization").order_by("username")
        if options["role"]:
            users = users.filter(role=options["role"])
        for user in users:
            org = user.organization.name if user.organization else "-"
            state = "" if user.is_active else " (停用 inactive)"
            self.stdout.write(f"{user.username}\t{user.role}\t{org}{state}")
