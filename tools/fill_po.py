"""Fill English translations into locale/en/LC_MESSAGES/django.po from tools/translations_en.py and clear
fuzzy flags for the entries it fills. Run after `django-admin makemessages -l en`, then compilemessages."""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from translations_en import EN

PO = Path(__file__).resolve().parents[1] / "src" / "zhichan" / "locale" / "en" / "LC_MESSAGES" / "django.po"


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> None:
    blocks = PO.read_text("utf-8").split("\n\n")
    missing = []
    for i, block in enumerate(blocks[1:], start=1):
        m = re.search(r'^msgid ((?:".*"\n?)+)msgstr ((?:".*"\n?)+)', block + "\n", re.M)
        if not m:
            continue
        msgid = "".join(re.findall(r'"(.*)"', m.group(1))).replace('\\"', '"')
        msgstr = "".join(re.findall(r'"(.*)"', m.group(2)))
        fuzzy = "#, fuzzy" in block
        if msgid in EN and (fuzzy or not msgstr):
            head = block[:m.start()]
            head = re.sub(r"^#, fuzzy, ", "#, ", head, flags=re.M)
            head = re.sub(r"^#, fuzzy\n", "", head, flags=re.M)
            head = re.sub(r"^#\| .*\n", "", head, flags=re.M)
            blocks[i] = head + "msgid " + quote(msgid) + "\nmsgstr " + quote(EN[msgid])
        elif fuzzy or not msgstr:
            missing.append(msgid)
    PO.write_text("\n\n".join(blocks), "utf-8")
    if missing:
        print("untranslated:", *missing, sep="\n  ")
        sys.exit(1)


if __name__ == "__main__":
    main()
