"""The store layer: the one place that knows where triples live and how queries run.

Two backends hold the data in this process: rdflib's in-memory dataset (``memory``) and
Oxigraph (``oxigraph``, much faster on large graphs). Every other module asks a
:class:`Store` for query results, in rdflib terms, or for an rdflib view of the data, and
does not care which backend answers.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar

import pyoxigraph as ox
import rdflib
from rdflib.term import Node

from coalitiegraaf.errors import InputError, QueryError
from coalitiegraaf.sources.parsing import (
    RdfFile,
    parse_file,
)
from coalitiegraaf.store.namespaces import PREFIXES
from coalitiegraaf.store.sparql import QueryInfo, bind_parameters, check_read_only, own_form
from coalitiegraaf.store.terms import Term, light, to_oxigraph

BACKENDS = ("memory", "oxigraph")
G = TypeVar("G", bound=rdflib.Graph)


@dataclass
class QueryResult:
    """The answer to a query, in rdflib terms, whatever backend gave it."""

    form: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: rdflib.Graph | None = None

    def records(self) -> list[dict[str, object]]:
        """The rows as dictionaries, as analysts use them: IRIs and text as ``str``, numbers,
        booleans and dates as Python values (a literal that is not a valid value of its
        datatype stays text), unbound variables left out."""
        return [{name: _python(term) for name, term in zip(self.variables, row, strict=True)
                 if term is not None} for row in self.rows]

    def to_dataframe(self):
        """The rows as a pandas DataFrame, one column per variable (``pip install
        coalitiegraaf[pandas]``)."""
        try:
            import pandas
        except ImportError:
            raise InputError(key="needs_pandas") from None
        return pandas.DataFrame.from_records(self.records(), columns=self.variables)


class Store(ABC):
    """A dataset of named graphs that can be loaded, queried and viewed through rdflib."""

    kind: str

    def ready_for_fork(self) -> bool:
        """Whether a process forked from this one may read this store as this one does, made
        ready for it where need be (so that the child does not do what this one would do
        again): the report validates in a forked process where it may."""
        return True

    def load(self, files: Iterable[RdfFile]) -> None:
        """Parse ``files`` (all of them first, so a bad one adds nothing) and add their quads."""
        parsed = [parse_file(source) for source in files]
        for quads in parsed:
            self._add(quads)
        self._changed()

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None,
              allow_remote: bool = False) -> QueryResult:
        """Run a read-only query; ``bindings`` are bound as RDF terms, never pasted in. The
        prefixes of :data:`~coalitiegraaf.store.namespaces.PREFIXES` (``cg:``, ``skos:``,
        ``org:`` …) need no declaration; a query's own PREFIX lines take precedence."""
        info = self.check(sparql, allow_remote=allow_remote)
        return self._query(bind_parameters(self._declared(sparql), bindings or {}), info)

    def _declared(self, sparql: str) -> str:
        """``sparql`` with PREFIX declarations for the known prefixes it uses without declaring
        them, on its first line, so that the positions of its other lines stay as they are (a
        backend that knows the prefixes itself gives the query as it is)."""
        return declare_prefixes(sparql)

    def check(self, sparql: str, allow_remote: bool = False) -> QueryInfo:
        """Everything a query from outside goes through before it runs: its form, and a
        refusal of what it may not do or reach, and of a prefix it does not declare (other than
        the known ones). The endpoint checks each request with this."""
        info = check_read_only(sparql, allow_remote=allow_remote)
        _refuse_undeclared_prefixes(sparql)
        return info

    def query_own(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        """Run a query coalitiegraaf wrote itself (a shipped file, compiled shapes): there is
        nothing to refuse, so it is not parsed before the store parses it."""
        return self._query(bind_parameters(sparql, bindings or {}), _own_info(sparql))

    def select_text(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> list[dict[str, str]]:
        """One of coalitiegraaf's own SELECT queries, its rows as ``{variable: text}`` (an IRI,
        a literal's lexical form), unbound variables left out: what the analyses need, without
        building rdflib terms, which is most of the time on large answers."""
        return self._select_text(bind_parameters(sparql, bindings or {}), _own_info(sparql))

    def select_terms(self, sparql: str, bindings: Mapping[str, Node] | None = None
                     ) -> tuple[list[str], list[tuple[Term | None, ...]]]:
        """One of coalitiegraaf's own SELECT queries, as its variables and its rows of light
        terms (an IRI as ``str``, a literal as :class:`~coalitiegraaf.store.terms.Text`, a
        blank node as :class:`~coalitiegraaf.store.terms.Blank`): for answers too large to
        turn into rdflib terms, with literals' datatype and language kept."""
        return self._select_terms(bind_parameters(sparql, bindings or {}), _own_info(sparql))

    def _select_terms(self, sparql: str, info: QueryInfo) -> tuple[list[str], list[tuple[Term | None, ...]]]:
        result = self._query(sparql, info)
        return result.variables, [tuple(light(term) for term in row) for row in result.rows]

    def _select_text(self, sparql: str, info: QueryInfo) -> list[dict[str, str]]:
        result = self._query(sparql, info)
        return [{name: str(term) for name, term in zip(result.variables, row, strict=True)
                 if term is not None} for row in result.rows]

    def written(self, term: Node) -> str:
        """``term`` as a query on this store writes it, so that it matches the same term
        (and only it) among the store's data."""
        return str(to_oxigraph(term))

    def lexical_expression(self, variable: str) -> str:
        """A SPARQL expression for the lexical form of the literal (or IRI) in ``variable``,
        as it was written."""
        return f"STR({variable})"

    def comparison(self, left: str, operator: str, right: str) -> str:
        """A SPARQL expression that compares two terms' values (numbers, dates, strings) with
        ``operator`` as SPARQL defines it: an error where they cannot be compared."""
        return f"({left} {operator} {right})"

    def update(self, sparql: str) -> None:
        """Run a SPARQL update written by coalitiegraaf itself (the rules in ontology/rules)."""
        self._update(sparql)
        self._changed()

    def quads(self) -> Iterator[ox.Quad]:
        """Every statement of every named graph, in Oxigraph terms (for the exports)."""
        for s, p, o, g in self.dataset().quads((None, None, None, None)):
            name = getattr(g, "identifier", g)  # rdflib gives graphs or their names
            if name != rdflib.graph.DATASET_DEFAULT_GRAPH_ID:
                yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), to_oxigraph(name))

    def describe(self, nodes: Iterable[Node]) -> rdflib.Graph:
        """The statements about ``nodes`` and, recursively, about the blank nodes they reach:
        how a report names a blank node of the data."""
        found = rdflib.Graph()
        seen: set[Node] = set()
        todo = list(nodes)
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            for _, predicate, value in self._statements_about(node):
                found.add((node, predicate, value))
                if isinstance(value, rdflib.BNode):
                    todo.append(value)
        return found

    def _statements_about(self, node: Node) -> Iterable[tuple[Node, Node, Node]]:
        return self.dataset().triples((node, None, None))

    def graph(self) -> rdflib.Graph:
        """All statements of all named graphs as one rdflib graph (for pySHACL, networkx)."""
        union = with_prefixes(rdflib.Graph())
        for s, p, o, _ in self.dataset().quads((None, None, None, None)):
            union.add((s, p, o))
        return union

    @abstractmethod
    def dataset(self) -> rdflib.Dataset:
        """An rdflib view of the whole dataset, one rdflib graph per named graph."""

    @abstractmethod
    def graph_names(self) -> list[rdflib.URIRef]:
        """The named graphs in the store, sorted."""

    @abstractmethod
    def __len__(self) -> int:
        """The number of quads."""

    def _add(self, quads: list[ox.Quad]) -> None:
        """Add parsed quads, for :meth:`load`; a backend that loads the bytes itself overrides
        :meth:`load` instead."""
        raise NotImplementedError

    @abstractmethod
    def _query(self, sparql: str, info: QueryInfo) -> QueryResult: ...

    @abstractmethod
    def _update(self, sparql: str) -> None: ...

    def _changed(self) -> None:  # noqa: B027 - a hook; only backends that cache views need it
        """Forget anything derived from the data."""


def _python(term: Node) -> object:
    if isinstance(term, rdflib.Literal) and term.datatype is not None:
        value = term.toPython()
        return str(term) if isinstance(value, rdflib.Literal) else value
    return str(term) if not isinstance(term, rdflib.BNode) else f"_:{term}"


def declare_prefixes(sparql: str) -> str:
    """PREFIX declarations for the known prefixes ``sparql`` uses and does not declare, put
    before it on its first line."""
    declared, used = prefixes_of(sparql)
    missing = sorted(set(used) & set(PREFIXES) - declared)
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}> " for name in missing) + sparql


def _refuse_undeclared_prefixes(sparql: str) -> None:
    declared, used = prefixes_of(sparql)
    for name, offset in used.items():
        if name not in declared and name not in PREFIXES:
            line = sparql.count("\n", 0, offset) + 1
            column = offset - (sparql.rfind("\n", 0, offset) + 1) + 1
            from coalitiegraaf.messages import Words

            raise QueryError(key="query_syntax_at", line=line, column=column,
                             reason=Words("query_prefix_undeclared", name=name))


def prefixes_of(sparql: str) -> tuple[set[str], dict[str, int]]:
    """The prefixes ``sparql`` declares, and those it uses, each with the offset where it is
    first used."""
    from coalitiegraaf.store.sparql import tokens

    found = list(tokens(sparql))
    declared = {found[i + 1][1].rstrip(":") for i, (_, token) in enumerate(found[:-1])
                if token.upper() == "PREFIX"}
    used: dict[str, int] = {}
    for i, (offset, token) in enumerate(found):
        if ":" in token and (i == 0 or found[i - 1][1].upper() != "PREFIX"):
            used.setdefault(token.split(":", 1)[0], offset)
    return declared, used


def with_prefixes(graph: G) -> G:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


@lru_cache(maxsize=256)
def _own_info(sparql: str) -> QueryInfo:
    # kept for the next run of the same text: a catalogue query of a millisecond spent a
    # third of its time reading its own text for its form
    return QueryInfo(form=own_form(sparql), uses_service=False, uses_dataset_clause=False)


