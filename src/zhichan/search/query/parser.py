"""Query text → syntax tree (`ast`). Pure Python; every failure is a `QueryError` with its position.

Grammar (docs/search.md):
    query   := or
    or      := and (OR and)*                    OR, 或
    and     := unary ([AND] unary)*             AND, 与, or nothing between two operands
    unary   := NOT unary | primary              NOT, 非
    primary := '(' or ')' | FIELD value | WORD | PHRASE
    value   := '(' or ')' | WORD | PHRASE       the field applies to every term inside the parentheses

Parentheses and NOT nest at most MAX_DEPTH deep: the parser (and every walk over the tree after it) recurses once
per level, so a bound keeps a hostile query from exhausting the stack (docs/search.md: Limits).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from zhichan.search.query.ast import And, Node, Not, Or, Term
from zhichan.search.query.errors import QueryError
from zhichan.search.query.fields import FIELDS

_OPERATORS = {"AND": "AND", "与": "AND", "OR": "OR", "或": "OR", "NOT": "NOT", "非": "NOT"}
_FIELD = re.compile(r"([A-Za-z]+)\s*(>=|<=|=|:|>|<|＝|：)")
_SPACED_OP = re.compile(r"\s*(>=|<=|=|:|>|<|＝|：)")
_OPEN, _CLOSE = "(（", ")）"
_QUOTES = {'"': '"', "“": "”", "”": "”"}
_STOP = set(_OPEN) | set(_CLOSE) | set(_QUOTES)
_OPS = {"＝": "=", "：": "=", ":": "="}
MAX_DEPTH = 32  # levels of parentheses and NOT; far beyond any query a person writes
# Control characters (C0 but tab and line breaks, DEL, C1) mean nothing in a query, and a NUL cannot be stored
# (PostgreSQL text) in the search history or a saved search.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Token:
    kind: str  # LP RP AND OR NOT FIELD WORD PHRASE END
    text: str
    position: int
    op: str = ""


def tokenize(query: str) -> list[Token]:
    out: list[Token] = []
    i, n = 0, len(query)
    while i < n:
        char = query[i]
        if char.isspace():
            i += 1
        elif char in _OPEN or char in _CLOSE:
            out.append(Token("LP" if char in _OPEN else "RP", char, i))
            i += 1
        elif char in _QUOTES:
            i = _phrase(query, i, out)
        else:
            i = _chunk(query, i, out)
    out.append(Token("END", "", n))
    return out


def _phrase(query: str, start: int, out: list[Token]) -> int:
    end = query.find(_QUOTES[query[start]], start + 1)
    if end < 0 and query[start] == "“":
        end = query.find('"', start + 1)
    if end < 0:
        raise QueryError(start, _("引号没有闭合"))
    text = query[start + 1:end]
    if not text.strip():
        raise QueryError(start, _("引号中没有内容"))
    out.append(Token("PHRASE", text, start))
    return end + 1


def _chunk(query: str, start: int, out: list[Token]) -> int:
    i = start
    while i < len(query) and not query[i].isspace() and query[i] not in _STOP:
        i += 1
    text = query[start:i]
    if text.isascii() and text.upper() in FIELDS:  # `TI = 锂电池`: the operator after spaces
        spaced = _SPACED_OP.match(query, i)
        if spaced:
            op = _OPS.get(spaced.group(1), spaced.group(1))
            out.append(Token("FIELD", text.upper(), start, op))
            return spaced.end()
    field = _FIELD.match(text)
    if field:
        name = field.group(1).upper()
        if name in FIELDS:
            op = _OPS.get(field.group(2), field.group(2))
            out.append(Token("FIELD", name, start, op))
            rest = field.end()
            if rest < len(text):
                out.append(Token("WORD", text[rest:], start + rest))
            return i
        if field.group(2) not in {":", "："}:
            raise QueryError(start, _("未知字段 %(name)s") % {"name": field.group(1)})
    kind = _OPERATORS.get(text.upper() if text.isascii() else text)
    out.append(Token(kind or "WORD", text, start))
    return i


def check_length(query: str, max_length: int | None) -> None:
    if max_length is not None and len(query) > max_length:
        raise QueryError(max_length, _("检索式最长 %(n)s 个字符") % {"n": f"{max_length:,}"})


def check_characters(query: str) -> None:
    control = _CONTROL.search(query)
    if control:
        raise QueryError(control.start(), _("检索式中不能有控制字符（%(code)s）") % {"code": f"U+{ord(control.group()):04X}"})


class Parser:
    def __init__(self, query: str, max_depth: int = MAX_DEPTH, max_length: int | None = None) -> None:
        check_length(query, max_length)
        check_characters(query)
        self.query = query
        self.tokens = tokenize(query)
        self.index = 0
        self.max_depth = max_depth
        self.depth = 0

    def enter(self, token: Token) -> None:
        """One level deeper (a parenthesis or a NOT); refused past the bound, at the token that went too deep."""
        self.depth += 1
        if self.depth > self.max_depth:
            raise QueryError(token.position, _("括号和 NOT 最多嵌套 %(n)d 层") % {"n": self.max_depth})

    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def parse(self) -> Node:
        if self.current.kind == "END":
            raise QueryError(0, _("检索式为空"))
        node = self.parse_or(None)
        if self.current.kind == "RP":
            raise QueryError(self.current.position, _("多余的右括号"))
        if self.current.kind != "END":
            raise QueryError(self.current.position, _("无法理解“%(text)s”") % {"text": self.current.text})
        return node

    def parse_or(self, field: Token | None) -> Node:
        items = [self.parse_and(field)]
        while self.current.kind == "OR":
            operator = self.advance()
            items.append(self.operand(operator, field))
        return items[0] if len(items) == 1 else Or(tuple(items))

    def parse_and(self, field: Token | None) -> Node:
        items = [self.parse_unary(field)]
        while True:
            if self.current.kind == "AND":
                items.append(self.operand(self.advance(), field))
            elif self.current.kind in {"NOT", "LP", "FIELD", "WORD", "PHRASE"}:
                items.append(self.parse_unary(field))
            else:
                break
        return items[0] if len(items) == 1 else And(tuple(items))

    def operand(self, operator: Token, field: Token | None) -> Node:
        if self.current.kind in {"END", "RP", "AND", "OR"}:
            raise QueryError(operator.position, _("%(op)s 后缺少检索词") % {"op": operator.text})
        return self.parse_unary(field) if operator.kind != "OR" else self.parse_and(field)

    def parse_unary(self, field: Token | None) -> Node:
        if self.current.kind == "NOT":
            operator = self.advance()
            self.enter(operator)
            node = Not(self.operand(operator, field))
            self.depth -= 1
            return node
        return self.parse_primary(field)

    def parse_primary(self, field: Token | None) -> Node:
        token = self.current
        if token.kind == "LP":
            return self.group(field)
        if token.kind == "FIELD":
            if field is not None:
                raise QueryError(token.position, _("字段 %(inner)s 不能写在字段 %(outer)s 的括号里")
                                 % {"inner": token.text, "outer": field.text})
            self.advance()
            return self.field_value(token)
        if token.kind in {"WORD", "PHRASE"}:
            self.advance()
            return self.term(token, field)
        if token.kind == "RP":
            raise QueryError(token.position, _("多余的右括号"))
        if token.kind == "END":
            raise QueryError(token.position, _("检索式不完整"))
        raise QueryError(token.position, _("%(op)s 前缺少检索词") % {"op": token.text})

    def group(self, field: Token | None) -> Node:
        opening = self.advance()
        self.enter(opening)
        if self.current.kind == "RP":
            raise QueryError(opening.position, _("括号中没有内容"))
        node = self.parse_or(field)
        if self.current.kind != "RP":
            raise QueryError(opening.position, _("缺少右括号"))
        self.advance()
        self.depth -= 1
        return node

    def field_value(self, field: Token) -> Node:
        if self.current.kind == "LP":
            if field.op != "=":
                raise QueryError(field.position, _("比较符后只能跟一个日期"))
            return self.group(field)
        if self.current.kind not in {"WORD", "PHRASE"}:
            raise QueryError(field.position, _("字段 %(name)s 后缺少检索值") % {"name": field.text})
        return self.term(self.advance(), field)

    @staticmethod
    def term(token: Token, field: Token | None) -> Term:
        op = field.op if field else "="
        if op != "=" and FIELDS[field.text][0] != "date":  # type: ignore[union-attr]
            raise QueryError(token.position, _("只有日期字段可以使用 > < >= <="))
        return Term(field.text if field else None, token.text, token.position, token.kind == "PHRASE", op)


def parse(query: str, max_depth: int = MAX_DEPTH, max_length: int | None = None) -> Node:
    """`max_length` (characters) is the caller's to set: the search API bounds it, a thematic database's scope
    may be longer."""
    return Parser(query, max_depth, max_length).parse()
