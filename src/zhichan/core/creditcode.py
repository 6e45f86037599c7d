"""统一社会信用代码 (unified social credit code, GB 32100-2015): 18 characters, the last a check character. Pure
Python. Characters are digits and capital letters without I, O, Z, S, V; position weights are 3^i mod 31."""

from __future__ import annotations

import unicodedata

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


class CreditCodeError(ValueError):
    """`reason` (length, charset, check) and `params` let a caller word the message in the user's language."""

    def __init__(self, message: str, reason: str = "", **params: object) -> None:
        super().__init__(message)
        self.reason, self.params = reason, params


def check_character(first17: str) -> str:
    total = sum(CHARSET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def normalize(raw: str) -> str:
    """The code in canonical form, or CreditCodeError with the reason."""
    code = unicodedata.normalize("NFKC", str(raw or "")).strip().upper().replace(" ", "")
    if len(code) != 18:
        raise CreditCodeError(f"统一社会信用代码应为 18 位，实为 {len(code)} 位", "length", length=len(code))
    bad = sorted({c for c in code if c not in CHARSET})
    if bad:
        raise CreditCodeError(f"统一社会信用代码含有不允许的字符 {''.join(bad)}（不使用 I、O、Z、S、V）", "charset",
                              characters="".join(bad))
    expected = check_character(code[:17])
    if code[17] != expected:
        raise CreditCodeError(f"统一社会信用代码校验位错误：应为 {expected}，实为 {code[17]}", "check",
                              expected=expected, found=code[17])
    return code


def region_of(code: str) -> str:
    """The registering authority's administrative division (characters 3–8)."""
    return code[2:8]
