"""The store layer: both backends give the same answers, queries stay inside the store, and
parameters are bound as RDF terms."""

from __future__ import annotations

import gc

import pytest
from rdflib import Literal, URIRef

from coalitiegraaf import naming
from coalitiegraaf.analysis.statistics import stats
from coalitiegraaf.errors import InputError, ParseError, QueryError
from coalitiegraaf.project import user_files
from coalitiegraaf.store import BACKENDS, open_store
from tests.conftest import PREFIXES


@pytest.fixture(autouse=True)
def in_english(default_language, monkeypatch):
    """This module checks what the messages say, in English (tests/test_cli_language.py checks
    that every message is said in Dutch as well)."""
    monkeypatch.setenv("COALITIEGRAAF_LANG", "en")

ALT_LABEL = PREFIXES + "SELECT ?x WHERE { ?x skos:altLabel ?label }"


def test_both_backends_hold_the_same_dataset(memory_store):
    from coalitiegraaf.project import load

    oxigraph = load(store="oxigraph")
    assert stats(oxigraph) == stats(memory_store)
    assert len(oxigraph) == len(memory_store)
    assert oxigraph.graph_names() == memory_store.graph_names()


def test_the_rules_derive_direct_relations(store):
    result = store.query(PREFIXES + """
        ASK { <https://w3id.org/coalitiegraaf/id/initiative/nationaal-groeifonds>
              cg:funds <https://w3id.org/coalitiegraaf/id/initiative/nolai> .
              <https://w3id.org/coalitiegraaf/id/initiative/nolai>
              cg:dependsOn <https://w3id.org/coalitiegraaf/id/initiative/nationaal-groeifonds> }""")
    assert result.boolean is True


def test_construct_returns_a_graph(store):
    result = store.query(PREFIXES + "CONSTRUCT { ?c a cg:Coalition } WHERE { ?c a cg:Coalition }")
    assert result.form == "construct"
    assert len(result.graph) == 4


def test_a_parameter_is_bound_as_a_term(store):
    assert len(store.query(ALT_LABEL, {"label": Literal("VNG")}).rows) == 1


def test_a_parameter_tested_in_an_optional_keeps_its_solutions(store):
    # SPARQL 1.1, 18.5 (LeftJoin): a solution the OPTIONAL's filter rejects every match for is
    # kept, the OPTIONAL's variables unbound; rdflib 7 dropped the four Coalitions instead
    # (rdflib issue 2332: a VALUES block's variables were not counted among those bound before)
    result = store.query(PREFIXES + """
        SELECT ?coalition ?other WHERE {
          ?coalition a cg:Coalition .
          OPTIONAL { ?other a cg:Coalition . FILTER (!BOUND(?given)) }
        }""", {"given": Literal("2023-12-31")})
    assert len(result.rows) == 4
    assert {other for _, other in result.rows} == {None}


INJECTIONS = [
    'x" } ; DROP ALL ; { "', "x' } ; DROP ALL ; { '", "> } ; DROP ALL ; <", "VNG\n} UNION { ?x ?p ?o",
    "\\u0022 } ", 'VNG"@nl } UNION { ?x ?y ?label ', "\\",
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_an_injection_string_returns_nothing_and_changes_nothing(store, value):
    before = len(store)
    assert store.query(ALT_LABEL, {"label": Literal(value)}).rows == []
    assert len(store) == before


@pytest.mark.parametrize("value", INJECTIONS)
def test_a_value_bound_in_several_forms_cannot_break_out_either(store, value):
    # naming binds a name in each form it may be written in, one row each (bind_each)
    before = len(store)
    assert naming.as_written(store, value) == []
    assert len(store) == before


def test_an_iri_parameter_cannot_break_out(store):
    with pytest.raises(QueryError, match="not a valid RDF term"):
        store.query(ALT_LABEL, {"x": URIRef("http://example.org/> } ; DROP ALL ; <")})


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
])
def test_queries_never_reach_beyond_the_store(store, query):
    with pytest.raises(QueryError, match="refused"):
        store.query(query)


def test_an_update_is_not_a_query(store):
    with pytest.raises(QueryError, match="syntax error"):
        store.query("LOAD <file:///etc/passwd>")


def test_a_syntax_error_names_line_and_column(store):
    with pytest.raises(QueryError) as caught:
        store.query("SELECT ?s\nWHERE { ?s ?p }")
    assert "line 2, column" in str(caught.value)


def test_an_unknown_backend_is_refused():
    with pytest.raises(InputError, match="unknown store 'neo4j'"):
        open_store("neo4j")


@pytest.mark.parametrize("kind", BACKENDS)
@pytest.mark.parametrize("filled", [False, True], ids=["empty", "with data"])
def test_a_bad_file_adds_nothing(kind, filled, tmp_path):
    good, bad = tmp_path / "good.ttl", tmp_path / "bad.ttl"
    good.write_text("<https://example.org/a> <https://example.org/p> 1 .\n", encoding="utf-8")
    bad.write_text("<https://example.org/b> <https://example.org/p> 2 .\n<https://example.org/c> .\n",
                   encoding="utf-8")
    store = open_store(kind)
    if filled:
        store.load(user_files([good]))
    before = len(store)
    with pytest.raises(ParseError, match=r"bad\.ttl:2:25: "):
        store.load(user_files([tmp_path / "good.ttl", bad]))
    assert len(store) == before


def test_the_known_prefixes_need_no_declaration(store):
    rows = store.query("SELECT ?c ?label WHERE { ?c a cg:Coalition ; skos:prefLabel ?label }").rows
    assert len({c for c, _ in rows}) == 4


def test_a_query_declares_its_own_prefixes_over_the_known_ones(store):
    query = "PREFIX cg: <https://example.org/other#> SELECT ?c WHERE { ?c a cg:Coalition }"
    assert store.query(query).rows == []


def test_an_undeclared_prefix_is_one_line_with_its_position(store):
    with pytest.raises(QueryError) as raised:
        store.query("SELECT ?c WHERE {\n  ?c a foo:Coalition }")
    assert str(raised.value) == ("SPARQL syntax error at line 2, column 8: the prefix foo: is not declared "
                                 "(PREFIX foo: <namespace>)")


def test_a_syntax_error_is_one_line_with_its_position(store):
    with pytest.raises(QueryError) as raised:
        store.query("SELECT ?c WHERE { ?c a cg:Coalition . FILTER( }")
    assert str(raised.value) == "SPARQL syntax error at line 1, column 39: Expected SelectQuery"


def test_oxigraphs_own_syntax_errors_are_one_line_too():
    from coalitiegraaf.store import OxigraphStore

    with pytest.raises(QueryError) as raised:
        OxigraphStore().query_own("SELECT (1 AS ?c) WHERE {\n BIND (2 AS ?c) }")
    assert str(raised.value) == ("SPARQL syntax error at line 2, column 18: The SELECT overrides an existing "
                                 "variable using an expression")


# A later source restates statements of the letter in its own named graph. The default graph
# the queries read is the RDF merge of the named graphs: a set, each triple once. Oxigraph 0.5's
# union counted a triple once per graph holding it (oxigraph/oxigraph#1919): `query themes`
# gave 4,096 rows instead of the letter's 5 with the fixture below loaded.
LATER_SOURCE = "tests/fixtures/progress/kst-26643-9901.trig"


def test_a_source_that_restates_the_letter_counts_each_statement_once():
    from coalitiegraaf import catalogue
    from coalitiegraaf.project import load

    stores = [load([LATER_SOURCE], store=kind) for kind in ("oxigraph", "memory")]
    assert len(stores[0]) == len(stores[1])
    themes = catalogue.get("themes")
    for store in stores:
        assert len(catalogue.run(store, themes, {}).rows) == 5  # the letter's four themes and the later one's
    for query in catalogue.catalogue():
        values = {"members": {"coalition": "Coalitie AI in actie"}, "describe": {"node": "VNG"},
                  "evidence": {"node": "VNG"}, "organisation": {"organisation": "VNG"},
                  "dependencies": {"node": "Geodatafundament (infrastructuur)"},
                  "find-node": {"text": "data"}}.get(query.name, {})
        oxigraph, memory = (sorted(tuple(str(v) for v in row) for row in catalogue.run(s, query, values).rows)
                            for s in stores)
        assert oxigraph == memory, query.name


def test_the_merge_counts_a_shared_triple_once_and_follows_changes(tmp_path):
    from coalitiegraaf.store.oxigraph import OxigraphStore

    for name in ("one.ttl", "two.ttl"):
        (tmp_path / name).write_text("<urn:s> <urn:p> 10 .\n", encoding="utf-8")
    count = "SELECT (COUNT(*) AS ?n) (SUM(?o) AS ?total) WHERE { <urn:s> <urn:p> ?o }"
    store = OxigraphStore(str(tmp_path / "store"))
    store.load(user_files([tmp_path / "one.ttl", tmp_path / "two.ttl"]))
    assert [tuple(map(int, row)) for row in store.query(count).rows] == [(1, 10)]
    assert len(store) == 2  # the statement in each of its two graphs
    store.update("DELETE WHERE { GRAPH ?g { <urn:s> <urn:p> ?o } }")
    assert [int(row[0]) for row in store.query(count).rows] == [0]
    store.update("INSERT DATA { GRAPH <urn:a> { <urn:s> <urn:p> 10 } GRAPH <urn:b> { <urn:s> <urn:p> 10 } }")
    assert [int(row[0]) for row in store.query(count).rows] == [1]
    del store  # closed, as the endpoint closes its copy before its workers open it
    gc.collect()
    # a process that reads the store without writing it (the endpoint's workers) reads the merge too
    reader = OxigraphStore(str(tmp_path / "store"), read_only=True)
    assert [int(row[0]) for row in reader.query(count).rows] == [1]
    assert len(reader) == 2


def test_a_store_in_memory_is_ready_for_a_forked_reader_and_one_on_disk_is_not(tmp_path):
    # the report validates in a forked process: one that reads the store as the parent does
    # (the merge of shared statements looked at first, not again in the child); RocksDB, under
    # a store on disk, is not safe to use after a fork
    from coalitiegraaf.store.oxigraph import OxigraphStore

    for name in ("one.ttl", "two.ttl"):
        (tmp_path / name).write_text("<urn:s> <urn:p> 10 .\n", encoding="utf-8")
    in_memory = OxigraphStore()
    in_memory.load(user_files([tmp_path / "one.ttl", tmp_path / "two.ttl"]))
    assert in_memory.ready_for_fork()
    assert in_memory._merged is True  # looked at, and kept, before any fork
    assert not OxigraphStore(str(tmp_path / "store")).ready_for_fork()
    assert open_store("memory").ready_for_fork()
