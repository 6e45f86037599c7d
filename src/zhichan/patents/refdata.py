"""Reference data: Chinese and English IPC titles, the SEI concordance. Loaded with `zhichan refdata load DIR`;
without it the platform works and shows codes without titles."""

from __future__ import annotations

import csv
import io
import json
import re
import tarfile
from collections.abc import Iterator
from pathlib import Path

from zhichan.patents import ipc

_CODE_LINE = re.compile(r"^([A-H]\d\d[A-Z]\d+/\d+)\s+(.+)$")


def _find(root: Path, name: str) -> Path | None:
    if root.is_file():
        return root if root.name == name else None
    return next(iter(sorted(root.rglob(name))), None)


def _ipc_tree_texts(root: Path) -> Iterator[str]:
    archive = _find(root, "IPC_Tree.tar.gz")
    if archive is not None:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                if member.isfile() and member.name.endswith(".txt"):
                    handle = tar.extractfile(member)
                    if handle is not None:
                        yield handle.read().decode("utf-8", errors="replace")
        return
    tree = next(iter(sorted(root.rglob("IPC_Tree"))), None) if root.is_dir() else None
    if tree is not None:
        for path in sorted(tree.rglob("*.txt")):
            yield path.read_text("utf-8", errors="replace")


def chinese_titles(root: Path) -> dict[str, str]:
    """From the CNIPA Chinese IPC tree: info.txt (Code:/Title:) per level and one line per subgroup."""
    titles: dict[str, str] = {}
    for content in _ipc_tree_texts(root):
        head, _, body = content.partition("====")
        fields = dict(re.findall(r"^(Code|Title):\s*(.+)$", head, re.MULTILINE))
        code = ipc.normalize(fields.get("Code", ""))
        if code and fields.get("Title"):
            titles.setdefault(code, fields["Title"].strip())
        for line in body.splitlines():
            match = _CODE_LINE.match(line.strip())
            if match:
                sub = ipc.normalize(match.group(1))
                if sub:
                    titles.setdefault(sub, match.group(2).strip())
    return titles


def english_titles(root: Path) -> dict[str, str]:
    path = _find(root, "all_ipc.csv")
    if path is None:
        return {}
    titles = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            code, _, title = line.rstrip("\n").partition("\t")
            normal = ipc.normalize(code)
            if normal and title:
                titles[normal] = title.strip()
    return titles


def sei_categories(root: Path) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """(SEI code -> name, [(IPC code, SEI code)])."""
    sei_path, map_path = _find(root, "sei.jsonl"), _find(root, "ipc-sei.jsonl")
    if sei_path is None or map_path is None:
        return {}, []
    rules = {}
    names = {}
    for line in io.StringIO(sei_path.read_text("utf-8")):
        if line.strip():
            item = json.loads(line)
            rules[item["id"]] = item["seiCode"]
            names.setdefault(item["seiCode"], item["seiName"])
    pairs = set()
    for line in io.StringIO(map_path.read_text("utf-8")):
        if line.strip():
            item = json.loads(line)
            code = ipc.normalize(item["ipcCode"])
            if code and item["seiId"] in rules:
                pairs.add((code, rules[item["seiId"]]))
    return names, sorted(pairs)


def ipc_technology_csv(root: Path) -> list[dict[str, str]]:
    path = _find(root, "ipc_technology.csv")
    if path is None:
        return []
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))
