"""Bad files are reported as file:line:column with what is wrong; nothing is fetched."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from coalitiegraaf.errors import ParseError
from coalitiegraaf.project import load
from coalitiegraaf.sources.parsing import RdfFile, parse_file
from tests.conftest import FIXTURES

BAD = FIXTURES / "bad"
GRAPH = ox.NamedNode("https://w3id.org/coalitiegraaf/graph/data/test")


def _parse(name: str, base: str | None = None) -> list[ox.Quad]:
    return parse_file(RdfFile(BAD / name, GRAPH, base))


@pytest.mark.parametrize(("name", "line", "column", "message"), [
    ("missing-dot.ttl", 3, 1, "A dot is expected at the end of statements"),
    ("unknown-prefix.ttl", 1, 1, "The prefix a: has not been declared"),
    ("unterminated-string.ttl", 2, 9, "onverwacht einde van het bestand (een string, IRI of haakje niet gesloten?)"),
    ("bad-language-tag.ttl", 2, 13, "The given language subtag is invalid"),
    ("iri-with-space.ttl", 1, 1, "Invalid IRI code point ' '"),
    ("literal-subject.ttl", 1, 1, '"literal" is not a valid subject or graph name'),
    ("json-in-turtle.ttl", 1, 1, "{ is not a valid subject or graph name"),
    ("invalid-utf8.ttl", 2, 13, "ongeldige UTF-8-byte 0xe9"),
    ("nul-byte.ttl", 2, 11, "NUL-byte: dit is geen tekstbestand"),
    ("lone-surrogate.ttl", 2, 17, "The escape sequence '\\uD800' is encoding D800 that is not a valid unicode character"),
    ("relative-iri.ttl", 1, 1, "relatieve IRI zonder basis: schrijf absolute IRI's, zet @base in het "
                               "bestand, of geef --base IRI"),
])
def test_a_malformed_file_is_reported_with_line_and_column(name, line, column, message):
    with pytest.raises(ParseError) as caught:
        _parse(name)
    assert (caught.value.line, caught.value.column, caught.value.message) == (line, column, message)
    assert str(caught.value) == f"{BAD / name}:{line}:{column}: {message}"


@pytest.mark.parametrize(("name", "message"), [
    ("empty.ttl", "bestand is leeg"),
    ("wrong-extension.txt", "onbekende extensie voor een RDF-bestand '.txt' (bekend: .json, .jsonld, .nq, .nt, "
                            ".owl, .rdf, .trig, .ttl, .xml)"),
    ("does-not-exist.ttl", "bestand bestaat niet"),
])
def test_a_file_that_cannot_be_read_is_reported(name, message):
    with pytest.raises(ParseError, match="^" + str(BAD / name).replace(".", r"\.") + ": "):
        _parse(name)
    with pytest.raises(ParseError) as caught:
        _parse(name)
    assert caught.value.message == message


@pytest.mark.parametrize(("name", "context"), [
    ("remote-context.jsonld", "https://schema.org/"),
    ("local-context.jsonld", "file:///etc/passwd"),
])
def test_json_ld_contexts_are_never_fetched_or_read(name, context):
    # the network guard in conftest.py fails the test if anything is fetched
    with pytest.raises(ParseError) as caught:
        _parse(name)
    assert f"JSON-LD-@context '{context}' wordt niet geladen" in caught.value.message


def test_owl_imports_are_not_followed():
    quads = _parse("owl-imports.ttl")
    assert len(quads) == 2  # just the file's own statements


def test_a_byte_order_mark_is_accepted():
    assert len(_parse("byte-order-mark.ttl")) == 1


def test_a_relative_iri_resolves_against_a_declared_base():
    quads = _parse("relative-iri.ttl", base="https://example.org/base/")
    assert str(quads[0].subject) == "<https://example.org/base/a>"


def test_an_ill_typed_value_parses_and_is_kept_as_written():
    quads = _parse("ill-typed.ttl")
    assert quads[0].object == ox.Literal("abc", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer"))


def test_a_bad_file_among_good_ones_adds_nothing(tmp_path: Path):
    good = tmp_path / "good.ttl"
    good.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    with pytest.raises(ParseError):
        load([good, BAD / "missing-dot.ttl"], include_shipped=False)


def test_user_turtle_goes_into_a_named_graph_of_its_own(tmp_path: Path):
    good = tmp_path / "My Coalition.ttl"
    good.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    store = load([good], include_shipped=False)
    assert "https://w3id.org/coalitiegraaf/graph/data/my-coalition.ttl" in map(str, store.graph_names())


def test_trig_keeps_its_own_named_graphs(tmp_path: Path):
    data = tmp_path / "update.trig"
    data.write_text("<https://example.org/g> { <http://example.org/a> <http://example.org/b> 1 . }\n")
    store = load([data], include_shipped=False)
    assert "https://example.org/g" in map(str, store.graph_names())


@pytest.mark.parametrize(("name", "message"), [
    ("billion-laughs.rdf", "XML-entiteiten zouden uitgroeien tot 300,000,000 bytes, boven de grens van 1,048,576"),
    ("external-entity.rdf", r"externe XML-entiteiten \(die bestanden of URL's lezen\) worden geweigerd"),
    ("deeply-nested.jsonld", "JSON dieper genest dan 256 niveaus"),
])
def test_inputs_that_expand_read_files_or_recurse_are_refused_quickly(name, message):
    import time

    started = time.monotonic()
    with pytest.raises(ParseError, match=message):
        _parse(name)
    assert time.monotonic() - started < 5


def test_deeply_nested_turtle_loads(tmp_path: Path):
    deep = tmp_path / "deep.ttl"
    deep.write_text("<http://example.org/a> <http://example.org/b> "
                    + "[ <http://example.org/c> " * 5000 + "<http://example.org/d> " + "]" * 5000 + " .\n")
    assert len(parse_file(RdfFile(deep, GRAPH))) == 5001
