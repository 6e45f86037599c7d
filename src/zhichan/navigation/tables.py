"""Every analysis result as titled tables (for the report, the XLSX and the dashboard's table views). Pure Python."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zhichan.patents import status as status_words


def _(text: str) -> str:
    """Marks a title or heading for the catalogue (makemessages): the report and the workbook keep the Chinese, the
    dashboard shows them through gettext (`Table.label`)."""
    return text


TYPE_LABELS = {"enterprise": _("企业"), "university": _("高校"), "institute": _("科研院所"), "individual": _("个人"),
               "other": _("其他"), "": _("未知")}
OP_LABELS = {"transfer": _("转让"), "licence": _("许可"), "pledge": _("质押"), "lapse": _("失效"), "grant": _("授权")}
KEY_LABELS = {"cited": _("被引用最多"), "family": _("同族最大"), "claims": _("权利要求最多"), "valid": _("仍有效且被引用最多")}


@dataclass
class Table:
    key: str  # the analysis
    title: str
    headers: list[str]
    rows: list[list[Any]]
    conds: list[dict[str, Any]] | None = None  # the records behind each row
    # A title built from parts: its template and values, for the dashboard to translate (`title` is the Chinese)
    label: tuple[str, dict[str, Any]] | None = None


def _conds(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [x.get("cond", {}) for x in items]


def status_label(code: str) -> str:
    return str(status_words.LABELS.get(code, code or _("未知")))


def tables(r: dict[str, Any]) -> list[Table]:
    out = [Table("trend", _("申请与授权趋势"), [_("年份"), _("申请量"), _("授权量"), _("数据可能不完整")],
                 [[x["year"], x["filings"], x["grants"], _("是") if x["incomplete"] else ""] for x in r["trend"].get("rows", [])],
                 _conds(r["trend"].get("rows", []))),
           Table("life_cycle", _("技术生命周期（申请量与申请人数）"), [_("年份"), _("申请量"), _("申请人数")],
                 [[x["year"], x["filings"], x["applicants"]] for x in r["life_cycle"]], _conds(r["life_cycle"])),
           Table("countries", _("国家/地区分布"), [_("国家/地区"), _("数量")], [[x["name"], x["count"]] for x in r["geography"]["countries"]],
                 _conds(r["geography"]["countries"])),
           Table("provinces", _("中国各省份分布"), [_("省份"), _("数量"), _("本地区")],
                 [[x["name"], x["count"], "★" if x["home"] else ""] for x in r["geography"]["provinces"]],
                 _conds(r["geography"]["provinces"])),
           Table("cities", _("中国各城市分布"), [_("城市"), _("数量"), _("本地区")],
                 [[x["name"], x["count"], "★" if x["home"] else ""] for x in r["geography"]["cities"]],
                 _conds(r["geography"]["cities"])),
           Table("applicants", _("主要申请人"), [_("申请人"), _("类型"), _("数量"), _("占比")],
                 [[x["name"], TYPE_LABELS.get(x["type"], x["type"]), x["count"], f"{x['share']:.1%}"] for x in r["applicants"]],
                 _conds(r["applicants"])),
           Table("ipc", _("IPC小类构成"), [_("IPC小类"), _("数量")], [[x["code"], x["count"]] for x in r["ipc"]["subclasses"]],
                 _conds(r["ipc"]["subclasses"])),
           Table("groups", _("IPC主分类大组构成"), [_("IPC大组"), _("数量")], [[x["code"], x["count"]] for x in r["ipc"]["groups"]], _conds(r["ipc"]["groups"])),
           Table("ipc_years", _("IPC小类年度变化"), [_("IPC小类")] + [str(y) for y in r["ipc"]["years"]],
                 [[code] + values for code, values in r["ipc"]["matrix"].items()])]
    b = r["branches"]
    out += [Table("branch_years", _("技术分支×年份"), [_("技术分支"), _("合计")] + [str(y) for y in b["years"]],
                  [[x["name"], x["count"]] + x["years"] for x in b["rows"]], _conds(b["rows"])),
            Table("branch_applicants", _("技术分支×主要申请人"), [_("技术分支")] + b["applicants"],
                  [[x["name"]] + x["applicants"] for x in b["rows"]]),
            Table("branch_regions", _("技术分支×省份"), [_("技术分支")] + [p["name"] or p["code"] for p in b["provinces"]],
                  [[x["name"]] + x["provinces"] for x in b["rows"]])]
    net = r["network"]
    out += [Table("network", _("合作申请关系"), [_("申请人"), _("合作申请人"), _("合作件数")],
                  [[x["source"], x["target"], x["weight"]] for x in net["links"]], _conds(net["links"])),
            Table("teams", _("发明人团队"), [_("团队成员"), _("成员专利数合计")], [["、".join(t["members"]), t["records"]] for t in net["teams"]])]
    for key, rows in r["key_patents"].items():
        label = (_("重点专利：%(what)s"), {"what": KEY_LABELS[key]})
        out.append(Table(f"key_{key}", label[0] % label[1], [_("申请号"), _("标题"), _("权利人"), _("数值")],
                         [[x.get("key", ""), x.get("title", ""), x["holder"], x["value"]] for x in rows], label=label))
    ls = r["legal_status"]
    out += [Table("status", _("法律状态"), [_("法律状态"), _("数量")], [[status_label(x["code"]), x["count"]] for x in ls["status"]], _conds(ls["status"])),
            Table("operations", _("运营情况"), [_("事项"), _("数量")], [[OP_LABELS.get(x["code"], x["code"]), x["count"]] for x in ls["operations"]],
                  _conds(ls["operations"]))]
    reg = r["region"]
    if reg.get("rows"):
        label = (_("%(region)s与全国对比"), {"region": reg["home_name"]})
        out.append(Table("region", label[0] % label[1], [_("技术分支"), _("国内件数"), _("本地区件数"), _("本地区占比"),
                                                                _("相对优势指数"), _("国内领先地区"), _("本地区领先企业"), _("本地区领先高校")],
                         [[x["name"], x["domestic"], x["home"], f"{x['share']:.1%}", x["index"],
                           "、".join(f"{t['name']}({t['count']})" for t in x["top_regions"]),
                           "、".join(x["enterprises"]), "、".join(x["universities"])] for x in reg["rows"]], _conds(reg["rows"]),
                         label=label))
    for period in r["hotspots"]:
        label = (_("技术热点 %(period)s（%(sample)s/%(records)s 件）"),
                 {"period": period["period"], "sample": period["sample"], "records": period["records"]})
        out.append(Table("hotspots", label[0] % label[1],
                         [_("关键词"), _("出现件数（样本）")], [[k["word"], k["count"]] for k in period["keywords"]],
                         _conds(period["keywords"]), label=label))
    return out

