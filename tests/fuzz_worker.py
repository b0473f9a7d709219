"""The other side of the structural fuzz harness (tests/test_fuzz.py): a process that runs one
case after another through coalitiegraaf's parsers, query gate and stores, under limits on
memory and processor time, and answers each with one JSON line: ``ok``, the documented error
the case gave (a CoalitiegraafError), or ``bug`` and what else went wrong. A crash or a hang
shows as the process dying or not answering, which the harness reports with the case.

Run as ``python -m tests.fuzz_worker``; one case per line on standard input:
``{"kind": "rdf", "name": "x.ttl", "text": "..."}`` or ``{"kind": "query", "text": "..."}``.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

MEMORY = 3 << 30  # bytes of address space: beyond it an allocation fails (MemoryError), no swap storm
STACK = 2 << 20  # a worker thread's stack, as the endpoint's threads have where ulimit -s is unlimited


def main() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    os.environ.setdefault("COALITIEGRAAF_MAX_CANONICAL_SECONDS", "2")
    import pyoxigraph as ox

    from coalitiegraaf.errors import CoalitiegraafError
    from coalitiegraaf.publish.exports import serialize
    from coalitiegraaf.sources.parsing import RdfFile, parse_file
    from coalitiegraaf.store import open_store

    small = {kind: open_store(kind) for kind in ("oxigraph", "memory")}
    for store in small.values():
        store.update("INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> "
                     "<http://example.org/p> <http://example.org/b> . <http://example.org/b> "
                     "<http://example.org/p> _:c . _:c <http://example.org/p> <http://example.org/a> } }")
    folder = Path(tempfile.mkdtemp(prefix="coalitiegraaf-fuzz-"))

    def rdf(case: dict) -> None:
        path = folder / case["name"]
        path.write_text(case["text"], encoding="utf-8", errors="surrogatepass")
        source = RdfFile(path, ox.NamedNode("http://example.org/g"))
        parse_file(source)
        store = open_store("oxigraph")
        store.load([source])
        for fmt in ("nt", "trig", "jsonld"):
            serialize(store, fmt, include_shapes=False)

    def query(case: dict) -> None:
        for store in small.values():
            store.query(case["text"])

    steps = {"rdf": rdf, "query": query}
    for line in sys.stdin:
        case = json.loads(line)
        outcome: dict[str, object] = {}

        def run(case=case, outcome=outcome) -> None:
            try:
                steps[case["kind"]](case)
                outcome["ok"] = True
            except CoalitiegraafError as error:
                outcome["refused"] = f"{type(error).__name__}: {error}"[:300]
            except Exception as error:  # what the harness is looking for
                outcome["bug"] = f"{type(error).__name__}: {error}"[:300]

        started = time.monotonic()
        threading.stack_size(STACK)
        worker = threading.Thread(target=run)
        worker.start()
        worker.join()
        outcome["seconds"] = round(time.monotonic() - started, 3)
        print(json.dumps(outcome), flush=True)


if __name__ == "__main__":
    main()
