"""SHACL-SPARQL queries: what the specification forbids in them, and how variables are pre-bound.

SHACL pre-binds ``$this`` (and ``$value``, the parameters of a component, ``$currentShape``)
by substitution: the query runs as if the focus node were written wherever the variable
stands, in nested groups, UNIONs and sub-queries too. That definition needs the restrictions
of SHACL's appendix on pre-binding, which are checked here, before any engine runs a query:
no MINUS, no VALUES, no SERVICE (never sent anywhere), no ``AS`` into a pre-bound variable,
and every sub-query returns the pre-bound variables. ``$shapesGraph`` is refused: the shapes
graph is not in the store that the queries run on.

Substitution costs a query per focus node. Where the variable occurs only where a join gives
the same answers (:func:`join_safe`), the compiled engine runs one query for all focus nodes.

Both checks read the query's tokens (rdflib's parser takes a tenth of a second a query, more
than validating the letter); only a query with a sub-query is parsed by rdflib, for what its
sub-queries return. Oxigraph's parser finds syntax errors and undeclared prefixes.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache

import rdflib
from rdflib.term import Node, Variable

from coalitiegraaf.store.base import prefixes_of
from coalitiegraaf.store.sparql import tokens
from coalitiegraaf.validation.shapes import UnsupportedShape, describe

CONSTRAINT_VARIABLES = frozenset({"this", "shapesGraph", "currentShape"})
_QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
# what opens a group, for join_safe; any other group is a nested group, a UNION branch, GRAPH …
_CONTEXTS = {"OPTIONAL": "optional", "EXISTS": "exists"}
_COUNTING = {"LIMIT", "OFFSET", "GROUP", "HAVING", "COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE",
             "GROUP_CONCAT"}
_OPTIONAL_IN_SUBQUERIES = {"shapesGraph", "currentShape"}
_FORMS = {"select": "SelectQuery", "ask": "AskQuery"}
_NAME = re.compile(r"[A-Za-z0-9_]+")


def prologue(prefixes: Mapping[str, str]) -> str:
    """PREFIX declarations for ``prefixes``."""
    return "".join(f"PREFIX {name}: <{namespace}>\n" for name, namespace in sorted(prefixes.items()))


def check(query: str, prefixes: Mapping[str, str], node: Node, prebound: frozenset[str] | set[str],
          form: str = "select") -> None:
    """Refuse ``query`` (of the shapes graph's ``node``) if SHACL forbids it or this program
    cannot run it; the error names what is wrong."""
    scanned = _scan(query)
    for problem in _forbidden_words(scanned, set(prebound)):
        raise UnsupportedShape(f"{describe(node)}: {problem}, which SHACL forbids in its SPARQL queries")
    if "shapesGraph" in {name for _, name, _ in scanned}:
        raise UnsupportedShape(f"{describe(node)}: $shapesGraph is not supported (the shapes graph is not "
                               "in the store the queries run on)")
    declared, used = prefixes_of(query)
    undeclared = sorted(set(used) - declared - set(prefixes))
    if undeclared:
        raise UnsupportedShape(f"{describe(node)}: its query uses the prefix {undeclared[0]}: which its "
                               "sh:prefixes do not declare")
    _check_syntax(prologue(prefixes) + query, node)
    first = next((token.lower() for token, _, _ in scanned if token.upper() in _QUERY_FORMS), "")
    if first != form:
        raise UnsupportedShape(f"{describe(node)}: sh:{form} holds a query that is not a "
                               f"{form.upper()} query")
    if _has_subquery(scanned):
        for variable in _subqueries_not_returning(_parse(prologue(prefixes) + query, node), set(prebound)):
            raise UnsupportedShape(f"{describe(node)}: a sub-query does not return the pre-bound variable "
                                   f"?{variable}, which SHACL forbids in its SPARQL queries")


def join_safe(query: str, prefixes: Mapping[str, str], variables: set[str]) -> bool:
    """Whether joining ``query``'s WHERE clause with a pattern that binds ``variables`` first
    gives the answers of substituting them. They may occur anywhere at the top level of the
    WHERE clause; in an OPTIONAL block directly below it, but not in a BIND there (an OPTIONAL
    block's own BIND does not see the other side); and anywhere inside FILTER EXISTS or NOT
    EXISTS reached that way, which SPARQL evaluates with the solution's bindings substituted.
    A sub-query, LIMIT, OFFSET, grouping or an aggregate makes substitution the only way."""
    scanned = _scan(query)
    words = {token.upper() for token, name, _ in scanned if name is None}
    if _has_subquery(scanned) or words & _COUNTING:
        return False
    contexts: list[str] = []
    binds: list[int] = []  # the parenthesis depths at which a BIND expression opened
    depth = 0
    previous = ""
    for token, name, _ in scanned:
        if token == "{":
            contexts.append(_CONTEXTS.get(previous.upper(), "group") if contexts else "top")
        elif token == "}" and contexts:
            contexts.pop()
        elif token == "(":
            depth += 1
            if previous.upper() == "BIND":
                binds.append(depth)
        elif token == ")":
            if binds and binds[-1] == depth:
                binds.pop()
            depth -= 1
        elif name in variables and not _safe_place(contexts, bool(binds)):
            return False
        previous = token if name is None else "?"
    return True


def _safe_place(contexts: list[str], in_bind: bool) -> bool:
    if contexts[:1] != ["top"]:
        return not contexts  # outside the WHERE clause: the projection
    rest = contexts[1:]
    if rest[:1] == ["optional"]:
        rest = rest[1:]
        if not rest and in_bind:
            return False
    return not rest or rest[0] == "exists"


def _scan(query: str) -> list[tuple[str, str | None, int]]:
    """The query's tokens as (token, variable name or None, offset): a variable is one entry."""
    scanned = []
    for start, name, _, token in _variables_and_words(query):
        if name is not None:
            scanned[-1] = (token, name, start)  # the sign before it
        else:
            scanned.append((token, None, start))
    return scanned


def _forbidden_words(scanned: list[tuple[str, str | None, int]], prebound: set[str]) -> Iterator[str]:
    for index, (token, name, _) in enumerate(scanned):
        word = token.upper() if name is None else ""
        if word == "MINUS":
            yield "it has a MINUS clause"
        elif word == "VALUES":
            yield "it has a VALUES clause"
        elif word == "SERVICE":
            yield "it has a federated query (SERVICE, never sent)"
        elif word == "AS" and index + 1 < len(scanned) and scanned[index + 1][1] in prebound:
            variable = scanned[index + 1][1]
            yield f"it assigns the pre-bound variable ?{variable} with (… AS ?{variable})"


def _has_subquery(scanned: list[tuple[str, str | None, int]]) -> bool:
    return sum(1 for token, name, _ in scanned if name is None and token.upper() == "SELECT") > 1


def _check_syntax(text: str, node: Node) -> None:
    """Oxigraph's parser on the query, run on an empty store: a syntax error or an undeclared
    prefix is refused with its position. (SERVICE is refused before this runs.)"""
    import pyoxigraph as ox

    from coalitiegraaf.store.oxigraph import syntax_error

    try:
        ox.Store().query(text)
    except SyntaxError as error:
        raise UnsupportedShape(f"{describe(node)}: {syntax_error(text, str(error))} "
                               "(its sh:prefixes count as its first lines)") from None
    except (OSError, ValueError):
        pass  # an evaluation error on no data: the syntax is fine


def substitute(query: str, values: Mapping[str, Node], write: Callable[[Node], str] | None = None) -> str:
    """``query`` with each variable of ``values`` replaced by its term (as ``write`` writes it
    for the store), as SHACL defines pre-binding: ``BOUND(?x)`` becomes true, and in a
    projection the term is given a name of its own (the caller knows what it pre-bound). The
    terms are IRIs or literals: a blank node of the data cannot be named in a query."""
    written = {name: _written(term, write) for name, term in values.items()}
    found = list(_variables_and_words(query))
    pieces, last = [], 0
    context, depth, projected = "pattern", 0, itertools.count(1)
    for index, (start, name, end, token) in enumerate(found):
        word = token.upper()
        if word == "SELECT":
            context = "projection"
        elif word == "BY":
            context = "ordering"
        elif word in ("WHERE", "FROM", "HAVING", "LIMIT", "OFFSET", "VALUES") or token in "{}":
            context = "pattern"
        depth += {"(": 1, ")": -1}.get(token, 0)
        if name not in written:
            continue
        term = written[name]
        if index >= 3 and found[index - 3][3].upper() == "BOUND" and found[index - 2][3] == "(" \
                and index + 1 < len(found) and found[index + 1][3] == ")":
            start, end, term = found[index - 3][0], found[index + 1][0] + 1, "(true)"
        elif context == "projection" and depth == 0:
            term = f"({term} AS ?prebound_{name}_{next(projected)})"
        elif context == "ordering" and depth == 0:
            term = f"({term})"
        pieces += [query[last:start], term]
        last = end
    return "".join(pieces) + query[last:]


def substitute_path(query: str, path: str) -> str:
    """``query`` with ``$PATH`` replaced by a property path (SPARQL syntax)."""
    pieces, last = [], 0
    for sign, name, end, _ in _variables_and_words(query):
        if name == "PATH":
            pieces += [query[last:sign], path]
            last = end
    return "".join(pieces) + query[last:]


def variable_names(query: str) -> set[str]:
    """The names of the variables ``query`` mentions."""
    return {name for _, name, _, _ in _variables_and_words(query) if name}


def rename(query: str, old: str, new: str) -> str:
    """``query`` with the variable ``old`` renamed ``new``."""
    pieces, last = [], 0
    for sign, name, end, _ in _variables_and_words(query):
        if name == old:
            pieces += [query[last:sign], f"?{new}"]
            last = end
    return "".join(pieces) + query[last:]


def _variables_and_words(query: str) -> Iterator[tuple[int, str | None, int, str]]:
    """Each token of ``query`` outside strings, IRIs and comments, as (start, variable name or
    None, end of the variable, token)."""
    sign = -2
    for offset, token in tokens(query):
        name = None
        if sign == offset - 1 and (match := _NAME.match(token)):
            name = match.group(0)
        yield sign if name else offset, name, offset + len(name or ""), token
        sign = offset if token in ("?", "$") else -2


def _written(term: Node, write: Callable[[Node], str] | None) -> str:
    from coalitiegraaf.store.terms import to_oxigraph

    if isinstance(term, rdflib.BNode):
        raise UnsupportedShape("a SPARQL-based constraint that is run once per focus node (its pre-bound "
                               "variables occur in nested groups or sub-queries) cannot name a blank "
                               "node in its query: validate this with --engine pyshacl")
    return write(term) if write is not None else str(to_oxigraph(term))


@lru_cache(maxsize=512)
def _parse(text: str, node: Node | None):
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        return parseQuery(text)[1]
    except ParseException as error:
        where = describe(node) if node is not None else "a query"
        raise UnsupportedShape(f"{where}: SPARQL syntax error at line {error.lineno}, column {error.col} "
                               f"of its query: {error.msg}") from None


def _subqueries_not_returning(query, prebound: set[str]) -> Iterator[str]:
    """The pre-bound variables a sub-query of the parsed ``query`` does not return (SHACL wants
    them all, but for $shapesGraph and $currentShape)."""
    variables = {Variable(v) for v in prebound if v not in _OPTIONAL_IN_SUBQUERIES}
    for part in _walk(query):
        if getattr(part, "name", None) == "SubSelect":
            yield from sorted(str(v) for v in variables - _projected(part))


def _projected(select) -> set[Variable]:
    projection = _get(select, "projection")
    if projection is None:  # SELECT *: the variables in scope, not those a FILTER only reads
        return _in_scope(_get(select, "where"))
    return {_get(item, "var") or _get(item, "evar") for item in projection}


def _in_scope(group) -> set[Variable]:
    found: set[Variable] = set()
    for part in _walk(group, into_expressions=False):
        name = getattr(part, "name", None)
        if name == "TriplesBlock":
            found |= {t for t in _walk(part["triples"]) if isinstance(t, Variable)}
        elif name == "Bind":
            found.add(part["var"])
        elif name == "GraphGraphPattern" and isinstance(part["term"], Variable):
            found.add(part["term"])
        elif name == "SubSelect":
            found |= _projected(part)
    return found


def _get(part, key: str):
    """A part of a parsed query, or None (rdflib's parts answer ``get`` with their name)."""
    return part[key] if key in part else None  # noqa: SIM401 - see above


def _walk(node, into_expressions: bool = True) -> Iterator[object]:
    """Every part of a parsed query, depth first (sub-queries included)."""
    from pyparsing import ParseResults  # imported by the parser already; 40 ms for a command without

    stack = [node]
    while stack:
        current = stack.pop()
        if current is None:
            continue
        yield current
        if isinstance(current, dict):
            if not into_expressions and getattr(current, "name", None) in ("Filter", "SubSelect"):
                continue
            stack.extend(current.values())
        elif isinstance(current, list | tuple | ParseResults):
            stack.extend(current)
