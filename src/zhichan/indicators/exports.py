"""The records behind a figure (the drill-down page) read back from the page's address, and written to a spreadsheet
by a job (导出全部 … 件: every record, which for a city of a large corpus takes seconds). Titles and names are the
records' own text: written through the shared helper, which keeps formula-like text as text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from zhichan import conf
from zhichan.core import spreadsheet
from zhichan.core.models import Region
from zhichan.indicators import drilldown
from zhichan.indicators.forms import FigureSettingsForm
from zhichan.indicators.models import IndicatorDefinition


@dataclass
class Selection:
    region: Region
    form: FigureSettingsForm
    code: str  # the indicator whose records these are
    unplaced: bool  # only the records not placed in a region under this one
    chosen: list[int]
    indicator: IndicatorDefinition | None

    @property
    def high_value(self) -> bool:
        return drilldown.counted(self.code) == "high_value_invention"

    def file_name(self) -> str:
        name = self.indicator.name_zh if self.indicator else self.code
        return f"{self.region.name}-{name}-{self.form.day():%Y%m%d}.xlsx"


def select(region: Region, address: Mapping[str, Any]) -> Selection:
    """The records the drill-down page at `address` (its query values) lists; KeyError for an unknown indicator."""
    form = FigureSettingsForm.from_data({**dict(address.items()), "city": region.code})
    code = address.get("indicator") or "high_value_invention"
    unplaced = address.get("unplaced") == "1"
    chosen = drilldown.ids(code, region.code, form.day(), form.settings(), unplaced)
    base = drilldown.counted(code).removesuffix("_grant_unknown")
    return Selection(region, form, code, unplaced, chosen, IndicatorDefinition.objects.filter(code=base).first())


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def write(target: Any, selection: Selection, progress: Callable[[int, int], None] | None = None) -> int:
    """Every record of the selection, one row each (a path or a file object); `progress(done, total)` after each
    chunk read. Returns the number of rows."""
    book = spreadsheet.workbook(target, {"constant_memory": True})
    sheet = book.add_worksheet(_("记录"))
    bold = book.add_format({"bold": True})
    headers = [_("申请号"), _("标题"), _("第一申请人"), _("申请日"), _("授权日"), _("法律状态")]
    spreadsheet.write_row(sheet, 0, 0, [*headers, *([_("满足的条件")] if selection.high_value else [])], bold)
    total, written = len(selection.chosen), 0
    for written, row in enumerate(drilldown.every_row(selection.code, selection.chosen, selection.form.day(),
                                                      selection.form.settings()), start=1):
        app = row["app"]
        spreadsheet.write_row(sheet, written, 0, [
            app.key, app.title, app.first_applicant, _day(app.filing_date), _day(app.grant_date),
            app.get_legal_status_display(), *(["；".join(str(f) for f in row["flags"])] if selection.high_value else [])])
        if progress and (written % drilldown.CHUNK == 0 or written == total):
            progress(written, total)
    book.close()
    return written


def path(job_id: int) -> Path:
    return conf.home() / "exports" / f"indicators-{job_id}.xlsx"
