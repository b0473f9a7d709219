"""A local, read-only SPARQL 1.1 Protocol endpoint over the store layer.

Why not the Oxigraph server? It is fast and complete, but it serves its own on-disk store, not
coalitiegraaf's (with the user's files and the derivation rules applied), and it leaves out
what a local endpoint that browsers can reach needs: a check of the ``Host`` header against DNS
rebinding, a bound on query time and result size, and updates refused by what the request is
rather than by a switch. The standard library's threading HTTP server is enough for one person
or one notebook, and it adds no dependency.

- ``GET ?query=``, ``POST`` form (``query=``) or ``POST application/sparql-query``; results as
  SPARQL JSON, XML, CSV or TSV (``Accept`` or ``?format=json|xml|csv|tsv``), CONSTRUCT and
  DESCRIBE as Turtle or N-Triples; CORS headers for browser clients such as YASGUI.
- Updates are refused with 403: a form field ``update``, the ``application/sparql-update`` type,
  or query text that parses as a SPARQL Update. SERVICE and FROM are refused with 400.
- A query gets ``timeout`` seconds and at most ``max_rows`` rows; beyond either, 503 or 400.
"""

from __future__ import annotations

import ctypes
import http.server
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from coalitiegraaf.errors import QueryError, StoreError
from coalitiegraaf.store import QueryResult, Store
from coalitiegraaf.store.results import to_delimited, to_json, to_sparql_tsv, to_sparql_xml

T = TypeVar("T")
MAX_BODY = 1 << 20
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")
RESULT_TYPES = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
    "csv": "text/csv", "tsv": "text/tab-separated-values",
}
GRAPH_TYPES = {"ttl": "text/turtle", "nt": "application/n-triples"}
# what clients put in ?format= (SPARQLWrapper sends "turtle", others the media type)
FORMAT_ALIASES = {"turtle": "ttl", "n-triples": "nt", "ntriples": "nt",
                  **{media: name for name, media in (RESULT_TYPES | GRAPH_TYPES).items()}}


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 30.0
    max_rows: int = 100_000
    allowed_hosts: tuple[str, ...] = ()


class Refused(Exception):
    """A request answered with an error status and a message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class _Cancelled(BaseException):
    """Raised inside a query's thread when its time is up."""


def make_server(store: Store, settings: Settings = Settings()) -> http.server.ThreadingHTTPServer:
    """A server for ``store`` bound to ``settings.host`` and ``settings.port`` (0: any free
    port); call ``serve_forever()`` on it."""
    endpoint = Endpoint(store, settings)

    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "coalitiegraaf"

        def do_GET(self) -> None:
            self._answer(lambda: endpoint.get(self.path, self.headers))

        def do_POST(self) -> None:
            self._answer(lambda: endpoint.post(self.path, self.headers, self._body()))

        def do_OPTIONS(self) -> None:
            self._answer(lambda: endpoint.preflight(self.headers))

        def _body(self) -> bytes:
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                raise Refused(413, f"the request is larger than {MAX_BODY} bytes")
            return self.rfile.read(length)

        def _answer(self, respond: Callable[[], tuple[int, str, bytes]]) -> None:
            try:
                status, content_type, body = respond()
            except Refused as refusal:
                status, content_type, body = refusal.status, "text/plain; charset=utf-8", \
                    (str(refusal) + "\n").encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
            self.send_header("Vary", "Accept")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return http.server.ThreadingHTTPServer((settings.host, settings.port), Handler)


class Endpoint:
    """What the server does with a request, apart from HTTP itself."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        # rdflib is not safe for concurrent queries; one at a time is plenty for a local endpoint
        self.lock = threading.Lock()

    def get(self, path: str, headers) -> tuple[int, str, bytes]:
        self._check_host(headers)
        url = urllib.parse.urlsplit(path)
        fields = urllib.parse.parse_qs(url.query)
        if "update" in fields:
            raise Refused(403, "this endpoint is read-only: updates are refused")
        if "query" not in fields:
            if url.path in ("/", "/query", "/sparql"):
                return 200, "text/plain; charset=utf-8", (
                    "coalitiegraaf: a read-only SPARQL 1.1 endpoint. Send ?query=… to /query.\n").encode()
            raise Refused(404, f"nothing at {url.path}; the endpoint is /query")
        return self._run(fields["query"][0], headers, fields)

    def post(self, path: str, headers, body: bytes) -> tuple[int, str, bytes]:
        self._check_host(headers)
        content_type = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type == "application/sparql-update":
            raise Refused(403, "this endpoint is read-only: updates are refused")
        fields = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)
        if content_type == "application/sparql-query":
            return self._run(body.decode("utf-8", "replace"), headers, fields)
        if content_type == "application/x-www-form-urlencoded":
            fields |= urllib.parse.parse_qs(body.decode("utf-8", "replace"))
            if "update" in fields:
                raise Refused(403, "this endpoint is read-only: updates are refused")
            if "query" in fields:
                return self._run(fields["query"][0], headers, fields)
            raise Refused(400, "the form has no query field")
        raise Refused(415, f"unsupported content type {content_type or '(none)'}: send "
                           "application/sparql-query or a form with a query field")

    def preflight(self, headers) -> tuple[int, str, bytes]:
        self._check_host(headers)
        return 204, "text/plain", b""

    def _check_host(self, headers) -> None:
        """Refuse requests addressed to another name (DNS rebinding: a web page that makes
        its own host name point at 127.0.0.1 to reach this endpoint)."""
        host = (headers.get("Host") or "").strip().lower()
        names = {*LOCAL_HOSTS, self.settings.host, *self.settings.allowed_hosts}
        if host not in names and host.rsplit(":", 1)[0] not in names:
            raise Refused(403, f"host {host or '(none)'} is not served here")

    def _run(self, sparql: str, headers, fields: dict[str, list[str]]) -> tuple[int, str, bytes]:
        from coalitiegraaf.store.sparql import inspect_query

        try:
            info = inspect_query(sparql)
        except QueryError as error:
            if _is_update(sparql):
                raise Refused(403, "this endpoint is read-only: updates are refused") from None
            raise Refused(400, str(error)) from None
        chosen = _negotiate(info.form, (fields.get("format") or [""])[0], headers.get("Accept") or "")
        if not self.lock.acquire(timeout=self.settings.timeout):
            raise Refused(503, "the endpoint is busy; try again")
        try:
            result = _bounded(lambda: self.store.query(sparql), self.settings.timeout)
        except QueryError as error:
            raise Refused(400, str(error)) from None
        except StoreError as error:
            raise Refused(502, str(error)) from None
        finally:
            self.lock.release()
        if len(result.rows) > self.settings.max_rows:
            raise Refused(400, f"the result has more than {self.settings.max_rows} rows; add a LIMIT")
        return 200, *_serialise(result, chosen)


def _is_update(sparql: str) -> bool:
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(sparql)
    except Exception:  # not an update either: the query's own error is the one to report
        return False
    return True


def _negotiate(form: str, requested: str, accept: str) -> str:
    kinds = GRAPH_TYPES if form in ("construct", "describe") else RESULT_TYPES
    requested = FORMAT_ALIASES.get(requested.lower(), requested.lower())
    if requested:
        if requested not in kinds:
            raise Refused(400, f"format must be one of {', '.join(kinds)} for this query")
        return requested
    for media in (part.split(";")[0].strip().lower() for part in accept.split(",")):
        for name, media_type in kinds.items():
            if media == media_type or (media == "application/json" and name == "json"):
                return name
    return next(iter(kinds))


def _serialise(result: QueryResult, chosen: str) -> tuple[str, bytes]:
    if result.graph is not None:
        data = result.graph.serialize(format="nt" if chosen == "nt" else "turtle", encoding="utf-8")
        return GRAPH_TYPES[chosen] + "; charset=utf-8", data
    if result.form == "ask" and chosen in ("csv", "tsv"):
        raise Refused(406, "an ASK answer is given as json or xml")
    text = {"json": to_json, "xml": to_sparql_xml, "tsv": to_sparql_tsv,
            "csv": lambda r: to_delimited(r, ",")}[chosen](result)
    if result.form == "ask" and chosen == "json":
        text = '{"head": {}, "boolean": ' + str(result.boolean).lower() + "}\n"
    return RESULT_TYPES[chosen] + "; charset=utf-8", text.encode("utf-8")


def _bounded(work: Callable[[], T], timeout: float) -> T:
    """Run ``work`` in a thread; past ``timeout`` seconds, stop it and refuse with 503.

    A query cannot be cancelled from outside, so the thread is interrupted with an asynchronous
    exception: rdflib's evaluation is Python and stops at once; Oxigraph's stops when it next
    hands a row to Python.
    """
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = work()
        except _Cancelled:
            pass
        except BaseException as error:  # handed to the caller's thread below
            box["error"] = error

    thread = threading.Thread(target=run, daemon=True, name="coalitiegraaf-query")
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident), ctypes.py_object(_Cancelled))
        thread.join(5)
        raise Refused(503, f"the query took longer than {timeout:g} s")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]
