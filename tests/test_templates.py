"""Page titles are text: no markup may land inside a template's title block (it once did, by a careless edit)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[1] / "src" / "zhichan" / "templates"


@pytest.mark.parametrize("path", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_title_blocks_hold_text_only(path):
    text = path.read_text("utf-8")
    for title in re.findall(r"{% block title %}(.*?){% endblock %}", text, re.S):
        assert "<" not in title and "\n" not in title, title[:80]
    assert text.count("{% block content %}") <= 1
