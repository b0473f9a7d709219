"""The largest runs: a federation of a million or ten million statements, on Oxigraph.

    python bench/scale.py --size 10000000 [--on-disk] [--markdown FILE]

Each step runs once (a step takes minutes here), against the same baselines as ``run.py``: raw
pyoxigraph loading the file and answering the query. The whole report and every catalogue
query are ``run.py``'s; this measures whether loading, querying, validating and the analyses'
facts still fit in this machine's memory, and how long they take.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# the slowest catalogue queries (documents, efforts-per-challenge, coalition-matrix) grow faster than
# the data, in raw pyoxigraph too: run.py measures them with the others
QUERIES = ("themes", "members", "plan-gaps", "overlap", "barriers")


def timed(work: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def peak_mib() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def measure(size: int, on_disk: bool) -> list[tuple[str, float, str, float | None, int]]:
    import pyoxigraph as ox

    from coalitiegraaf import analysis, catalogue, project
    from coalitiegraaf.sources.generate import generate
    from coalitiegraaf.sources.parsing import rdf_format
    from coalitiegraaf.store import OxigraphStore
    from coalitiegraaf.store.sparql import bind_parameters
    from coalitiegraaf.validation.validator import validate

    folder = Path(tempfile.mkdtemp(prefix="coalitiegraaf-scale-"))
    data = generate(size, 1, folder / "federation.nt").path
    rows = []

    def row(step: str, seconds: float, baseline: str = "", base: float | None = None) -> None:
        rows.append((step, seconds, baseline, base, peak_mib()))
        against = f"   {baseline} {base:.1f} s" if base is not None else ""
        print(f"  {step:<34} {seconds:8.1f} s   peak {peak_mib():,} MiB{against}", file=sys.stderr,
              flush=True)

    def raw_load() -> ox.Store:
        raw = ox.Store(str(folder / "raw")) if on_disk else ox.Store()
        raw.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES)
        return raw

    raw_seconds, raw = timed(raw_load)
    # the letter and the ontology too, not timed, so that both answer the same questions
    for source in project.ontology_files() + project.source_files():
        raw.bulk_load(path=str(source.path), format=rdf_format(source.path), to_graph=source.graph)
    for rule in project.rules():
        raw.update(rule.read_text(encoding="utf-8"))

    def our_load() -> OxigraphStore:
        store = OxigraphStore(str(folder / "ours") if on_disk else None)
        user = project.user_files([data], max_bytes=data.stat().st_size)
        store.load(project.ontology_files() + project.source_files() + user)
        for rule in project.rules():
            store.update(rule.read_text(encoding="utf-8"))
        return store

    seconds, store = timed(our_load)
    row("load" + (" (on disk)" if on_disk else ""), seconds, "raw pyoxigraph load", raw_seconds)
    for name in QUERIES:
        query = catalogue.get(name)
        sparql = bind_parameters(query.sparql, catalogue.bind(store, query, {}))
        base, _ = timed(lambda s=sparql: list(raw.query(s, use_default_graph_as_union=True)))
        seconds, _ = timed(lambda q=query: catalogue.run(store, q))
        row(f"query {name}", seconds, "raw pyoxigraph query", base)
    raw = None  # its memory back before validating
    seconds, _ = timed(lambda: validate(store, engine="sparql"))
    row("validate --engine sparql", seconds)
    seconds, facts = timed(lambda: analysis.collect(store))
    row("analysis: collect facts", seconds)
    for name in ("communities", "gaps"):
        seconds, _ = timed(lambda n=name: analysis.ANALYSES[n](facts))
        row(f"analysis: {name}", seconds)
    return rows


def table(size: int, on_disk: bool, rows) -> str:
    lines = [f"{size:,} generated statements, Oxigraph {'on disk' if on_disk else 'in memory'}, "
             "each step once.", "",
             "| step | seconds | baseline | baseline (s) | ratio | peak memory so far (MiB) |",
             "| --- | ---: | --- | ---: | ---: | ---: |"]
    for step, seconds, baseline, base, peak in rows:
        ratio = f"{seconds / base:.2f}" if base else ""
        lines.append(f"| {step} | {seconds:.1f} | {baseline} | {'' if base is None else f'{base:.1f}'} | "
                     f"{ratio} | {peak:,} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=10_000_000)
    parser.add_argument("--on-disk", action="store_true", help="Oxigraph stores on disk, not in memory")
    parser.add_argument("--markdown", type=Path, help="also append the results to this file")
    options = parser.parse_args()
    text = table(options.size, options.on_disk, measure(options.size, options.on_disk))
    print(text)
    if options.markdown:
        with options.markdown.open("a", encoding="utf-8") as handle:
            handle.write("\n" + text)


if __name__ == "__main__":
    main()
