"""How much of a query's growth from 100,000 to a million statements is the process's, not the
query's: the same catalogue query texts at the smaller size in a process that holds only that
store, then in the same process once the larger store is loaded too, then at the larger size;
raw pyoxigraph throughout (``Store.query`` on a copy of our store's quads, as ``scale.py``'s
baseline).

    python bench/process_state.py --queries actors-by-layer as-of plan-gaps efforts-per-challenge

``scale.py`` measures each size in a process of its own, so a query's growth there also counts
what a larger heap costs every query of that process. Prints, per query, the median CPU time of
``--repeat`` runs at each step and two ratios: the smaller size's slowdown once the larger store
is loaded, and the growth from the smaller size (alone) to the larger.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import baselines


def load(size: int, folder: Path | None, seed: int):
    import pyoxigraph as ox

    from coalitiegraaf import project
    from coalitiegraaf.sources.generate import generate

    kept = [folder / name for name in (f"federation-{size}.nt", f"fed{size}.nt")
            if folder and (folder / name).is_file()]
    data = kept[0] if kept else \
        generate(size, seed, Path(tempfile.mkdtemp(prefix="coalitiegraaf-state-")) / "federation.nt").path
    store = project.load([data], store="oxigraph", max_file_bytes=data.stat().st_size)
    raw = ox.Store()
    raw.extend(store._store)  # the same quads, the letter and derived ones included
    return store, raw


def medians(store, raw, names: list[str], repeat: int) -> dict[str, float]:
    from coalitiegraaf import catalogue

    found = {}
    for name in names:
        texts = baselines.query_texts(store, catalogue.get(name), {})
        runs = []
        for _ in range(repeat):
            started = time.process_time()
            for text in texts:
                list(raw.query(text, use_default_graph_as_union=True))
            runs.append(time.process_time() - started)
        found[name] = statistics.median(runs)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--queries", nargs="+",
                        default=["actors-by-layer", "as-of", "plan-gaps", "efforts-per-challenge", "themes"])
    parser.add_argument("--sizes", type=int, nargs=2, default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--generated", type=Path, metavar="FOLDER",
                        help="take federation-SIZE.nt or fedSIZE.nt from FOLDER where it is there "
                             "(made with the same seed) instead of generating it again")
    options = parser.parse_args()
    small, large = options.sizes
    with baselines.scratch_folder("coalitiegraaf-state-"):
        small_store = load(small, options.generated, options.seed)
        alone = medians(*small_store, options.queries, options.repeat)
        large_store = load(large, options.generated, options.seed)
        beside = medians(*small_store, options.queries, options.repeat)
        grown = medians(*large_store, options.queries, options.repeat)
    print(f"| query | {small:,} alone (ms) | {small:,} with {large:,} loaded (ms) | slowdown "
          f"| {large:,} (ms) | growth from {small:,} alone | growth from {small:,} with {large:,} loaded |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name in options.queries:
        print(f"| {name} | {alone[name] * 1000:.1f} | {beside[name] * 1000:.1f} | "
              f"{beside[name] / alone[name]:.2f} | {grown[name] * 1000:.1f} | "
              f"{grown[name] / alone[name]:.1f} | {grown[name] / beside[name]:.1f} |")


if __name__ == "__main__":
    main()
