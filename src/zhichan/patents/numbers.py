"""Patent application and publication numbers (domain.md §2). Pure Python.

CN application numbers carry a check character: digits times weights 2..9 (repeating), summed, mod 11,
10 written X. Other offices' numbers are parsed into (country, number, kind) without CN rules.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


class NumberError(ValueError):
    """A number that cannot be read or whose check character is wrong."""


@dataclass(frozen=True)
class ApplicationNumber:
    country: str
    number: str  # digits (CN) or the office's own form, without check character
    check: str  # CN check character, "" elsewhere

    @property
    def key(self) -> str:
        """The canonical form, used as the application's identity: CN202210836006.7, US15950587."""
        return f"{self.country}{self.number}.{self.check}" if self.check else f"{self.country}{self.number}"

    @property
    def type_digit(self) -> str:
        """CN type digit: 1 invention, 2 utility model, 3 design, 8 PCT invention, 9 PCT utility model."""
        if self.country != "CN":
            return ""
        return self.number[4] if len(self.number) == 12 else self.number[2]

    @property
    def filing_year(self) -> int | None:
        """The year in a CN number: 4 digits from 2003, 2 before (85–99 are 1985–1999, 00–02 are 2000–2002)."""
        if self.country != "CN":
            return None
        if len(self.number) == 12:
            return int(self.number[:4])
        two = int(self.number[:2])
        return 1900 + two if two >= 85 else 2000 + two

    @property
    def is_pct_international(self) -> bool:
        """A PCT international application (PCT/CN2020/123456, written WOCN20123456 by incoPat)."""
        return self.country == "WO"

    @property
    def receiving_office(self) -> str:
        """The receiving office of a PCT international application (CN for PCT/CN…, IB for the International
        Bureau); "" for other numbers."""
        return self.number[:2] if self.is_pct_international and self.number[:2].isalpha() else ""


@dataclass(frozen=True)
class PublicationNumber:
    country: str
    number: str
    kind: str

    @property
    def key(self) -> str:
        return f"{self.country}{self.number}{self.kind}"


def clean(raw: str) -> str:
    """Full-width to half-width, upper case, drop spaces, separators and the ZL prefix."""
    text = unicodedata.normalize("NFKC", str(raw)).upper().strip()
    text = re.sub(r"[\s,/\-_]", "", text)
    if text.startswith("ZL"):
        text = "CN" + text[2:]
    return text


@lru_cache(maxsize=65536)
def cn_check_character(digits: str) -> str:
    total = sum(int(d) * (2 + i % 8) for i, d in enumerate(digits))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


_CN_APP = re.compile(r"^(?:CN)?(\d{12}|\d{8})\.?([\dX]?)$")
# PCT/CN2020/123456 (from 2004: four-digit year, six-digit serial) or PCT/CN99/00123 (two-digit year, five-digit
# serial), separators already removed by clean(): stored as WO + office + two-digit year + serial, incoPat's form
_PCT_APP = re.compile(r"^PCT([A-Z]{2})(\d{4}|\d{2})(\d{5,6})$")
_FOREIGN_APP = re.compile(r"^([A-Z]{2})([A-Z0-9.]+)$")


def parse_application_number(raw: str, country: str = "") -> ApplicationNumber:
    """Parse an application number; CN numbers must carry a valid check character (or none at all)."""
    text = clean(raw)
    if not text:
        raise NumberError("申请号为空 empty application number")
    hint = clean(country) if country else ""
    cn = _CN_APP.match(text)
    if cn and (text.startswith("CN") or hint in {"", "CN"}):
        digits, check = cn.groups()
        expected = cn_check_character(digits)
        if check and check != expected:
            raise NumberError(f"校验位错误 check character {check} should be {expected} in {raw!r}")
        if len(digits) == 12 and not 1985 <= int(digits[:4]) <= 2100:
            raise NumberError(f"申请年份无效 invalid filing year in {raw!r}")
        if digits[4 if len(digits) == 12 else 2] not in "12389":
            raise NumberError(f"专利类型位无效 invalid type digit in {raw!r}")
        return ApplicationNumber("CN", digits, expected)
    pct = _PCT_APP.match(text)
    if pct:
        office, year, serial = pct.groups()
        return ApplicationNumber("WO", f"{office}{year[-2:]}{serial}", "")
    foreign = _FOREIGN_APP.match(text)
    if foreign and foreign.group(1) != "CN" and sum(c.isdigit() for c in foreign.group(2)) >= 4:
        return ApplicationNumber(foreign.group(1), foreign.group(2), "")
    if hint and hint != "CN" and re.fullmatch(r"[A-Z0-9.]+", text):
        return ApplicationNumber(hint, text, "")
    raise NumberError(f"无法识别的申请号 unrecognised application number {raw!r}")


# Country, then a number that may start with letters (USD435854, TWI345871, BRPI2117369, JPWO2017183476) and ends
# in a digit, then an optional kind code (A, B2, S1, U2 …).
_PUB = re.compile(r"^([A-Z]{2})([A-Z]{0,3}\d+)([A-Z]\d?)?$")


def parse_publication_number(raw: str) -> PublicationNumber:
    text = clean(raw)
    match = _PUB.match(text)
    if not match:
        raise NumberError(f"无法识别的公开号 unrecognised publication number {raw!r}")
    country, number, kind = match.groups()
    if country == "US" and number.isdigit():
        number = number.lstrip("0")  # USPTO XML pads grant numbers: 07272630 is US7272630
    return PublicationNumber(country, number, kind or "")


CN_KIND_MEANING = {
    "A": "发明公布", "B": "发明授权", "C": "发明专利(部分无效)", "U": "实用新型", "Y": "实用新型(部分无效)",
    "S": "外观设计",
}


def is_grant_kind(country: str, kind: str) -> bool:
    """Whether a publication kind code marks a granted right."""
    if not kind:
        return False
    if country == "CN":  # D: design grants of 2002–2009 (later S)
        return kind[0] in "BCUYSD" and kind not in {"A8", "A9"}
    if country == "US":
        return kind[0] in "BSEP" and kind != "P1"
    return kind[0] in "BC"


def application_keys(text: str) -> tuple[list[str], list[str]]:
    """Application numbers written or pasted as free text (separated by spaces, commas, semicolons or 、), in
    canonical form and each once; and the tokens that are not application numbers."""
    keys: list[str] = []
    unreadable: list[str] = []
    for token in re.split(r"[\s,，;；、]+", text):
        if not token:
            continue
        try:
            keys.append(parse_application_number(token).key)
        except NumberError:
            unreadable.append(token)
    return list(dict.fromkeys(keys)), unreadable
