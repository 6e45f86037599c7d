"""The settings of a computation in words, as the dashboard, the public page and the reports state them
("第一专利权人归属；较高质押金额 1000 万元；维持 10 年自申请日起；战略性新兴产业按任一分类号"), never a raw dict."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhichan.indicators import compute

ATTRIBUTION_WORDS = {
    compute.FIRST_HOLDER: gettext_lazy("第一专利权人归属"),
    compute.ALL_WHOLE: gettext_lazy("全部专利权人归属（各计一件）"),
    compute.ALL_FRACTIONAL: gettext_lazy("全部专利权人归属（按份额）"),
}


def number(value: float) -> str:
    """1000.0 → 1000, 1500.5 → 1500.5."""
    return f"{value:g}" if abs(value) < 1e15 else f"{value:.0f}"


def settings_text(recorded: dict) -> str:
    """A figure's recorded settings (compute.Settings.as_dict) in words, in the active language."""
    from zhichan.indicators.actions import settings_from

    s = settings_from(recorded or {})
    parts = [
        str(ATTRIBUTION_WORDS.get(s.attribution, s.attribution)),
        _("较高质押金额 %(n)s 万元") % {"n": number(s.high_value.pledge_threshold_wan)},
        _("维持 10 年自授权日起") if s.high_value.ten_years_from == "grant" else _("维持 10 年自申请日起"),
        _("战略性新兴产业按主分类号") if s.high_value.sei_match == "main" else _("战略性新兴产业按任一分类号"),
    ]
    if s.exclude_abnormal:  # the abnormal-application review's exclusion (agencies/abnormal_actions.py)
        parts.append(_("不计经核查认定为非正常申请的专利"))
    return _("；").join(parts)
