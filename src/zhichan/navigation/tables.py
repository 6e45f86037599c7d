"""Every analysis result as titled tables (for the report, the XLSX and the dashboard's table views). Pure Python."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zhichan.patents import status as status_words

TYPE_LABELS = {"enterprise": "企业", "university": "高校", "institute": "科研院所", "individual": "个人",
               "other": "其他", "": "未知"}
OP_LABELS = {"transfer": "转让", "licence": "许可", "pledge": "质押", "lapse": "失效", "grant": "授权"}
KEY_LABELS = {"cited": "被引用最多", "family": "同族最大", "claims": "权利要求最多", "valid": "仍有效且被引用最多"}


@dataclass
class Table:
    key: str  # the analysis
    title: str
    headers: list[str]
    rows: list[list[Any]]
    conds: list[dict[str, Any]] | None = None  # the records behind each row


def _conds(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [x.get("cond", {}) for x in items]


def status_label(code: str) -> str:
    return str(status_words.LABELS.get(code, code or "未知"))


def tables(r: dict[str, Any]) -> list[Table]:
    out = [Table("trend", "申请与授权趋势", ["年份", "申请量", "授权量", "数据可能不完整"],
                 [[x["year"], x["filings"], x["grants"], "是" if x["incomplete"] else ""] for x in r["trend"].get("rows", [])],
                 _conds(r["trend"].get("rows", []))),
           Table("life_cycle", "技术生命周期（申请量与申请人数）", ["年份", "申请量", "申请人数"],
                 [[x["year"], x["filings"], x["applicants"]] for x in r["life_cycle"]], _conds(r["life_cycle"])),
           Table("countries", "国家/地区分布", ["国家/地区", "数量"], [[x["name"], x["count"]] for x in r["geography"]["countries"]],
                 _conds(r["geography"]["countries"])),
           Table("provinces", "中国各省份分布", ["省份", "数量", "本地区"],
                 [[x["name"], x["count"], "★" if x["home"] else ""] for x in r["geography"]["provinces"]],
                 _conds(r["geography"]["provinces"])),
           Table("cities", "中国各城市分布", ["城市", "数量", "本地区"],
                 [[x["name"], x["count"], "★" if x["home"] else ""] for x in r["geography"]["cities"]],
                 _conds(r["geography"]["cities"])),
           Table("applicants", "主要申请人", ["申请人", "类型", "数量", "占比"],
                 [[x["name"], TYPE_LABELS.get(x["type"], x["type"]), x["count"], f"{x['share']:.1%}"] for x in r["applicants"]],
                 _conds(r["applicants"])),
           Table("ipc", "IPC小类构成", ["IPC小类", "数量"], [[x["code"], x["count"]] for x in r["ipc"]["subclasses"]],
                 _conds(r["ipc"]["subclasses"])),
           Table("groups", "IPC主分类大组构成", ["IPC大组", "数量"], [[x["code"], x["count"]] for x in r["ipc"]["groups"]], _conds(r["ipc"]["groups"])),
           Table("ipc_years", "IPC小类年度变化", ["IPC小类"] + [str(y) for y in r["ipc"]["years"]],
                 [[code] + values for code, values in r["ipc"]["matrix"].items()])]
    b = r["branches"]
    out += [Table("branch_years", "技术分支×年份", ["技术分支", "合计"] + [str(y) for y in b["years"]],
                  [[x["name"], x["count"]] + x["years"] for x in b["rows"]], _conds(b["rows"])),
            Table("branch_applicants", "技术分支×主要申请人", ["技术分支"] + b["applicants"],
                  [[x["name"]] + x["applicants"] for x in b["rows"]]),
            Table("branch_regions", "技术分支×省份", ["技术分支"] + [p["name"] or p["code"] for p in b["provinces"]],
                  [[x["name"]] + x["provinces"] for x in b["rows"]])]
    net = r["network"]
    out += [Table("network", "合作申请关系", ["申请人", "合作申请人", "合作件数"],
                  [[x["source"], x["target"], x["weight"]] for x in net["links"]], _conds(net["links"])),
            Table("teams", "发明人团队", ["团队成员", "成员专利数合计"], [["、".join(t["members"]), t["records"]] for t in net["teams"]])]
    for key, rows in r["key_patents"].items():
        out.append(Table(f"key_{key}", f"重点专利：{KEY_LABELS[key]}", ["申请号", "标题", "权利人", "数值"],
                         [[x.get("key", ""), x.get("title", ""), x["holder"], x["value"]] for x in rows]))
    ls = r["legal_status"]
    out += [Table("status", "法律状态", ["法律状态", "数量"], [[status_label(x["code"]), x["count"]] for x in ls["status"]], _conds(ls["status"])),
            Table("operations", "运营情况", ["事项", "数量"], [[OP_LABELS.get(x["code"], x["code"]), x["count"]] for x in ls["operations"]],
                  _conds(ls["operations"]))]
    reg = r["region"]
    if reg.get("rows"):
        out.append(Table("region", f"{reg['home_name']}与全国对比", ["技术分支", "国内件数", "本地区件数", "本地区占比",
                                                                "相对优势指数", "国内领先地区", "本地区领先企业", "本地区领先高校"],
                         [[x["name"], x["domestic"], x["home"], f"{x['share']:.1%}", x["index"],
                           "、".join(f"{t['name']}({t['count']})" for t in x["top_regions"]),
                           "、".join(x["enterprises"]), "、".join(x["universities"])] for x in reg["rows"]], _conds(reg["rows"])))
    for period in r["hotspots"]:
        out.append(Table("hotspots", f"技术热点 {period['period']}（{period['sample']}/{period['records']} 件）",
                         ["关键词", "出现件数（样本）"], [[k["word"], k["count"]] for k in period["keywords"]],
                         _conds(period["keywords"])))
    return out
