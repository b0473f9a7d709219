"""Oxigraph, in memory or on disk: the fast path for large graphs.

Oxigraph keeps values, not the lexical forms of XML Schema literals; the literals it would
rewrite are stored marked and given back as written (:mod:`coalitiegraaf.store.literals`).

Queries read the RDF merge of the named graphs, a set of triples, as the specification has it.
Oxigraph 0.5's union default graph counts a triple once for every named graph that holds it
(oxigraph/oxigraph#1919, fixed after 0.5.13): a later source that restates the letter's
statements in its own graph multiplied every answer. Where some triple is in two named graphs,
the merge is therefore kept in the store's default graph (which nothing else uses) and queries
read that; where none is, they read Oxigraph's union, which then is the merge.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence

import pyoxigraph as ox
import rdflib
from rdflib.term import Node

from coalitiegraaf.errors import ParseError, QueryError
from coalitiegraaf.sources.parsing import (
    RdfFile,
    rdf_format,
    read_checked,
    reported,
)
from coalitiegraaf.sources.resources import shipped_query
from coalitiegraaf.store import literals
from coalitiegraaf.store.base import QueryResult, Store, with_prefixes
from coalitiegraaf.store.namespaces import PREFIXES
from coalitiegraaf.store.sparql import QueryInfo, bind_parameters
from coalitiegraaf.store.terms import Term, light_oxigraph, to_oxigraph, to_rdflib

_Answer = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
_LINE_FORMATS = (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS)
# rdflib terms kept for the next answer (see OxigraphStore._rdflib_terms): a few tens of MB at most
TERMS_KEPT = 100_000


class OxigraphStore(Store):
    """Oxigraph, in memory or on disk: the fast path for large graphs."""

    kind = "oxigraph"

    def __init__(self, path: str | None = None, read_only: bool = False) -> None:
        """In memory, or on disk at ``path``; ``read_only`` opens a store on disk that other
        processes read at the same time (the endpoint's workers)."""
        self._store = ox.Store.read_only(path) if read_only else ox.Store(path) if path else ox.Store()
        self._read_only = read_only
        self._view: rdflib.Dataset | None = None
        # whether queries read the merge kept in the default graph (None: not looked at yet),
        # and the graph of the largest file loaded, which that look need not read through
        self._merged: bool | None = None
        self._largest: ox.NamedNode | None = None
        # whether the store may hold marked literals: a store on disk may have been loaded
        # by another process
        self._marks = path is not None
        self._on_disk = path is not None
        self._terms: _Converted | None = None

    def dataset(self) -> rdflib.Dataset:
        if self._view is None:
            view = with_prefixes(rdflib.Dataset(default_union=True))
            view.addN(
                (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object),
                 view.graph(to_rdflib(q.graph_name)))
                for q in self.quads()
            )
            self._view = view
        return self._view

    def quads(self) -> Iterator[ox.Quad]:
        named = (q for q in self._store if not isinstance(q.graph_name, ox.DefaultGraph))
        return (literals.unmarked_quad(q) for q in named) if self._marks else named

    def graph(self) -> rdflib.Graph:
        # straight from Oxigraph, without building the per-graph view first
        union = with_prefixes(rdflib.Graph())
        for q in self.quads():
            union.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        return union

    def _statements_about(self, node: Node):
        for quad in self._store.quads_for_pattern(to_oxigraph(node), None, None):
            if not isinstance(quad.graph_name, ox.DefaultGraph):
                yield node, to_rdflib(quad.predicate), to_rdflib(literals.unmarked(quad.object))

    def _declared(self, sparql: str) -> str:
        return sparql  # Oxigraph is given the prefixes with each query

    def written(self, term: Node) -> str:
        written = to_oxigraph(term)
        if isinstance(written, ox.Literal) and literals.candidate(written):
            written = literals.as_stored(written)
        return str(written)

    def lexical_expression(self, variable: str) -> str:
        return literals.lexical_expression(variable) if self._marks else super().lexical_expression(variable)

    def comparison(self, left: str, operator: str, right: str) -> str:
        if not self._marks:
            return super().comparison(left, operator, right)
        return f"({literals.value_expression(left)} {operator} {literals.value_expression(right)})"

    def graph_names(self) -> list[rdflib.URIRef]:
        return sorted(rdflib.URIRef(g.value) for g in self._store.named_graphs()
                      if isinstance(g, ox.NamedNode))

    def __len__(self) -> int:
        if not self._merged:
            return len(self._store)
        kept = self._store.quads_for_pattern(None, None, None, ox.DefaultGraph())
        return len(self._store) - sum(1 for _ in kept)

    def ready_for_fork(self) -> bool:
        # RocksDB, under a store on disk, is not safe to use after a fork
        if self._on_disk:
            return False
        self.merge_if_shared()
        return True

    def merge_if_shared(self) -> bool:
        """Keep the RDF merge of the named graphs in the default graph if some triple is in two
        of them (see the module), unless that was looked at already; whether queries read it.
        A store on disk that another process has merged is read as merged."""
        if self._merged is None:
            kept = next(self._store.quads_for_pattern(None, None, None, ox.DefaultGraph()), None) is not None
            if not kept and not self._read_only and self._shared_triples():
                self._store.update(shipped_query("store/merge-named-graphs.ru"))
                kept = True
            self._merged = kept
        return self._merged

    def _shared_triples(self) -> bool:
        """Whether some triple is in two named graphs. Each pair has a graph other than the
        largest file's: only those are read, each triple looked up in the others."""
        ask = shipped_query("store/shared-triples.rq")
        return any(self._store.query(bind_parameters(ask, {"graph": rdflib.URIRef(graph.value)}))
                   for graph in self._store.named_graphs() if graph != self._largest)

    def load(self, files: Iterable[RdfFile]) -> None:
        # Oxigraph parses and loads the bytes itself, twice as fast as from quads built in
        # Python. The literals it would rewrite are marked in the bytes first (only the lines
        # with a typed literal, in N-Triples and N-Quads). So that a bad file adds nothing: an
        # empty store is emptied again on an error, and into a store with data every file is
        # parsed once first.
        empty = next(self._store.quads_for_pattern(None, None, None), None) is None
        prepared = []
        for source in files:
            data = read_checked(source)
            prepared.append((source, data, *_with_marks(source, data, check=not empty)))
        if empty and prepared:
            self._largest = max(prepared, key=lambda item: len(item[1]))[0].graph
        try:
            for source, data, marked, fmt in prepared:
                self._marks |= marked is not data
                with reported(source.path, data):
                    self._store.bulk_load(marked, format=fmt, base_iri=source.base_iri, to_graph=source.graph)
        except ParseError:
            if empty:
                self._store.clear()
            raise
        finally:
            self._changed()

    def _changed(self) -> None:
        self._view = None
        self._terms = None
        if self._merged:  # the merge is made again from what the named graphs now hold
            self._store.clear_graph(ox.DefaultGraph())
        self._merged = None

    def _select_text(self, sparql: str, info: QueryInfo) -> list[dict[str, str]]:
        solutions = self._run(sparql)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError(key="query_only_select_rows")
        names = [v.value for v in solutions.variables]
        unmarked = literals.unmarked if self._marks else _same
        # a solution gives its values in the order of the variables (None where unbound):
        # zipped, not looked up by name, which is most of the time on a large answer; each
        # value's text taken as it comes (looking a term up costs more than its text does)
        return [{name: unmarked(term).value for name, term in zip(names, solution, strict=True)
                 if term is not None}
                for solution in solutions]

    def _select_terms(self, sparql: str, info: QueryInfo) -> tuple[list[str], list[tuple[Term | None, ...]]]:
        solutions = self._run(sparql)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError(key="query_only_select_rows")
        names = [v.value for v in solutions.variables]
        terms = _Converted(light_oxigraph, self._marks)
        return names, [tuple(map(terms.__getitem__, solution)) for solution in solutions]

    def evaluate(self, sparql: str, default_graphs: Sequence[str] | None = None,
                 named_graphs: Sequence[str] | None = None) -> _Answer:
        """Oxigraph's own answer to a query that :meth:`check` let through, for writers that
        take it as it is (the endpoint); ``default_graphs`` and ``named_graphs`` make the
        dataset of the SPARQL Protocol's ``default-graph-uri`` and ``named-graph-uri``. A store
        with marked literals gives them back as written (solutions then are dictionaries)."""
        answer = self._run(sparql, default_graphs, named_graphs)
        if not self._marks or isinstance(answer, ox.QueryBoolean):
            return answer
        if isinstance(answer, ox.QuerySolutions):
            return _Unmarked(answer)
        return (ox.Triple(t.subject, t.predicate, literals.unmarked(t.object)) for t in answer)

    def _run(self, sparql: str, default_graphs: Sequence[str] | None = None,
             named_graphs: Sequence[str] | None = None) -> _Answer:
        dataset = {}
        if default_graphs is not None or named_graphs is not None:
            # the protocol's dataset: the graphs named, and only those
            dataset = {"default_graph": [ox.NamedNode(g) for g in default_graphs or ()],
                       "named_graphs": [ox.NamedNode(g) for g in named_graphs or ()]}
        union = not dataset and not self.merge_if_shared()
        try:
            return self._store.query(sparql, use_default_graph_as_union=union, prefixes=PREFIXES, **dataset)
        except SyntaxError as error:
            raise QueryError(syntax_error(sparql, str(error))) from None
        except (OSError, ValueError) as error:
            raise QueryError(key="query_failed", reason=error) from None

    def _query(self, sparql: str, info: QueryInfo) -> QueryResult:
        result = self._run(sparql)
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            # a solution is read by iterating it (its values in the order of the variables,
            # None where unbound), which is faster than by name: this loop is the whole of
            # the difference with raw pyoxigraph on large answers
            nodes = self._rdflib_terms()
            rows = [tuple(map(nodes.__getitem__, solution)) for solution in result]
            return QueryResult("select", variables, rows)
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(result))
        graph = rdflib.Graph()
        for triple in result:
            graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate),
                       to_rdflib(literals.unmarked(triple.object))))
        return QueryResult(info.form, graph=graph)

    def _rdflib_terms(self) -> _Converted:
        """Oxigraph's terms as rdflib terms, each converted once for as long as the store is
        unchanged, not once for each answer: the queries of a report, or a query asked again,
        answer with the same nodes and labels, and making the 32 terms of ``describe``'s 15 rows
        (70 µs) took most of what the query took in Oxigraph (93 µs). Started afresh when it
        holds more than :data:`TERMS_KEPT`."""
        if self._terms is None or len(self._terms) > TERMS_KEPT:
            self._terms = _Converted(to_rdflib, self._marks)
        return self._terms

    def _update(self, sparql: str) -> None:
        self._store.update(sparql)


def syntax_error(sparql: str, message: str) -> str:
    """Oxigraph's syntax error as one line with its position: not the grammar's list of every
    character class that could have come next."""
    match = re.match(r"error at (\d+):(\d+): expected (?:one of )?(.*)", message, re.DOTALL)
    if not match:
        return f"SPARQL syntax error: {message.splitlines()[0] if message else 'unreadable query'}"
    line, column = int(match.group(1)), int(match.group(2))
    text = sparql.splitlines()[line - 1] if 0 < line <= len(sparql.splitlines()) else ""
    reasons = [item for item in re.split(r",\s*", match.group(3).split("[", 1)[0]) if item.strip()]
    if "Prefix not found" in reasons:
        names = re.findall(r"([A-Za-z][\w.-]*)?:[^\s{}()<>,;]*", text[:column])
        what = f"the prefix {names[-1] if names else ''}: is not declared (PREFIX name: <namespace>)"
    elif any(r.startswith("The ") for r in reasons):
        what = next(r for r in reasons if r.startswith("The ")).rstrip()
    else:
        rest = text[column - 1:].strip()
        what = f"unexpected {rest.split()[0]!r}" if rest else "unexpected end of the query"
    return f"SPARQL syntax error at line {line}, column {column}: {what}"


class _Unmarked:
    """SELECT solutions with marked literals as written: ``variables``, and each solution a
    dictionary by variable name."""

    def __init__(self, solutions: ox.QuerySolutions) -> None:
        self.variables = solutions.variables
        self._solutions = solutions

    def __iter__(self) -> Iterator[dict[str, object]]:
        names = [v.value for v in self.variables]
        for solution in self._solutions:
            yield {name: literals.unmarked(solution[name]) for name in names}


def _same(term):
    return term


class _Converted(dict):
    """Oxigraph's terms of one answer, each converted once by ``convert`` (answers repeat their
    terms: classes, coalitions, roles, properties), ``None`` (unbound) as ``None``. A solution's
    values are looked up by ``map(converted.__getitem__, solution)``, in C, and only a term not
    seen before costs a call in Python: per value, that was most of the time on a large answer.
    ``unmarked``: the store may hold marked literals, which ``convert`` gets as written."""

    def __init__(self, convert: Callable[[object], object], unmarked: bool) -> None:
        super().__init__({None: None})
        self._convert = (lambda term: convert(literals.unmarked(term))) if unmarked else convert

    def __missing__(self, term: object) -> object:
        found = self[term] = self._convert(term)
        return found


def _with_marks(source: RdfFile, data: bytes, check: bool) -> tuple[bytes, ox.RdfFormat]:
    """The bytes to load for a file, and their format: ``data`` itself, or, if it has literals
    Oxigraph would rewrite, N-Quads with those literals marked. An N-Triples or N-Quads file is
    read only where a line has a typed literal (``^^``), unless ``check`` asks for the whole
    file to be parsed anyway; other formats are parsed whole."""
    fmt = rdf_format(source.path)
    if fmt in _LINE_FORMATS and not check:
        spans = _typed_lines(data)
        try:
            quads = list(ox.parse(b"".join(data[start:end] for start, end in spans), format=fmt,
                                  base_iri=source.base_iri))
        except SyntaxError:  # the line is wrong in the file too: the whole file's parse says where
            return _with_marks(source, data, check=True)
        objects = [str(q.object) if type(q.object) is ox.Literal else "" for q in quads]
        to_mark = literals.rewritten(objects)
        if not to_mark:
            return data, fmt
        if len(quads) != len(spans):  # a comment with ^^ in it: line numbers cannot be kept
            return _with_marks(source, data, check=True)
        # each typed line replaced by its statement, marked, on a line of its own: an error in
        # another line is still reported on its own line
        pieces, last = [], 0
        for (start, end), line in zip(spans, _marked(quads, objects, to_mark), strict=True):
            pieces += [data[last:start], line]
            last = end
        return b"".join(pieces) + data[last:], ox.RdfFormat.N_QUADS
    with reported(source.path, data):
        to_mark = literals.rewritten(q.object for q in ox.parse(data, format=fmt, base_iri=source.base_iri)
                                     if type(q.object) is ox.Literal)
    if not to_mark:
        return data, fmt
    quads = list(ox.parse(data, format=fmt, base_iri=source.base_iri))
    objects = [str(q.object) if type(q.object) is ox.Literal else "" for q in quads]
    return b"".join(_marked(quads, objects, to_mark)), ox.RdfFormat.N_QUADS


def _typed_lines(data: bytes) -> list[tuple[int, int]]:
    """Where the lines with a typed literal (``^^``) start and end, found without reading the
    other lines."""
    spans = []
    # a search for the one byte ^ runs many times faster than one for the pair ^^ (memchr)
    found = data.find(b"^")
    while found >= 0:
        if data[found + 1:found + 2] != b"^":
            found = data.find(b"^", found + 1)
            continue
        start, end = data.rfind(b"\n", 0, found) + 1, data.find(b"\n", found)
        end = len(data) if end < 0 else end + 1
        spans.append((start, end))
        found = data.find(b"^", end)
    return spans


def _marked(quads: list[ox.Quad], objects: list[str], to_mark: set[str]) -> list[bytes]:
    """``quads`` as N-Quads lines, one each, the literals of ``to_mark`` (``objects`` holds each
    quad's object as N-Triples) marked. A line's first literal is its object (subject, predicate
    and graph name cannot be literals); blank nodes keep their labels, so that the lines loaded
    beside these still meet them."""
    lines = ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode().splitlines(keepends=True)
    return [(line.replace(text, literals.marked_text(text), 1) if text in to_mark else line).encode()
            for line, text in zip(lines, objects, strict=True)]
