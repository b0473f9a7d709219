"""Inspect a SPARQL query before it runs: its form, its syntax, and what it may reach.

Queries run by coalitiegraaf never reach the network or the file system on their own:
``SERVICE``, ``FROM``/``FROM NAMED`` and updates (``LOAD`` among them) are refused on the
read paths unless the caller explicitly allows them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from rdflib.term import Node

from coalitiegraaf.errors import QueryError

_FORMS = ("SelectQuery", "AskQuery", "ConstructQuery", "DescribeQuery")
_VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_IRI = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_:.-]*")


@dataclass(frozen=True)
class QueryInfo:
    """What a parsed query is: ``select``, ``ask``, ``construct`` or ``describe``."""

    form: str
    uses_service: bool
    uses_dataset_clause: bool


@lru_cache(maxsize=256)
def inspect_query(sparql: str) -> QueryInfo:
    """Parse ``sparql``; raise :class:`QueryError` with line and column if it is not valid."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parsed = parseQuery(sparql)
    except ParseException as error:
        raise QueryError(f"SPARQL syntax error at line {error.lineno}, column {error.col}: "
                         f"{error.msg}") from None
    except RecursionError:
        raise QueryError("the query is nested too deeply to parse") from None
    query = parsed[1]
    form = query.name.removesuffix("Query").lower() if query.name in _FORMS else "unknown"
    return QueryInfo(
        form=form,
        uses_service=_contains(query, "ServiceGraphPattern"),
        uses_dataset_clause="datasetClause" in query,
    )


def check_read_only(sparql: str, allow_remote: bool = False) -> QueryInfo:
    """Inspect ``sparql`` and refuse what would reach beyond the store."""
    info = inspect_query(sparql)
    if not allow_remote and info.uses_service:
        raise QueryError("SERVICE is refused: queries do not reach other endpoints "
                         "unless you allow it explicitly")
    if not allow_remote and info.uses_dataset_clause:
        raise QueryError("FROM and FROM NAMED are refused: queries do not load documents "
                         "unless you allow it explicitly")
    return info


def own_form(sparql: str) -> str:
    """The form of a query coalitiegraaf wrote itself, read from its first keyword after the
    prologue, without parsing it (rdflib's parser costs more than the query on small data;
    ``tests/test_catalogue.py`` checks this agrees with the parser on every shipped query)."""
    for _, token in _tokens(sparql):
        if token.lower() in ("select", "ask", "construct", "describe"):
            return token.lower()
    raise QueryError("the query has no SELECT, ASK, CONSTRUCT or DESCRIBE")


def _contains(node: object, name: str, depth: int = 0) -> bool:
    if depth > 10_000:
        raise QueryError("the query is nested too deeply to inspect")
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
        if not _VARIABLE_NAME.fullmatch(name):
            raise QueryError(f"{name!r} is not a valid SPARQL variable name")
    variables = " ".join(f"?{name}" for name in bindings)
    values = " ".join(_term(name, term) for name, term in bindings.items())
    return insert_into_where(sparql, f"VALUES ({variables}) {{ ({values}) }}")


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
        raise QueryError(f"parameter ?{name} is not a valid RDF term: {error}") from None


def _where_brace(sparql: str) -> int:
    """The offset of the brace that opens the query's WHERE clause."""
    for offset, token in _tokens(sparql):
        if token == "{":
            return offset
    raise QueryError("the query has no WHERE clause to bind parameters in")


def _tokens(sparql: str) -> Iterator[tuple[int, str]]:
    """The offsets and text of a query's words and single signs, outside comments, strings
    and IRIs: enough to find a keyword or a brace without parsing."""
    index, length = 0, len(sparql)
    while index < length:
        char = sparql[index]
        if char == "#":
            end = sparql.find("\n", index)
            index = length if end < 0 else end
        elif char in "\"'":
            index = _string_end(sparql, index)
        elif char == "<" and _iri_end(sparql, index) > 0:
            index = _iri_end(sparql, index)
        elif char.isalpha():
            word = _WORD.match(sparql, index).group(0)
            yield index, word
            index += len(word) - 1
        elif not char.isspace():
            yield index, char
        index += 1


def _string_end(sparql: str, start: int) -> int:
    quote = sparql[start]
    long_quote = sparql.startswith(quote * 3, start)
    delimiter = quote * 3 if long_quote else quote
    index = start + len(delimiter)
    while index < len(sparql):
        if sparql[index] == "\\":
            index += 2
            continue
        if sparql.startswith(delimiter, index):
            return index + len(delimiter) - 1
        index += 1
    raise QueryError("the query has an unterminated string")


def _iri_end(sparql: str, start: int) -> int:
    match = _IRI.match(sparql, start)
    return match.end() - 1 if match else -1


def tokens(sparql: str) -> Iterator[tuple[int, str]]:
    """The offsets and text of a query's words and signs outside comments, strings and IRIs
    (a variable is its sign, ``?`` or ``$``, then its name): for rewriting a query by token."""
    return _tokens(sparql)
