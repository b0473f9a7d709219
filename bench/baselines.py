"""What ``run.py`` and ``scale.py`` share: the targets of issue 19, their verdicts, and Apache Jena
as a baseline measured in the same run.

Jena is run as a user runs it, a new process each time (``../shared/tools/jena``: Debian's
``libapache-jena-java`` 4.5 with its packaging fixed; ``COALITIEGRAAF_JENA`` names another
launcher). Its figures therefore include starting the JVM and parsing the data, as do the
``coalitiegraaf`` processes they are set beside. Where the launcher is absent, the Jena rows are
left out with a note.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JENA = Path(os.environ.get("COALITIEGRAAF_JENA", ROOT.parent / "shared" / "tools" / "jena"))
JENA_TIMEOUT = 1800  # seconds: a Jena step slower than this is reported as not finished

# issue 19's targets: seconds for whole processes, ratios against a baseline of the same run
HELP_SECONDS = 0.3
REPORT_LETTER_SECONDS = 1.0
COMMAND_SECONDS = 0.6
REPORT_SECONDS = {100_000: 15.0, 1_000_000: 30.0}
RATIO = 1.5  # load and every catalogue query against raw pyoxigraph, validation against Jena
# a query against its baseline: runs alternate until each side has taken this much CPU time
QUERY_SECONDS = 0.75
QUERY_LEAST, QUERY_MOST = 3, 200  # runs of each side: a median of at least three, a bound on the fastest
COMMUNITIES_SECONDS = 300.0  # at ten million statements
PEAK_MIB = 12 * 1024  # at ten million statements
# files made to see what creating one costs today, of about a report page's size
PROBE_FILES, PROBE_BYTES = 500, 11_000


def verdict(value: float | None, limit: float | None) -> str:
    """``met`` or ``not met`` for a figure against its upper limit; empty without a target."""
    if limit is None:
        return ""
    if value is None:
        return "not met (did not finish)"
    return "met" if value <= limit else "not met"


def interleaved(*sides: Callable[[], object], least: int = QUERY_LEAST, total: float = QUERY_SECONDS,
                most: int = QUERY_MOST) -> tuple[float, ...]:
    """The median CPU seconds of one run of each side (ours and raw, or one alone), run in turn
    (ours, raw, ours, raw, …) until each side has run ``least`` times and taken ``total`` CPU seconds in
    all, or has run ``most`` times.

    A query of tens of milliseconds timed three times on a shared machine moves by half its
    time from run to run, which is most of the ratios over 1.5 measured that way. Taking turns
    puts both sides under the same load; many runs and their median leave out the runs another
    process disturbed; CPU time (the process's, ``time.process_time``) leaves out the time the
    machine spent on other processes. The target stays what it was: ours over raw ≤ ``RATIO``.
    """
    times: list[list[float]] = [[] for _ in sides]
    while True:
        for side, work in zip(times, sides, strict=True):
            started = time.process_time()
            work()
            side.append(time.process_time() - started)
        enough = all(len(side) >= least and sum(side) >= total for side in times)
        if enough or len(times[0]) >= most:
            return tuple(statistics.median(side) for side in times)


def yardstick() -> str:
    """The machine's speed today, to set runs of different days side by side: the median CPU
    time of adding twenty million integers in a Python loop, five times. The machines this
    project is measured on are shared and not always the same (BENCHMARKS.md, round six)."""

    def one() -> float:
        started = time.process_time()
        total = 0
        for number in range(20_000_000):
            total += number
        return time.process_time() - started

    seconds = statistics.median(one() for _ in range(5))
    return f"a Python loop adding 20 million integers takes {seconds:.2f} s of CPU"


def write_like(model: Path, folder: Path) -> tuple[float, float, int, int]:
    """What this machine's file system costs for a report's pages today, measured beside the
    report: wall and CPU seconds (the kernel's included) of writing, in a plain loop, files of
    the same names and sizes as those under ``model`` into ``folder``; and how many files and
    bytes that is. Making 20,000 files of 13 kB took 1.1 to 10.7 s of CPU within one hour on
    this shared machine, almost all of it the kernel's. The files are kept: removing them would
    slow the files made after (:func:`creating_files`)."""
    files = [(path.relative_to(model), path.stat().st_size) for path in model.rglob("*") if path.is_file()]
    filler = memoryview(b"x" * max((size for _, size in files), default=0))
    started, spent = time.perf_counter(), time.process_time()
    made: set[Path] = set()
    for name, size in files:
        target = folder / name
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(filler[:size])  # as the report writes its pages
    return time.perf_counter() - started, time.process_time() - spent, len(files), sum(s for _, s in files)


@contextlib.contextmanager
def scratch_folder(prefix: str) -> Iterator[Path]:
    """The temporary directory (``TMPDIR``) of this process and of every process it starts
    while it is open, for what they write (the generated data, Jena's copy of it, the reports:
    gigabytes at a million statements); removed whole when it closes, after the last
    measurement: a removal of tens of thousands of files slows the files made in the next
    minutes (:func:`creating_files`), so none comes before a measurement."""
    before = os.environ.get("TMPDIR")
    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        os.environ["TMPDIR"] = folder
        tempfile.tempdir = None  # tempfile reads TMPDIR again
        try:
            yield Path(folder)
        finally:
            if before is None:
                del os.environ["TMPDIR"]
            else:
                os.environ["TMPDIR"] = before
            tempfile.tempdir = None


def creating_files(folder: Path, count: int = PROBE_FILES, size: int = PROBE_BYTES) -> float:
    """Microseconds of CPU (the kernel's, almost all) to create one file of ``size`` bytes in
    ``folder`` today: the median of ``count``, made in a new folder, kept there (removing them
    would slow the next files made; the caller removes ``folder`` when nothing is timed any
    more). On this machine's ext4, which has no journal, a file made within a minute or more
    of removing tens of thousands of others takes 5 to 15 times as long: the kernel passes over
    every inode freed in that time before it takes one (``recently_deleted`` in
    ``find_inode_bit``, BENCHMARKS.md round twelve)."""
    probe = Path(tempfile.mkdtemp(prefix="probe-", dir=folder))
    times = []
    for k in range(count):
        started = time.process_time()
        (probe / f"{k}.html").write_bytes(b"x" * size)
        times.append(time.process_time() - started)
    return statistics.median(times) * 1e6


def jena_note() -> str:
    """Why the Jena rows are missing, or empty when Jena can be run."""
    if JENA.is_file() and os.access(JENA, os.X_OK):
        return ""
    return f"Jena left out: no launcher at {JENA} (set COALITIEGRAAF_JENA to one)"


def run_jena(*arguments: str, timeout: float = JENA_TIMEOUT) -> float | None:
    """The wall time of one Jena command, in seconds; None if it failed or ran out of time.
    Debian's riot exits with 1 after a clean parse (its log is silenced, slf4j-nop): riot's
    failure shows as an error on standard error instead."""
    started = time.perf_counter()
    try:
        done = subprocess.run([str(JENA), *arguments], check=arguments[0] != "riot",
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=timeout)
        if arguments[0] == "riot" and "ERROR" in done.stderr:
            return None
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError):
        return None
    return time.perf_counter() - started


def run_process(arguments: list[str], timeout: float) -> float | None:
    """The wall time of a process (its exit code is not looked at: ``validate`` exits 1 when
    it finds violations); None if it ran out of time."""
    started = time.perf_counter()
    try:
        subprocess.run(arguments, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    return time.perf_counter() - started


def dump_union(store, path: Path) -> Path:
    """Every statement of ``store`` (the ontology, the letter, the data and what the rules
    derived) as N-Triples, so that Jena's default graph holds what our queries see."""
    import pyoxigraph as ox

    with path.open("wb") as out:
        ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in store.quads()), out,
                     format=ox.RdfFormat.N_TRIPLES)
    return path


def one_language_shapes(path: Path, lang: str = "en") -> Path:
    """The shipped shapes with their messages in ``lang`` only: Jena 4.5's SHACL parser refuses a
    shape with more than one ``sh:message``."""
    from rdflib import Namespace

    from coalitiegraaf.validation.validator import shapes_graph

    shapes = shapes_graph()
    message = Namespace("http://www.w3.org/ns/shacl#").message
    for triple in [t for t in shapes.triples((None, message, None))
                   if getattr(t[2], "language", None) not in (None, lang)]:
        shapes.remove(triple)
    shapes.serialize(str(path), format="turtle")
    return path


def query_texts(store, query, values: dict[str, str]) -> list[str]:
    """The SPARQL texts ``catalogue.run`` runs for ``query``: first the look-up of each node given
    by its name (``naming.resolve``: the name as written; the ``find-node`` query as well, where
    that does not settle it), then the query with its parameters bound, so that the baselines
    run the same texts."""
    from rdflib import URIRef

    from coalitiegraaf import catalogue, naming
    from coalitiegraaf.store.sparql import bind_parameters

    texts = []
    finder = catalogue.get(catalogue.FIND_NODE)
    for parameter in query.parameters:
        value = values.get(parameter.name)
        if parameter.type == "node" and value and "://" not in value:
            among = parameter.node_class
            written = naming.as_written_query(value)
            texts.append(bind_parameters(written, {"class": URIRef(among)} if among else {}))
            if len(naming.as_written(store, value, among)) != 1:
                lookup = {"text": value} | ({"class": among} if among else {})
                texts.append(bind_parameters(finder.sparql, catalogue.bind(store, finder, lookup)))
    return [*texts, bind_parameters(query.sparql, catalogue.bind(store, query, values))]
