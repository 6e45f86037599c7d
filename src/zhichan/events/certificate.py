"""The training certificate (培训证明) as PDF, drawn with fpdf2 (the project's PDF library, as the navigation
reports) in the CJK font the charts use: the person, the event, the 学时 and category, the number and the
verification code with the address of the public verify page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from zhichan.events import hours


def render(credit: Any, verify_url: str) -> bytes:
    from fpdf import FPDF

    from zhichan.navigation.charts import cjk_face

    event = credit.registration.event
    regular, face = cjk_face()
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.add_font("cjk", "", regular, collection_font_number=face)
    pdf.set_creator("知产 Zhichan")
    pdf.add_page()
    pdf.set_draw_color(150, 30, 30)
    pdf.rect(10, 10, 277, 190)
    with translation.override(settings.LANGUAGE_CODE):
        pdf.set_title(_("培训证明"))
        pdf.set_font("cjk", "", 28)
        pdf.set_y(32)
        pdf.cell(0, 14, _("培训证明"), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(10)
        pdf.set_font("cjk", "", 15)
        start = timezone.localtime(event.starts_at)
        text = _("%(name)s 于 %(date)s 参加“%(title)s”，经签到确认，登记%(category)s %(hours)s 学时。") % {
            "name": credit.name, "date": f"{start:%Y-%m-%d}", "title": event.title,
            "category": credit.get_category_display(), "hours": hours.plain(credit.hours)}
        pdf.set_x(35)
        pdf.multi_cell(227, 10, text)
        pdf.ln(8)
        pdf.set_font("cjk", "", 12)
        lines = [(_("主办单位"), event.organizer.name if event.organizer else ""), (_("证书编号"), credit.number),
                 (_("验证码"), credit.code), (_("验证网址"), verify_url)]
        for label, value in lines:
            pdf.set_x(35)
            pdf.cell(40, 8, label)
            pdf.cell(187, 8, value, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
