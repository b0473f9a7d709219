"""The report of a generated federation, as a user runs it: a new process each time, on the data
loaded in this process (embedded) and, with --endpoint, on the same data held by an Oxigraph
server (``oxigraph serve``, the data loaded with ``oxigraph load``), read through
``coalitiegraaf --endpoint``.

    python bench/report_scale.py --sizes 100000 1000000 --repeat 3 --endpoint

Prints, per size and way, the median wall time, the median CPU time of the report's process
(on a shared machine the wall time also counts the waiting) and its peak memory, and the pages
written, each run into a new folder; what creating a file cost just before each run; and, after
the last run, the time of writing the same files in a plain loop (the file system's share that
day, ``baselines.write_like``) and of removing each report as a report removes the one it
replaces. Nothing is removed before the last run: on this machine's ext4 (no journal), files
made within a minute or more of removing tens of thousands take 5 to 15 times as long
(``baselines.creating_files``). The letter itself is ``--sizes 0``.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import baselines

BIN = Path(sys.executable).parent


def command(*args: str) -> list[str]:
    return [str(BIN / "coalitiegraaf"), *args]


# the report's command as ``command`` runs it, but saying on standard error how much CPU and
# wall time each step of the report took, and how much of that CPU was the kernel's (loading:
# everything before the first step). The validation and the networks' rankings are made by
# processes beside the analyses: their CPU time is counted in the step that waits for them (the
# index)
STAGES = """
import resource, sys, time
started = time.perf_counter()
from coalitiegraaf import report
from coalitiegraaf.cli import main

def spent():
    used = (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
    return sum(u.ru_utime + u.ru_stime for u in used), sum(u.ru_stime for u in used)

original, last = report.write_report, ["load", (0.0, 0.0), started]

def step(name):
    (cpu, system), wall = spent(), time.perf_counter()
    print(f"stage {last[0]} {cpu - last[1][0]:.2f} {wall - last[2]:.2f} {system - last[1][1]:.2f}",
          file=sys.stderr, flush=True)
    last[:] = [name, (cpu, system), wall]

def timed(*args, progress=None, **options):
    def advance(name):
        step(name)
        if progress:
            progress(name)
    result = original(*args, progress=advance, **options)
    step("")
    return result

report.write_report = timed
sys.argv[0] = "coalitiegraaf"
main()
"""


def staged(*args: str) -> list[str]:
    return [sys.executable, "-c", STAGES, *args]


def timed(args: list[str]) -> tuple[float, float, int, str]:
    """Wall seconds, CPU seconds and peak memory (KiB) of one process, and what it printed."""
    start = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{output}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, output


def pages_of(output: str) -> str:
    last = [line for line in output.splitlines() if line.strip()][-1]
    return last.split(" ", 1)[0]


class Measured(NamedTuple):
    """The runs of one way at one size, each into a folder of its own, and what making a file
    cost just before each."""

    size: int
    way: str
    runs: list[tuple[float, float, int, str]]
    probes: list[float]
    folders: list[Path]


def measure(way: str, size: int, report: Callable[[Path], list[str]], repeat: int, folder: Path) -> Measured:
    """The report ``repeat`` times, each into a new folder under ``folder`` (no run follows a
    removal of this benchmark's: :func:`baselines.creating_files`), each after a look at what
    creating a file costs just then."""
    runs, probes, folders = [], [], []
    folder.mkdir(parents=True)
    for k in range(repeat):
        folders.append(folder / f"report-{k}")
        probes.append(baselines.creating_files(folder))
        runs.append(timed(report(folders[-1])))
    return Measured(size, way, runs, probes, folders)


def shown(measured: Measured, plain: tuple[float, float, int, int],
          removals: list[tuple[float, float]]) -> None:
    """A row per way and size; under it the CPU and wall time of each step (``--stages``), the
    files written in a plain loop and the reports removed as a report removes the one it
    replaces (what replacing an earlier report adds to a run)."""
    runs = measured.runs
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    memory = max(r[2] for r in runs) / 1024
    each = ", ".join(f"{r[0]:.2f}" for r in runs)
    print(f"| {measured.size:,} | {measured.way} | {pages_of(runs[-1][3])} | {wall:.2f} (each run {each}) | "
          f"{cpu:.2f} | {memory:,.0f} |", flush=True)
    probes = ", ".join(f"{p:.0f}" for p in measured.probes)
    print(f"|  | making a file of {baselines.PROBE_BYTES // 1000} kB just before each run: {probes} µs "
          "of CPU |  |  |  |  |", flush=True)
    stages = [line.split()[1:] for line in runs[-1][3].splitlines() if line.startswith("stage ")]
    if stages:
        steps = ", ".join(f"{name} {cpu} / {wall} ({system})" for name, cpu, wall, system in stages)
        print(f"|  | CPU / wall per step (s), and the system's part of the CPU: {steps} |  |  |  |  |",
              flush=True)
    wall, cpu, files, size = plain
    removed_wall = statistics.median(r[0] for r in removals)
    removed_cpu = statistics.median(r[1] for r in removals)
    print(f"|  | its {files:,} files ({size / 1e6:,.0f} MB) written in a plain loop after the runs: "
          f"{wall:.2f} s wall, {cpu:.2f} s CPU; a report removed as one that replaces it removes the old: "
          f"{removed_wall:.2f} s wall, {removed_cpu:.2f} s CPU (median) |  |  |  |  |", flush=True)


def removed(folder: Path) -> tuple[float, float]:
    """Wall and CPU seconds of removing ``folder`` as a report removes the one it replaces."""
    from coalitiegraaf.sources.files import remove_folder

    started, spent = time.perf_counter(), time.process_time()
    remove_folder(folder)
    return time.perf_counter() - started, time.process_time() - spent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(data: Path, folder: Path) -> tuple[subprocess.Popen, str]:
    """An Oxigraph server on loopback holding the shipped graph and ``data``."""
    quads = folder / "dataset.nq"
    extra = ["--data", str(data)] if data.name else []
    subprocess.run(command("export", *extra, "--format", "nq", "--out", str(quads)), check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    location = folder / "oxigraph"
    subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(location), "--file", str(quads)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port = free_port()
    server = subprocess.Popen([str(BIN / "oxigraph"), "serve", "--location", str(location), "--bind",
                               f"127.0.0.1:{port}", "--union-default-graph"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=1).read()
            return server, url
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the Oxigraph server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--endpoint", action="store_true", help="also through an Oxigraph server")
    parser.add_argument("--no-embedded", dest="embedded", action="store_false",
                        help="only through the server (with --endpoint)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--stages", action="store_true",
                        help="also the CPU time of each step of the report (embedded only)")
    parser.add_argument("--generated", type=Path, default=None, metavar="FOLDER",
                        help="take federation-SIZE.nt or fedSIZE.nt from FOLDER where it is there "
                             "(made with the same seed) instead of generating it again")
    options = parser.parse_args()
    print(f"Machine: {baselines.yardstick()}.\n")
    print("| statements | way | pages | wall (s, median) | CPU (s, median) | peak memory (MiB) |")
    print("| ---: | --- | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as temporary:
        measured = [found for size in options.sizes
                    for found in measured_at(size, Path(temporary) / f"size-{size}", options)]
        # only now, when nothing more is timed, what removes files (see baselines.creating_files)
        plain = [baselines.write_like(m.folders[-1], m.folders[-1].with_name("plain")) for m in measured]
        for m, written in zip(measured, plain, strict=True):
            shown(m, written, [removed(folder) for folder in m.folders])


def measured_at(size: int, folder: Path, options: argparse.Namespace) -> list[Measured]:
    """The report of a federation of ``size`` statements (the letter at 0), embedded and through
    an Oxigraph server as ``options`` ask."""
    folder.mkdir(parents=True)
    kept = [options.generated / name for name in (f"federation-{size}.nt", f"fed{size}.nt")
            if options.generated and size and (options.generated / name).is_file()]
    data = kept[0] if kept else folder / f"federation-{size}.nt"
    if size and not kept:
        seed = str(options.seed)
        generate = command("generate", "--out", str(data), "--triples", str(size), "--seed", seed)
        subprocess.run(generate, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    extra = ["--data", str(data)] if size else []
    run = staged if options.stages else command
    found = []
    if options.embedded:
        found.append(measure("embedded (oxigraph)", size,
                             lambda out: run("report", *extra, "--out", str(out)), options.repeat,
                             folder / "embedded"))
    if options.endpoint:
        server, url = serve(data, folder)
        try:
            found.append(measure("endpoint (oxigraph serve)", size,
                                 lambda out: command("--endpoint", url, "report", "--out", str(out)),
                                 options.repeat, folder / "endpoint"))
        finally:
            server.terminate()
            server.wait(timeout=30)
    return found


if __name__ == "__main__":
    main()
