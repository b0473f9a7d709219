"""push: the dataset into a real Oxigraph server, all or nothing, checked afterwards; and the
same answers from the store as from the embedded dataset."""

from __future__ import annotations

import http.client
import http.server
import threading
from collections.abc import Callable

import pytest

from coalitiegraaf import catalogue
from coalitiegraaf.errors import InputError, StoreError
from coalitiegraaf.project import load
from coalitiegraaf.publish.push import Service, push
from coalitiegraaf.store import EndpointStore
from tests.cli_helpers import run
from tests.test_catalogue import NAMES, PARAMETERS, assert_golden


@pytest.fixture(autouse=True)
def in_english(default_language, monkeypatch):
    """This module checks what the messages say, in English (tests/test_cli_language.py checks
    that every message is said in Dutch as well)."""
    monkeypatch.setenv("COALITIEGRAAF_LANG", "en")

pytestmark = pytest.mark.slow
LETTER_GRAPH = "https://w3id.org/coalitiegraaf/graph/kst-26643-1055"


def counts(base: str) -> dict[str, int]:
    rows = EndpointStore(f"{base}/query").query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g").rows
    return {str(g): int(n) for g, n in rows}


@pytest.fixture(scope="module")
def pushed(tmp_path_factory, memory_store):
    """A fresh server that received the dataset through push."""
    from tests.conftest import OxigraphServer

    server = OxigraphServer(tmp_path_factory.mktemp("pushed")).start()
    result = push(memory_store, Service.at(f"{server.base}/query"), replace=True)
    yield server, result
    server.stop()


@pytest.mark.parametrize("name", NAMES)
def test_every_catalogue_query_answers_the_same_after_a_push(pushed, name):
    server, _ = pushed
    store = EndpointStore(f"{server.base}/query")
    assert_golden(catalogue.run(store, catalogue.get(name), PARAMETERS.get(name, {})), name)


def test_push_checks_and_reports_the_triples_of_every_graph(pushed, memory_store):
    server, result = pushed
    expected = {str(g): len(memory_store.dataset().graph(g)) for g in memory_store.graph_names()}
    assert result.graphs == expected == counts(server.base)
    assert expected[LETTER_GRAPH] > 3500


def test_pushing_twice_adds_nothing_twice(empty_oxigraph, memory_store):
    service = Service.at(f"{empty_oxigraph.base}/query")
    first = push(memory_store, service)
    second = push(memory_store, service)
    assert first.graphs == second.graphs == counts(empty_oxigraph.base)


def test_push_into_one_graph(empty_oxigraph, memory_store):
    result = push(memory_store, Service.at(f"{empty_oxigraph.base}/query"), graph="https://example.org/all")
    assert result.graphs == {"https://example.org/all": len(memory_store.graph())}


def test_push_refuses_a_graph_name_that_is_not_an_iri(empty_oxigraph, memory_store):
    with pytest.raises(InputError, match="not an absolute IRI"):
        push(memory_store, Service.at(f"{empty_oxigraph.base}/query"), graph="x> } ; DROP ALL ; {")


class Proxy:
    """A loopback proxy in front of a real server that can misbehave on the n-th upload."""

    def __init__(self, backend: str, on_upload: Callable[[int], int | None]) -> None:
        self.backend = backend.removeprefix("http://")
        self.uploads = 0
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _forward(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.command == "PUT":
                    proxy.uploads += 1
                    status = on_upload(proxy.uploads)
                    if status is not None:
                        self.send_response(status)
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                connection = http.client.HTTPConnection(proxy.backend, timeout=30)
                headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                connection.request(self.command, self.path, body=body, headers=headers)
                answer = connection.getresponse()
                data = answer.read()
                self.send_response(answer.status)
                for key, value in answer.getheaders():
                    if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = _forward

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()


def test_an_error_halfway_leaves_the_store_as_it_was(empty_oxigraph, memory_store, tmp_path):
    old = tmp_path / "old.ttl"
    old.write_text("<https://example.org/old> <https://example.org/p> 1 .\n")
    before_store = load([old], include_shipped=False)
    push(before_store, Service.at(f"{empty_oxigraph.base}/query"))
    before = counts(empty_oxigraph.base)

    proxy = Proxy(empty_oxigraph.base, lambda n: 500 if n == 2 else None)
    try:
        with pytest.raises(StoreError, match="refused the upload: HTTP 500"):
            push(memory_store, Service.at(f"{proxy.base}/query"), replace=True, retries=0)
    finally:
        proxy.close()
    assert counts(empty_oxigraph.base) == before  # no target touched, no scratch graph left


def test_a_server_killed_halfway_holds_the_old_data_after_restart(empty_oxigraph, memory_store):
    from tests.conftest import OxigraphServer

    service = Service.at(f"{empty_oxigraph.base}/query")
    push(memory_store, service, graph=LETTER_GRAPH, replace=True)
    before = counts(empty_oxigraph.base)

    def die(n: int) -> int | None:
        if n == 2:
            empty_oxigraph.kill()
        return None

    proxy = Proxy(empty_oxigraph.base, die)
    try:
        with pytest.raises(StoreError, match=r"cannot reach|answered HTTP 50"):
            push(memory_store, Service.at(f"{proxy.base}/query"), replace=True, retries=0, timeout=10)
    finally:
        proxy.close()
    restarted = OxigraphServer(empty_oxigraph.location, port=empty_oxigraph.port).start()
    try:
        after = counts(restarted.base)
    finally:
        restarted.stop()
    assert {g: n for g, n in after.items() if not g.startswith("urn:coalitiegraaf:push:")} == before


def test_the_cli_pushes_and_then_queries_the_store(empty_oxigraph):
    endpoint = f"{empty_oxigraph.base}/query"
    result = run("--endpoint", endpoint, "push", "--replace")
    assert result.exit_code == 0
    assert f"{LETTER_GRAPH}: " in result.stdout and "(replaced, checked)" in result.stdout
    themes = run("--endpoint", endpoint, "query", "themes", "--format", "csv")
    assert themes.stdout == run("query", "themes", "--format", "csv").stdout


def test_the_cli_push_needs_an_endpoint_it_can_reach():
    assert "push needs the global option --endpoint" in run("push").stderr
    result = run("--endpoint", "http://127.0.0.1:9/query", "push", "--timeout", "2")
    assert result.exit_code == 3
    assert "cannot reach http://127.0.0.1:9" in result.stderr


def test_the_report_can_be_made_from_what_a_store_holds(pushed, tmp_path):
    server, _ = pushed
    out = tmp_path / "report"
    result = run("--endpoint", f"{server.base}/query", "report", "--out", str(out), "--lang", "nl")
    assert result.exit_code == 0
    assert "Validatie: 0 overtredingen, 30 waarschuwingen, 8 meldingen" in result.stdout
    assert (out / "id" / "actor" / "vng.html").exists()
