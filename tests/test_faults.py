"""Faults: endpoints that trickle, fail for a moment or redirect elsewhere; inputs too large or
nested too deep; runs that are killed or run twice at once. Each gives a clear answer and
loses nothing."""

from __future__ import annotations

import contextlib
import http.server
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from coalitiegraaf.errors import QueryError, StoreError
from coalitiegraaf.store import EndpointStore
from tests.cli_helpers import run


@pytest.fixture(autouse=True)
def in_english(default_language, monkeypatch):
    """This module checks what the messages say, in English (tests/test_cli_language.py checks
    that every message is said in Dutch as well)."""
    monkeypatch.setenv("COALITIEGRAAF_LANG", "en")

ASK_TRUE = b'{"head": {}, "boolean": true}'


class Recorder(http.server.ThreadingHTTPServer):
    """A loopback server whose behaviour a test writes, recording what it was sent."""

    def __init__(self, behave: Callable[[http.server.BaseHTTPRequestHandler, int], None]) -> None:
        self.requests: list[dict[str, str]] = []
        recorder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                self.body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                recorder.requests.append(dict(self.headers))
                behave(self, len(recorder.requests))

            do_PUT = do_GET = do_POST

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server_address[1]}/sparql"

    def handle_error(self, request, client_address):
        pass  # clients that hang up on purpose


@pytest.fixture
def servers() -> Iterator[Callable[..., Recorder]]:
    started: list[Recorder] = []

    def start(behave) -> Recorder:
        started.append(Recorder(behave))
        return started[-1]

    yield start
    for server in started:
        server.shutdown()
        server.server_close()


def answer(handler, status: int = 200, body: bytes = ASK_TRUE, **headers: str) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", "application/sparql-results+json")
    handler.send_header("Content-Length", str(len(body)))
    for key, value in headers.items():
        handler.send_header(key, value)
    handler.end_headers()
    handler.wfile.write(body)


def test_a_trickling_server_is_cut_off_by_the_whole_request_timeout(servers):
    def trickle(handler, _n):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/sparql-results+json")
        handler.end_headers()
        for byte in ASK_TRUE * 10:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(0.2)

    server = servers(trickle)
    started = time.monotonic()
    with pytest.raises(StoreError, match=f"{server.url} did not answer within 1 s"):
        EndpointStore(server.url, timeout=1).query("ASK {}")
    assert time.monotonic() - started < 2.5


def test_a_read_is_retried_when_the_server_is_briefly_unavailable(servers):
    server = servers(lambda handler, n: answer(handler, 503 if n == 1 else 200))
    assert EndpointStore(server.url).query("ASK {}").boolean is True
    assert len(server.requests) == 2


def test_credentials_never_follow_a_redirect_to_another_host(servers, monkeypatch):
    monkeypatch.setenv("COALITIEGRAAF_ENDPOINT_TOKEN", "secret")
    elsewhere = servers(lambda handler, _n: answer(handler))
    here = servers(lambda handler, _n: answer(handler, 307, b"", Location=elsewhere.url))
    assert EndpointStore(here.url).query("ASK {}").boolean is True
    assert here.requests[0]["Authorization"] == "Bearer secret"
    assert "Authorization" not in elsewhere.requests[0]


def test_credentials_follow_a_redirect_on_the_same_host(servers, monkeypatch):
    monkeypatch.setenv("COALITIEGRAAF_ENDPOINT_USER", "ada")
    monkeypatch.setenv("COALITIEGRAAF_ENDPOINT_PASSWORD", "lovelace")
    server = servers(lambda handler, n: answer(handler, 307, b"", Location="/moved") if n == 1 else answer(handler))
    assert EndpointStore(server.url).query("ASK {}").boolean is True
    assert server.requests[1]["Authorization"] == "Basic YWRhOmxvdmVsYWNl"


def test_a_file_over_the_size_limit_is_refused(tmp_path):
    big = tmp_path / "big.nt"
    line = '<http://example.org/a> <http://example.org/b> "' + "x" * 1000 + '" .\n'
    big.write_text(line * 1100)
    result = run("--max-file-mb", "1", "stats", "--data", str(big))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {big}: file is 1,") and "over the limit of 1,048,576 bytes" in result.stderr


def test_a_query_nested_beyond_the_recursion_limit_is_a_clear_error(memory_store):
    deep = "SELECT * WHERE " + "{ " * 1000 + "?s ?p ?o " + "} " * 1000
    with pytest.raises(QueryError, match="nests brackets and operators deeper than the limit of 400"):
        memory_store.query(deep)


def _report(out: Path, *data: Path) -> subprocess.Popen:
    arguments = [a for path in data for a in ("--data", str(path))]
    return subprocess.Popen([sys.executable, "-m", "coalitiegraaf", "report", *arguments, "--out", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_a_report_terminated_halfway_leaves_the_previous_report(tmp_path, tmp_path_factory):
    from coalitiegraaf.sources.generate import generate

    out = tmp_path / "report"
    assert _report(out).wait(timeout=120) == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    # a larger agenda, so that the report is caught while it writes its pages
    process = _report(out, generate(10_000, 1, tmp_path_factory.mktemp("data") / "federation.nt").path)
    deadline = time.monotonic() + 120
    while not any(True for staging in tmp_path.glob(".report.*.tmp") for _ in staging.rglob("*.html")):
        assert process.poll() is None and time.monotonic() < deadline, "the report never started writing"
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 128 + signal.SIGTERM
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".report.lock", "report"]


@pytest.mark.slow
def test_two_reports_at_once_into_one_folder_leave_a_whole_report(tmp_path):
    out = tmp_path / "report"
    first, second = _report(out), _report(out)
    assert first.wait(timeout=180) == 0 and second.wait(timeout=180) == 0
    assert (out / "index.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert len(list((out / "id" / "actor").iterdir())) == 65  # one page per actor of the letter
    assert sorted(p.name for p in tmp_path.iterdir()) == [".report.lock", "report"]


def test_a_full_disk_leaves_the_previous_export(tmp_path, monkeypatch):
    from coalitiegraaf.sources import files

    target = tmp_path / "data.ttl"
    target.write_bytes(b"previous")
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fdopen", lambda fd, mode: Full(real_fdopen(fd, mode)))
    result = run("export", "--out", str(target))
    assert result.exit_code == 3
    assert result.stderr == f"Error: {target}: cannot write: No space left on device\n"
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["data.ttl"]


def test_an_endpoint_answering_without_end_is_cut_off_at_the_size_bound(servers):
    def endless(handler, _n):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/sparql-results+json")
        handler.end_headers()
        chunk = b" " * 65536
        with contextlib.suppress(OSError):
            for _ in range(10_000):  # 640 MB, far past the bound; the client hangs up first
                handler.wfile.write(chunk)

    server = servers(endless)
    started = time.monotonic()
    with pytest.raises(StoreError, match=f"{server.url} answered more than 1,048,576 bytes"):
        EndpointStore(server.url, max_bytes=1 << 20).query("ASK {}")
    assert time.monotonic() - started < 5


def test_a_password_in_the_endpoint_url_is_sent_but_never_shown(servers):
    server = servers(lambda handler, _n: answer(handler, 500, b"boom"))
    url = server.url.replace("http://", "http://ada:s3cret@")
    result = run("--endpoint", url, "query", "themes")
    assert result.exit_code == 3
    assert "s3cret" not in result.stderr and "http://ada:***@127.0.0.1" in result.stderr
    assert server.requests[0]["Authorization"] == "Basic YWRhOnMzY3JldA=="
    assert server.requests[0]["User-Agent"].startswith("coalitiegraaf/")


@pytest.mark.parametrize(("endpoint", "code", "message"), [
    ("http://127.0.0.1:99999/sparql", 2, "Error: http://127.0.0.1:99999/sparql: Port out of range 0-65535\n"),
    ("ftp://127.0.0.1/sparql", 2, "Error: ftp://127.0.0.1/sparql is not an http(s) URL\n"),
])
def test_an_unusable_endpoint_url_is_one_line(endpoint, code, message):
    result = run("--endpoint", endpoint, "query", "themes")
    assert (result.exit_code, result.stderr) == (code, message)


def test_a_redirect_to_an_impossible_port_is_one_line(servers):
    server = servers(lambda handler, _n: answer(handler, 307, b"", Location="http://127.0.0.1:99999/sparql"))
    result = run("--endpoint", server.url, "query", "themes")
    assert result.exit_code == 3
    assert result.stderr == (f"Error: {server.url} redirected to http://127.0.0.1:99999/sparql: "
                             "Port out of range 0-65535\n")


def test_proxy_settings_come_from_the_environment(servers, monkeypatch):
    proxy = servers(lambda handler, _n: answer(handler))
    monkeypatch.setenv("http_proxy", proxy.url.rsplit("/", 1)[0])
    monkeypatch.delenv("no_proxy", raising=False)
    assert EndpointStore("http://sparql.example/sparql").query("ASK {}").boolean is True
    assert proxy.requests[0]["Host"] == "sparql.example"


def test_a_count_that_is_not_a_number_is_a_clear_error(servers):
    def nonsense(handler, _n):
        answer(handler, body=b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": "many"}}]}}')

    server = servers(nonsense)
    with pytest.raises(StoreError, match=r"answered .*many.* where a count was expected"):
        len(EndpointStore(server.url))


def test_push_reports_a_count_that_is_not_a_number_after_committing(servers, tmp_path):
    uploaded: list[bytes] = []

    def store(handler, _n):
        if handler.command == "PUT":
            uploaded.append(handler.body)
            answer(handler, 204, b"")
        elif "update" in handler.path:
            answer(handler, 204, b"")
        elif b"isLITERAL" in handler.body:  # push's check of the literals: they were kept
            answer(handler, body=_literal_rows(uploaded.pop(0)))
        else:
            answer(handler, body=b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": "lots"}}]}}')

    server = servers(store)
    data = tmp_path / "one.ttl"
    data.write_text("<https://example.org/a> <https://example.org/b> 1 .\n")
    base = server.url.rsplit("/", 1)[0]
    result = run("--endpoint", f"{base}/query", "push", "--data", str(data), "--update-endpoint", f"{base}/update",
                 "--graph-store", f"{base}/store")
    assert result.exit_code == 3
    assert result.stderr.startswith("Error: the push was committed, but its check failed:")
    assert "where a count was expected" in result.stderr and "Traceback" not in result.stderr


def _literal_rows(ntriples: bytes) -> bytes:
    """The typed literals of an upload as a SPARQL JSON answer (?s ?p ?o): a store that kept them."""
    import json

    import pyoxigraph as ox

    def term(t):
        if isinstance(t, ox.Literal):
            return {"type": "literal", "value": t.value, "datatype": t.datatype.value}
        return {"type": "uri", "value": t.value}

    rows = [{"s": term(q.subject), "p": term(q.predicate), "o": term(q.object)}
            for q in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
            if isinstance(q.object, ox.Literal) and not q.object.language]
    return json.dumps({"head": {"vars": ["s", "p", "o"]}, "results": {"bindings": rows}}).encode()


def test_push_refuses_before_committing_when_the_literals_cannot_be_checked(servers, tmp_path):
    updates: list[bytes] = []

    def store(handler, _n):
        if handler.command == "PUT":
            answer(handler, 204, b"")
        elif "update" in handler.path:
            updates.append(handler.body)
            answer(handler, 204, b"")
        else:
            answer(handler, body=b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": "lots"}}]}}')

    server = servers(store)
    data = tmp_path / "one.ttl"
    data.write_text("<https://example.org/a> <https://example.org/b> 1 .\n")
    base = server.url.rsplit("/", 1)[0]
    result = run("--endpoint", f"{base}/query", "--no-shipped", "push", "--data", str(data),
                 "--update-endpoint", f"{base}/update", "--graph-store", f"{base}/store")
    assert result.exit_code == 3
    assert "did not answer the check of the uploaded literals" in result.stderr
    assert "nothing was pushed" in result.stderr and "Traceback" not in result.stderr
    assert all(b"MOVE" not in body and b"ADD" not in body for body in updates)  # only scratch graphs dropped
