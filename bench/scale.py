"""The largest runs: a hundred thousand and a million statements side by side (how each step
grows), and ten million for the communities and the peak memory; Oxigraph in memory.

    python bench/scale.py                                    # 100k and 1M, then 10M
    python bench/scale.py --sizes 100000 1000000 --communities-size 10000000 --markdown FILE

Each size runs in a process of its own (its peak memory is its own), each step once but loading
(the median of three, each beside its baseline) and the queries. Every figure is set beside a
baseline measured in the same run: raw pyoxigraph loading the file and running the same query
texts, and Apache Jena's command line (``riot --validate``, ``sparql``, ``shacl validate``; see
``baselines.py``) on the same statements. Each figure with a target of issue 19 says whether it
is met.

A catalogue query and its raw pyoxigraph baseline are timed in turn (ours, raw, ours, raw, …)
until each side has run at least three times and taken at least ``baselines.QUERY_SECONDS`` of
CPU time; the figure is the median CPU time of one run (``baselines.interleaved``). A query of
tens of milliseconds, timed three times by the wall clock on a shared machine, moved by half its
time from run to run; taking turns puts both sides under the same load, and CPU time leaves out
the other processes' time. The target is the same: ours at most 1.5 times raw.

A query's growth from the smallest to the largest size is set against the growth of the data
(at most 1.5 times it: 15 times for 10 times the data). The two sizes run in separate processes,
minutes apart, and a growth is the quotient of two such figures: on this shared machine one
query's growth moved from 11.4 to 15.1 between two runs of the same code. ``--rounds N`` runs the
sizes in turn N times (100k, 1M, 100k, 1M, …); every figure is then the median of its rounds, and
the growth table gives the lowest and highest of the rounds' own growths beside the median's.

A query's answer's growth stands beside its time's: where the answer itself grows faster than
the data (``coalition-matrix``: every pair of coalitions sharing a member, and hub organisations
sit in thousands of coalitions), no evaluation can grow linearly, and the figure judged is the
time per answer row, said so in the table.

Beside the queries, the store's own reading: raw pyoxigraph counting every quad, and the quads
of a predicate (``STORE_SCANS``), in SPARQL so that no row reaches Python. Oxigraph's store
in memory keeps each predicate's quads as a list it follows from one quad to the next, wherever
each quad lies in memory; a count is that walk and nothing else. And the same walk handing each
``rdf:type`` statement to Python as a row (``STORE_ROWS``): every term of an answer is looked
up in the store's dictionary of strings and made a Python object, which a count never does. How
their time per quad grows is what no query on the store can grow slower than (the count for
what a query reads, the rows for what it answers), and the growth table shows it (not judged:
it is the store's, not ours).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import baselines
from baselines import RATIO, verdict

PARAMETERS = {"dependencies": {"node": "BDI"}, "evidence": {"node": "VNG"},
              "describe": {"node": "VNG"}, "find-node": {"text": "VNG"}}
# its answer, the pairs of coalitions that share a member, grows with the square of a hub's
# coalitions: at a million statements one organisation is in 4,246 coalitions and the (pair,
# member) rows to group are 34.3 million (527,000 at 100,000: 65 times for 10 times the data);
# run there once, it did not finish in 10 GB after 208 s of CPU time (BENCHMARKS.md)
QUADRATIC_ANSWER, QUADRATIC_UP_TO = "coalition-matrix", 100_000
LOAD_REPEAT = 3
# the store's own reading, counted (see the module): every quad, and the quads of predicates
# that most queries read, a common one and a rarer one (at a million: 13 % and 5 % of the quads)
STORE_SCANS = {"every quad": "?s ?p ?o", "rdf:type": "?s a ?o",
               "org:member": "?s <http://www.w3.org/ns/org#member> ?o"}
STORE_STEP = "the store counts "
STORE_ROWS = {"rdf:type": "SELECT ?s ?o WHERE { ?s a ?o }"}
STORE_ROWS_STEP = "the store returns as rows "
PROCESS_TIMEOUT = 600  # seconds: a whole-process step slower than this is said not to finish


def timed(work: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def peak_mib() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def shown_seconds(step: str, seconds: float | None, form: str) -> str:
    """A step's seconds as a table shows them: nothing for the peak memory's row, which has no
    time of its own, and "did not finish" for a step that did not."""
    if seconds is None:
        return "" if step.startswith("peak") else "did not finish"
    return form.format(seconds)


class Rows(list):
    """The rows of one size: step, seconds, baseline, baseline seconds, target, met, peak."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def add(self, step: str, seconds: float | None, baseline: str = "", base: float | None = None,
            target: str = "", met: str = "") -> None:
        self.append((step, seconds, baseline, base, target, met, peak_mib()))
        shown = shown_seconds(step, seconds, "{:8.2f} s")
        print(f"  {self.size:>10,} {step:<44} {shown}  peak {peak_mib():,} MiB {met}", file=sys.stderr,
              flush=True)

    def against(self, step: str, seconds: float, baseline: str, base: float | None) -> None:
        ratio = seconds / base if base else None
        self.add(step, seconds, baseline, base, f"ratio ≤ {RATIO}", verdict(ratio, RATIO) if base else "")


def measure(size: int, queries_only: bool = False) -> dict:
    """Load, every catalogue query, validation and the report at one size, against raw
    pyoxigraph and Jena."""
    import pyoxigraph as ox

    from coalitiegraaf import catalogue, project
    from coalitiegraaf.sources.generate import generate
    from coalitiegraaf.validation.validator import validate

    folder = Path(tempfile.mkdtemp(prefix="coalitiegraaf-scale-"))
    data = generate(size, 1, folder / "federation.nt").path
    rows = Rows(size)

    def raw_load() -> ox.Store:
        raw = ox.Store()
        raw.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES)
        return raw

    def our_load():
        return project.load([data], store="oxigraph", max_file_bytes=data.stat().st_size)

    # the median of three, each beside the other: one load is too short to time once on a shared machine
    raw_times, our_times = [], []
    for _ in range(LOAD_REPEAT):
        raw_times.append(timed(raw_load)[0])
        seconds, store = timed(our_load)
        our_times.append(seconds)
    rows.against("load", statistics.median(our_times), "raw pyoxigraph load",
                 statistics.median(raw_times))
    raw = ox.Store()
    raw.extend(store._store)  # the same quads, the letter and derived ones included
    answers: dict[str, int] = {}
    reads = [(STORE_STEP + name, f"SELECT (COUNT(*) AS ?quads) WHERE {{ {pattern} }}", True)
             for name, pattern in STORE_SCANS.items()]
    reads += [(STORE_ROWS_STEP + name, sparql, False) for name, sparql in STORE_ROWS.items()]
    for step, sparql, counted in reads:

        def read(q=sparql, s=step, c=counted) -> None:
            solutions = raw.query(q, use_default_graph_as_union=True)
            answers[s] = int(next(solutions)[0].value) if c else len(list(solutions))

        (seconds,) = baselines.interleaved(read)
        rows.add(step, seconds)
    jena = not baselines.jena_note() and not queries_only
    everything = baselines.dump_union(store, folder / "everything.nt") if jena else None
    if jena:
        rows.add("load (jena riot --validate)", baselines.run_jena("riot", "--validate", str(everything)))
    for query in catalogue.catalogue():
        if query.name == QUADRATIC_ANSWER and size > QUADRATIC_UP_TO:
            continue
        values = PARAMETERS.get(query.name, {})
        texts = baselines.query_texts(store, query, values)

        def ours(q=query, v=values) -> None:
            answers[q.name] = len(catalogue.run(store, q, v).rows)

        def base(t=texts) -> None:
            for sparql in t:
                list(raw.query(sparql, use_default_graph_as_union=True))

        seconds, base_seconds = baselines.interleaved(ours, base)
        rows.against(f"query {query.name}", seconds, "raw pyoxigraph query", base_seconds)
        if jena:
            text = folder / f"{query.name}.rq"
            text.write_text(texts[-1], encoding="utf-8")
            rows.add(f"query {query.name} (jena sparql)",
                     baselines.run_jena("sparql", "--data", str(everything), "--query", str(text)))
    raw = None  # its memory back before validating
    if queries_only:
        return {"size": size, "kind": "size", "rows": list(rows), "answers": answers,
                "note": "queries only: no Jena, validation or report"}
    seconds, _ = timed(lambda: validate(store, engine="sparql"))
    rows.add("validate --engine sparql (loaded)", seconds)
    process = baselines.run_process([sys.executable, "-m", "coalitiegraaf", "validate", "--data", str(data),
                                     "--engine", "sparql", "--format", "json"], PROCESS_TIMEOUT)
    if jena:
        shapes = baselines.one_language_shapes(folder / "shapes-en.ttl")
        shacl = baselines.run_jena("shacl", "validate", "--shapes", str(shapes), "--data", str(everything))
        rows.add("validate (jena shacl validate)", shacl)
        ratio = process / shacl if process and shacl else None
        rows.add("coalitiegraaf validate --data F (process)", process, "jena shacl validate", shacl,
                 f"ratio ≤ {RATIO}", verdict(ratio, RATIO))
    else:
        rows.add("coalitiegraaf validate --data F (process)", process)
    store = None
    limit = baselines.REPORT_SECONDS.get(size)
    seconds = baselines.run_process([sys.executable, "-m", "coalitiegraaf", "report", "--data", str(data),
                                     "--out", str(folder / "report")], PROCESS_TIMEOUT)
    rows.add("coalitiegraaf report --data F (process)", seconds, "", None,
             f"≤ {limit:g} s" if limit else "", verdict(seconds, limit) if limit else "")
    return {"size": size, "kind": "size", "rows": list(rows), "answers": answers,
            "note": baselines.jena_note()}


def measure_communities(size: int) -> dict:
    """Loading, the analyses' facts and the communities at ``size`` statements, with the peak
    memory of the whole process."""
    from coalitiegraaf import analysis, project
    from coalitiegraaf.sources.generate import generate

    folder = Path(tempfile.mkdtemp(prefix="coalitiegraaf-scale-"))
    data = generate(size, 1, folder / "federation.nt").path
    rows = Rows(size)
    seconds, store = timed(lambda: project.load([data], store="oxigraph", max_file_bytes=data.stat().st_size))
    rows.add("load", seconds)
    seconds, facts = timed(lambda: analysis.collect(store))
    rows.add("analysis: collect facts", seconds)
    seconds, found = timed(lambda: analysis.communities(facts))
    rows.add("analysis: communities", seconds, "", None, f"≤ {baselines.COMMUNITIES_SECONDS:g} s",
             verdict(seconds, baselines.COMMUNITIES_SECONDS))
    rows.add(f"peak memory (MiB; {len(found):,} communities)", None, "", None,
             f"≤ {baselines.PEAK_MIB:,} MiB", verdict(peak_mib(), baselines.PEAK_MIB))
    return {"size": size, "kind": "communities", "rows": list(rows), "note": ""}


def table(result: dict) -> str:
    lines = [f"{result['size']:,} generated statements (with the letter and the ontology), Oxigraph in "
             "memory; each step once, loading the median of three, a query the median CPU time of "
             "runs taken in turn with its baseline (each side at least "
             f"{baselines.QUERY_SECONDS:g} s in all).", "",
             "| step | seconds | baseline | baseline (s) | ratio | target | met | peak memory so far (MiB) |",
             "| --- | ---: | --- | ---: | ---: | --- | --- | ---: |"]
    for step, seconds, baseline, base, target, met, peak in result["rows"]:
        ratio = f"{seconds / base:.2f}" if base and seconds is not None else ""
        shown = shown_seconds(step, seconds, "{:.2f}")
        lines.append(f"| {step} | {shown} | {baseline} | {'' if base is None else f'{base:.2f}'} | {ratio} | "
                     f"{target} | {met} | {peak:,} |")
    if result.get("note"):
        lines += ["", result["note"]]
    return "\n".join(lines) + "\n"


def merged(rounds: list[dict]) -> dict:
    """One size's results over its rounds: each step's seconds and baseline the medians of the
    rounds (did not finish if a round did not), its verdict given again for those, the peak
    memory the highest."""
    if len(rounds) == 1:
        return rounds[0]

    def median(values: list[float | None]) -> float | None:
        return None if None in values else statistics.median(values)

    rows = []
    for same in zip(*(r["rows"] for r in rounds), strict=True):
        step, _, baseline, _, target, met, _ = same[0]
        seconds, base = median([row[1] for row in same]), median([row[3] for row in same])
        if target.startswith("ratio"):
            met = verdict(seconds / base if seconds and base else None, RATIO)
        elif target.endswith(" s"):
            met = verdict(seconds, float(target.strip("≤ s")))
        rows.append((step, seconds, baseline, base, target, met, max(row[6] for row in same)))
    note = f"the median of {len(rounds)} rounds" + (f"; {rounds[0]['note']}" if rounds[0].get("note") else "")
    return {**rounds[0], "rows": rows, "note": note}


def figures(result: dict) -> dict[str, tuple[float | None, float | None]]:
    """Each step's seconds and its baseline's."""
    return {step: (seconds, base) for step, seconds, _, base, *_ in result["rows"]}


def growth(small_rounds: list[dict], large_rounds: list[dict]) -> str:
    """Each query's time at the larger size over its time at the smaller, against the data's
    growth: linear growth is a ratio near the data's, the target at most ``RATIO`` times it.
    Where the answer grows faster than the data, the time per answer row is judged instead.
    Over several rounds, the medians' growth is judged, and each round's own stands beside it.
    The store's own counts and rows (``STORE_SCANS``, ``STORE_ROWS``) stand above the queries,
    their quads as their rows."""
    small, large = merged(small_rounds), merged(large_rounds)
    data = large["size"] / small["size"]
    limit = RATIO * data
    answers = (small.get("answers", {}), large.get("answers", {}))
    lines = [f"Growth from {small['size']:,} to {large['size']:,} generated statements (the data × "
             f"{data:g}): a query's time at the larger size over its time at the smaller, and its "
             "answer's rows likewise. Where the answer grows faster than the data, the time per "
             "answer row is what is judged (no evaluation grows slower than its answer).", "",
             "| query | growth | the rounds' growths (lowest–highest) | raw pyoxigraph's growth | "
             "Jena's growth (whole process) | answer rows (small → large) | answer's growth | "
             "growth per answer row | target | met |",
             "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- | --- |"]

    def grown(step: str, which: int, pair: tuple[dict, dict] = (small, large)) -> float | None:
        old, new = (figures(result).get(step, (None, None))[which] for result in pair)
        return new / old if old and new else None

    def spread(step: str) -> str:
        grew = [grown(step, 0, pair) for pair in zip(small_rounds, large_rounds, strict=True)]
        known = [value for value in grew if value is not None]
        return f"{min(known):.1f}–{max(known):.1f}" if len(known) > 1 else ""

    def shown(value: float | None) -> str:
        return "" if value is None else f"{value:.1f}"

    for step in figures(large):
        ours = grown(step, 0)
        own = step.startswith((STORE_STEP, STORE_ROWS_STEP))
        if ours is None or not (step.startswith("query ") or own) or "(jena" in step:
            continue
        name = step.removeprefix("query ")
        raw, jena = grown(step, 1), grown(f"{step} (jena sparql)", 0)
        old_rows, new_rows = answers[0].get(name), answers[1].get(name)
        answer = new_rows / old_rows if old_rows and new_rows else None
        per_row = ours / answer if answer else None
        # an answer growing faster than the data: judged per answer row, and said so
        superlinear = answer is not None and answer > limit  # not 10.2 for 10: the sizes are not exact
        if own:
            met = "the store's own, not judged"
        elif superlinear:
            met = f"{verdict(per_row, limit)} per answer row"
        else:
            met = verdict(ours, limit)
        rows_text = f"{old_rows:,} → {new_rows:,}" if old_rows and new_rows else ""
        lines.append(f"| {name} | {ours:.1f} | {spread(step)} | {shown(raw)} | {shown(jena)} | {rows_text} | "
                     f"{shown(answer)} | {shown(per_row)} | ≤ {limit:g} | {met} |")
    return "\n".join(lines) + "\n"


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def child(arguments: list[str]) -> dict:
    """What a child process of this script measured."""
    return json.loads(subprocess.run([sys.executable, __file__, *arguments], stdout=subprocess.PIPE,
                                     text=True, check=True).stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--communities-size", type=int, default=10_000_000,
                        help="the size for communities and peak memory; 0 leaves it out")
    parser.add_argument("--queries-only", action="store_true",
                        help="loading and the catalogue queries only, against raw pyoxigraph")
    parser.add_argument("--rounds", type=positive, default=1,
                        help="run the sizes in turn this many times; each figure the median of the rounds")
    parser.add_argument("--markdown", type=Path, help="also append the results to this file")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a child process: one size
    parser.add_argument("--communities", type=int, help=argparse.SUPPRESS)  # a child: communities
    options = parser.parse_args()
    if options.one:
        print(json.dumps(measure(options.one, options.queries_only)))
        return
    if options.communities:
        print(json.dumps(measure_communities(options.communities)))
        return
    speed = baselines.yardstick()
    with baselines.scratch_folder("coalitiegraaf-scale-"):
        rounds = [[child(["--one", str(size), *(["--queries-only"] if options.queries_only else [])])
                   for size in options.sizes] for _ in range(options.rounds)]
        communities = (child(["--communities", str(options.communities_size)])
                       if options.communities_size else None)
    sized = [list(each) for each in zip(*rounds, strict=True)]  # per size, its rounds
    parts = [table(merged(each)) for each in sized]
    if communities:
        parts.append(table(communities))
    if len(sized) >= 2:
        parts.append(growth(sized[0], sized[-1]))
    command = " ".join(["python bench/scale.py", "--sizes", *map(str, options.sizes),
                        "--communities-size", str(options.communities_size),
                        *(["--queries-only"] if options.queries_only else []),
                        *(["--rounds", str(options.rounds)] if options.rounds > 1 else [])])
    text = f"Machine: {speed}.\n\nReproduce with `{command}`.\n\n" + "\n".join(parts)
    print(text)
    if options.markdown:
        with options.markdown.open("a", encoding="utf-8") as handle:
            handle.write("\n" + text)


if __name__ == "__main__":
    main()
