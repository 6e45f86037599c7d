"""Text read back from the platform's PDFs (fpdf2 with an embedded CJK subset font). pypdf's own extraction misreads
the two-byte glyph codes of these fonts (a NUL before every character with Noto Sans CJK), so the codes are read
through each font's ToUnicode map here."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from pypdf.generic import ContentStream


def to_unicode(font: object) -> dict[bytes, str]:
    """A font's glyph code → text, from its ToUnicode CMap."""
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")  # type: ignore[index]
    return {bytes.fromhex(code): bytes.fromhex(text).decode("utf-16-be")
            for code, text in re.findall(r"<([0-9A-Fa-f]{4})> <([0-9A-Fa-f]+)>", cmap.split("endcodespacerange")[1])}


def pdf_text(data: bytes) -> str:
    """Every shown string of every page, in drawing order, one per line."""
    reader = PdfReader(io.BytesIO(data))
    out = []
    for page in reader.pages:
        fonts = {name: to_unicode(font.get_object()) for name, font in page["/Resources"].get("/Font", {}).items()}
        font: dict[bytes, str] = {}
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                font = fonts[operands[0]]
            elif operator in (b"Tj", b"TJ"):
                chunks = operands[0] if operator == b"TJ" else [operands[0]]
                raw = b"".join(bytes(c.original_bytes) for c in chunks if hasattr(c, "original_bytes"))
                out.append("".join(font.get(raw[i:i + 2], "?") for i in range(0, len(raw), 2)))
    return "\n".join(out)
