"""The one error a query can raise: what is wrong and at which character, in the user's language."""

from __future__ import annotations

from django.utils.translation import gettext as _


class QueryError(ValueError):
    """`position` is a 0-based offset into the query text; `message` is already in the active language."""

    def __init__(self, position: int, message: str) -> None:
        self.position = position
        self.message = message
        self.text = _("第 %(pos)d 个字符处：%(msg)s") % {"pos": position + 1, "msg": message}  # language of now
        super().__init__(self.text)

    def describe(self) -> str:
        return self.text

    def as_dict(self) -> dict[str, object]:
        return {"error": self.describe(), "position": self.position + 1, "reason": self.message}
