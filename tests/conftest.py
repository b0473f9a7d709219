"""Shared fixtures: the loaded dataset on each backend, the source letter, a network guard."""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path

import pytest
from rdflib import RDF, URIRef
from rdflib.namespace import DCTERMS

from coalitiegraaf.project import load
from coalitiegraaf.sources.passages import Passage, split_passages
from coalitiegraaf.store import Store
from coalitiegraaf.store.namespaces import CG as CG_NS

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"
LETTER = SHARED / "sources" / "kamerbrief-2023-07-07-coalities-digitale-samenleving.txt"
VOCAB = SHARED / "vocab"
LETTER_GRAPH = URIRef("https://w3id.org/coalitiegraaf/graph/kst-26643-1055")

CG = "https://w3id.org/coalitiegraaf/def#"
ID = "https://w3id.org/coalitiegraaf/id/"
PREFIXES = f"""
PREFIX cg: <{CG}>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

requires_letter = pytest.mark.skipif(not LETTER.exists(), reason="../shared/sources is not present")
requires_vocab = pytest.mark.skipif(not VOCAB.exists(), reason="../shared/vocab is not present")


@pytest.fixture(autouse=True)
def default_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every run in the default language (Dutch) unless a test says otherwise, whatever the
    machine's locale."""
    for variable in ("COALITIEGRAAF_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that opens a connection to anything but this machine."""
    real_connect = socket.socket.connect

    def guarded_connect(self: socket.socket, address: object) -> object:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0] if isinstance(address, tuple) else address
            if not ipaddress.ip_address(socket.gethostbyname(str(host))).is_loopback:
                raise AssertionError(f"test tried to reach the network: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


@pytest.fixture(scope="session", params=["memory", "oxigraph"])
def store(request: pytest.FixtureRequest) -> Store:
    """The shipped dataset, once on each backend: every test using it runs on both."""
    return load(store=request.param)


@pytest.fixture(scope="session")
def memory_store() -> Store:
    return load(store="memory")


@pytest.fixture(scope="session")
def oxigraph_store() -> Store:
    return load(store="oxigraph")


@pytest.fixture(scope="session")
def letter_text() -> str:
    if not LETTER.exists():
        pytest.skip("../shared/sources is not present")
    return LETTER.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def letter_passages(memory_store: Store, letter_text: str) -> dict[tuple[str, int], Passage]:
    """The letter's paragraphs and footnotes by (kind, number), numbered as the graph numbers them."""
    letter_graph = memory_store.dataset().graph(LETTER_GRAPH)
    headings = [str(title) for section in letter_graph.subjects(RDF.type, CG_NS.Section)
                for title in letter_graph.objects(section, DCTERMS.title)]
    return {(p.kind, p.number): p for p in split_passages(letter_text, headings)}


def normalised(text: str) -> str:
    """``text`` with every run of whitespace made one space."""
    # the PDF-to-text conversion broke lines inside paragraphs; words are what must match
    return " ".join(text.split())


def ids(rows, prefix: str = ID) -> set[str]:
    """The coalitiegraaf id paths (``actor/vng``) of the IRIs in ``rows``' first column."""
    return {str(row[0]).removeprefix(prefix) for row in rows}


def select(store: Store, body: str, **bindings) -> list[tuple]:
    """Run a SELECT with the common prefixes; returns rows of plain strings."""
    result = store.query(PREFIXES + body, bindings)
    return [tuple(None if v is None else str(v).removeprefix(ID) for v in row) for row in result.rows]


class OxigraphServer:
    """A real Oxigraph server on a free loopback port, its data in ``location``."""

    def __init__(self, location: Path, port: int | None = None, union: bool = True) -> None:
        import shutil
        import sys

        self.binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
        self.location = location
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.union = union

    def start(self) -> OxigraphServer:
        import subprocess
        import time
        import urllib.request

        self.process = subprocess.Popen(
            [self.binary, "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}",
             *(["--union-default-graph"] if self.union else [])], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{self.base}/query?query=ASK%7B%7D", timeout=1).read()
                return self
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.process.kill()
                    raise RuntimeError("the Oxigraph server did not start") from None
                time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def java_without_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Java program started by the test writes no /tmp/hsperfdata_<user> folder (the JVM's
    performance counters, on by default), which would outlive the run."""
    monkeypatch.setenv("JAVA_TOOL_OPTIONS", "-XX:-UsePerfData")


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """A real Oxigraph SPARQL server on loopback, holding the shipped dataset."""
    import urllib.request

    from coalitiegraaf.publish.exports import serialize

    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph")).start()
    dataset = serialize(load(), "nq", include_shapes=False)
    request = urllib.request.Request(f"{server.base}/store", data=dataset, method="POST",
                                     headers={"Content-Type": "application/n-quads"})
    urllib.request.urlopen(request, timeout=30).read()
    yield server.base
    server.stop()


@pytest.fixture
def empty_oxigraph(tmp_path):
    """A fresh, empty Oxigraph server for one test."""
    server = OxigraphServer(tmp_path / "oxigraph").start()
    yield server
    server.stop()


def set_clock(monkeypatch: pytest.MonkeyPatch, day: str) -> None:
    """Make ``time`` say it is ``day`` (YYYY-MM-DD), for tests that outputs carry no date."""
    import time

    clock = time.mktime(time.strptime(day, "%Y-%m-%d"))
    real_strftime = time.strftime
    monkeypatch.setattr(time, "time", lambda: clock)
    monkeypatch.setattr(time, "localtime", lambda seconds=None: time.gmtime(clock if seconds is None else seconds))
    monkeypatch.setattr(time, "strftime", lambda f, t=None: real_strftime(f, t or time.gmtime(clock)))
