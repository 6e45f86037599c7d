"""The top menu: only the entries the user's role may open, from the same permission table the views check.

Each entry names the permission its page requires (None: open to everyone, signed in or not), so a role never sees
a menu item that would answer 403; tests/core/test_menus.py opens every entry shown and checks the hidden ones
refuse.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from zhichan.core.permissions import can


@dataclass(frozen=True)
class MenuEntry:
    key: str
    label: str | Promise
    url_name: str
    permission: str | None  # what the page's view requires; None: a public page
    group: str = ""  # entries of one group are shown in one dropdown (GROUPS), keeping the bar to one row

    def allowed(self, user: Any) -> bool:
        return self.permission is None or can(user, self.permission)


# Labels in the "menu" context: the English menu uses short words (Search, not Patent search) to keep one row.
# Occasional administration (users, articles, windows, locked accounts) is linked from the office 工作台 instead
# (core/homes.ADMIN_LINKS), which keeps the bar to one row at 1366 px.
MENU: tuple[MenuEntry, ...] = (
    MenuEntry("workbench", pgettext_lazy("menu", "办件工作台"), "services:workbench", "services.handle"),
    MenuEntry("my-cases", pgettext_lazy("menu", "我的办件"), "services:portal", "services.apply"),
    MenuEntry("search", pgettext_lazy("menu", "专利检索"), "search:search", "search.use"),
    MenuEntry("patents", pgettext_lazy("menu", "专利信息"), "patents:list", "patents.view"),
    MenuEntry("indicators", pgettext_lazy("menu", "指标监测"), "indicators:dashboard", "indicators.view"),
    MenuEntry("plans", pgettext_lazy("menu", "规划目标"), "indicators:plans", "indicators.view"),
    MenuEntry("navigation", pgettext_lazy("menu", "专利导航"), "navigation:list", "navigation.view"),
    MenuEntry("services", pgettext_lazy("menu", "一站式服务"), "services:catalogue", None),
    MenuEntry("market", pgettext_lazy("menu", "运营交易"), "market:listings", None),
    MenuEntry("import", pgettext_lazy("menu", "数据导入"), "patents:import", "patents.import"),
    # projects, experts, training and talent (issue 17): one dropdown, so the office's bar still fits 1366 px
    MenuEntry("projects", pgettext_lazy("menu", "项目申报"), "projects:calls", None, "people"),
    MenuEntry("experts", pgettext_lazy("menu", "专家"), "experts:pool", "projects.manage", "people"),
    MenuEntry("training", pgettext_lazy("menu", "培训"), "training:list", None, "people"),
    MenuEntry("talent", pgettext_lazy("menu", "人才"), "talent:people", "talent.manage", "people"),
)
GROUPS = {"people": pgettext_lazy("menu", "项目与人才")}


def menu_for(user: Any) -> list[MenuEntry]:
    """The entries this user may open, in menu order (an anonymous visitor gets the public ones)."""
    return [entry for entry in MENU if entry.allowed(user)]


def menu(request: HttpRequest) -> dict[str, Any]:
    """Context processor: `menu`, a list of {key, label, url, active} for the top bar; the entries of a group are
    the `children` of one item {key, label, children, active} where the group's first entry stood."""
    path = getattr(request, "path", "")
    entries = menu_for(getattr(request, "user", None))
    items = [{"key": entry.key, "label": entry.label, "url": reverse(entry.url_name), "active": False}
             for entry in entries]
    current = [item for item in items if path.startswith(item["url"])]
    if current:  # the longest match: /indicators/plans/ is 规划目标, not 指标监测
        max(current, key=lambda item: len(item["url"]))["active"] = True
    out: list[dict[str, Any]] = []
    groups: dict[str, dict[str, Any]] = {}
    for entry, item in zip(entries, items, strict=True):
        if not entry.group:
            out.append(item)
            continue
        if entry.group not in groups:
            groups[entry.group] = {"key": entry.group, "label": GROUPS[entry.group], "children": [], "active": False}
            out.append(groups[entry.group])
        groups[entry.group]["children"].append(item)
        groups[entry.group]["active"] |= item["active"]
    return {"menu": out}
