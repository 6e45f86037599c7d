"""A region typed by a person, found in the database: every page, form, upload and command that takes a region calls
`find_region` (the rule itself is the pure `core.regions.resolve`), so that "江苏省徐州市泉山区", "徐州市 泉山区",
"泉山区", "320311" and "北京市" mean the same thing everywhere."""

from __future__ import annotations

from django.utils.translation import gettext as _

from zhichan.core import regions
from zhichan.core.models import Region


class RegionNotFound(ValueError):
    """The text names no region, or several, or a path that does not nest: the message says which, in the user's
    language."""


def table() -> regions.Table:
    """Every region (read once per request, upload or command: pass it to `find_region` for many rows)."""
    return regions.Table.of(Region.objects.values_list("code", "name", "parent_id"))


def find_code(text: str, within: regions.Table | None = None, *, nation: bool = True) -> str:
    """The code of the region `text` names; RegionNotFound with the reason otherwise. `nation=False` refuses 全国."""
    rows = within or table()
    try:
        code = regions.resolve(text, rows)
    except regions.RegionError as exc:
        raise RegionNotFound(message(exc, rows)) from exc
    if code == regions.NATION and not nation:
        raise RegionNotFound(_("请填写省、市或区县，不能是全国"))
    return code


def find_region(text: str, within: regions.Table | None = None, *, nation: bool = True) -> Region:
    return Region.objects.get(code=find_code(text, within, nation=nation))


def full_name(code: str, rows: regions.Table) -> str:
    names: list[str] = []
    node: str | None = code
    while node is not None and node in rows.rows:
        name, node = rows.rows[node]
        if name not in names:
            names.append(name)
    return "".join(reversed(names))


def message(exc: regions.RegionError, rows: regions.Table) -> str:
    text = exc.text.strip()
    if exc.reason == "ambiguous":
        choices = "、".join(f"{code} {full_name(code, rows)}" for code in exc.candidates[:6])
        return _("地区名称不唯一：“%(text)s”可以是 %(codes)s；请写明上级地区（如 北京市朝阳区）或填写 6 位代码") % {
            "text": text, "codes": choices}
    if exc.reason == "not_nested":
        return _("“%(inner)s”不在“%(outer)s”之内，请检查地区路径“%(text)s”") % {
            "inner": exc.inner, "outer": exc.outer, "text": text}
    return _("未知地区：%(text)s") % {"text": text}
