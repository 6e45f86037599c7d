"""Chinese data on a page in another language. `{{ value|zh }}` marks text that holds Chinese (a patent title, an
applicant, a region, an office's own words) as `lang="zh-Hans"`, so that a reader, a screen reader and
tests/test_english.py tell data from an untranslated label; `{{ value|tr }}` shows a text the platform seeded (a
window's name, a first guide) in the reader's language when the catalogue has it, else as Chinese data (an office
that rewrote it wrote it in Chinese)."""

from __future__ import annotations

import re

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language, gettext

register = template.Library()
HAN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff01-\uff60]")


@register.filter
def zh(value: object) -> object:
    """On a Chinese page the page's own lang already says it: the text is left as it is."""
    if (get_language() or "zh").startswith("zh"):
        return value
    text = "" if value is None else str(value)
    return format_html('<span lang="zh-Hans">{}</span>', text) if HAN.search(text) else value


@register.filter
def tr(value: object) -> object:
    text = "" if value is None else str(value)
    return zh(gettext(text)) if text else value
