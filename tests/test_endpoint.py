"""Queries on a remote SPARQL endpoint: a real Oxigraph server gives the same answers as the
embedded store, and an endpoint that is down, slow, failing or answering nonsense gives a
clear error (exit code 3)."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator

import pytest

from coalitiegraaf import catalogue
from coalitiegraaf.errors import StoreError
from coalitiegraaf.store import EndpointStore
from tests.cli_helpers import run
from tests.conftest import ROOT, free_port
from tests.test_catalogue import NAMES, PARAMETERS, assert_golden


@pytest.fixture(autouse=True)
def in_english(default_language, monkeypatch):
    """This module checks what the messages say, in English (tests/test_cli_language.py checks
    that every message is said in Dutch as well)."""
    monkeypatch.setenv("COALITIEGRAAF_LANG", "en")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def endpoint(oxigraph_server) -> EndpointStore:
    return EndpointStore(f"{oxigraph_server}/query", timeout=30)


@pytest.mark.parametrize("name", NAMES)
def test_every_query_gives_the_same_answer_remotely(endpoint, name):
    assert_golden(catalogue.run(endpoint, catalogue.get(name), PARAMETERS.get(name, {})), name)


def test_construct_and_ask_remotely(endpoint, memory_store):
    construct = "CONSTRUCT { ?c a <https://w3id.org/coalitiegraaf/def#Coalition> } WHERE { ?c a <https://w3id.org/coalitiegraaf/def#Coalition> }"
    assert len(endpoint.query(construct).graph) == 4
    assert endpoint.query("ASK { ?s ?p ?o }").boolean is True


def test_the_endpoint_holds_the_same_graphs(endpoint, memory_store):
    assert endpoint.graph_names() == memory_store.graph_names()
    assert len(endpoint) == len(memory_store)


def test_the_cli_runs_a_query_on_the_endpoint(oxigraph_server):
    result = run("--endpoint", f"{oxigraph_server}/query", "query", "themes", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.count("\n") == 5


def test_the_cli_validates_what_the_endpoint_holds(oxigraph_server):
    result = run("--endpoint", f"{oxigraph_server}/query", "validate", "--format", "json")
    assert result.exit_code == 0
    assert '"violation": 0' in result.stdout


def test_data_files_cannot_be_combined_with_an_endpoint(oxigraph_server, tmp_path):
    extra = tmp_path / "extra.ttl"
    extra.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    result = run("--endpoint", f"{oxigraph_server}/query", "stats", "--data", str(extra))
    assert result.exit_code == 2
    assert "--data cannot be combined with --endpoint" in result.stderr


class QuietServer(http.server.ThreadingHTTPServer):
    """A server whose clients hang up on purpose: no tracebacks about it on standard error."""

    def handle_error(self, request, client_address):
        pass


@pytest.fixture
def misbehaving_server() -> Iterator[callable]:
    servers = []

    def start(status: int, body: bytes, delay: float = 0.0, content_type: str = "text/html") -> str:
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                time.sleep(delay)
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        server = QuietServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/sparql"

    yield start
    for server in servers:
        server.shutdown()


def test_an_unreachable_endpoint():
    url = f"http://127.0.0.1:{free_port()}/sparql"
    with pytest.raises(StoreError, match=f"cannot reach {url}"):
        EndpointStore(url).query("ASK {}")


def test_an_endpoint_answering_500(misbehaving_server):
    url = misbehaving_server(500, b"boom")
    with pytest.raises(StoreError, match=url):
        EndpointStore(url).query("ASK {}")


def test_an_endpoint_answering_html(misbehaving_server):
    url = misbehaving_server(200, b"<html><body>Welcome</body></html>")
    with pytest.raises(StoreError, match=f"{url} answered with text/html, not application/sparql-results"):
        EndpointStore(url).query("SELECT * WHERE { ?s ?p ?o }")


def test_an_endpoint_answering_truncated_json(misbehaving_server):
    url = misbehaving_server(200, b'{"head": {"vars": ["s"]}, "results": {"bindi',
                             content_type="application/sparql-results+json")
    with pytest.raises(StoreError, match="malformed answer"):
        EndpointStore(url).query("SELECT * WHERE { ?s ?p ?o }")


@pytest.mark.parametrize(("body", "text_too"), [
    (b'{"head": {"vars": ["s"]}, "results": {"bindi', True),
    (b'{"head": {"vars": ["s"]}}', True),
    # a value without its kind: no term can be made of it, though its text can be read
    (b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"value": "x"}}]}}', False),
])
def test_the_rows_of_a_malformed_answer_are_an_error(misbehaving_server, body, text_too):
    url = misbehaving_server(200, body, content_type="application/sparql-results+json")
    with pytest.raises(StoreError, match="malformed answer"):
        EndpointStore(url).select_terms("SELECT * WHERE { ?s ?p ?o }")
    if text_too:
        with pytest.raises(StoreError, match="malformed answer"):
            EndpointStore(url).select_text("SELECT * WHERE { ?s ?p ?o }")
    else:
        assert EndpointStore(url).select_text("SELECT * WHERE { ?s ?p ?o }") == [{"s": "x"}]


def test_a_slow_endpoint_times_out(misbehaving_server):
    url = misbehaving_server(200, b"{}", delay=3)
    started = time.monotonic()
    with pytest.raises(StoreError, match="did not answer within 1 s"):
        EndpointStore(url, timeout=1).query("ASK {}")
    assert time.monotonic() - started < 3


def test_the_cli_exits_3_when_the_endpoint_is_down():
    url = f"http://127.0.0.1:{free_port()}/sparql"
    result = run("--endpoint", url, "query", "themes")
    assert result.exit_code == 3
    assert result.stderr.startswith(f"Error: cannot reach {url}")


def test_pull_brings_the_endpoints_data_into_a_file(oxigraph_server, tmp_path, memory_store):
    import json

    import rdflib

    target = tmp_path / "store.trig"
    result = run("--endpoint", f"{oxigraph_server}/query", "pull", "--out", str(target))
    assert result.exit_code == 0
    assert result.stderr == f"Wrote {target}\n"
    pulled = rdflib.Dataset()
    pulled.parse(target, format="trig")
    assert {g.identifier for g in pulled.graphs() if len(g)} == set(memory_store.graph_names())
    # what was pulled validates like the original
    payload = json.loads(run("validate", "--format", "json", "--data", str(target)).stdout)
    assert payload["counts"]["violation"] == 0


def test_pull_one_graph(oxigraph_server, tmp_path):
    import rdflib

    target = tmp_path / "letter.ttl"
    graph = "https://w3id.org/coalitiegraaf/graph/kst-26643-1055"
    result = run("--endpoint", f"{oxigraph_server}/query", "pull", "--out", str(target), "--graph", graph, "--format", "ttl")
    assert result.exit_code == 0
    assert len(rdflib.Graph().parse(target)) > 3500


def test_pull_refuses_an_unknown_graph_and_a_missing_endpoint(oxigraph_server, tmp_path):
    result = run("--endpoint", f"{oxigraph_server}/query", "pull", "--out", str(tmp_path / "x.trig"),
                 "--graph", "https://example.org/nothing")
    assert result.exit_code == 3
    assert "the store has no graph <https://example.org/nothing>" in result.stderr
    assert "pull needs the global option --endpoint" in run("pull", "--out", str(tmp_path / "y.trig")).stderr


def test_an_endpoint_without_a_union_default_graph_is_reported_not_answered_empty(tmp_path, memory_store):
    import urllib.request

    from coalitiegraaf.publish.exports import serialize
    from tests.conftest import OxigraphServer

    server = OxigraphServer(tmp_path / "plain", union=False).start()
    try:
        request = urllib.request.Request(f"{server.base}/store", data=serialize(memory_store, "nq", include_shapes=False),
                                         method="POST", headers={"Content-Type": "application/n-quads"})
        urllib.request.urlopen(request, timeout=30).read()
        result = run("--endpoint", f"{server.base}/query", "query", "themes")
        assert result.exit_code == 3
        assert "does not serve their union as its default graph" in result.stderr
        # queries that name their graphs are answered
        assert len(EndpointStore(f"{server.base}/query").graph_names()) == 2
    finally:
        server.stop()



def test_every_query_gives_the_same_csv_bytes_on_both_stores_and_a_server(oxigraph_server, memory_store):
    from coalitiegraaf.project import load
    from coalitiegraaf.store.results import render

    stores = [memory_store, load(store="oxigraph"), EndpointStore(f"{oxigraph_server}/query")]
    for name in NAMES:
        answers = {render(catalogue.run(s, catalogue.get(name), PARAMETERS.get(name, {})), "csv") for s in stores}
        assert len(answers) == 1, name


def test_the_catalogue_is_sparql_11_as_jena_reads_it(java_without_files):
    """Jena rejects a query that reuses a projected variable, as the matrix query once did."""
    import shutil
    import subprocess

    from tests.conftest import SHARED

    jena = SHARED / "tools" / "jena"
    if not jena.exists() or not shutil.which("bash"):
        pytest.skip("../shared/tools/jena is not present")
    for name in ("ministry-theme-matrix",):
        result = subprocess.run(["bash", str(jena), "sparql", "--data", str(ROOT / "ontology" / "vocabularies.ttl"),
                                 "--query", str(ROOT / "queries" / f"{name}.rq")], capture_output=True, text=True, timeout=300)
        assert result.returncode == 0 and "already in-scope" not in result.stderr, result.stderr
