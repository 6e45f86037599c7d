"""The list page's deals as a spreadsheet (core/spreadsheet.py: a name typed as "=HYPERLINK(…)" stays text)."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils.translation import gettext as _

from zhichan.core import spreadsheet
from zhichan.deals.models import Deal


def headers() -> list[str]:
    return [_("交易类型"), _("许可类型"), _("专利"), _("权利说明"), _("出让方"), _("受让方"), _("金额（万元）"),
            _("合同生效日"), _("登记（备案）日"), _("计入日"), _("备案（登记）号"), _("逾期备案"), _("统计地区"),
            _("来源"), _("状态"), _("注销日"), _("入册日期"), _("法律事件")]


def row(deal: Deal) -> list[object]:
    counted = getattr(deal, "counted", None) or deal.counted_on
    return [deal.get_kind_display(), deal.get_licence_type_display() if deal.licence_type else "",
            deal.application.key if deal.application_id else "", deal.right, deal.from_name, deal.to_name,
            float(deal.amount_wan) if deal.amount_wan is not None else "",
            _day(deal.contract_date), _day(deal.effective_on), _day(counted), deal.recordal_number,
            _("是") if deal.late_recordal else "", deal.region.full_name if deal.region_id else "",
            deal.get_source_display(), deal.get_status_display(), _day(deal.cancelled_on), _day(deal.recorded_on),
            deal.event_text]


def _day(value: object) -> str:
    return value.isoformat() if value else ""  # type: ignore[attr-defined]


def xlsx(deals: Iterable[Deal]) -> bytes:
    buffer = io.BytesIO()
    book = spreadsheet.workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(_("交易登记"))
    sheet.write_row(0, 0, headers(), book.add_format({"bold": True}))
    for index, deal in enumerate(deals, start=1):
        spreadsheet.write_row(sheet, index, 0, row(deal))
    sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()
