"""Attach GB/T 2260 region codes to applicants and holders: from a stated code, the address, the province column,
the applicant directory (names placed by earlier addresses, registered organisations and the office's own table),
or (least certain) the place name inside an organisation's name. PyPI `cpca` does the address parsing offline."""

from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Iterable

from zhichan.patents import names
from zhichan.patents import record as rec

REGION_ROLES = {rec.APPLICANT, rec.HOLDER}
_CJK = re.compile(r"[\u4e00-\u9fff]")


def cpca_codes(texts: list[str]) -> dict[str, str]:
    """Region codes cpca finds in each text. cpca's public `transform` builds a pandas DataFrame, and importing and
    filling it cost about as much as the rest of an import's parsing; the pinned cpca 0.5.5 exposes the per-text
    extractor that `transform` is built on, so it is called directly (falling back to `transform` if it moves)."""
    if not texts:
        return {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import cpca

    extract = getattr(cpca, "_get_one_addr", None)
    if extract is None:
        frame = cpca.transform(texts)
        found = zip(texts, frame["adcode"].tolist(), strict=True)
    else:
        found = ((text, extract(text, False, {}).get("adcode")) for text in texts)
    return {text: code[:6] for text, code in found if isinstance(code, str) and code.isdigit()}


class RegionResolver:
    def __init__(self, divisions: dict[str, str], directory: dict[str, str] | None = None) -> None:
        """divisions: code -> name for every known region; directory: normalised name -> region code."""
        self.known = divisions
        self.directory = directory or {}
        self.learnt: dict[str, Counter[str]] = {}  # normalised name -> codes its addresses gave, in this import
        self.spelled: dict[str, str] = {}  # normalised name -> the name as first written
        self.province_by_name = {}
        for code, name in divisions.items():
            if code.endswith("0000"):
                self.province_by_name[name] = code
                short = re.sub(r"(省|市|自治区|壮族|回族|维吾尔|特别行政区)+$", "", name)
                self.province_by_name.setdefault(short, code)
        self.cache: dict[str, str] = {}

    def _province(self, text: str) -> str:
        text = text.strip()
        if not text:
            return ""
        if text in self.province_by_name:
            return self.province_by_name[text]
        return next((code for name, code in self.province_by_name.items() if len(name) >= 2 and text.startswith(name)), "")

    def _lookup(self, texts: Iterable[str]) -> None:
        missing = sorted({t for t in texts if t and t not in self.cache})
        self.cache.update({t: "" for t in missing})
        self.cache.update(cpca_codes(missing))

    def resolve(self, records: list[rec.PatentRecord]) -> None:
        """Fill region_code/region_source on the applicants and holders of Chinese records, in place. Parties with
        an address or a stated code are placed first, and teach the directory their place, so that the same name
        without an address (in this file or a later one) is placed too."""
        parties = [p for r in records if r.country in {"CN", "WO", ""} for p in r.parties if p.role in REGION_ROLES]
        self._lookup([p.address for p in parties if p.address and not p.region_code])
        for party in parties:
            self._resolve_stated(party)
            if party.region_source in {"code", "address"} and len(_prefix(party.region_code)) > 2:
                key = names.normalize(party.name)
                self.learnt.setdefault(key, Counter())[party.region_code] += 1
                self.spelled.setdefault(key, party.name)
        rest = [p for p in parties if not p.region_code or len(_prefix(p.region_code)) == 2]
        for party in rest:
            self._resolve_directory(party)
        self._lookup([p.name for p in rest if not p.region_code and _CJK.search(p.name)])
        for party in rest:
            if not party.region_code and _CJK.search(party.name):
                code = self.cache.get(party.name, "")
                if code:
                    party.region_code, party.region_source = self._known(code), "name"

    def _resolve_stated(self, party: rec.PartyRecord) -> None:
        """From what the record itself says: a code, the address, a province column."""
        if party.region_code:
            if party.region_code in self.known:
                party.region_source = party.region_source or "code"
                return
            party.region_code = ""
        stated_province = self._province(party.province)
        if party.address:
            code = self.cache.get(party.address, "")
            if code and (not stated_province or code[:2] == stated_province[:2]):
                party.region_code, party.region_source = self._known(code), "address"
                return
        if stated_province:
            party.region_code, party.region_source = stated_province, "province"

    def _resolve_directory(self, party: rec.PartyRecord) -> None:
        """A name the directory knows: its place, if it agrees with the province the record states."""
        key = names.normalize(party.name)
        code = self.directory.get(key, "")
        if not code and key in self.learnt:
            code = self.learnt[key].most_common(1)[0][0]
        code = self._known(code) if code else ""
        if code and (party.region_source != "province" or code[:2] == party.region_code[:2]):
            party.region_code, party.region_source = code, "directory"

    def _known(self, code: str) -> str:
        for candidate in (code, code[:4] + "00", code[:2] + "0000"):
            if candidate in self.known:
                return candidate
        return ""


def _prefix(code: str) -> str:
    return code[:2] if code.endswith("0000") else code[:4] if code.endswith("00") else code
