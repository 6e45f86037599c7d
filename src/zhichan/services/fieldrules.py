"""What a window field may hold, by its kind (core.workflow.machine.FIELD_KINDS): amounts in 万元 written in
figures, dates, CN application numbers with their check character, credit codes, IPC symbols, the patent type;
dates declared in order must come in order. Pure Python: the forms show each refusal beside its field, the actions
refuse the same values (wf.FieldErrors), so that nothing reaches the statistics unread.

Every value is stored as canonical text (amount "5000", date "2026-03-01", number "CN202610000001.9"). Checks that
need the database (a registered 备案 entity, one of the window's staff, the protection centre's technical fields)
are the actions' (services/actions.py).

Amounts written in Chinese numerals ("五百万") are refused, not read: in a field counted in 万元 "五百万" may mean
500 (万元) or 5,000,000 (万元), and a wrong guess would put a figure a thousand times off into 质押融资额.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from zhichan.core import creditcode
from zhichan.core.workflow import machine as wf
from zhichan.patents import ipc, numbers


def _(text: str) -> str:
    """Marks a message for the catalogue (makemessages); the form translates it when it shows it."""
    return text


KINDS = wf.FIELD_KINDS
LINE_MAX, TEXT_MAX = 300, 20000  # a portfolio of a few hundred application numbers fits in TEXT_MAX
PATENT_TYPES = (_("发明"), _("实用新型"), _("外观设计"))
TYPE_DIGITS = {"发明": "1", "实用新型": "2", "外观设计": "3"}  # pre-examination takes no PCT national phase (8, 9)
AMOUNT_PLACES = 4  # 万元 to the yuan
AMOUNT_MAX = Decimal(10) ** 9  # 万元: ten trillion yuan, beyond any pledge; a slip of units lands here
YEARS = (1900, 2099)


class FieldError(ValueError):
    """Why one value is refused: a message template and its values, so that the page can show it translated."""

    def __init__(self, template: str, **params: object) -> None:
        self.template, self.params = template, params
        super().__init__(template % params if params else template)


def _text(raw: object) -> str:
    return unicodedata.normalize("NFKC", str(raw or "")).strip()


_PLAIN = re.compile(r"[+-]?\d+(?:\.\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def amount_wan(raw: object) -> Decimal:
    """An amount in 万元 written in figures: 500, 500.5, 5,000 (full-width figures too; a trailing 万元 or 万 is
    the unit itself). Chinese numerals, other units, exponents, zero and negative amounts are refused."""
    text = re.sub(r"\s+", "", _text(raw))
    if not text:
        raise FieldError(_("请填写金额"))
    unit = re.search(r"(万元|万|亿元|亿|元)$", text)
    if unit and unit.group(1) in {"万元", "万"}:
        text = text[:unit.start()]
    elif unit and re.search(r"\d", text):
        raise FieldError(_("金额以万元为单位：请换算成万元后只填数字（如 1 亿元填 10000）"))
    if re.fullmatch(r"[\d,.+-]+", text) and not (_PLAIN.fullmatch(text) or _GROUPED.fullmatch(text)):
        raise FieldError(_("千位分隔符应每三位一个，如 5,000"))
    if not (_PLAIN.fullmatch(text) or _GROUPED.fullmatch(text)):
        raise FieldError(_("请用阿拉伯数字填写金额（单位：万元），如 500、500.5 或 5,000"))
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:  # not reached: the patterns admit only what Decimal reads
        raise FieldError(_("请用阿拉伯数字填写金额（单位：万元），如 500、500.5 或 5,000")) from None
    if value <= 0:
        raise FieldError(_("金额应大于 0"))
    if -value.as_tuple().exponent > AMOUNT_PLACES:  # type: ignore[operator]
        raise FieldError(_("金额的小数最多 %(n)d 位（万元精确到元）"), n=AMOUNT_PLACES)
    if value >= AMOUNT_MAX:
        raise FieldError(_("金额过大，请核对单位（万元）"))
    return value


def amount_text(value: Decimal) -> str:
    """The stored form: no exponent, no trailing zeros (500, 500.5, 1234.5)."""
    text = format(value.normalize(), "f")
    return text


_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(\d{4})(\d{2})(\d{2})")


def date(raw: object) -> dt.date:
    """A date: 2026-03-01, 2026/3/1, 2026.3.1, 2026年3月1日 or 20260301 (full-width figures too)."""
    text = _text(raw)
    found = _DATE.fullmatch(text)
    if not found:
        raise FieldError(_("请填写日期，如 2026-03-01"))
    year, month, day = (int(g) for g in (found.groups()[:3] if found.group(1) else found.groups()[3:]))
    if not YEARS[0] <= year <= YEARS[1]:
        raise FieldError(_("年份应在 %(first)d–%(last)d 之间"), first=YEARS[0], last=YEARS[1])
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise FieldError(_("%(text)s 不是有效的日期"), text=text) from None


_CN_NUMBER = re.compile(r"(?:CN)?(\d{12}|\d{8})\.?([\dX]?)")


def application_number(raw: object) -> str:
    """A CN application number with its check character (CN202610000001.9, ZL202610000001.9, 2026100000019), in
    its canonical form. The check character is required: without it a mistyped digit goes unnoticed. A wrong one is
    refused without saying what it should be, since the mistake may as well be in a digit."""
    shown = _text(raw)
    found = _CN_NUMBER.fullmatch(numbers.clean(shown))
    if not found:
        raise FieldError(_("“%(text)s”不是中国专利申请号，应如 CN202610000001.9"), text=shown)
    digits, check = found.groups()
    if not check:
        raise FieldError(_("申请号 %(text)s 缺少校验位（小数点后的一位数字或 X）"), text=shown)
    if check != numbers.cn_check_character(digits):
        raise FieldError(_("申请号 %(text)s 的校验位不符，请核对每一位"), text=shown)
    try:
        return numbers.parse_application_number(digits + check).key
    except numbers.NumberError:
        raise FieldError(_("申请号 %(text)s 的申请年份或专利类型位无效"), text=shown) from None


def application_numbers(raw: object) -> list[str]:
    """Application numbers, one a line or separated by commas, semicolons or 、: each as application_number()
    reads it; the refusal names every number that is not right."""
    keys, wrong = [], []
    for token in re.split(r"[\s,，;；、]+", _text(raw)):
        if not token:
            continue
        try:
            keys.append(application_number(token))
        except FieldError:
            wrong.append(token)
    if wrong:
        raise FieldError(_("以下申请号无法识别或校验位不符：%(numbers)s"), numbers="、".join(wrong))
    if not keys:
        raise FieldError(_("请填写申请号"))
    return list(dict.fromkeys(keys))


CREDIT_CODE_REFUSALS = {  # the registration form's words (core/account_forms.py), one catalogue entry each
    "length": _("统一社会信用代码应为 18 位，实为 %(length)d 位"),
    "charset": _("统一社会信用代码含有不允许的字符 %(characters)s（不使用 I、O、Z、S、V）"),
    "check": _("统一社会信用代码校验位错误：应为 %(expected)s，实为 %(found)s"),
}


def credit_code(raw: object) -> str:
    """A 统一社会信用代码 with its GB 32100 check character, in capitals."""
    try:
        return creditcode.normalize(_text(raw))
    except creditcode.CreditCodeError as exc:
        template = CREDIT_CODE_REFUSALS.get(getattr(exc, "reason", ""))
        raise (FieldError(template, **exc.params) if template else FieldError(str(exc))) from None


def ipc_symbol(raw: object) -> str:
    code = ipc.normalize(_text(raw))
    if not code:
        raise FieldError(_("“%(text)s”不是 IPC 分类号，应如 H01M 4/131"), text=_text(raw))
    return code


def canonical(kind: str, raw: object) -> str:
    """The stored text of a value of this kind, or FieldError."""
    text = str(raw or "").strip()
    if kind == wf.AMOUNT_WAN:
        return amount_text(amount_wan(text))
    if kind == wf.DATE:
        return date(text).isoformat()
    if kind == wf.APPLICATION_NUMBER:
        return application_number(text)
    if kind == wf.APPLICATION_NUMBERS:
        return "\n".join(application_numbers(text))
    if kind == wf.CREDIT_CODE:
        return credit_code(text)
    if kind == wf.IPC:
        return ipc_symbol(text)
    if kind == wf.PATENT_TYPE and text not in PATENT_TYPES:
        raise FieldError(_("专利类型应为%(types)s之一"), types="、".join(PATENT_TYPES))
    limit = TEXT_MAX if kind in {wf.TEXT, wf.APPLICATION_NUMBERS} else LINE_MAX
    if len(text) > limit:
        raise FieldError(_("最多 %(n)d 个字"), n=limit)
    return text


def check(machine: wf.Machine, values: Mapping[str, object], stored: Mapping[str, str] | None = None
          ) -> tuple[dict[str, str], dict[str, FieldError]]:
    """The given values in their stored form, and the refusals by field. Empty values are left for the engine (a
    draft may be saved half filled; the transition says what is required). `stored` is what the case holds already,
    for the checks across fields: dates in order, an application number of the requested patent type."""
    clean: dict[str, str] = {}
    errors: dict[str, FieldError] = {}
    for name, raw in values.items():
        if not str(raw or "").strip():
            clean[name] = ""
            continue
        try:
            clean[name] = canonical(machine.kind_of(name), raw)
        except FieldError as exc:
            errors[name] = exc
    known = {**(stored or {}), **{k: v for k, v in clean.items() if v}}
    for earlier, later in machine.ordered:
        if {earlier, later} & set(clean) and known.get(earlier) and known.get(later) and not errors.keys() & {
                earlier, later} and known[later] <= known[earlier]:  # ISO dates compare as text
            errors[later] = FieldError(_("%(later)s应晚于%(earlier)s（%(date)s）"), later=machine.fields[later],
                                       earlier=machine.fields[earlier], date=known[earlier])
    number, kind = clean.get("application_number"), known.get("patent_type")
    if number and kind in TYPE_DIGITS and "application_number" not in errors and \
            numbers.parse_application_number(number).type_digit != TYPE_DIGITS[kind]:
        errors["application_number"] = FieldError(_("申请号 %(number)s 不是%(kind)s专利申请的号码"), number=number,
                                                  kind=kind)
    return clean, errors


def refuse(machine: wf.Machine, errors: Mapping[str, FieldError]) -> None:
    """Raise wf.FieldErrors for the refusals, if there are any."""
    if errors:
        raise wf.FieldErrors(dict(errors), machine.fields)
