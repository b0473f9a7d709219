"""HTTP for SPARQL endpoints and graph stores, with the guarantees integrators need.

Requests are built by SPARQLWrapper (queries) or by :mod:`coalitiegraaf.publish.push` (Graph
Store Protocol uploads and updates) and sent by the standard library's ``urllib``, which takes
proxy settings from the environment (``http_proxy``, ``https_proxy``, ``no_proxy``). What
``urllib`` (and so SPARQLWrapper) gets wrong for us, this module corrects:

- its timeout bounds each socket read, not the request: a server trickling one byte at a time
  keeps it waiting for ever. Here one deadline bounds the whole request, connection to last
  byte (a watchdog shuts the socket when it passes);
- it reads an answer whole, however large: here reading stops past ``max_bytes``;
- it forwards the ``Authorization`` header to whatever host a redirect names, and refuses to
  repeat a POST on a 307 or 308: here credentials go only to the origin they were given for,
  and a query's POST follows a 307 or 308 (it changes nothing, so it is safe to repeat);
- its errors name the URL as given, password included: here a URL is always shown without it.

Safe requests (reads, and uploads to a scratch graph) are retried on connection errors and
on 502, 503, 504 and 429 answers, with backoff, within the same deadline. Every failure is a
:class:`~coalitiegraaf.errors.StoreError` (an unusable URL an :class:`InputError`) in one line.

Credentials come from the environment: ``COALITIEGRAAF_ENDPOINT_TOKEN`` (bearer) or
``COALITIEGRAAF_ENDPOINT_USER`` and ``COALITIEGRAAF_ENDPOINT_PASSWORD`` (basic), or from the
URL itself (``https://user:password@host/sparql``).
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import os
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from coalitiegraaf import __version__
from coalitiegraaf.errors import InputError, StoreError
from coalitiegraaf.messages import Words

TRANSIENT = {429, 502, 503, 504}
MAX_REDIRECTS = 5
MAX_BYTES = 1 << 30
CHUNK = 65536
USER_AGENT = f"coalitiegraaf/{__version__} (SPARQLWrapper; +https://w3id.org/coalitiegraaf)"
FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Response:
    status: int
    reason: str
    content_type: str
    body: bytes


@dataclass
class Client:
    """Requests to one service, each bounded by ``timeout`` seconds in all and ``max_bytes``
    bytes of answer."""

    timeout: float = 30.0
    retries: int = 2
    backoff: float = 0.5
    headers: dict[str, str] = field(default_factory=dict)
    max_bytes: int = MAX_BYTES

    def request(self, method: str, url: str, body: bytes | None = None,
                headers: dict[str, str] | None = None, safe: bool = True) -> Response:
        """Send a request; retry it when ``safe`` and the failure is transient."""
        url, userinfo = split_credentials(url)
        request = urllib.request.Request(url, data=body, method=method,
                                         headers={**userinfo, **(headers or {})})
        return self.send(request, safe)

    def send(self, request: urllib.request.Request, safe: bool = True) -> Response:
        """Send a prepared request (SPARQLWrapper's), as :meth:`request` does."""
        shown = redacted(request.full_url)
        check_url(request.full_url)
        for name, value in {"User-Agent": USER_AGENT, **self.headers}.items():
            if not request.has_header(name.capitalize()):
                request.add_header(name, value)
        deadline = time.monotonic() + self.timeout
        attempt = 0
        while True:
            try:
                response = self._exchange(request, deadline)
                if not (safe and response.status in TRANSIENT and attempt < self.retries):
                    return response
                failure = StoreError(key="endpoint_http", url=shown, status=response.status,
                                     reason=response.reason)
            except _Transient as error:
                words = error.words
                if time.monotonic() >= deadline:
                    words = Words("endpoint_timeout", url=shown, seconds=f"{self.timeout:g}")
                if not safe or attempt >= self.retries or time.monotonic() >= deadline:
                    raise StoreError(key=words.key, **words.values) from None
                failure = StoreError(key=words.key, **words.values)
            pause = self.backoff * 2 ** attempt
            if time.monotonic() + pause >= deadline:
                raise failure
            time.sleep(pause)
            attempt += 1

    def _exchange(self, request: urllib.request.Request, deadline: float) -> Response:
        """One request and its whole answer, or :class:`_Transient`."""
        shown = redacted(request.full_url)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _Transient(Words("endpoint_no_answer", url=shown))
        watchdog = _Watchdog(remaining)
        opener = urllib.request.build_opener(_RedirectHandler(), *watchdog.handlers())
        try:
            try:
                response = opener.open(request, timeout=remaining)
            except urllib.error.HTTPError as error:  # an answer all the same: its status tells
                response = error
            with response:
                body = self._read(response, shown)
            if time.monotonic() >= deadline:
                raise _Transient(Words("endpoint_no_answer", url=shown))
            return Response(response.status, response.reason or "", response.headers.get("Content-Type", ""),
                            body)
        except StoreError:
            raise
        except (OSError, http.client.HTTPException, ValueError, OverflowError, _Transient) as error:
            raise _Transient(Words("cannot_reach", url=shown, reason=_describe(error))) from None
        finally:
            watchdog.cancel()

    def _read(self, response, shown: str) -> bytes:
        chunks, size = [], 0
        while chunk := response.read(CHUNK):
            size += len(chunk)
            if size > self.max_bytes:
                raise StoreError(key="endpoint_too_much", url=shown, limit=f"{self.max_bytes:,}")
            chunks.append(chunk)
        return b"".join(chunks)


class _Transient(Exception):
    """A failure that a retry may cure: the connection, not the request, went wrong."""

    def __init__(self, words: Words) -> None:
        super().__init__(str(words))
        self.words = words


class _Watchdog:
    """Shuts the sockets of one request when its time is up: a blocked read returns at once."""

    def __init__(self, seconds: float) -> None:
        self.sockets: list[socket.socket] = []
        self.timer = threading.Timer(seconds, self._shut)
        self.timer.daemon = True
        self.timer.start()

    def handlers(self) -> list[urllib.request.BaseHandler]:
        sockets = self.sockets

        def watched(kind: type[http.client.HTTPConnection]) -> type[http.client.HTTPConnection]:
            class Watched(kind):
                def connect(self) -> None:
                    super().connect()
                    sockets.append(self.sock)
            return Watched

        class Plain(urllib.request.HTTPHandler):
            def http_open(self, req):
                return self.do_open(watched(http.client.HTTPConnection), req)

        class Secure(urllib.request.HTTPSHandler):
            def https_open(self, req):
                return self.do_open(watched(http.client.HTTPSConnection), req, context=self._context)

        return [Plain(), Secure()]

    def cancel(self) -> None:
        self.timer.cancel()

    def _shut(self) -> None:
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        try:
            check_url(newurl)
        except InputError as error:
            raise StoreError(key="endpoint_redirected", url=redacted(req.full_url), reason=error) from None
        if code in (307, 308) and req.get_method() == "POST":
            new = urllib.request.Request(newurl, data=req.data, headers=dict(req.header_items()),
                                         origin_req_host=req.origin_req_host, method="POST")
        else:
            new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and _origin(newurl) != _origin(req.full_url):
            for name in ("Authorization", "Cookie"):
                new.headers.pop(name, None)
                new.unredirected_hdrs.pop(name, None)
        return new


def form(field: str, sparql: str) -> bytes:
    """A query or update as the SPARQL 1.1 Protocol's form POST: the one way every store takes
    (Virtuoso 7 waits for ever on a direct ``application/sparql-query`` body)."""
    return urllib.parse.urlencode({field: sparql}).encode("ascii")


def check_url(url: str) -> None:
    """Refuse what is not an http(s) URL with a host and a valid port."""
    parts = urllib.parse.urlsplit(url)
    try:
        parts.port  # noqa: B018 - raises on a port out of range
    except ValueError as error:
        raise InputError(key="url_bad", url=redacted(url), reason=error) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(key="url_not_http", url=redacted(url))


def redacted(url: str) -> str:
    """``url`` as it may be shown: a password in it replaced by ``***``."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username}:***@" + parts.netloc.rpartition("@")[2]
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def split_credentials(url: str) -> tuple[str, dict[str, str]]:
    """``url`` without user and password, and the Basic ``Authorization`` header they make."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None:
        return url, {}
    secret = f"{urllib.parse.unquote(parts.username)}:{urllib.parse.unquote(parts.password or '')}"
    bare = urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
    return bare, {"Authorization": "Basic " + base64.b64encode(secret.encode()).decode("ascii")}


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


def _origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}:{parts.port}"


def _describe(error: BaseException) -> Words | str:
    if isinstance(error, urllib.error.URLError) and isinstance(error.reason, BaseException):
        error = error.reason
    if isinstance(error, ConnectionRefusedError):
        return Words("connection_refused")
    if isinstance(error, http.client.IncompleteRead):
        return Words("connection_cut_off")
    if isinstance(error, http.client.RemoteDisconnected):
        return Words("connection_closed")
    return getattr(error, "strerror", None) or str(error) or type(error).__name__
