"""Inspect a SPARQL query before it runs: its size, its form, and what it may reach.

Queries run by coalitiegraaf never reach the network or the file system on their own:
``SERVICE``, ``FROM``/``FROM NAMED`` and updates (``LOAD`` among them) are refused on the
read paths unless the caller explicitly allows them. :func:`check_query` is the one gate every
query from outside passes (``Store.query``, the endpoint, user shapes): it bounds the query
before any parser or planner sees it, and it refuses a query that two SPARQL parsers read
differently, so that what is checked is what runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from rdflib.term import Node

from coalitiegraaf.errors import QueryError
from coalitiegraaf.limits import Limits, limit_hint, limits
from coalitiegraaf.messages import Words
from coalitiegraaf.store.sparql_tokens import Comment, Token, lex, words

_FORMS = ("SelectQuery", "AskQuery", "ConstructQuery", "DescribeQuery")
_FORM_WORDS = ("select", "ask", "construct", "describe")
_VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# what rdflib takes for a \u escape, anywhere in the text, before it parses
_RDFLIB_ESCAPE = re.compile(r"\\u([0-9a-f]{4}(?:[0-9a-f]{4})?)", re.IGNORECASE)
_ENDS_A_TOKEN = set("\"'<>\\")
# each open bracket costs Oxigraph's parser and planner about eight times the stack of an
# operator in a chain (measured: a 1 MiB stack holds 101 nested EXISTS, 113 nested function
# calls, 269 nested groups, 566 parentheses, 839 chained + and 1,151 chained &&)
BRACKET_WEIGHT = 8
_OPENING, _CLOSING = {"{", "(", "["}, {"}", ")", "]"}
_SEPARATORS = {".": {"{"}, ";": {"{", "["}, ",": {"{", "["}}
_OPERATORS = {"||", "&&", "=", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/", "!", "|", "^", "<<", ">>"}


@dataclass(frozen=True)
class QueryInfo:
    """What a parsed query is: ``select``, ``ask``, ``construct`` or ``describe``."""

    form: str
    uses_service: bool
    uses_dataset_clause: bool


def check_query(sparql: str, allow_remote: bool = False, bounds: Limits | None = None) -> QueryInfo:
    """Bound, parse and inspect a query from outside; raise :class:`QueryError` (one line, with
    line and column where there is one) for a query that is too large or deep, that does not
    parse, that SPARQL parsers read differently, or that would reach beyond the store
    (``SERVICE``, ``FROM``) unless ``allow_remote``."""
    info = _checked(sparql, bounds or limits())
    if not allow_remote and info.uses_service:
        raise QueryError(key="query_service_refused")
    if not allow_remote and info.uses_dataset_clause:
        raise QueryError(key="query_from_refused")
    return info


check_read_only = check_query  # the name the store and the endpoint used before


@lru_cache(maxsize=256)
def _checked(sparql: str, bounds: Limits) -> QueryInfo:
    size = len(sparql.encode("utf-8", "surrogatepass"))
    if size > bounds.max_query_bytes:
        raise QueryError(key="query_too_large", size=f"{size:,}", limit=f"{bounds.max_query_bytes:,}",
                         hint=limit_hint("max_query_bytes"))
    tokens, comments = lex(sparql, bounds.max_query_tokens)
    _refuse_ambiguous_text(sparql, tokens, comments)
    _bound_structure(sparql, tokens, bounds)
    form = next((t.text.lower() for t in tokens if t.kind == "word" and t.text.lower() in _FORM_WORDS),
                "unknown")
    keywords = {t.text.upper() for t in tokens if t.kind == "word"}
    engine = QueryInfo(form, "SERVICE" in keywords, "FROM" in keywords)
    reference = inspect_query(sparql)
    if reference.form != engine.form:
        raise QueryError(key="query_read_differently", one=reference.form, other=engine.form)
    return QueryInfo(form, engine.uses_service or reference.uses_service,
                     engine.uses_dataset_clause or reference.uses_dataset_clause)


def _refuse_ambiguous_text(sparql: str, tokens: list[Token], comments: list[Comment]) -> None:
    """Refuse what rdflib reads differently from the grammar (and Oxigraph): a comment that a
    lone carriage return ends, and a ``\\u`` escape outside a string or IRI, or one that
    would end a string or IRI early once rdflib has replaced it."""
    for comment in comments:
        if comment.lone_cr:
            raise QueryError(key="query_lone_cr", where=_where(sparql, comment.end))
    escapes = list(_RDFLIB_ESCAPE.finditer(sparql))
    if not escapes:
        return
    spans = [(t.offset, t.offset + len(t.text)) for t in tokens if t.kind in ("string", "iri")]
    for escape in escapes:
        inside = any(start < escape.start() < end for start, end in spans)
        digits = escape.group(1)
        readings = {digits[:4], digits}
        if not inside or any(int(d, 16) > 0x10FFFF or chr(int(d, 16)) in _ENDS_A_TOKEN for d in readings):
            raise QueryError(key="query_escape", escape=escape.group(0), where=_where(sparql, escape.start()))


@dataclass(frozen=True)
class QuerySize:
    """What the bounds look at: tokens, nesting depth (each open bracket counts
    ``BRACKET_WEIGHT``, each operator of a chain one) and triple patterns (path steps, groups
    and blank nodes' brackets included); ``where`` is the offset at which the depth or the
    patterns first exceeded the given bounds, if they did."""

    tokens: int
    depth: int
    patterns: int
    where: int | None = None


def query_size(sparql: str, bounds: Limits | None = None) -> QuerySize:
    """Measure ``sparql`` as :func:`check_query` bounds it (it stops at the first bound exceeded)."""
    bounds = bounds or limits()
    return _measure(lex(sparql, bounds.max_query_tokens)[0], bounds)


def _measure(tokens: list[Token], bounds: Limits) -> QuerySize:
    frames: list[list] = [["", 0]]  # per open bracket: the bracket and its operators so far
    depth = deepest = patterns = 0
    for token in tokens:
        text = token.text
        if token.kind == "word" and text.upper() == "UNION":
            text = "|"
        elif token.kind != "sign":
            continue
        if text in _OPENING:
            frames.append([text, 0])
            depth += BRACKET_WEIGHT
            patterns += text != "("
        elif text in _CLOSING:
            if len(frames) > 1:
                depth -= BRACKET_WEIGHT + frames.pop()[1]
        elif text in _OPERATORS:
            frames[-1][1] += 1
            depth += 1
            patterns += text == "/"
        elif text in _SEPARATORS and frames[-1][0] in _SEPARATORS[text]:
            patterns += 1  # the next triple pattern of a group or of a blank node's brackets
        deepest = max(deepest, depth)
        if deepest > bounds.max_query_depth or patterns > bounds.max_query_patterns:
            return QuerySize(len(tokens), deepest, patterns, token.offset)
    return QuerySize(len(tokens), deepest, patterns)


def _bound_structure(sparql: str, tokens: list[Token], bounds: Limits) -> None:
    """Refuse a query nested deeper, or with more triple patterns, than Oxigraph can plan and
    run without overflowing its stack or taking minutes (the README gives the measurements)."""
    size = _measure(tokens, bounds)
    if size.depth > bounds.max_query_depth:
        raise QueryError(key="query_too_deep", limit=bounds.max_query_depth, where=_where(sparql, size.where),
                         hint=limit_hint("max_query_depth"))
    if size.patterns > bounds.max_query_patterns:
        raise QueryError(key="query_too_many_patterns", limit=bounds.max_query_patterns,
                         where=_where(sparql, size.where), hint=limit_hint("max_query_patterns"))


def _where(sparql: str, offset: int) -> Words:
    line_start = sparql.rfind("\n", 0, offset) + 1
    return Words("query_position", line=sparql.count(chr(10), 0, offset) + 1, column=offset - line_start + 1)


@lru_cache(maxsize=256)
def inspect_query(sparql: str) -> QueryInfo:
    """rdflib's reading of ``sparql``: raise :class:`QueryError` with line and column if it is
    not valid. Unbounded: call :func:`check_query`, which bounds the query first."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parsed = parseQuery(sparql)
    except ParseException as error:
        raise QueryError(key="query_syntax_at", line=error.lineno, column=error.col,
                         reason=error.msg) from None
    except RecursionError:
        raise QueryError(key="query_nested_parse") from None
    except ValueError as error:  # an escape that is no character
        raise QueryError(key="query_syntax", reason=error) from None
    query = parsed[1]
    form = query.name.removesuffix("Query").lower() if query.name in _FORMS else "unknown"
    return QueryInfo(
        form=form,
        uses_service=_contains(query, "ServiceGraphPattern"),
        uses_dataset_clause="datasetClause" in query,
    )


def own_form(sparql: str) -> str:
    """The form of a query coalitiegraaf wrote itself, read from its first keyword after the
    prologue, without parsing it (rdflib's parser costs more than the query on small data;
    ``tests/test_catalogue.py`` checks this agrees with the parser on every shipped query)."""
    for _, token in words(sparql):
        if token.lower() in _FORM_WORDS:
            return token.lower()
    raise QueryError(key="query_no_form")


def _contains(node: object, name: str, depth: int = 0) -> bool:
    if depth > 10_000:
        raise QueryError(key="query_nested_inspect")
    if getattr(node, "name", None) == name:
        return True
    if isinstance(node, dict):
        return any(_contains(value, name, depth + 1) for value in node.values())
    if isinstance(node, (list, tuple)):
        return any(_contains(item, name, depth + 1) for item in node)
    return False


def bind_parameters(sparql: str, bindings: Mapping[str, Node]) -> str:
    """Bind variables to RDF terms with a ``VALUES`` block at the start of the WHERE clause.

    The terms are written by a serialiser (N-Triples escaping), never formatted from raw
    text, so a value cannot change the query; the same mechanism serves every backend,
    local or remote, so a parameter means the same everywhere.
    """
    if not bindings:
        return sparql
    for name in bindings:
        _check_variable(name)
    variables = " ".join(f"?{name}" for name in bindings)
    values = " ".join(_term(name, term) for name, term in bindings.items())
    return insert_into_where(sparql, f"VALUES ({variables}) {{ ({values}) }}")


def bind_each(sparql: str, name: str, terms: Iterable[Node]) -> str:
    """Bind the variable ``name`` to each of ``terms``, one solution each, written as
    :func:`bind_parameters` writes one. A pattern with ``name`` is then looked up in the store's
    index once for each term: where the terms were bound in one solution, each to a variable of
    its own, a ``UNION`` of one pattern for each read every statement of the pattern's
    predicate on Oxigraph 0.5."""
    _check_variable(name)
    values = " ".join(_term(name, term) for term in terms)
    return insert_into_where(sparql, f"VALUES ?{name} {{ {values} }}")


def _check_variable(name: str) -> None:
    if not _VARIABLE_NAME.fullmatch(name):
        raise QueryError(key="query_variable_name", name=name)


def insert_into_where(sparql: str, pattern: str) -> str:
    """``sparql`` with ``pattern`` first in its WHERE clause, so that what it binds is bound
    everywhere in the clause (inside FILTER NOT EXISTS too)."""
    position = _where_brace(sparql) + 1
    return f"{sparql[:position]} {pattern} {sparql[position:]}"


def _term(name: str, term: Node) -> str:
    from coalitiegraaf.store.terms import to_oxigraph

    try:
        return str(to_oxigraph(term))
    except ValueError as error:
        raise QueryError(key="query_parameter_term", name=name, reason=error) from None


@lru_cache(maxsize=256)
def _where_brace(sparql: str) -> int:
    """The offset of the brace that opens the query's WHERE clause (kept: the catalogue's and the
    tool's own queries are bound again and again, and reading a query of a tenth of a
    millisecond for its brace took a third as long again)."""
    for offset, token in words(sparql):
        if token == "{":
            return offset
    raise QueryError(key="query_no_where")


def tokens(sparql: str) -> Iterator[tuple[int, str]]:
    """The offsets and text of a query's words and signs outside comments, strings and IRIs
    (a variable is its sign, ``?`` or ``$``, then its name): for rewriting a query by token."""
    return words(sparql)
