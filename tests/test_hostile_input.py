"""Crafted input (issue 21): files, pipes, query files and headers made to hang, exhaust or
crash a parser. Each ends within seconds in a one-line refusal with exit code 2, or in a
bounded answer; none prints a traceback."""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli_helpers import run


@pytest.fixture(autouse=True)
def in_english(default_language, monkeypatch):
    """This module checks what the messages say, in English (tests/test_cli_language.py checks
    that every message is said in Dutch as well)."""
    monkeypatch.setenv("COALITIEGRAAF_LANG", "en")

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def refused(result, *words: str) -> str:
    """The one-line error of a run that should end in exit code 2."""
    assert result.exit_code == 2, result.stdout + result.stderr
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr
    return result.stderr


@contextlib.contextmanager
def quickly(seconds: float = 5) -> Iterator[None]:
    started = time.monotonic()
    yield
    assert time.monotonic() - started < seconds


@pytest.fixture
def fifo(tmp_path) -> Path:
    path = tmp_path / "pipe.ttl"
    os.mkfifo(path)
    return path


def write_into(path: Path, data: bytes, endless: bool = False) -> threading.Thread:
    """Write ``data`` (over and over if ``endless``) into the pipe ``path`` once a reader opens it."""
    def writer():
        with contextlib.suppress(BrokenPipeError, OSError), path.open("wb") as pipe:
            pipe.write(data)
            while endless:
                pipe.write(data)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    return thread


# --- files that are not files --------------------------------------------------------------

def test_a_fifo_as_data_is_refused_at_once_instead_of_waiting_for_a_writer(fifo):
    with quickly():
        refused(run("stats", "--data", str(fifo)), f"{fifo}: is a named pipe (FIFO), not a file",
                "--allow-pipes")


def test_a_link_to_a_character_device_is_refused_without_reading_it(tmp_path):
    # only looked at (stat), never opened: the real /dev/zero is not read
    link = tmp_path / "zero.ttl"
    link.symlink_to("/dev/zero")
    with quickly():
        refused(run("stats", "--data", str(link)), "is a character device, not a file")


def test_an_endless_pipe_is_read_only_up_to_the_size_limit(fifo):
    write_into(fifo, b"# " + b"x" * 65_536 + b"\n", endless=True)
    with quickly(10):
        refused(run("--allow-pipes", "--max-file-mb", "1", "stats", "--data", str(fifo)),
                "has more than 1,048,576 bytes, the limit (raise it with --max-file-mb)")


def test_a_pipe_is_read_when_asked(fifo):
    write_into(fifo, b"<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    result = run("--allow-pipes", "stats", "--data", str(fifo), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["per_graph"]["https://w3id.org/coalitiegraaf/graph/data/pipe.ttl"] == 1


@pytest.mark.parametrize("value", ["inf", "nan", "-1", "0", "1e300"])
def test_a_size_limit_that_is_no_size_is_a_usage_error(value, tmp_path):
    data = tmp_path / "a.ttl"
    data.write_text("<http://example.org/a> <http://example.org/b> 1 .\n")
    refused(run("--max-file-mb", value, "stats", "--data", str(data)), "--max-file-mb must be a positive")


# --- query files -----------------------------------------------------------------------------

def test_a_fifo_as_query_file_is_refused_at_once(fifo):
    with quickly():
        refused(run("query", "--file", str(fifo)), "is a named pipe (FIFO), not a file")


def test_a_query_file_over_the_limit_is_refused_before_it_is_read_whole(tmp_path):
    big = tmp_path / "big.rq"
    big.write_text("SELECT * WHERE { ?s ?p ?o } # " + "x" * (1 << 20) + "\n")
    refused(run("query", "--file", str(big)), "over the limit of 1,048,576 bytes", "COALITIEGRAAF_MAX_QUERY_BYTES")


def test_standard_input_over_the_limit_is_refused():
    result = CliRunnerBytes.invoke("query", "--file", "-", stdin=b"#" * (1 << 20) + b"x" * 10)
    refused(result, "<stdin>: has more than 1,048,576 bytes")


def test_an_alias_bomb_in_a_query_header_is_refused_before_it_expands(tmp_path):
    lines = ['#+ a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"#+ {c}: &{c} [" + ",".join([f"*{p}"] * 9) + "]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)]
    bomb = tmp_path / "bomb.rq"
    bomb.write_text("\n".join(lines) + "\nSELECT * WHERE { ?s ?p ?o }\n")
    assert bomb.stat().st_size < 700  # 2.7 GB once expanded
    with quickly():
        refused(run("query", "--file", str(bomb)), f"{bomb}:2:", "aliases (*name) are not allowed")


@pytest.mark.parametrize(("query", "bound"), [
    ("SELECT * WHERE { ?s " + "/".join(["<http://example.org/p>"] * 10_000) + " ?o }", "TOKENS"),
    ("SELECT * WHERE { FILTER(" + "+".join(["1"] * 10_000) + ") }", "TOKENS"),
    ("SELECT * WHERE { ?s " + "/".join(["<http://example.org/p>"] * 1_000) + " ?o }", "PATTERNS"),
    ("SELECT * WHERE { FILTER(" + "+".join(["1"] * 1_000) + ") }", "DEPTH"),
])
def test_queries_that_crashed_or_hung_the_process_are_refused_at_once(tmp_path, query, bound):
    # 10,000 steps or terms crashed the process (exit 139); a 1,000-step path took 58 s
    path = tmp_path / "crafted.rq"
    path.write_text(query)
    with quickly():
        refused(run("query", "--file", str(path)), f"COALITIEGRAAF_MAX_QUERY_{bound}")


# --- RDF/XML ---------------------------------------------------------------------------------

PROTEGE = f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
    <!ENTITY owl "http://www.w3.org/2002/07/owl#" >
    <!ENTITY xsd "http://www.w3.org/2001/XMLSchema#" >
    <!ENTITY rdf "{RDF}" >
    <!ENTITY ex "http://example.org/onto#" >
    <!-- Protégé and the OWL API write one entity per namespace -->
]>
<rdf:RDF xmlns:rdf="&rdf;" xmlns:owl="&owl;">
    <owl:Class rdf:about="&ex;Coalition"/>
    <owl:DatatypeProperty rdf:about="&ex;number"><rdf:type rdf:resource="&owl;FunctionalProperty"/>
    </owl:DatatypeProperty>
</rdf:RDF>
"""


def test_rdf_xml_with_internal_entities_as_protege_writes_it_loads(tmp_path):
    ontology = tmp_path / "ontology.owl"
    ontology.write_text(PROTEGE)
    result = run("stats", "--data", str(ontology), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["per_graph"]["https://w3id.org/coalitiegraaf/graph/data/ontology.owl"] == 3


@pytest.mark.parametrize(("subset", "message"), [
    ('<!ENTITY a "&b;"> <!ENTITY b "&a;">', "XML entity a refers to itself"),
    ('<!ENTITY % p "x">', "XML parameter entities are refused"),
    ('<!ENTITY e PUBLIC "-//x" "http://example.org/e.dtd">', "XML external entities (they read files or URLs) are refused"),
    ('<!FOO bar>', "the DOCTYPE's declarations could not be read"),
])
def test_rdf_xml_entities_that_recurse_or_read_elsewhere_are_refused(tmp_path, subset, message):
    data = tmp_path / "crafted.rdf"
    data.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ {subset} ]>\n'
                    f'<rdf:RDF xmlns:rdf="{RDF}"><rdf:Description rdf:about="http://example.org/a"/></rdf:RDF>\n')
    with quickly():
        refused(run("stats", "--data", str(data)), message)


def _nested_rdf_xml(depth: int) -> str:
    body = '<rdf:Description><ex:p>' * depth + "x" + "</ex:p></rdf:Description>" * depth
    return (f'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="{RDF}" xmlns:ex="http://example.org/">'
            f"{body}</rdf:RDF>\n")


def test_rdf_xml_nested_50000_deep_is_refused_at_once(tmp_path):
    data = tmp_path / "deep.rdf"
    data.write_text(_nested_rdf_xml(50_000))  # 2.4 MB: parsing it took over 30 s
    with quickly():
        refused(run("stats", "--data", str(data)), f"{data}:2:", "XML elements nested deeper than 1000 levels")


def test_rdf_xml_nested_to_the_limit_loads(tmp_path):
    data = tmp_path / "deep.rdf"
    data.write_text(_nested_rdf_xml(499))  # an element and a property per level, and rdf:RDF: 999
    with quickly():
        assert run("stats", "--data", str(data)).exit_code == 0


# --- JSON-LD ---------------------------------------------------------------------------------

def _term_chain(links: int) -> str:
    context = {"t0": "http://example.org/"} | {f"t{i}": f"t{i - 1}:a" for i in range(1, links + 1)}
    return json.dumps({"@context": context, "@id": "http://example.org/x", f"t{links}:p": "v"})


def test_json_ld_terms_chained_10000_deep_are_refused_at_once(tmp_path):
    data = tmp_path / "chain.jsonld"
    data.write_text(_term_chain(10_000))  # 150 kB: its expansion overflowed the parser's stack
    with quickly():
        refused(run("stats", "--data", str(data)), "through a chain of more than 64 other terms",
                "COALITIEGRAAF_MAX_JSONLD_TERM_CHAIN")


def test_json_ld_terms_chained_to_the_limit_load(tmp_path):
    data = tmp_path / "chain.jsonld"
    data.write_text(_term_chain(63))
    result = run("stats", "--data", str(data), "--format", "json")
    assert result.exit_code == 0, result.stderr


class CliRunnerBytes:
    """Run the CLI in-process with bytes on standard input."""

    @staticmethod
    def invoke(*args: str, stdin: bytes):
        from typer.testing import CliRunner

        from coalitiegraaf.cli import app

        return CliRunner().invoke(app, list(args), input=stdin, catch_exceptions=False)


# --- blank nodes that look alike -------------------------------------------------------------

def _nine_blank_nodes_pointing_at_each_other(path: Path) -> Path:
    nodes = [f"_:b{i}" for i in range(9)]
    path.write_text("".join(f"{a} <http://example.org/p> {b} .\n" for a in nodes for b in nodes if a != b))
    return path  # 72 statements, 1.1 kB: canonical labelling ran past a minute


@pytest.mark.parametrize("command", [("export",), ("export", "--format", "trig"), ("build", "--out", "dist")])
def test_blank_nodes_that_look_alike_are_refused_within_the_time_bound(tmp_path, monkeypatch, command):
    monkeypatch.setenv("COALITIEGRAAF_MAX_CANONICAL_SECONDS", "1")
    monkeypatch.chdir(tmp_path)
    data = _nine_blank_nodes_pointing_at_each_other(tmp_path / "nine.ttl")
    with quickly(10):
        refused(run(*command, "--data", str(data)), "blank nodes that look alike", "longer than 1 s",
                "COALITIEGRAAF_MAX_CANONICAL_SECONDS")
    assert not (tmp_path / "dist").exists()


def test_push_refuses_look_alikes_before_it_sends_anything(tmp_path, monkeypatch):
    monkeypatch.setenv("COALITIEGRAAF_MAX_CANONICAL_SECONDS", "1")
    data = _nine_blank_nodes_pointing_at_each_other(tmp_path / "nine.ttl")
    with quickly(10):  # nothing listens on port 9: a request would fail with exit code 3
        refused(run("--endpoint", "http://127.0.0.1:9/query", "push", "--data", str(data)),
                "blank nodes that look alike")


@pytest.mark.slow
def test_pull_refuses_look_alikes_from_an_endpoint(tmp_path, monkeypatch, empty_oxigraph):
    import urllib.request

    monkeypatch.setenv("COALITIEGRAAF_MAX_CANONICAL_SECONDS", "1")
    data = _nine_blank_nodes_pointing_at_each_other(tmp_path / "nine.ttl").read_bytes()
    request = urllib.request.Request(f"{empty_oxigraph.base}/store?graph=http://example.org/g", data=data,
                                     method="POST", headers={"Content-Type": "text/turtle"})
    urllib.request.urlopen(request, timeout=30).read()
    with quickly(15):
        refused(run("--endpoint", f"{empty_oxigraph.base}/query", "pull", "--out", str(tmp_path / "pulled.trig")),
                "blank nodes that look alike")
    assert not (tmp_path / "pulled.trig").exists()


def test_look_alikes_within_the_bound_get_the_labels_rdfc_gives(tmp_path):
    import pyoxigraph as ox

    from coalitiegraaf.store.canonical import canonicalized

    turtle = b"<http://example.org/a> <http://example.org/p> (" + b" 1" * 60 + b" ) .\n"
    quads = list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))
    expected = ox.Dataset(quads)
    expected.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    assert sorted(map(str, canonicalized(ox.Dataset(quads)))) == sorted(map(str, expected))


# --- values and terms the tool does not expect -----------------------------------------------

def test_rdf_1_2_triple_terms_are_a_clear_error_where_they_cannot_be_written(tmp_path):
    data = tmp_path / "reified.ttl"
    data.write_text("@prefix ex: <http://example.org/> .\nex:a ex:says <<( ex:b ex:c ex:d )>> .\n")
    query = tmp_path / "says.rq"
    query.write_text("SELECT ?o WHERE { ?s <http://example.org/says> ?o }\n")
    for args in (("export", "--format", "jsonld"), ("build", "--out", str(tmp_path / "dist")),
                 ("query", "--file", str(query)), ("--store", "memory", "stats")):
        refused(run(*args, "--data", str(data)), "RDF 1.2 triple term")
    assert run("export", "--format", "nt", "--data", str(data)).exit_code == 0  # written as it is


@pytest.mark.slow
def test_numbers_that_are_no_numbers_or_too_long_do_not_break_the_report(tmp_path):
    passage = "https://w3id.org/coalitiegraaf/id/passage/kst-26643-1055"
    data = tmp_path / "numbers.ttl"
    data.write_text(f'@prefix cg: <https://w3id.org/coalitiegraaf/def#> .\n'
                    f'<{passage}/p998> a cg:Paragraph ; cg:number "²" .\n'
                    f'<{passage}/p999> a cg:Paragraph ; cg:number "{"9" * 5000}" .\n')
    result = run("report", "--data", str(data), "--out", str(tmp_path / "report"))
    assert result.exit_code == 0, result.stderr


def _nested_triple_terms(depth: int) -> str:
    a, p = "<http://example.org/a>", "<http://example.org/p>"
    return f"{a} {p} " + f"<<( {a} {p} " * depth + "1" + " )>>" * depth + " .\n"


def test_triple_terms_nested_30000_deep_are_refused_at_once(tmp_path):
    # found by the structural fuzz harness: 30,000 levels overflowed an 8 MiB stack
    data = tmp_path / "deep.ttl"
    data.write_text('# << a comment\n<http://example.org/a> <http://example.org/p> "<< a string" .\n'
                    + _nested_triple_terms(30_000))
    with quickly():
        refused(run("stats", "--data", str(data)), f"{data}:3:", "RDF 1.2 triple terms nested deeper than 100 levels")


def test_triple_terms_nested_to_the_limit_load(tmp_path):
    data = tmp_path / "deep.trig"
    data.write_text(_nested_triple_terms(100))
    assert run("stats", "--data", str(data)).exit_code == 0
