"""serve: a read-only SPARQL 1.1 endpoint, asked with SPARQLWrapper and with plain HTTP."""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import threading
import time
import urllib.parse

import pytest
from SPARQLWrapper import CSV, JSON, TSV, TURTLE, XML, SPARQLWrapper

from coalitiegraaf.publish.serve import Settings, make_server
from tests.conftest import free_port

THEMES = """PREFIX cg: <https://w3id.org/coalitiegraaf/def#>
SELECT ?theme WHERE { ?coalition a cg:Coalition ; cg:theme ?theme } ORDER BY ?theme"""


@pytest.fixture(scope="module")
def endpoint(memory_store):
    server = make_server(memory_store, Settings(port=0, timeout=2, max_rows=1000))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def sparql(endpoint: str, query: str, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(f"{endpoint}/query")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


def ask(endpoint: str, method: str, path: str, body: bytes | None = None, **headers: str):
    port = urllib.parse.urlsplit(endpoint).port
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(method, path, body=body, headers={k.replace("_", "-"): v for k, v in headers.items()})
    response = connection.getresponse()
    return response.status, dict(response.getheaders()), response.read().decode("utf-8")


def test_select_as_json_through_sparqlwrapper(endpoint):
    answer = sparql(endpoint, THEMES, JSON).query().convert()
    themes = [b["theme"]["value"].rsplit("/", 1)[-1] for b in answer["results"]["bindings"]]
    assert themes == ["ai-in-actie", "digitale-ethiek", "duurzaamheid-en-digitalisering", "verantwoord-datagebruik"]


@pytest.mark.parametrize(("fmt", "expected"), [
    (XML, "<uri>https://w3id.org/coalitiegraaf/id/theme/digitale-ethiek</uri>"),
    (CSV, "theme\r\nhttps://w3id.org/coalitiegraaf/id/theme/ai-in-actie"),
    (TSV, "?theme\n<https://w3id.org/coalitiegraaf/id/theme/ai-in-actie>"),
])
def test_select_in_every_results_format(endpoint, fmt, expected):
    answer = sparql(endpoint, THEMES, fmt).query().convert()
    text = answer.toxml() if fmt == XML else answer.decode("utf-8")
    assert expected.replace("\r\n", "\n") in text.replace("\r\n", "\n")


def test_construct_as_turtle(endpoint):
    query = "CONSTRUCT { ?c a <https://w3id.org/coalitiegraaf/def#Coalition> } WHERE { ?c a <https://w3id.org/coalitiegraaf/def#Coalition> }"
    graph = sparql(endpoint, query, TURTLE).query().convert()
    assert b"coalition/digitale-ethiek" in graph


def test_get_with_a_query_parameter_and_cors(endpoint):
    path = "/query?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    status, headers, body = ask(endpoint, "GET", path, Accept="application/sparql-results+json")
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}
    assert headers["Access-Control-Allow-Origin"] == "*"
    status, headers, _ = ask(endpoint, "OPTIONS", "/query", Origin="https://yasgui.org",
                             Access_Control_Request_Method="POST")
    assert status == 204 and "POST" in headers["Access-Control-Allow-Methods"]


@pytest.mark.parametrize(("content_type", "body"), [
    ("application/sparql-update", "DROP ALL"),
    ("application/x-www-form-urlencoded", urllib.parse.urlencode({"update": "DROP ALL"})),
    ("application/sparql-query", "DROP ALL"),
    ("application/x-www-form-urlencoded", urllib.parse.urlencode({"query": "INSERT DATA { <a:b> <a:c> <a:d> }"})),
])
def test_updates_are_refused_and_change_nothing(endpoint, memory_store, content_type, body):
    before = len(memory_store)
    status, _, message = ask(endpoint, "POST", "/query", body.encode(), Content_Type=content_type)
    assert status == 403 and "read-only" in message
    assert len(memory_store) == before


def test_a_malformed_query_is_answered_400_with_the_message(endpoint):
    status, _, message = ask(endpoint, "POST", "/query", b"SELECT ?s WHERE { ?s ?p }",
                             Content_Type="application/sparql-query")
    assert status == 400
    assert message.startswith("SPARQL syntax error at line 1, column")


def test_service_is_refused(endpoint):
    status, _, message = ask(endpoint, "POST", "/query", b"SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
                             Content_Type="application/sparql-query")
    assert status == 400 and "SERVICE is refused" in message


def test_another_host_name_is_refused(endpoint):
    status, _, message = ask(endpoint, "GET", "/query?query=ASK%7B%7D", Host="attacker.example:7878")
    assert status == 403 and "host attacker.example:7878 is not served here" in message


def test_results_and_time_are_bounded(endpoint):
    status, _, message = ask(endpoint, "POST", "/query", b"SELECT * WHERE { ?s ?p ?o }",
                             Content_Type="application/sparql-query")
    assert status == 400 and "more than 1000 rows" in message
    started = time.monotonic()
    status, _, message = ask(endpoint, "POST", "/query", b"SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }",
                             Content_Type="application/sparql-query")
    assert status == 503 and "longer than 2 s" in message
    assert time.monotonic() - started < 10
    # the runaway query was stopped: the next one is answered at once
    status, _, _ = ask(endpoint, "GET", "/query?query=ASK%7B%7D")
    assert status == 200


@pytest.mark.slow
def test_the_cli_serves_until_terminated():
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "coalitiegraaf", "--store", "oxigraph", "serve", "--port", str(port)],
                               stderr=subprocess.PIPE, text=True)
    try:
        line = process.stderr.readline()
        assert line.strip() == f"Serving http://127.0.0.1:{port}/query (read-only); press Ctrl-C to stop"
        status, _, body = ask(f"http://127.0.0.1:{port}", "GET", "/query?" + urllib.parse.urlencode({"query": THEMES, "format": "csv"}))
        assert status == 200 and body.count("\n") == 5
    finally:
        process.terminate()
    assert process.wait(timeout=10) == 0
