"""Reading the form of coalitiegraaf's own queries without parsing them; the gate that every other
query passes."""

from __future__ import annotations

import pytest

from coalitiegraaf.errors import QueryError
from coalitiegraaf.store.sparql import check_query, own_form


@pytest.fixture(autouse=True)
def in_english(default_language, monkeypatch):
    """This module checks what the messages say, in English (tests/test_cli_language.py checks
    that every message is said in Dutch as well)."""
    monkeypatch.setenv("COALITIEGRAAF_LANG", "en")


@pytest.mark.parametrize(("sparql", "form"), [
    ("SELECT ?s WHERE { ?s ?p ?o }", "select"),
    ("# ASK is not the form\nPREFIX ask: <http://example.org/select#>\nconstruct { ?s ask:p ?o } "
     "WHERE { ?s ?p ?o }", "construct"),
    ("BASE <http://example.org/describe/>\nPREFIX select: <x:>\nAsk { ?s select:p ?o }", "ask"),
    ("DESCRIBE <http://example.org/a>", "describe"),
])
def test_the_form_is_the_first_keyword_after_the_prologue(sparql, form):
    assert own_form(sparql) == form


def test_text_without_a_form_is_refused():
    with pytest.raises(QueryError, match="no SELECT"):
        own_form("PREFIX cg: <https://w3id.org/coalitiegraaf/def#>")


# --- the gate every query from outside passes: what is checked is what runs -----------------

@pytest.fixture
def listener():
    """A loopback socket that records whether anything connected to it."""
    import socket

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        server.settimeout(0.2)
        yield server


def _connected(server) -> bool:
    try:
        server.accept()[0].close()
    except TimeoutError:
        return False
    return True


def test_a_service_hidden_behind_a_lone_carriage_return_is_refused_and_never_called(store, listener):
    # rdflib ends a comment at a line feed only, Oxigraph (and the grammar) at a carriage return too
    port = listener.getsockname()[1]
    query = f"SELECT * WHERE {{ # x\r SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }}\n }}"
    with pytest.raises(QueryError, match="lone carriage return"):
        store.query(query)
    assert not _connected(listener)


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVIC\\u0045 <http://example.org/sparql> { ?s ?p ?o } }",
    'SELECT * WHERE { ?s ?p "a\\u0022 } SERVICE <http://example.org/sparql> { ?s ?p ?o } #" }',
    'SELECT * WHERE { ?s ?p "a\\\\u0022" }',
    "SELECT * WHERE { ?s ?p <http://example.org/\\u003E> }",
    "SELECT * WHERE { ?s ?p ?o } # \\u000A SERVICE <http://example.org/sparql> { ?s ?p ?o }",
])
def test_an_escape_that_parsers_read_differently_is_refused(query):
    with pytest.raises(QueryError, match="read differently by SPARQL parsers"):
        check_query(query)


@pytest.mark.parametrize("query", [
    'SELECT * WHERE { ?s ?p "caf\\u00e9" }',
    "SELECT * WHERE { ?s ?p <http://example.org/caf\\u00e9> }",
    "SELECT * WHERE {\r\n  # a comment, Windows line ends\r\n  ?s ?p ?o\r\n}\r\n",
    'PREFIX ex: <http://example.org/>\nSELECT * WHERE { ?s ex:a\\#b "# not a comment" }',
])
def test_what_parsers_read_alike_passes(query):
    assert check_query(query).form == "select"


def test_the_reference_parse_is_bounded_before_it_starts():
    # 80 kB of one expression took rdflib 71 s to parse; the token bound refuses it at once
    import time

    started = time.monotonic()
    with pytest.raises(QueryError, match="more than 4,000 tokens"):
        check_query("SELECT * WHERE { FILTER(" + "+".join(["1"] * 40_000) + ") }")
    assert time.monotonic() - started < 1


def test_a_query_file_larger_than_the_bound_is_refused(monkeypatch):
    monkeypatch.setenv("COALITIEGRAAF_MAX_QUERY_BYTES", "1000")
    with pytest.raises(QueryError, match=r"over the limit of 1,000.*COALITIEGRAAF_MAX_QUERY_BYTES"):
        check_query("SELECT * WHERE { ?s ?p '" + "x" * 1000 + "' }")


def test_a_bound_can_be_raised(monkeypatch):
    query = "SELECT * WHERE { " + " ".join(f"?s ?p ?o{i} ." for i in range(80)) + " }"
    with pytest.raises(QueryError, match="more than 64 triple patterns"):
        check_query(query)
    monkeypatch.setenv("COALITIEGRAAF_MAX_QUERY_PATTERNS", "100")
    assert check_query(query).form == "select"


# SPARQL 1.1's grammar, productions 164 to 167, as the specification writes them
PN_CHARS_BASE = ("A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
                 "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff")
PN_CHARS_U = PN_CHARS_BASE + "_"
PN_CHARS = PN_CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"


@pytest.mark.parametrize(("ranges", "also", "written"), [
    ("_BASE", "", PN_CHARS_BASE), ("_U", "", PN_CHARS_U), ("_CHARS", "", PN_CHARS),
    ("_CHARS", ".:", PN_CHARS + ".:"), ("_VARNAME", "", PN_CHARS_U + "0-9\u00b7\u0300-\u036f\u203f-\u2040")],
    ids=["PN_CHARS_BASE", "PN_CHARS_U", "PN_CHARS", "PN_CHARS and . :", "VARNAME"])
def test_the_lexers_classes_hold_the_grammars_characters(ranges, also, written):
    """The lexer writes each class as the negation of its complement (quicker to compile): it
    must match every character the grammar's class does, and no other."""
    import re

    from coalitiegraaf.store import sparql_tokens

    every = "".join(map(chr, range(0x110000)))
    ours = re.findall(sparql_tokens._class(getattr(sparql_tokens, ranges), also), every)
    assert ours == re.findall(f"[{written}]", every)
