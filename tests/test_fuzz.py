"""Property-based tests: random values never change a query, random and mutated input files
only ever give the documented errors."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal

from coalitiegraaf import catalogue
from coalitiegraaf.errors import CoalitiegraafError, QueryError
from coalitiegraaf.sources.parsing import RdfFile, parse_file
from tests.conftest import PREFIXES, ROOT

ALT_LABEL = PREFIXES + "SELECT ?x WHERE { ?x skos:altLabel ?label }"
SAMPLE = (ROOT / "graph" / "kst-26643-1055" / "coalitions.ttl").read_bytes()[:4000]
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def alt_labels(memory_store) -> set[str]:
    return {str(row[0]) for row in memory_store.query(PREFIXES + "SELECT ?l WHERE { ?x skos:altLabel ?l }").rows}


@FUZZ
@given(value=st.text())
def test_a_random_string_parameter_matches_only_equal_labels(memory_store, alt_labels, value):
    before = len(memory_store)
    rows = memory_store.query(ALT_LABEL, {"label": Literal(value)}).rows
    assert (len(rows) > 0) == (value in alt_labels)
    assert len(memory_store) == before


@pytest.fixture(scope="module")
def oxigraph_store():
    from coalitiegraaf.project import load

    return load(store="oxigraph")


@FUZZ
@given(value=st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=40))
def test_a_random_node_label_resolves_or_is_a_clear_error(oxigraph_store, value):
    with contextlib.suppress(QueryError):
        catalogue.resolve_node(oxigraph_store, value)


def _parse_bytes(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    with contextlib.suppress(CoalitiegraafError):
        parse_file(RdfFile(path, ox.NamedNode("https://example.org/g")))


@FUZZ
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".ttl", ".trig", ".nt", ".jsonld", ".rdf"]))
def test_random_bytes_give_only_documented_errors(tmp_path, data, suffix):
    _parse_bytes(tmp_path, data, suffix)


@FUZZ
@given(position=st.integers(0, len(SAMPLE) - 1), replacement=st.binary(min_size=0, max_size=8))
def test_mutated_turtle_gives_only_documented_errors(tmp_path, position, replacement):
    _parse_bytes(tmp_path, SAMPLE[:position] + replacement + SAMPLE[position + 1:], ".ttl")


@FUZZ
@given(text=st.text(max_size=300))
def test_random_query_text_gives_only_documented_errors(memory_store, text):
    with contextlib.suppress(QueryError):
        memory_store.query(text)


@FUZZ
@given(header=st.lists(st.text(max_size=40), max_size=6), body=st.text(max_size=100))
def test_random_rq_files_give_only_documented_errors(memory_store, tmp_path, header, body):
    path = tmp_path / "fuzz.rq"
    path.write_text("".join(f"#+ {line}\n" for line in header) + body, encoding="utf-8", errors="replace")
    with contextlib.suppress(CoalitiegraafError):
        catalogue.run(memory_store, catalogue.read_query(path))
