"""The report's charts as PNG images (matplotlib, Agg), drawn with a CJK font so that no label shows as empty boxes.
The font is looked up among the installed ones (Noto Sans CJK from Debian's fonts-noto-cjk, or WenQuanYi, Source
Han Sans); without one the report refuses with a clear message instead of printing boxes."""

from __future__ import annotations

import io
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

_CANDIDATES = ("NotoSansCJK-Regular", "NotoSansCJKsc-Regular", "NotoSansSC", "SourceHanSans", "wqy-zenhei",
               "wqy-microhei", "SimHei", "msyh")


class FontMissing(RuntimeError):
    pass


@lru_cache(maxsize=1)
def _cjk_path() -> str:
    files = font_manager.findSystemFonts()
    for wanted in _CANDIDATES:
        for path in sorted(files):
            if wanted.lower() in path.lower():
                return path
    raise FontMissing("没有找到中文字体，无法绘制报告图表：请安装 fonts-noto-cjk（Debian）等中文字体。")


@lru_cache(maxsize=1)
def cjk_font() -> str:
    """The family name of an installed CJK font (registered with matplotlib)."""
    path = _cjk_path()
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


@lru_cache(maxsize=2)
def cjk_face(bold: bool = False) -> tuple[str, int]:
    """The CJK font's file and, in a collection (.ttc), the number of its Simplified Chinese face, for writers that
    embed the font themselves (the PDF); the bold weight where it is installed beside the regular one."""
    cjk_font()  # the same font as the charts, or FontMissing
    path = _cjk_path()
    if bold:
        heavier = path.replace("Regular", "Bold")
        path = heavier if heavier != path and Path(heavier).exists() else path
    if not path.lower().endswith(".ttc"):
        return path, 0
    from fontTools.ttLib import TTCollection

    names = [face["name"].getDebugName(1) or "" for face in TTCollection(path, lazy=True).fonts]
    chinese = [i for i, name in enumerate(names) if name.endswith(" SC") or "SC " in name or "GB" in name]
    return path, chinese[0] if chinese else 0


def page(width: float, height: float, dpi: int = 150) -> Any:
    """A figure drawn with the CJK font, without pyplot's global state (safe in a web server)."""
    matplotlib.rcParams["font.family"] = [cjk_font()]
    matplotlib.rcParams["axes.unicode_minus"] = False
    fig = Figure(figsize=(width, height), dpi=dpi)
    FigureCanvasAgg(fig)
    return fig


def _figure(width: float = 7.5, height: float = 3.6) -> tuple[Any, Any]:
    fig = page(width, height)
    ax = fig.subplots()
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def _png(fig: Any) -> bytes:
    buffer = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def trend(r: dict[str, Any]) -> bytes:
    t = r["trend"]
    fig, ax = _figure()
    ax.bar(t["years"], t["filings"], color="#1f5fa8", label="申请量")
    ax.plot(t["years"], t["grants"], color="#b3261e", marker="o", markersize=3, label="授权量")
    if t["years"] and t["incomplete_from"] <= t["years"][-1]:
        ax.axvspan(t["incomplete_from"] - 0.5, t["years"][-1] + 0.5, color="#999", alpha=0.15, label="公开滞后，数据不完整")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # years, not 2012.5
    ax.set_xlabel("年份")
    ax.set_ylabel("件")
    ax.legend(frameon=False)
    return _png(fig)


def life_cycle(r: dict[str, Any]) -> bytes:
    points = r["life_cycle"]
    fig, ax = _figure(6, 4)
    xs, ys = [p["applicants"] for p in points], [p["filings"] for p in points]
    ax.plot(xs, ys, color="#1f5fa8", marker="o", markersize=3)
    for p in points[:: max(1, len(points) // 8)] + points[-1:]:
        ax.annotate(str(p["year"]), (p["applicants"], p["filings"]), fontsize=7)
    ax.set_xlabel("申请人数")
    ax.set_ylabel("申请量")
    return _png(fig)


def bars(items: list[tuple[str, int]], xlabel: str = "件", highlight: set[str] | None = None) -> bytes:
    items = items[:15][::-1]
    fig, ax = _figure(7.5, max(2.5, 0.3 * len(items) + 1))
    colors = ["#b3261e" if highlight and name in highlight else "#1f5fa8" for name, _ in items]
    ax.barh([name[:24] for name, _ in items], [v for _, v in items], color=colors)
    ax.set_xlabel(xlabel)
    ax.tick_params(axis="y", labelsize=8)
    return _png(fig)


def heatmap(rows: list[str], columns: list[str], values: list[list[int]]) -> bytes:
    fig, ax = _figure(7.5, max(2.5, 0.32 * len(rows) + 1.2))
    image = ax.imshow(values or [[0]], aspect="auto", cmap="Blues")
    ax.set_yticks(range(len(rows)), [r[:20] for r in rows], fontsize=8)
    step = max(1, len(columns) // 12)
    ax.set_xticks(range(0, len(columns), step), [str(c)[:10] for c in columns[::step]], fontsize=8, rotation=30)
    fig.colorbar(image, ax=ax, shrink=0.8)
    return _png(fig)


def pie(items: list[tuple[str, int]]) -> bytes:
    fig, ax = _figure(5.5, 3.6)
    ax.pie([v for _, v in items], labels=[n for n, _ in items], autopct="%1.1f%%", textprops={"fontsize": 8})
    return _png(fig)


def words(items: list[tuple[str, int]]) -> bytes:
    """A word cloud: the words placed on a spiral from the centre, sized by how many records name them; each word's
    real extent (as drawn) is checked against the words already placed."""
    fig, ax = _figure(7.5, 3.8)
    ax.axis("off")
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    top = max((c for _, c in items), default=1)
    placed: list[tuple[float, float, float, float]] = []
    colours = ["#1f5fa8", "#b3261e", "#2e7d32", "#6a1b9a"]
    for i, (word, count) in enumerate(items[:40]):
        for step in range(0, 900, 3):
            angle, radius = step * 0.3, 0.0015 * step
            x, y = 0.5 + radius * 1.8 * math.cos(angle), 0.5 + radius * math.sin(angle)
            text = ax.text(x, y, word, fontsize=8 + 22 * count / top, color=colours[i % 4], transform=ax.transAxes,
                           ha="center", va="center")
            e = text.get_window_extent(renderer)
            box = (e.x0 - 2, e.y0 - 2, e.x1 + 2, e.y1 + 2)
            inside = frame.x0 <= e.x0 and e.x1 <= frame.x1 and frame.y0 <= e.y0 and e.y1 <= frame.y1
            if inside and not any(_overlap(box, b) for b in placed):
                placed.append(box)
                break
            text.remove()
    return _png(fig)


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return not (a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1])
