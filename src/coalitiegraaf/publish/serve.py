"""A read-only SPARQL 1.1 Protocol endpoint over coalitiegraaf's dataset.

What serves, and why (the README's "Serve" says the same for users):

- **Hypercorn** speaks HTTP/1.1: it refuses a malformed request (``Content-Length: -1``) before
  anything reads it, closes a connection that has not sent a whole request line and headers
  within ``--idle`` seconds, and listens with a backlog of 128.
- **Starlette** routes the requests, and its maintained middleware checks the ``Host`` header
  (against DNS rebinding) and, only when ``--cors ORIGIN`` names one, answers CORS.
- **Oxigraph** evaluates, in worker processes (:mod:`coalitiegraaf.publish.answers`) over an
  on-disk store built from the shipped graph, the ``--data`` files and the derivation rules;
  its writers write the answers. A query out of time has its worker killed.

Oxigraph's own server was measured first: it does not stop a query past its ``--timeout-s``
(the work, and the answer, go on), it sends ``SERVICE`` requests, and it has no host check,
no row limit and only ``*`` for CORS.

coalitiegraaf's own part is what is served, the defaults, the limits and the request fields
of the protocol (``query``, ``default-graph-uri``, ``named-graph-uri``, ``update`` refused).
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import signal
import socket
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from coalitiegraaf.errors import StoreError
from coalitiegraaf.publish.answers import GRAPH_TYPES, Answer, Job, Workers, acceptable

# Starlette's host check cuts the Host header at its first colon, so it cannot name an IPv6
# literal ("[::1]:7878"): serve on IPv4 or by name
LOCAL_HOSTS = ("127.0.0.1", "localhost")
FORM = "application/x-www-form-urlencoded"
BACKLOG = 128


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 30.0
    max_rows: int = 100_000
    allowed_hosts: tuple[str, ...] = ()
    cors: tuple[str, ...] = ()
    workers: int = 2
    max_body: int = 1 << 20
    idle: float = 10.0


def listen(settings: Settings) -> socket.socket:
    """The listening socket, or a one-line error."""
    family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((settings.host, settings.port))
        sock.listen(BACKLOG)  # from now on connections wait in line, until the workers are up
    except (OSError, OverflowError) as error:
        sock.close()
        message = getattr(error, "strerror", None) or str(error)
        raise StoreError(key="cannot_listen", host=settings.host, port=settings.port,
                         reason=message) from None
    return sock


def run(location: str, graph_names: Sequence[str], settings: Settings, sock: socket.socket,
        ready: Callable[[str], None]) -> None:
    """Serve until SIGINT or SIGTERM; ``ready`` is told the endpoint's URL once it answers."""
    asyncio.run(_serve(location, graph_names, settings, sock, ready))


async def _serve(location: str, graph_names: Sequence[str], settings: Settings, sock: socket.socket,
                 ready: Callable[[str], None]) -> None:
    from hypercorn.asyncio import serve
    from hypercorn.config import Config

    workers = Workers(location, settings.workers, settings.timeout, settings.max_rows)
    await workers.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    config = Config()
    config.bind = [f"fd://{sock.fileno()}"]
    config.backlog = BACKLOG
    config.keep_alive_timeout = settings.idle  # also the time to send a request's head
    config.read_timeout = settings.idle
    config.loglevel = "WARNING"
    config.accesslog = None
    try:
        host = f"[{settings.host}]" if ":" in settings.host else settings.host
        ready(f"http://{host}:{sock.getsockname()[1]}/query")
        await serve(application(workers, graph_names, settings), config, shutdown_trigger=stop.wait)
    finally:
        await workers.stop()
        with contextlib.suppress(OSError):  # Hypercorn may have closed it already
            sock.close()


def application(workers: Workers, graph_names: Sequence[str], settings: Settings):
    """The ASGI application: the protocol's requests, each answered by ``workers``."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.requests import ClientDisconnect, Request
    from starlette.responses import Response
    from starlette.routing import Route

    async def endpoint(request: Request) -> Response:
        try:
            answer = await _answer(request)
        except ClientDisconnect:
            answer = Answer.text(400, "the request was not sent whole")
        return Response(answer.body, answer.status, headers={"Vary": "Accept"}, media_type=answer.media_type)

    async def _answer(request: Request) -> Answer:
        if request.method == "GET":
            fields = _fields(request.url.query)
        else:
            try:
                body = await asyncio.wait_for(_body(request, settings.max_body), settings.idle)
            except TimeoutError:
                return Answer.text(408, f"the request body did not arrive within {settings.idle:g} s")
            except _TooLarge:
                return Answer.text(413, f"the request is larger than {settings.max_body} bytes")
            kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
            fields = _fields(request.url.query)
            if kind == "application/sparql-update":
                return Answer.text(403, "this endpoint is read-only: updates are refused")
            if kind == "application/sparql-query":
                fields.setdefault("query", []).append(body.decode("utf-8", "replace"))
            elif kind == FORM:
                for name, values in _fields(body.decode("utf-8", "replace")).items():
                    fields.setdefault(name, []).extend(values)
            else:
                return Answer.text(415, f"unsupported content type {kind or '(none)'}: send "
                                        "application/sparql-query or a form with a query field")
        if "update" in fields:
            return Answer.text(403, "this endpoint is read-only: updates are refused")
        if "query" not in fields:
            if request.method == "GET":
                return _description(str(request.url.replace(query="")), graph_names, request)
            return Answer.text(400, "the request has no query")
        if len(fields["query"]) > 1:
            return Answer.text(400, "the request has more than one query")
        job = Job(fields["query"][0], request.headers.get("accept", ""), (fields.get("format") or [""])[0],
                  _graphs(fields, "default-graph-uri"), _graphs(fields, "named-graph-uri"))
        return await workers.answer(job)

    middleware = [Middleware(TrustedHostMiddleware,
                             allowed_hosts=[*LOCAL_HOSTS, settings.host, *settings.allowed_hosts])]
    if settings.cors:
        middleware.append(Middleware(CORSMiddleware, allow_origins=list(settings.cors),
                                     allow_methods=["GET", "POST"], allow_headers=["Content-Type", "Accept"]))
    routes = [Route(path, endpoint, methods=["GET", "POST"]) for path in ("/", "/query", "/sparql")]
    return Starlette(routes=routes, middleware=middleware)


class _TooLarge(Exception):
    pass


async def _body(request, limit: int) -> bytes:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit:
        raise _TooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _fields(text: str) -> dict[str, list[str]]:
    import urllib.parse

    return urllib.parse.parse_qs(text, keep_blank_values=True)


def _graphs(fields: dict[str, list[str]], name: str) -> tuple[str, ...] | None:
    return tuple(fields[name]) if name in fields else None


def _description(url: str, graph_names: Sequence[str], request) -> Answer:
    """The SPARQL 1.1 Service Description of the endpoint, for a GET without a query."""
    from coalitiegraaf.errors import QueryError
    from coalitiegraaf.publish.description import service_description
    from coalitiegraaf.store.results import write_graph

    try:
        fmt = acceptable(GRAPH_TYPES, request.query_params.get("format", ""),
                         request.headers.get("accept", ""))[0]
    except QueryError as error:
        return Answer.text(getattr(error, "status", 400), str(error))
    return Answer.content(GRAPH_TYPES[fmt], write_graph(service_description(url, graph_names), fmt))


@contextlib.contextmanager
def served_store(load: Callable[[str], object]):
    """A fresh folder filled by ``load(folder)`` (which returns the store), and the store's
    graph names, while the server runs; the folder is removed afterwards."""
    location = tempfile.mkdtemp(prefix="coalitiegraaf-serve-")
    try:
        store = load(location)
        store.merge_if_shared()  # the workers read the store and cannot write the merge
        names = [str(name) for name in store.graph_names()]
        del store  # closes it: the workers open it read-only
        yield location, names
    finally:
        shutil.rmtree(location, ignore_errors=True)
