"""Property-based tests: random values never change a query, random and mutated input files
only ever give the documented errors, and structures built to crash or exhaust a parser (deep
nesting of every construct, long chains, cycles) end within bounds."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal

from coalitiegraaf import catalogue
from coalitiegraaf.errors import CoalitiegraafError, QueryError
from coalitiegraaf.sources.parsing import RdfFile, parse_file
from coalitiegraaf.store.sparql import check_query
from tests.conftest import PREFIXES, ROOT

ALT_LABEL = PREFIXES + "SELECT ?x WHERE { ?x skos:altLabel ?label }"
SAMPLE = (ROOT / "graph" / "kst-26643-1055" / "coalitions.ttl").read_bytes()[:4000]
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def alt_labels(memory_store) -> set[str]:
    return {str(row[0]) for row in memory_store.query(PREFIXES + "SELECT ?l WHERE { ?x skos:altLabel ?l }").rows}


@FUZZ
@given(value=st.text())
def test_a_random_string_parameter_matches_only_equal_labels(memory_store, alt_labels, value):
    before = len(memory_store)
    rows = memory_store.query(ALT_LABEL, {"label": Literal(value)}).rows
    assert (len(rows) > 0) == (value in alt_labels)
    assert len(memory_store) == before


@pytest.fixture(scope="module")
def oxigraph_store():
    from coalitiegraaf.project import load

    return load(store="oxigraph")


@FUZZ
@given(value=st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=40))
def test_a_random_node_label_resolves_or_is_a_clear_error(oxigraph_store, value):
    with contextlib.suppress(QueryError):
        catalogue.resolve_node(oxigraph_store, value)


def _parse_bytes(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    with contextlib.suppress(CoalitiegraafError):
        parse_file(RdfFile(path, ox.NamedNode("https://example.org/g")))


@FUZZ
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".ttl", ".trig", ".nt", ".jsonld", ".rdf"]))
def test_random_bytes_give_only_documented_errors(tmp_path, data, suffix):
    _parse_bytes(tmp_path, data, suffix)


@FUZZ
@given(position=st.integers(0, len(SAMPLE) - 1), replacement=st.binary(min_size=0, max_size=8))
def test_mutated_turtle_gives_only_documented_errors(tmp_path, position, replacement):
    _parse_bytes(tmp_path, SAMPLE[:position] + replacement + SAMPLE[position + 1:], ".ttl")


@FUZZ
@given(text=st.text(max_size=300))
def test_random_query_text_gives_only_documented_errors(memory_store, text):
    with contextlib.suppress(QueryError):
        memory_store.query(text)


@FUZZ
@given(header=st.lists(st.text(max_size=40), max_size=6), body=st.text(max_size=100))
def test_random_rq_files_give_only_documented_errors(memory_store, tmp_path, header, body):
    path = tmp_path / "fuzz.rq"
    path.write_text("".join(f"#+ {line}\n" for line in header) + body, encoding="utf-8", errors="replace")
    with contextlib.suppress(CoalitiegraafError):
        catalogue.run(memory_store, catalogue.read_query(path))


# --- structural fuzzing: deep nesting, long chains, cycles, under limits on memory and time ---
#
# Each case runs in a separate worker process (tests/fuzz_worker.py) with 3 GiB of address
# space and a 2 MiB thread stack; it must end in an answer or a documented refusal within
# CASE_SECONDS. A crash, a hang or any other exception fails the test with the case, which
# Hypothesis then shrinks. In CI the budget is small; by hand:
#     COALITIEGRAAF_FUZZ_EXAMPLES=2000 pytest tests/test_fuzz.py -k structure

FUZZ_EXAMPLES = int(os.environ.get("COALITIEGRAAF_FUZZ_EXAMPLES", "25"))
CASE_SECONDS = float(os.environ.get("COALITIEGRAAF_FUZZ_CASE_SECONDS", "20"))
STRUCTURAL = settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize="COALITIEGRAAF_FUZZ_EXAMPLES" not in os.environ,
                      suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                             HealthCheck.data_too_large])
EX = "http://example.org/"
# sizes: small, around the bounds, and far beyond them
SIZES = st.one_of(st.integers(0, 30), st.integers(30, 1_200), st.sampled_from([3_000, 10_000, 30_000]))


class Worker:
    """A fuzz worker process, started again after a crash; what it writes goes into ``folder``
    (its temporary directory), which pytest removes as it removes its own: a worker is killed
    at the end, and a killed process cleans nothing up."""

    def __init__(self, folder: Path) -> None:
        self.process: subprocess.Popen | None = None
        self.folder = folder

    def run(self, case: dict) -> dict:
        import json
        import select

        if self.process is None or self.process.poll() is not None:
            self.process = subprocess.Popen([sys.executable, "-m", "tests.fuzz_worker"], cwd=ROOT, text=True,
                                            env={**os.environ, "TMPDIR": str(self.folder)}, stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.process.stdin.write(json.dumps(case) + "\n")
        self.process.stdin.flush()
        ready, _, _ = select.select([self.process.stdout], [], [], CASE_SECONDS)
        answer = self.process.stdout.readline() if ready else ""
        if not answer:
            self.stop()
            what = "hung" if not ready else f"died with {self.process.returncode}"
            raise AssertionError(f"the worker {what} on {_shown(case)}")
        return json.loads(answer)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
        if self.process is not None:
            self.process.wait()


def _shown(case: dict) -> str:
    text = case["text"]
    return f"{case['kind']} {case.get('name', '')} of {len(text):,} characters: {text[:300]!r}…"


@pytest.fixture(scope="module")
def worker(tmp_path_factory):
    started = Worker(tmp_path_factory.mktemp("fuzz-worker"))
    yield started
    started.stop()


def test_the_worker_writes_into_the_folder_it_is_given(worker):
    assert _answered(worker, {"kind": "rdf", "name": "one.ttl", "text": f"<{EX}a> <{EX}p> 1 ."})["ok"]
    assert len(list(worker.folder.glob("coalitiegraaf-fuzz-*/one.ttl"))) == 1


def _answered(worker: Worker, case: dict) -> dict:
    outcome = worker.run(case)
    assert "bug" not in outcome, f"{outcome['bug']} on {_shown(case)}"
    return outcome


def _nest(opening: str, inner: str, closing: str, depth: int) -> str:
    return opening * depth + inner + closing * depth


@st.composite
def turtle_documents(draw) -> tuple[str, str]:
    n = draw(SIZES)
    a, p = f"<{EX}a>", f"<{EX}p>"
    bodies = {
        "collections": f"{a} {p} " + _nest("(", "1", ")", n) + " .",
        "blank node lists": f"{a} {p} " + _nest(f"[ {p} ", "1", " ]", n) + " .",
        "mixed": f"{a} {p} " + _nest(f"[ {p} ( ", "1", " ) ]", n) + " .",
        "long list": f"{a} {p} (" + " 1" * n + " ) .",
        "long chain": "".join(f"<{EX}n{i}> {p} <{EX}n{i + 1}> .\n" for i in range(n)),
        "blank node ring": "".join(f"_:b{i} {p} _:b{(i + 1) % max(n, 1)} .\n" for i in range(min(n, 2_000))),
        "blank node clique": "".join(f"_:b{i} {p} _:b{j} .\n" for i in range(min(n, 12)) for j in range(min(n, 12))
                                     if i != j),
        "blank node tree": "".join(f"_:b{i} {p} _:b{2 * i}, _:b{2 * i + 1} .\n" for i in range(1, min(n, 1_000))),
        "triple terms": f"{a} {p} " + _nest(f"<<( {a} {p} ", "1", " )>>", n) + " .",
        "annotations": f"{a} {p} {a} " + "{| " * min(n, 2) + f"{p} 1" + " |}" * min(n, 2) + " .",
        "long literal": f'{a} {p} "' + "x" * n * 10 + '" .',
    }
    name = draw(st.sampled_from(sorted(bodies)))
    body = bodies[name]
    if draw(st.booleans()):  # the same in a named graph of a TriG file
        return "fuzz.trig", f"<{EX}g> {{\n{body}\n}}\n"
    return "fuzz.ttl", body + "\n"


@st.composite
def json_ld_documents(draw) -> tuple[str, str]:
    import json

    n = draw(SIZES)
    kind = draw(st.sampled_from(["objects", "lists", "graphs", "term chain", "scoped contexts", "reverse"]))
    if kind == "term chain":
        context = {"t0": EX} | {f"t{i}": f"t{i - 1}:a" for i in range(1, n + 1)}
        return "fuzz.jsonld", json.dumps({"@context": context, "@id": EX + "x", f"t{n}:p": "v"})
    # written as text: json.dumps itself recurses once per level
    scoped = f'{{"t": {{"@id": "{EX}p", "@context": {{"x": "{EX}"}}}}}}'
    opening, closing = {
        "objects": (f'{{"@id": "{EX}n", "{EX}p": ', "}"),
        "lists": (f'{{"@id": "{EX}n", "{EX}p": {{"@list": [', "]}}"),
        "graphs": (f'{{"@id": "{EX}g", "@graph": [{{"@id": "{EX}n", "{EX}p": ', "}]}"),
        "scoped contexts": (f'{{"@context": {scoped}, "@id": "{EX}n", "t": ', "}"),
        "reverse": (f'{{"@id": "{EX}n", "@reverse": {{"{EX}p": ', "}}"),
    }[kind]
    return "fuzz.jsonld", _nest(opening, f'{{"@id": "{EX}leaf"}}', closing, n)


@st.composite
def rdf_xml_documents(draw) -> tuple[str, str]:
    n = draw(SIZES)
    kind = draw(st.sampled_from(["descriptions", "parse type resource", "collections", "xml literal", "entities"]))
    head = (f'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            f'xmlns:ex="{EX}">')
    if kind == "entities":
        levels = min(n, 40)
        entities = '<!ENTITY e0 "lol">' + "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 4}">' for i in range(1, levels))
        return "fuzz.rdf", (f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ {entities} ]>\n' + head[22:] +
                            f'<rdf:Description rdf:about="{EX}a"><ex:p>&e{levels - 1};</ex:p></rdf:Description></rdf:RDF>')
    inner = {
        "descriptions": _nest("<rdf:Description><ex:p>", "x", "</ex:p></rdf:Description>", n),
        "parse type resource": "<rdf:Description>" + _nest('<ex:p rdf:parseType="Resource">', "", "</ex:p>", n)
                               + "</rdf:Description>",
        "collections": "<rdf:Description>" + _nest('<ex:p rdf:parseType="Collection"><rdf:Description>', "",
                                                   "</rdf:Description></ex:p>", n) + "</rdf:Description>",
        "xml literal": '<rdf:Description><ex:p rdf:parseType="Literal">' + _nest("<b>", "x", "</b>", n)
                       + "</ex:p></rdf:Description>",
    }[kind]
    return "fuzz.rdf", head + inner + "</rdf:RDF>\n"


P = f"<{EX}p>"


@st.composite
def patterns(draw, depth: int) -> str:
    """A random group graph pattern, ``depth`` levels deep at most."""
    if depth <= 0:
        return draw(st.sampled_from([f"?s {P} ?o .", f"?s {P}/{P} ?o .", "?s ?p ?o ."]))
    inner = draw(patterns(depth - 1))
    return draw(st.sampled_from([
        f"{{ {inner} }}", f"?s ?p ?o . OPTIONAL {{ {inner} }}", f"{{ {inner} }} UNION {{ {inner} }}",
        f"?s ?p ?o . MINUS {{ {inner} }}", f"?s ?p ?o . FILTER EXISTS {{ {inner} }}",
        f"{{ SELECT * WHERE {{ {inner} }} LIMIT 3 }}", f"GRAPH ?g {{ {inner} }}",
        f"{inner} BIND(({draw(expressions(depth - 1))}) AS ?x{depth})",
        f"?s ({draw(paths(depth - 1))}) ?o . {inner}",
        f"{inner} FILTER({draw(expressions(depth - 1))})",
    ]))


@st.composite
def expressions(draw, depth: int) -> str:
    if depth <= 0:
        return draw(st.sampled_from(["1", "?o", "'a'", "true", f"{P}"]))
    inner = draw(expressions(depth - 1))
    return draw(st.sampled_from([
        f"({inner} + 1)", f"!({inner})", f"CONCAT(STR({inner}), 'x')", f"IF(BOUND(?o), {inner}, 0)",
        f"{inner} && {inner}", f"COALESCE({inner}, 1)", f"EXISTS {{ ?s ?p {inner if inner.startswith('?') else '?o'} }}",
    ]))


@st.composite
def paths(draw, depth: int) -> str:
    if depth <= 0:
        return P
    inner = draw(paths(depth - 1))
    return draw(st.sampled_from([f"{inner}/{P}", f"{inner}|{P}", f"^({inner})", f"({inner})*", f"({inner})?"]))


@st.composite
def queries(draw) -> str:
    from tests.test_limits import CONSTRUCTS

    if draw(st.booleans()):  # one construct, nested or chained n times
        name = draw(st.sampled_from(sorted(CONSTRUCTS)))
        return CONSTRUCTS[name](draw(SIZES))
    return f"SELECT * WHERE {{ {draw(patterns(draw(st.integers(1, 12))))} }}"


@STRUCTURAL
@given(document=st.one_of(turtle_documents(), json_ld_documents(), rdf_xml_documents()))
def test_structure_every_rdf_file_parses_exports_or_is_refused_in_bounds(worker, document):
    name, text = document
    _answered(worker, {"kind": "rdf", "name": name, "text": text})


@STRUCTURAL
@given(query=queries())
def test_structure_every_query_runs_or_is_refused_in_bounds(worker, query):
    _answered(worker, {"kind": "query", "text": query})


# --- the gate and the engine read a query alike ----------------------------------------------

_HIDE = st.sampled_from(["# x\r", "# x\n", "# x\r\n", "'''", '"', "'", "<", "\\u0023", "\\u000A", "\\\\",
                         "\\u0022", "\\u0027", "\\u003E", "#", "\x0c", "\u2028", "\u0085", " ", "{", "}"])


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(_HIDE, max_size=6), after=st.lists(_HIDE, max_size=6))
def test_what_the_gate_lets_through_never_calls_a_service(pieces, after):
    # Oxigraph refuses port 1 before it connects: the error says it tried to call the service
    query = ("SELECT * WHERE { " + "".join(pieces) + " SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } "
             + "".join(after) + "\n}")
    try:
        check_query(query)
    except QueryError:
        return
    try:
        list(ox.Store().query(query))
    except (SyntaxError, OSError, ValueError) as error:
        assert "port 1 is not allowed" not in str(error), f"the gate let a SERVICE through: {query!r}"
