"""What the endpoint answers to one SPARQL Protocol request, and the processes that answer.

Each worker process opens the served store (Oxigraph, on disk) read-only and answers one
request at a time: the checks every query from outside goes through (:meth:`Store.check`),
the query on the dataset the request names, the answer in the format the client accepts,
written by Oxigraph's writers. Oxigraph's evaluation cannot be interrupted from Python, so a
request out of time has its worker killed, which stops its work at once, and a fresh worker
takes the free place.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import multiprocessing
import signal
import time
from dataclasses import dataclass

from coalitiegraaf.errors import QueryError, StoreError

RESULT_TYPES = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
    "csv": "text/csv", "tsv": "text/tab-separated-values",
}
GRAPH_TYPES = {
    "ttl": "text/turtle", "nt": "application/n-triples", "xml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}
# what clients put in ?format= (SPARQLWrapper sends "turtle", others the media type)
FORMAT_ALIASES = {"turtle": "ttl", "n-triples": "nt", "ntriples": "nt", "rdf": "xml", "json-ld": "jsonld",
                  **{media: name for name, media in (RESULT_TYPES | GRAPH_TYPES).items()}}
TEXT = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class Job:
    """A query request, as the protocol gives it."""

    sparql: str
    accept: str = ""
    format: str = ""
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Answer:
    status: int
    media_type: str
    body: bytes

    @classmethod
    def text(cls, status: int, message: str) -> Answer:
        return cls(status, TEXT, (message + "\n").encode("utf-8"))

    @classmethod
    def content(cls, media: str, body: bytes) -> Answer:
        """A 200 answer; text formats say they are UTF-8."""
        return cls(200, media + "; charset=utf-8" if media.startswith("text/") else media, body)


# an endpoint answers programs, whatever the language of the run that serves it
PROTOCOL_LANGUAGE = "en"


def respond(store, job: Job, max_rows: int) -> Answer:
    """The answer to ``job`` from ``store`` (an :class:`OxigraphStore`), at most ``max_rows``
    rows or triples."""
    try:
        info = store.check(job.sparql)
    except QueryError as error:
        if _is_update(job.sparql):
            return Answer.text(403, "this endpoint is read-only: updates are refused")
        return Answer.text(400, error.text(PROTOCOL_LANGUAGE))
    kinds = GRAPH_TYPES if info.form in ("construct", "describe") else RESULT_TYPES
    if info.form == "ask":
        kinds = {name: RESULT_TYPES[name] for name in ("json", "xml")}
    try:
        candidates = acceptable(kinds, job.format, job.accept)
        result = store.evaluate(job.sparql, job.default_graphs, job.named_graphs)
        return _written(info.form, result, candidates, kinds, max_rows)
    except QueryError as error:
        return Answer.text(error.status if isinstance(error, Refusal) else 400, error.text(PROTOCOL_LANGUAGE))


class Refusal(QueryError):
    """A request the endpoint answers with a status other than 400."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def acceptable(kinds: dict[str, str], requested: str, accept: str) -> list[str]:
    """The formats of ``kinds`` the client takes, best first: the one ``?format=`` names, or
    those its ``Accept`` header allows (q-values, wildcards), the server's order breaking ties."""
    import mimeparse

    if requested:
        name = FORMAT_ALIASES.get(requested.lower(), requested.lower())
        if name not in kinds:
            raise QueryError(f"format must be one of {', '.join(kinds)} for this query")
        return [name]
    if not accept.strip():
        return list(kinds)
    try:
        ranked = [(mimeparse.quality(media, accept), -order, name)
                  for order, (name, media) in enumerate(kinds.items())]
        if "json" in kinds:  # what browsers and many clients ask for SPARQL JSON
            ranked.append((mimeparse.quality("application/json", accept), 0.5, "json"))
    except (mimeparse.MimeTypeParseException, ValueError):
        raise QueryError(f"cannot read the Accept header {accept!r}") from None
    names = [name for quality, _, name in sorted(ranked, reverse=True) if quality > 0]
    if not names:
        raise Refusal(406, f"none of the formats this answer comes in is acceptable: "
                           f"{', '.join(kinds.values())}")
    return list(dict.fromkeys(names))


def _written(form: str, result, candidates: list[str], kinds: dict[str, str], max_rows: int) -> Answer:
    from coalitiegraaf.store.results import NotRepresentable, write_boolean, write_graph, write_solutions

    if form == "ask":
        def write(fmt: str) -> bytes:
            return write_boolean(bool(result), fmt)
    elif form == "select":
        names = [v.value for v in result.variables]
        rows = [tuple(solution[name] for name in names) for solution in _bounded(result, max_rows, "rows")]

        def write(fmt: str) -> bytes:
            return write_solutions(names, rows, fmt)
    else:
        triples = _bounded(result, max_rows, "triples")

        def write(fmt: str) -> bytes:
            return write_graph(triples, fmt)
    refusal = None
    for fmt in candidates:  # the next acceptable format when one cannot carry the answer
        try:
            body = write(fmt)
        except NotRepresentable as error:
            refusal = error
            continue
        return Answer.content(kinds[fmt], body)
    raise Refusal(406, str(refusal))


def _bounded(result, max_rows: int, what: str) -> list:
    items = list(itertools.islice(result, max_rows + 1))
    if len(items) > max_rows:
        raise QueryError(f"the answer has more than {max_rows} {what}; add a LIMIT")
    return items


def _is_update(sparql: str) -> bool:
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(sparql)
    except Exception:  # not an update either: the query's own error is the one to report
        return False
    return True


def _work(location: str, max_rows: int, connection) -> None:
    """A worker process: open the store read-only, then answer jobs until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    from coalitiegraaf.store.oxigraph import OxigraphStore

    store = OxigraphStore(location, read_only=True)
    connection.send("ready")
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        try:
            answer = respond(store, job, max_rows)
        except Exception as error:  # a bug here must not take the worker down: say what it was
            answer = Answer.text(500, f"the query failed: {type(error).__name__}: {error}")
        connection.send(answer)


@dataclass(eq=False)
class _Worker:
    process: multiprocessing.process.BaseProcess
    connection: object

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.connection.close()
        self.process.kill()
        self.process.join(5)


class Workers:
    """``count`` worker processes over the store at ``location``; a job waits at most
    ``timeout`` seconds for a free worker and ``timeout`` seconds for its answer."""

    def __init__(self, location: str, count: int, timeout: float, max_rows: int) -> None:
        self.location, self.count, self.timeout, self.max_rows = location, count, timeout, max_rows
        self._context = multiprocessing.get_context("spawn")
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._replacing: set[asyncio.Task] = set()

    async def start(self) -> None:
        workers = await asyncio.gather(*(self._spawn() for _ in range(self.count)))
        for worker in workers:
            self._idle.put_nowait(worker)

    async def answer(self, job: Job) -> Answer:
        started = time.monotonic()
        try:
            worker = await asyncio.wait_for(self._idle.get(), self.timeout)
        except TimeoutError:
            return Answer.text(503, "the endpoint is busy; try again")
        remaining = max(0.1, self.timeout - (time.monotonic() - started))
        try:
            worker.connection.send(job)
            answer = await asyncio.wait_for(asyncio.to_thread(worker.connection.recv), remaining)
        except TimeoutError:
            self._replace(worker)
            return Answer.text(503, f"the query took longer than {self.timeout:g} s; it was stopped")
        except (EOFError, OSError):  # the worker died (out of memory, a crash): say so, replace it
            self._replace(worker)
            return Answer.text(500, "the query ended its worker; the endpoint goes on with a fresh one")
        except asyncio.CancelledError:  # the client went away: its query's work stops too
            self._replace(worker)
            raise
        self._idle.put_nowait(worker)
        return answer

    async def stop(self) -> None:
        for task in self._replacing:
            task.cancel()
        for worker in list(self._all):
            await asyncio.to_thread(worker.stop)

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` (and so its query's work) and start a fresh one in its place."""
        async def replace() -> None:
            self._all.discard(worker)
            await asyncio.to_thread(worker.stop)
            self._idle.put_nowait(await self._spawn())

        task = asyncio.get_running_loop().create_task(replace())
        self._replacing.add(task)
        task.add_done_callback(self._replacing.discard)

    async def _spawn(self) -> _Worker:
        ours, theirs = self._context.Pipe()
        process = self._context.Process(target=_work, args=(self.location, self.max_rows, theirs),
                                        daemon=True, name="coalitiegraaf-worker")
        process.start()
        theirs.close()
        worker = _Worker(process, ours)
        self._all.add(worker)
        try:
            ready = await asyncio.wait_for(asyncio.to_thread(ours.recv), 120)
        except (TimeoutError, EOFError, OSError):
            ready = None
        if ready != "ready":
            worker.stop()
            raise StoreError(f"the endpoint's worker could not open the store at {self.location}")
        return worker
