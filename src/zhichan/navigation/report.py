"""The industry patent navigation report (产业专利导航报告) of a database version, a branch or a search result: DOCX laid out like the reports
offices publish (charts as images with captions, tables with captions, editable sections for the analyst's
findings), XLSX with every table, and PDF (the DOCX's chapters laid out for A4: report_pdf.py). The web asks for
one through a job (navigation/jobs.py, with the steps of `build`); the CLI writes it at once."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_noop
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from zhichan import conf
from zhichan.core import spreadsheet
from zhichan.core.docstyle import cell as _cell
from zhichan.core.docstyle import heading as _heading
from zhichan.core.docstyle import para as _para
from zhichan.core.docstyle import table_of_contents
from zhichan.navigation import analysis, charts, results, tables
from zhichan.navigation.models import Version

FORMATS = ("docx", "xlsx", "pdf")
Progress = Callable[[int, int, str], None]
# The steps a report job shows, each with its count (translated on the job page: Job.message_label)
GATHER, DRAW, WRITE = gettext_noop("汇总数据"), gettext_noop("绘制图表"), gettext_noop("写入文件")


@dataclass
class About:
    """What a report is about: its name, the data edition line, the summary's subject, and the data notes."""

    name: str
    edition: str
    subject: str
    notes: list[str]
    families: bool = True  # one record per family (versions); a search result counts every record it finds


def about_version(version: Version, r: dict[str, Any]) -> About:
    branch = r.get("branch", "")
    definition = version.definition
    notes = [f"检索范围：{definition.get('scope') or '（无检索式）'}；手工增加 {len(definition.get('additions', []))} 件，"
             f"排除 {len(definition.get('exclusions', []))} 件。"]
    for key, b in definition.get("branches", {}).items():
        notes.append(f"技术分支“{b['name']}”：{b.get('query', '')}（{len(version.branch_members.get(key, []))} 件）")
    return About(version.database.name + (f"·{branch}" if branch else ""),
                 f"数据版本：第 {version.number} 版（{version.created_at:%Y-%m-%d}）",
                 f"专题数据库“{version.database.name}”第 {version.number} 版" + (f"技术分支“{branch}”" if branch else ""),
                 notes)


def about_query(query: str) -> About:
    return About("检索结果", f"检索式：{query}", f"检索式“{query}”的检索结果", [f"检索式：{query}（全部命中记录）。"],
                 families=False)
LABELS = {"trend": "申请与授权趋势", "life_cycle": "技术生命周期", "geography": "地域分布", "applicants": "主要申请人",
          "ipc": "IPC构成", "branches": "技术分支矩阵", "network": "合作网络与发明人团队", "key_patents": "重点专利",
          "legal_status": "法律状态与运营", "region": "本地区与全国对比", "hotspots": "技术热点"}
# The report's chapters: (title, the tables it shows, the charts it shows, the analyst's editable text).
SECTIONS = [
    ("一、产业概况", [], [], "【请在此填写产业发展概况、政策背景与本次导航的目的。】"),
    ("二、全球专利态势", ["trend", "life_cycle", "countries", "ipc", "groups", "status", "operations"],
     ["trend", "life_cycle", "countries", "ipc_years", "status"], ""),
    ("三、中国及本地区专利态势", ["provinces", "cities", "region"], ["provinces", "region"], ""),
    ("四、主要创新主体", ["applicants", "network", "teams", "key_cited", "key_family", "key_claims", "key_valid"],
     ["applicants"], ""),
    ("五、技术分支分析", ["branch_years", "branch_applicants", "branch_regions", "hotspots"],
     ["branch_years", "hotspots"], ""),
    ("六、结论与建议", [], [], "【发展建议：请在此填写。】"),
]


def chart_specs(r: dict[str, Any]) -> list[tuple[str, str, Callable[[], bytes]]]:
    """The report's charts as (key, caption, draw): drawn one at a time, so that a job can count them."""
    geo = r["geography"]
    out = [("trend", "申请与授权趋势", lambda: charts.trend(r)),
           ("life_cycle", "技术生命周期", lambda: charts.life_cycle(r)),
           ("countries", "国家/地区分布", lambda: charts.bars([(c["name"], c["count"]) for c in geo["countries"]])),
           ("provinces", "中国各省份分布（红色为本地区）", lambda: charts.bars(
               [(p["name"] or p["code"], p["count"]) for p in geo["provinces"]], highlight={geo["home_name"]})),
           ("applicants", "主要申请人", lambda: charts.bars([(a["name"], a["count"]) for a in r["applicants"]])),
           ("status", "法律状态", lambda: charts.pie(
               [(tables.status_label(s["code"]), s["count"]) for s in r["legal_status"]["status"]]))]
    ipc = r["ipc"]
    if ipc["matrix"]:
        out.append(("ipc_years", "IPC小类年度变化（热力图）",
                    lambda: charts.heatmap(list(ipc["matrix"]), ipc["years"], list(ipc["matrix"].values()))))
    b = r["branches"]
    if b["rows"]:
        out.append(("branch_years", "技术分支×年份（热力图）", lambda: charts.heatmap(
            [x["name"] for x in b["rows"]], b["years"], [x["years"] for x in b["rows"]])))
    reg = r["region"]
    if reg.get("rows"):
        out.append(("region", f"{reg['home_name']}在各技术分支的国内占比", lambda: charts.bars(
            [(x["name"], round(x["share"] * 100, 1)) for x in reg["rows"]], xlabel="%")))
    if r["hotspots"] and r["hotspots"][-1]["keywords"]:
        last = r["hotspots"][-1]
        out.append(("hotspots", f"技术热点词云（{last['period']}）",
                    lambda: charts.words([(k["word"], k["count"]) for k in last["keywords"]])))
    return out


def draw_charts(r: dict[str, Any], progress: Callable[[int, int], None] | None = None) -> dict[str, tuple[str, bytes]]:
    specs = chart_specs(r)
    out = {}
    for n, (key, caption, draw) in enumerate(specs, start=1):
        out[key] = (caption, draw())
        if progress:
            progress(n, len(specs))
    return out


def docx(about: About, r: dict[str, Any], path: Path, images: dict[str, tuple[str, bytes]] | None = None) -> Path:
    doc = Document()
    for section in doc.sections:
        section.left_margin = section.right_margin = Cm(2.6)
    _para(doc, f"{about.name}产业专利导航报告", "方正小标宋简体", 22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _para(doc, f"{about.edition} · 共 {r['total']} 件 · "
               f"生成日期：{dt.date.today():%Y年%m月%d日}", "楷体_GB2312", 12, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    table_of_contents(doc)
    all_tables = {}
    for t in tables.tables(r):
        all_tables.setdefault(t.key, []).append(t)
    images = draw_charts(r) if images is None else images
    figure = table_no = 0
    for title, keys, chart_keys, editable in SECTIONS:
        _heading(doc, title, 1)
        if title.startswith("一"):
            _para(doc, _summary(about, r))
        if title.startswith("六"):
            _para(doc, "主要发现（系统根据数据草拟，请核实、修改）：", indent=False)
            for n, finding in enumerate(findings(r), start=1):
                _para(doc, f"{n}. {finding}")
        for line in editable.split("\n") if editable else []:
            _para(doc, line)
        for key in chart_keys:
            if key in images:
                figure += 1
                caption, png = images[key]
                doc.add_picture(io.BytesIO(png), width=Cm(15))
                doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
                _para(doc, f"图 {figure}  {caption}", "黑体", 10.5, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        for key in keys:
            for t in all_tables.get(key, []):
                table_no += 1
                _table(doc, t, table_no)
    _heading(doc, "附：数据说明", 1)
    for note in notes(about, r):
        _para(doc, note, size=12)
    doc.save(str(path))
    return path


def _summary(about: About, r: dict[str, Any]) -> str:
    t = r["trend"]
    top = r["applicants"][0]["name"] if r["applicants"] else "—"
    span = f"{t['years'][0]}—{t['years'][-1]} 年" if t["years"] else ""
    return (f"本{about.subject}共收录专利 {r['total']} 件{'（同族合并）' if about.families else ''}，"
            f"申请年份覆盖 {span}；第一申请人中数量最多的是{top}。"
            f"{'下级' if r.get('branch') else ''}技术分支 {len(r['branches']['rows'])} 个。")


def findings(r: dict[str, Any]) -> list[str]:
    """Draft findings from the numbers (the analyst edits them): growth, concentration, the home region."""
    out = []
    t = r["trend"]
    complete = [(y, n) for y, n in zip(t["years"], t["filings"], strict=True) if y < t["incomplete_from"] and n]
    if len(complete) >= 6:
        (y0, a), (y1, b) = complete[-6], complete[-1]
        growth = (b / a) ** (1 / (y1 - y0)) - 1 if a else 0.0
        out.append(f"{y0}—{y1} 年申请量由 {a} 件变为 {b} 件，年均增长 {growth:.1%}。")
    if r["applicants"]:
        top10 = sum(a["share"] for a in r["applicants"][:10])
        out.append(f"前十位申请人合计占 {top10:.1%}，第一位为{r['applicants'][0]['name']}"
                   f"（{r['applicants'][0]['count']} 件）。")
    provinces = r["geography"]["provinces"]
    if provinces:
        out.append(f"国内申请人最集中的省份为{provinces[0]['name']}（{provinces[0]['count']} 件）。")
    reg = r["region"]
    if reg.get("rows"):
        out.append(f"{reg['home_name']}在本领域国内专利中占 {reg['overall_share']:.1%}。")
        if reg.get("strongest"):
            out.append(f"相对优势分支：{'、'.join(reg['strongest'])}；相对薄弱分支：{'、'.join(reg['weakest']) or '—'}。")
    if r["hotspots"] and r["hotspots"][-1]["keywords"]:
        last = r["hotspots"][-1]
        out.append(f"{last['period']} 的技术热点：{'、'.join(k['word'] for k in last['keywords'][:8])}。")
    return out


def notes(about: About, r: dict[str, Any]) -> list[str]:
    return [*about.notes[:1],
            ("同族专利合并为一件（取最早申请）；无同族数据的按申请计。" if about.families else "每条命中记录计一件。")
            + "申请人名称经归并表合并。",
            f"专利申请自申请日起约 18 个月公开，{r['trend']['incomplete_from']} 年以来的数据尚不完整。",
            f"技术热点由关键词抽取（jieba TF-IDF）得到；记录较多的时段按每段 {analysis.SAMPLE_PER_PERIOD} 件等距抽样。",
            *about.notes[1:]]


def _table(doc: Any, t: tables.Table, number: int, most: int = 30) -> None:
    _para(doc, f"表 {number}  {t.title}", "黑体", 10.5, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    headers = t.headers[:12]
    grid = doc.add_table(rows=1, cols=len(headers))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, headers, strict=True):
        _cell(cell, str(text), bold=True)
    for row in t.rows[:most]:
        cells = grid.add_row().cells
        for cell, value in zip(cells, row[:12], strict=False):
            _cell(cell, "" if value is None else str(value))
    if len(t.rows) > most:
        _para(doc, f"（共 {len(t.rows)} 行，此处列出前 {most} 行，完整数据见 XLSX。）", size=10.5, indent=False)


def xlsx(about: About, r: dict[str, Any], path: Path) -> Path:
    book = spreadsheet.workbook(str(path))  # applicant names and titles are imported text: never formulas
    bold = book.add_format({"bold": True})
    used: set[str] = set()
    for t in tables.tables(r):
        name = t.title[:28].replace("/", "、").replace("×", "x").replace(":", "：")
        while name in used:
            name = name[:26] + str(len(used))
        used.add(name)
        sheet = book.add_worksheet(name)
        spreadsheet.write_row(sheet, 0, 0, t.headers, bold)
        for i, row in enumerate(t.rows, start=1):
            spreadsheet.write_row(sheet, i, 0, row)
        sheet.set_column(0, 0, 30)
    book.close()
    return path


def pdf(about: About, r: dict[str, Any], path: Path, images: dict[str, tuple[str, bytes]] | None = None) -> Path:
    """The same chapters, charts and tables as the DOCX, laid out for A4 (navigation/report_pdf.py)."""
    from zhichan.navigation import report_pdf

    return report_pdf.write(about, r, path, draw_charts(r) if images is None else images, SECTIONS,
                            _summary(about, r), findings(r), notes(about, r))


def file_stem(version: Version, branch: str = "") -> str:
    """The name a downloaded report file goes by (without its suffix)."""
    name = version.database.name
    if branch:
        name += f"-{version.definition.get('branches', {}).get(branch, {}).get('name', branch)}"
    return f"{name}-专利导航报告-第{version.number}版"


def write(version: Version, fmt: str, branch: str = "", path: Path | None = None,
          progress: Progress | None = None) -> Path:
    """The report file of a version, or of one branch of it (analyses from the cache)."""
    return build(results.of_version(version, branch), fmt, path, progress)


def write_query(query: str, fmt: str, home: str = "", path: Path | None = None,
                progress: Progress | None = None) -> Path:
    """The report file of a search result (every record the query finds)."""
    return build(results.of_query(query, home), fmt, path, progress)


def build(subject: results.Subject, fmt: str, path: Path | None = None, progress: Progress | None = None) -> Path:
    """Gather the data (the analyses, from the cache when there), draw the charts one by one, write the file;
    `progress(done, total, message)` hears each step on a scale of 100. Written to `path`, or under
    ZHICHAN_HOME/navigation/reports."""
    if fmt not in FORMATS:
        raise ValueError(f"未知的报告格式 {fmt}（可用：{'、'.join(FORMATS)}）")
    step = progress or (lambda done, total, message: None)
    gather, drawn = (30, 90) if fmt != "xlsx" else (70, 70)  # where each stage ends on the scale
    step(0, 100, GATHER)
    r = results.compute(subject, progress=lambda done, total, name: step(
        gather * done // max(total, 1), 100, f"{GATHER} {done}/{total}"))
    about = about_version(subject.version, r) if subject.version is not None else about_query(subject.title)
    images: dict[str, tuple[str, bytes]] = {}
    if fmt != "xlsx":
        step(gather, 100, f"{DRAW} 0/{len(chart_specs(r))}")
        images = draw_charts(r, lambda done, total: step(
            gather + (drawn - gather) * done // max(total, 1), 100, f"{DRAW} {done}/{total}"))
    step(drawn, 100, WRITE)
    if path is None:
        folder = conf.home() / "navigation" / "reports"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{dt.datetime.now():%Y%m%d%H%M%S%f}.{fmt}"
    if fmt == "xlsx":
        return xlsx(about, r, path)
    return {"docx": docx, "pdf": pdf}[fmt](about, r, path, images)
