"""A small HTTP client for SPARQL endpoints and graph stores, with the guarantees integrators need.

urllib and the SPARQL clients built on it (SPARQLWrapper among them) bound each socket read,
not the request: a server that trickles one byte at a time keeps them waiting for ever. They
also forward the ``Authorization`` header to whatever host a redirect names. This client:

- bounds the whole request, connection to last byte, by one deadline (a watchdog shuts the
  socket when it passes);
- follows at most five redirects, and sends credentials only to the origin they were given for;
- retries safe requests (reads, and uploads to a scratch graph) on connection errors and on
  502, 503, 504 and 429 answers, with backoff, within the same deadline;
- turns every failure into a :class:`~coalitiegraaf.errors.StoreError` that says what happened.

Credentials come from the environment: ``COALITIEGRAAF_ENDPOINT_TOKEN`` (bearer) or
``COALITIEGRAAF_ENDPOINT_USER`` and ``COALITIEGRAAF_ENDPOINT_PASSWORD`` (basic).
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import os
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

from coalitiegraaf.errors import InputError, StoreError

TRANSIENT = {429, 502, 503, 504}
MAX_REDIRECTS = 5
CHUNK = 65536


@dataclass(frozen=True)
class Response:
    status: int
    reason: str
    content_type: str
    body: bytes


@dataclass
class Client:
    """Requests to one service, each bounded by ``timeout`` seconds in all."""

    timeout: float = 30.0
    retries: int = 2
    backoff: float = 0.5
    headers: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, url: str, body: bytes | None = None,
                headers: dict[str, str] | None = None, safe: bool = True) -> Response:
        """Send the request; retry it when ``safe`` and the failure is transient."""
        check_url(url)
        deadline = time.monotonic() + self.timeout
        attempt = 0
        while True:
            try:
                response = self._follow(method, url, body, {**self.headers, **(headers or {})}, deadline)
                if not (safe and response.status in TRANSIENT and attempt < self.retries):
                    return response
                failure = StoreError(f"{url} answered HTTP {response.status} {response.reason}")
            except _Transient as error:
                message = str(error)
                if time.monotonic() >= deadline:
                    message = f"{url} did not answer within {self.timeout:g} s"
                if not safe or attempt >= self.retries or time.monotonic() >= deadline:
                    raise StoreError(message) from None
                failure = StoreError(message)
            pause = self.backoff * 2 ** attempt
            if time.monotonic() + pause >= deadline:
                raise failure
            time.sleep(pause)
            attempt += 1

    def _follow(self, method: str, url: str, body: bytes | None, headers: dict[str, str],
                deadline: float) -> Response:
        origin = _origin(url)
        for _ in range(MAX_REDIRECTS + 1):
            sent = headers if _origin(url) == origin else _without_credentials(headers)
            status, reason, content_type, location, data = _exchange(method, url, body, sent, deadline)
            if status not in (301, 302, 303, 307, 308) or not location:
                return Response(status, reason, content_type, data)
            url = urllib.parse.urljoin(url, location)
            check_url(url)
            if status == 303 or (status in (301, 302) and method == "POST"):
                method, body = "GET", None
        raise StoreError(f"{origin}: more than {MAX_REDIRECTS} redirects")


class _Transient(Exception):
    """A failure that a retry may cure: the connection, not the request, went wrong."""


FORM = "application/x-www-form-urlencoded"


def form(field: str, sparql: str) -> bytes:
    """A query or update as the SPARQL 1.1 Protocol's form POST: the one way every store takes
    (Virtuoso 7 waits for ever on a direct ``application/sparql-query`` body)."""
    return urllib.parse.urlencode({field: sparql}).encode("ascii")


def check_url(url: str) -> None:
    if urllib.parse.urlsplit(url).scheme not in ("http", "https") or not urllib.parse.urlsplit(url).hostname:
        raise InputError(f"endpoint {url!r} is not an http(s) URL")


def credentials() -> dict[str, str]:
    """The Authorization header the environment asks for, if any."""
    token = os.environ.get("COALITIEGRAAF_ENDPOINT_TOKEN")
    user = os.environ.get("COALITIEGRAAF_ENDPOINT_USER")
    if token:
        return {"Authorization": f"Bearer {token}"}
    if user:
        secret = f"{user}:{os.environ.get('COALITIEGRAAF_ENDPOINT_PASSWORD', '')}".encode()
        return {"Authorization": "Basic " + base64.b64encode(secret).decode("ascii")}
    return {}


def _without_credentials(headers: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in headers.items() if k.lower() not in ("authorization", "cookie")}


def _origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _exchange(method: str, url: str, body: bytes | None, headers: dict[str, str],
              deadline: float) -> tuple[int, str, str, str, bytes]:
    """One request and its whole answer, or :class:`_Transient` when the deadline passes or
    the connection fails."""
    parts = urllib.parse.urlsplit(url)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _Transient(f"{url} did not answer in time")
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = kind(parts.hostname, parts.port, timeout=remaining)
    # the connection hands its socket to the response and forgets it: the watchdog keeps it
    sockets: list[socket.socket] = []
    watchdog = threading.Timer(remaining, _shut, [sockets])
    watchdog.start()
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    try:
        connection.connect()
        sockets.append(connection.sock)
        connection.request(method, target, body=body, headers=headers)
        response = connection.getresponse()
        chunks = []
        while chunk := response.read(CHUNK):
            chunks.append(chunk)
        if time.monotonic() >= deadline:
            raise _Transient("out of time")
        return (response.status, response.reason, response.getheader("Content-Type", ""),
                response.getheader("Location", ""), b"".join(chunks))
    except (OSError, http.client.HTTPException, _Transient) as error:
        raise _Transient(f"cannot reach {url}: {_describe(error)}") from None
    finally:
        watchdog.cancel()
        connection.close()


def _shut(sockets: list[socket.socket]) -> None:
    """End a request that ran out of time: the blocked read returns at once."""
    for sock in sockets:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _describe(error: BaseException) -> str:
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, http.client.IncompleteRead):
        return "the answer was cut off"
    if isinstance(error, http.client.RemoteDisconnected):
        return "the server closed the connection without answering"
    return getattr(error, "strerror", None) or str(error) or type(error).__name__
