"""The QR code of a check-in address, drawn on the server as SVG (segno, BSD-3-Clause; no image library needed)."""

from __future__ import annotations

import io

import segno


def svg(text: str) -> bytes:
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="svg", scale=5, border=2, xmldecl=False)
    return out.getvalue()
