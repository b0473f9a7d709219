"""coalitiegraaf's benchmark: medians, and ratios against baselines measured in the same run.

    python bench/run.py                              # 10k and 100k statements, 3 runs each
    python bench/run.py --sizes 10000 100000 1000000 --repeat 3 --markdown BENCHMARKS.md

For every size a federation is generated (``coalitiegraaf generate``, seed 1) and loaded beside
the letter. Each size runs in a process of its own, so that its peak memory is its own. The
baselines are what the same machine does without coalitiegraaf: rdflib parsing the file, raw
pyoxigraph loading it and answering each catalogue query, and plain pySHACL validating an rdflib
graph with the same shapes, and Apache Jena's command line (riot, sparql, shacl; see
``baselines.py``; left out with a note where it is absent). A ratio above 1 means coalitiegraaf is
slower than its baseline. Each figure with a target of issue 19 says whether it is met.
Steps that take minutes (pySHACL, rdflib's store) run once above 10k statements; pySHACL is
left out above 100k statements, rdflib above a million and the report above a million (each
takes many minutes there; ten million statements would not fit in rdflib's memory). The report
and validation are also timed as whole processes (``coalitiegraaf report --data F``,
``coalitiegraaf validate --data F``), as a user and Jena's command line run them.

A catalogue query and its raw pyoxigraph baseline are timed in turn (ours, raw, ours, raw, …)
until each side has run ``--repeat`` times and taken ``baselines.QUERY_SECONDS`` of CPU time in
all; the figure is the median CPU time of one run (``baselines.interleaved`` says why).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import baselines
from baselines import RATIO, verdict

# the queries that need a parameter get one the letter has
# plain pySHACL takes minutes at 100,000 statements and does not finish in ten at a million
PYSHACL_UP_TO = 100_000
# coalition-matrix's answer at a million statements: tens of millions of pairs (BENCHMARKS.md)
QUADRATIC_UP_TO = 100_000
# rdflib takes minutes to parse a million statements and its memory would not hold ten million
RDFLIB_UP_TO = 1_000_000
# the report takes minutes above a million statements (BENCHMARKS.md)
REPORT_UP_TO = 1_000_000
REPORT_TIMEOUT = 900  # seconds: a report slower than this is said not to finish
# the pairs of coalitions that share a member grow with the square of a hub's coalitions: its
# answer, not only its time (BENCHMARKS.md)
QUADRATIC_ANSWER = "coalition-matrix"
PARAMETERS = {"dependencies": {"node": "BDI"}, "evidence": {"node": "VNG"},
              "describe": {"node": "VNG"}, "find-node": {"text": "VNG"}}


def timed(work: Callable[[], object], repeat: int) -> float:
    """The median wall time of ``repeat`` runs of ``work``, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(size: int, repeat: int) -> dict:
    """Every figure for one size, in this process."""
    import pyoxigraph as ox
    import rdflib

    from coalitiegraaf import analysis, catalogue, project
    from coalitiegraaf.sources.generate import generate
    from coalitiegraaf.validation.validator import shapes_graph, validate

    slow_repeat = repeat if size <= 10_000 else 1
    folder = Path(tempfile.mkdtemp(prefix="coalitiegraaf-bench-"))
    data = generate(size, 1, folder / "federation.nt").path
    rows: list[tuple] = []

    def row(step: str, backend: str, seconds: float | None, baseline: str = "", base: float | None = None,
            target: str = "", met: str = "") -> None:
        rows.append((step, backend, seconds, baseline, base, target, met))
        shown = "did not finish" if seconds is None else f"{seconds:8.3f} s"
        print(f"  {size:>9,} {step:<34} {backend:<9} {shown} {met}", file=sys.stderr, flush=True)

    def against(step: str, seconds: float, baseline: str, base: float | None) -> None:
        """A row whose target is a ratio of at most ``RATIO`` to its baseline."""
        ratio = seconds / base if base else None
        row(step, "oxigraph", seconds, baseline, base, f"ratio ≤ {RATIO}",
            verdict(ratio, RATIO) if base else "")

    def raw_load() -> ox.Store:
        store = ox.Store()
        store.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES)
        return store

    raw_load_time = timed(raw_load, repeat)
    against("load", timed(lambda: project.load([data], store="oxigraph"), repeat), "raw pyoxigraph load",
            raw_load_time)
    if size <= RDFLIB_UP_TO:
        rdflib_parse = timed(lambda: rdflib.Graph().parse(str(data), format="nt"), slow_repeat)
        row("load", "memory", timed(lambda: project.load([data], store="memory"), slow_repeat),
            "rdflib parse", rdflib_parse)

    # literals Oxigraph would rewrite ("007"^^xsd:int), every one of them: loaded marked, from
    # quads, and read back without the marks, against raw pyoxigraph (which rewrites them)
    rewritten = folder / "rewritten.nt"
    rewritten.write_text("".join(f'<urn:s:{i}> <urn:p> "0{i}"^^<http://www.w3.org/2001/XMLSchema#int> .\n'
                                 for i in range(size)), encoding="utf-8")

    def raw_rewritten() -> ox.Store:
        store = ox.Store()
        store.bulk_load(path=str(rewritten), format=ox.RdfFormat.N_TRIPLES)
        return store

    row("load, every literal rewritten", "oxigraph",
        timed(lambda: project.load([rewritten], store="oxigraph", standalone=True), repeat),
        "raw pyoxigraph load", timed(raw_rewritten, repeat))
    marked, plain = project.load([rewritten], store="oxigraph", standalone=True), raw_rewritten()
    row("read every quad, every literal rewritten", "oxigraph", timed(lambda: list(marked.quads()), repeat),
        "raw pyoxigraph iteration", timed(lambda: list(plain), repeat))

    store = project.load([data], store="oxigraph")
    raw = ox.Store()
    raw.extend(store._store)  # the same quads, derived ones included, in raw pyoxigraph
    jena = not baselines.jena_note()
    everything = baselines.dump_union(store, folder / "everything.nt") if jena else None
    if jena:
        row("load (jena riot --validate)", "jena", baselines.run_jena("riot", "--validate", str(everything)))
    for query in catalogue.catalogue():
        values = PARAMETERS.get(query.name, {})
        if query.name == QUADRATIC_ANSWER and size > QUADRATIC_UP_TO:
            continue
        texts = baselines.query_texts(store, query, values)

        def run_raw(texts: list[str] = texts) -> None:
            for sparql in texts:
                answer = raw.query(sparql, use_default_graph_as_union=True)
                if isinstance(answer, ox.QuerySolutions | ox.QueryTriples):
                    list(answer)

        ours, base = baselines.interleaved(lambda q=query, v=values: catalogue.run(store, q, v), run_raw,
                                           least=repeat)
        against(f"query {query.name}", ours, "raw pyoxigraph query", base)
        if jena:
            text = folder / f"{query.name}.rq"
            text.write_text(texts[-1], encoding="utf-8")
            row(f"query {query.name} (jena sparql)", "jena",
                baselines.run_jena("sparql", "--data", str(everything), "--query", str(text)))

    shapes = shapes_graph()
    rdflib_graph = store.graph() if size <= PYSHACL_UP_TO else None

    def plain_pyshacl() -> None:
        import pyshacl

        pyshacl.validate(rdflib_graph, shacl_graph=shapes, inference="none", allow_warnings=True,
                         allow_infos=True, advanced=False, do_owl_imports=False)

    pyshacl_time = timed(plain_pyshacl, slow_repeat) if size <= PYSHACL_UP_TO else None
    for engine in ("pyshacl", "sparql"):
        if engine == "sparql" or size <= PYSHACL_UP_TO:
            row(f"validate --engine {engine}", "oxigraph",
                timed(lambda e=engine: validate(store, engine=e), slow_repeat), "plain pySHACL", pyshacl_time)
    validate_process = baselines.run_process(
        [sys.executable, "-m", "coalitiegraaf", "validate", "--data", str(data), "--engine", "sparql",
         "--format", "json"], REPORT_TIMEOUT)
    if jena:
        shapes_file = baselines.one_language_shapes(folder / "shapes-en.ttl")
        shacl = baselines.run_jena("shacl", "validate", "--shapes", str(shapes_file),
                                   "--data", str(everything))
        row("validate (jena shacl validate)", "jena", shacl)
        ratio = validate_process / shacl if validate_process and shacl else None
        row("coalitiegraaf validate --data F (process)", "oxigraph", validate_process, "jena shacl validate",
            shacl, f"ratio ≤ {RATIO} (at 1 M)", verdict(ratio, RATIO))
    else:
        row("coalitiegraaf validate --data F (process)", "oxigraph", validate_process)
    facts = analysis.collect(store)
    row("analysis: collect facts", "oxigraph", timed(lambda: analysis.collect(store), repeat))
    igraph_times = igraph_baselines(facts, repeat)
    for name, analyse in analysis.ANALYSES.items():
        row(f"analysis: {name}", "oxigraph", timed(lambda a=analyse: a(facts), slow_repeat),
            "igraph, same networks" if name in igraph_times else "", igraph_times.get(name))
    agreement = sampled_agreement(facts)
    if size <= REPORT_UP_TO:
        limit = baselines.REPORT_SECONDS.get(size)
        seconds = baselines.run_process([sys.executable, "-m", "coalitiegraaf", "report", "--data", str(data),
                                         "--out", str(folder / "report-process")], REPORT_TIMEOUT)
        row("coalitiegraaf report --data F (process)", "oxigraph", seconds, "", None,
            f"≤ {limit:g} s" if limit else "", verdict(seconds, limit) if limit else "")
    statements = len(store)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"size": size, "statements": statements, "peak_mib": round(peak), "rows": rows,
            "agreement": agreement, "note": baselines.jena_note()}


LETTER_COMMANDS = (["--help"], ["stats"], ["validate"], ["query", "themes"], ["query", "members"],
                   ["analyse", "overlaps"], ["analyse", "brokers"], ["analyse", "gaps"],
                   ["export", "--format", "ttl", "--out", "{folder}/letter.ttl"],
                   ["report", "--out", "{folder}/report"])


def letter(repeat: int) -> dict:
    """Every command on the letter alone, as a user runs it (a new process each time), against
    the time the interpreter takes to start and exit."""
    import os

    folder = tempfile.mkdtemp(prefix="coalitiegraaf-bench-")
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

    def run(arguments: list[str]) -> float:
        return timed(lambda: subprocess.run(arguments, env=environment, check=True, stdout=subprocess.DEVNULL,
                                            stderr=subprocess.DEVNULL), repeat)

    start = run([sys.executable, "-c", "pass"])
    rows = []
    for command in LETTER_COMMANDS:
        arguments = [part.format(folder=folder) for part in command]
        run([sys.executable, "-m", "coalitiegraaf", *arguments])  # bytecode written once
        seconds = run([sys.executable, "-m", "coalitiegraaf", *arguments])
        limit = (baselines.HELP_SECONDS if command == ["--help"] else baselines.REPORT_LETTER_SECONDS
                 if command[0] == "report" else baselines.COMMAND_SECONDS)
        rows.append((f"coalitiegraaf {' '.join(command).split(' --out')[0]}", "oxigraph", seconds,
                     "interpreter start", start, f"≤ {limit:g} s", verdict(seconds, limit)))
        print(f"  letter    {rows[-1][0]:<34} {seconds:8.3f} s", file=sys.stderr, flush=True)
    from coalitiegraaf.project import load

    return {"size": 0, "statements": len(load()), "peak_mib": None, "rows": rows, "agreement": "", "note": ""}


def igraph_baselines(facts, repeat: int) -> dict[str, float]:
    """What igraph alone takes for the network algorithms of brokers, communities and centrality,
    on the same networks (built beforehand, so only the algorithms are timed)."""
    import networkx as nx

    from coalitiegraaf import analysis
    from coalitiegraaf.analysis import networks

    graph = analysis.actor_network(facts)
    actors = {n for n, kind in graph.nodes(data="kind") if kind == "actor"}
    _, bipartite = networks._to_igraph(graph)
    _, projection = networks._to_igraph(networks.weighted_projection(graph, actors), "weight")
    whole = nx.Graph(graph)
    whole.add_edges_from((r["from"], r["to"]) for r in facts.relations)
    whole.add_edges_from((e, c) for e, contexts in facts.contexts.items() for c, _ in contexts)
    _, everything = networks._to_igraph(whole)

    def communities() -> None:
        projection.community_leiden(objective_function="modularity", weights="weight", n_iterations=-1)

    def sampled(network) -> list[int] | None:
        # the sources the analyses draw, so that igraph does the same work (all, up to the limit)
        count = network.vcount()
        used = networks.sources(count)
        return None if used >= count else sorted(random.Random(0).sample(range(count), used))

    def brokers() -> None:
        bipartite.betweenness(directed=False, sources=sampled(bipartite))
        projection.betweenness(directed=False, sources=sampled(projection))
        communities()

    return {"brokers": timed(brokers, repeat), "communities": timed(communities, repeat),
            "centrality": timed(lambda: everything.betweenness(directed=False), repeat)}


def sampled_agreement(facts, samples: int | None = None) -> str:
    """How well betweenness from ``samples`` sources (the analyses' ``networks.SAMPLES``)
    ranks the nodes of the brokers' network, against the exact values: Spearman over every
    node and the share of the exact top 20 in the estimate's top 20, with both timings."""
    from scipy.stats import spearmanr

    from coalitiegraaf.analysis import networks
    from coalitiegraaf.analysis.rankings import organisation_network

    samples = samples or networks.SAMPLES
    graph = organisation_network(facts)
    count = graph.number_of_nodes()
    if count <= samples:
        return ""
    started = time.process_time()
    exact = networks.betweenness(graph, exact=True)
    exact_seconds = time.process_time() - started
    started = time.process_time()
    estimate = networks.betweenness(graph, samples=samples)
    seconds = time.process_time() - started
    nodes = sorted(exact, key=str)
    rho = spearmanr([exact[n] for n in nodes], [estimate[n] for n in nodes]).statistic
    top = set(sorted(exact, key=exact.get, reverse=True)[:20])
    found = set(sorted(estimate, key=estimate.get, reverse=True)[:20])
    used = "estimated in the analyses" if count > networks.SAMPLE_LIMIT else "exact in the analyses"
    return (f"brokers' network of {count:,} nodes ({used}, limit {networks.SAMPLE_LIMIT:,}): betweenness "
            f"from {samples:,} sources {seconds:.2f} s CPU, exact {exact_seconds:.2f} s; Spearman {rho:.3f} "
            f"with the exact values, {len(top & found)} of the exact top 20 in its top 20")


def table(results: list[dict]) -> str:
    lines = ["| statements | step | backend | median (s) | baseline | baseline (s) | ratio | target | met |",
             "| ---: | --- | --- | ---: | --- | ---: | ---: | --- | --- |"]
    for result in results:
        for step, backend, seconds, baseline, base, target, met in result["rows"]:
            ratio = f"{seconds / base:.2f}" if base and seconds is not None else ""
            base_text = f"{base:.3f}" if base is not None else ""
            shown = "did not finish" if seconds is None else f"{seconds:.3f}"
            lines.append(f"| {result['statements']:,} | {step} | {backend} | {shown} | {baseline} | "
                         f"{base_text} | {ratio} | {target} | {met} |")
    lines.append("")
    lines += [f"Peak memory with {r['statements']:,} statements loaded: {r['peak_mib']:,} MiB"
              for r in results if r["peak_mib"]]
    lines += sorted({r["note"] for r in results if r.get("note")})
    lines += [f"Sampled betweenness at {r['statements']:,} statements: {r['agreement']}"
              for r in results if r.get("agreement")]
    return "\n".join(lines) + "\n"


def machine() -> str:
    import os

    packages = ", ".join(f"{name} {version(name)}" for name in
                         ("coalitiegraaf", "pyoxigraph", "rdflib", "pyshacl", "networkx"))
    return (f"{platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
            f"{packages}; {baselines.yardstick()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--markdown", type=Path, help="also write the results to this file")
    parser.add_argument("--no-letter", dest="letter", action="store_false",
                        help="leave out the commands on the letter alone")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a child process: one size
    options = parser.parse_args()
    if options.one:
        print(json.dumps(measure(options.one, options.repeat)))
        return
    with baselines.scratch_folder("coalitiegraaf-bench-"):
        results = [letter(max(options.repeat, 5))] if options.letter else []
        for size in options.sizes:
            arguments = [sys.executable, __file__, "--one", str(size), "--repeat", str(options.repeat)]
            child = subprocess.run(arguments, stdout=subprocess.PIPE, text=True, check=True)
            results.append(json.loads(child.stdout))
    command = " ".join(["python bench/run.py", "--sizes", *map(str, options.sizes),
                        "--repeat", str(options.repeat), *([] if options.letter else ["--no-letter"])])
    text = table(results)
    print(text)
    if options.markdown:
        options.markdown.write_text(
            f"# Benchmarks\n\nMachine: {machine()}.\n\nReproduce with `{command}`.\n\n"
            "Every figure is the median of the runs (steps that take minutes run once above 10,000\n"
            "statements); the ratio divides it by the baseline measured in the same process. A\n"
            "query and its baseline run in turn until each side has taken at least\n"
            f"{baselines.QUERY_SECONDS:g} s of CPU time; their figures are the median CPU time of\n"
            "one run. The\n"
            "commands on the letter run as a user runs them, a new process each time. A query's\n"
            "figure includes turning its answer into rdflib terms, and for `dependencies` and\n"
            "`describe` looking up the node by its label (`BDI`, `VNG`), which the raw query is\n"
            "given as an IRI: the raw baseline runs the same look-up query first.\n\n"
            + text, encoding="utf-8")


if __name__ == "__main__":
    main()
