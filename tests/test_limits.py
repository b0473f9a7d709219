"""The bounds of coalitiegraaf.limits, each tested at the limit: just inside it the work is
done in seconds without overflowing a 1 MiB thread stack, just beyond it the input is refused
in one line, before any parser or planner sees it."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Callable

import pytest

from coalitiegraaf.errors import QueryError
from coalitiegraaf.limits import Limits, limits
from coalitiegraaf.store.sparql import check_query, query_size

P = "<http://example.org/p>"

# each builds a query whose nesting or size grows with n, one construct at a time
CONSTRUCTS: dict[str, Callable[[int], str]] = {
    "nested EXISTS": lambda n: "SELECT * WHERE { ?s ?p ?o " + "FILTER EXISTS { ?s ?p ?o " * n + "}" * n + " }",
    "nested groups": lambda n: "SELECT * WHERE " + "{ " * n + "?s ?p ?o " + "} " * n,
    "nested sub-selects": lambda n: "SELECT * WHERE " + "{ SELECT * WHERE " * n + "{ ?s ?p ?o }" + " }" * n,
    "nested OPTIONAL": lambda n: "SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o " * n + "}" * n + " }",
    "nested function calls": lambda n: "SELECT * WHERE { BIND(" + "CONCAT(" * n + "'a'" + ")" * n + " AS ?x) }",
    "nested parentheses": lambda n: "SELECT * WHERE { FILTER(" + "(" * n + "1" + ")" * n + ") }",
    "chained +": lambda n: "SELECT * WHERE { FILTER(" + "+".join(["1"] * n) + ") }",
    "chained &&": lambda n: "SELECT * WHERE { FILTER(" + "&&".join(["true"] * n) + ") }",
    "chained UNION": lambda n: "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * n) + " }",
    "path alternatives": lambda n: "SELECT * WHERE { ?s " + "|".join([P] * n) + " ?o }",
    "path sequence": lambda n: "SELECT * WHERE { ?s " + "/".join([P] * n) + " ?o }",
    "nested path groups": lambda n: "SELECT * WHERE { ?s " + "(" * n + P + ")" * n + " ?o }",
    "nested blank nodes": lambda n: "SELECT * WHERE { ?s " + P + " " + f"[ {P} " * n + "1" + " ]" * n + " }",
    "nested collections": lambda n: "CONSTRUCT { ?s " + P + " " + "(" * n + "1" + ")" * n + " } WHERE { ?s ?p ?o }",
    "patterns sharing variables": lambda n: "SELECT * WHERE { " + " ".join(["?s ?p ?o ."] * n) + " }",
    "patterns in joined groups": lambda n: "SELECT * WHERE { " + " ".join(["{ ?s ?p ?o . ?o ?p ?s }"] * n) + " }",
    "OPTIONAL side by side": lambda n: "SELECT * WHERE { ?s ?p ?o " + " OPTIONAL { ?s ?p ?o }" * n + " }",
}


def _within(query: str, bounds: Limits) -> bool:
    try:
        return query_size(query, bounds).where is None
    except QueryError:  # too many tokens
        return False


def deepest(build: Callable[[int], str], bounds: Limits | None = None) -> int:
    """The largest n whose query the bounds let through."""
    bounds = bounds or limits()
    low, high = 1, 2
    while _within(build(high), bounds):
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if _within(build(middle), bounds) else (low, middle)
    return low


@pytest.mark.parametrize("name", CONSTRUCTS)
def test_just_beyond_a_query_bound_is_refused_in_one_line(name):
    build = CONSTRUCTS[name]
    n = deepest(build)
    with pytest.raises(QueryError, match="verhoog de grens met COALITIEGRAAF_MAX_QUERY_") as caught:
        check_query(build(n + 1))
    assert "\n" not in str(caught.value)


_RUN_AT_THE_LIMIT = textwrap.dedent("""
    import json, sys, threading, time
    from coalitiegraaf.errors import QueryError
    from coalitiegraaf.store import open_store

    queries = json.load(sys.stdin)
    stores = {kind: open_store(kind) for kind in ("oxigraph", "memory")}
    for store in stores.values():
        store.update("INSERT DATA { GRAPH <http://example.org/g> { "
                     "<http://example.org/a> <http://example.org/p> <http://example.org/b> } }")
    steps = {
        # Oxigraph as the endpoint runs it, without the gate's own parse in front
        "oxigraph": lambda query: list(stores["oxigraph"]._run(query)),
        # the gate (rdflib's parse included), then rdflib's evaluation
        "memory": stores["memory"].query,
    }
    times = {}

    def run(name, step, query):
        started = time.monotonic()
        try:
            steps[step](query)
        except QueryError:
            pass  # a clean refusal is fine; a crash is not
        times[f"{name}, {step}"] = time.monotonic() - started

    threading.stack_size(1 << 20)  # a small worker thread's stack
    for name, query in queries.items():
        for step in steps:
            worker = threading.Thread(target=run, args=(name, step, query))
            worker.start()
            worker.join()
    print(json.dumps(times))
""")


@pytest.mark.slow
def test_queries_at_the_bounds_run_in_seconds_on_a_small_stack():
    at_the_limit = {name: build(deepest(build)) for name, build in CONSTRUCTS.items()}
    done = subprocess.run([sys.executable, "-c", _RUN_AT_THE_LIMIT], input=json.dumps(at_the_limit),
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    times = json.loads(done.stdout)
    assert len(times) == 2 * len(CONSTRUCTS)
    slow = {name: round(seconds, 1) for name, seconds in times.items() if seconds > 5}
    assert not slow
