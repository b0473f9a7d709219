"""Split SPARQL text into tokens as the SPARQL 1.1 grammar's terminals define them.

This is how Oxigraph reads a query (comments end at a line feed *or* a carriage return;
``\\u`` escapes count only inside strings and IRIs), so what it finds (a ``SERVICE`` keyword,
a ``FROM`` clause, how deep brackets nest) is what the engine will see. It never recurses and
reads each character once, so it is safe on any input; it stops after ``max_tokens`` tokens.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from coalitiegraaf.errors import QueryError
from coalitiegraaf.limits import limit_hint
from coalitiegraaf.messages import Words

# the grammar's PN_CHARS_BASE, PN_CHARS_U, VARNAME's later characters and PN_CHARS (the same
# and a hyphen) as ranges of code points
_BASE = ((0x41, 0x5A), (0x61, 0x7A), (0xC0, 0xD6), (0xD8, 0xF6), (0xF8, 0x2FF), (0x370, 0x37D),
         (0x37F, 0x1FFF), (0x200C, 0x200D), (0x2070, 0x218F), (0x2C00, 0x2FEF), (0x3001, 0xD7FF),
         (0xF900, 0xFDCF), (0xFDF0, 0xFFFD), (0x10000, 0xEFFFF))
_DIGITS = ((0x30, 0x39),)
_U = (*_BASE, (0x5F, 0x5F))
_U_DIGITS = (*_U, *_DIGITS)  # what a variable, a blank node's label and a local name start with
_VARNAME = (*_U_DIGITS, (0xB7, 0xB7), (0x300, 0x36F), (0x203F, 0x2040))
_CHARS = (*_VARNAME, (0x2D, 0x2D))


def _class(ranges: tuple[tuple[int, int], ...], also: str = "") -> str:
    """The characters of ``ranges`` and ``also`` as a class written as the negation of its
    complement: Python's re visits every character of a range below U+10000 when it compiles a
    class, 55,000 for these letters against 11,000 for the rest (30 ms of every command)."""
    wanted = sorted((*ranges, *((ord(c), ord(c)) for c in also)))
    gaps, start = [], 0
    for low, high in wanted:
        if low > start:
            gaps.append((start, low - 1))
        start = max(start, high + 1)
    if start <= 0x10FFFF:
        gaps.append((start, 0x10FFFF))
    return "[^" + "".join(f"\\U{low:08x}" if low == high else f"\\U{low:08x}-\\U{high:08x}"
                          for low, high in gaps) + "]"


_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PREFIX = f"{_class(_BASE)}(?:{_class(_CHARS, '.')}*{_class(_CHARS)})?"
_LOCAL = (f"(?:{_class(_U_DIGITS, ':')}|{_PLX})"
          f"(?:(?:{_class(_CHARS, '.:')}|{_PLX})*(?:{_class(_CHARS, ':')}|{_PLX}))?")
_PATTERNS = [
    ("iri", r"<(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>"),
    ("var", f"[?$]{_class(_U_DIGITS)}{_class(_VARNAME)}*"),
    ("bnode", f"_:{_class(_U_DIGITS)}(?:{_class(_CHARS, '.')}*{_class(_CHARS)})?"),
    ("pname", f"(?:{_PREFIX})?:(?:{_LOCAL})?"),
    ("word", r"[A-Za-z][A-Za-z0-9_]*"),
    ("number", r"[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.?[0-9]+[eE][+-]?[0-9]+|[0-9]*\.[0-9]+|[0-9]+"),
    ("langtag", r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*(?:--[a-zA-Z]+)?"),
    ("sign", r"<<|>>|\|\||&&|!=|<=|>=|\^\^|."),
]


@cache
def _token() -> re.Pattern[str]:
    """The terminals as one pattern, compiled when a query is first read (its Unicode ranges
    take longer to compile than most commands take to start)."""
    return re.compile("|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _PATTERNS), re.DOTALL)

_SPACE = " \t\r\n"


@dataclass(frozen=True)
class Token:
    """A terminal of the grammar: ``kind`` is iri, var, bnode, pname, word (a keyword or a
    function's name), number, langtag, string or sign; ``text`` as written."""

    kind: str
    offset: int
    text: str


@dataclass(frozen=True)
class Comment:
    """A comment; ``lone_cr`` if a carriage return ends it and text follows on the same line
    (rdflib reads that text as part of the comment, Oxigraph and the grammar as query)."""

    offset: int
    end: int
    lone_cr: bool


def lex(sparql: str, max_tokens: int | None = None) -> tuple[list[Token], list[Comment]]:
    """The tokens and comments of ``sparql``; more than ``max_tokens`` tokens is a
    :class:`QueryError`."""
    comments: list[Comment] = []
    tokens = list(_tokens(sparql, comments, max_tokens))
    return tokens, comments


def _tokens(sparql: str, comments: list[Comment], max_tokens: int | None = None) -> Iterator[Token]:
    """The tokens of ``sparql`` one by one, as they are read (the comments passed are added to
    ``comments``): a reader that needs the first few stops there."""
    count, index, length = 0, 0, len(sparql)
    pattern = _token()
    while index < length:
        char = sparql[index]
        if char in _SPACE:
            index += 1
            continue
        if char == "#":
            index = _comment(sparql, index, comments)
            continue
        if max_tokens is not None and count >= max_tokens:
            raise QueryError(key="query_too_many_tokens", limit=f"{max_tokens:,}",
                             hint=limit_hint("max_query_tokens"))
        count += 1
        if char in "\"'":
            end = _string_end(sparql, index)
            yield Token("string", index, sparql[index:end])
            index = end
            continue
        match = pattern.match(sparql, index)
        yield Token(match.lastgroup, index, match.group(0))
        index = match.end()


def _comment(sparql: str, start: int, comments: list[Comment]) -> int:
    ends = [i for i in (sparql.find("\n", start), sparql.find("\r", start)) if i >= 0]
    end = min(ends) if ends else len(sparql)
    lone_cr = False
    if end < len(sparql) and sparql[end] == "\r" and not sparql.startswith("\r\n", end):
        line_end = sparql.find("\n", end)
        lone_cr = bool(sparql[end:len(sparql) if line_end < 0 else line_end].strip())
    comments.append(Comment(start, end, lone_cr))
    return end


def _string_end(sparql: str, start: int) -> int:
    """The offset just after the string that starts at ``start``."""
    quote = sparql[start]
    delimiter = quote * 3 if sparql.startswith(quote * 3, start) else quote
    index = start + len(delimiter)
    while index < len(sparql):
        char = sparql[index]
        if char == "\\":
            index += 2
            continue
        if sparql.startswith(delimiter, index):
            return index + len(delimiter)
        if len(delimiter) == 1 and char in "\r\n":
            break
        index += 1
    line = sparql.count("\n", 0, start) + 1
    column = start - (sparql.rfind("\n", 0, start) + 1) + 1
    raise QueryError(key="query_syntax_at", line=line, column=column,
                     reason=Words("query_unterminated_string"))


def words(sparql: str) -> Iterator[tuple[int, str]]:
    """The offsets and text of a query's words and signs outside comments, strings and IRIs,
    one character per sign and a variable as its sign, ``?`` or ``$``, then its name: enough
    to find a keyword or a brace, or to rewrite a query by token. Read as they are asked for:
    a query's form is its first keyword after the prologue, and a compiled shape's query is
    kilobytes long."""
    for token in _tokens(sparql, []):
        if token.kind in ("string", "iri"):
            continue
        if token.kind in ("var", "langtag"):
            yield token.offset, token.text[0]
            yield token.offset + 1, token.text[1:]
        elif token.kind == "bnode":
            yield token.offset, "_"
            yield token.offset + 1, ":"
            yield token.offset + 2, token.text[2:]
        elif token.kind == "sign":
            yield from ((token.offset + i, char) for i, char in enumerate(token.text))
        else:
            yield token.offset, token.text
