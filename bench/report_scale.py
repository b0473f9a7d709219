"""The report of a generated federation, as a user runs it: a new process each time, on the data
loaded in this process (embedded) and, with --endpoint, on the same data held by an Oxigraph
server (``oxigraph serve``, the data loaded with ``oxigraph load``), read through
``coalitiegraaf --endpoint``.

    python bench/report_scale.py --sizes 100000 1000000 --repeat 3 --endpoint

Prints, per size and way, the median wall time, the median CPU time of the report's process
(on a shared machine the wall time also counts the waiting) and its peak memory, and the pages
written; and the time of writing the same files in a plain loop after each run, the file
system's share that day (``baselines.write_like``). The letter itself is ``--sizes 0``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

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


def measure(name: str, size: int, args: list[str], repeat: int, out: Path) -> None:
    """The report ``repeat`` times, each followed by its files written again in a plain loop
    (:func:`baselines.write_like`): how much of the last step is the file system's that day."""
    runs, plain = [], []
    for _ in range(repeat):
        runs.append(timed(args))
        plain.append(baselines.write_like(out, out.with_name("plain")))
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    memory = max(r[2] for r in runs) / 1024
    pages = pages_of(runs[-1][3])
    print(f"| {size:,} | {name} | {pages} | {wall:.2f} | {cpu:.2f} | {memory:,.0f} |", flush=True)
    stages = [line.split()[1:] for line in runs[-1][3].splitlines() if line.startswith("stage ")]
    if stages:
        shown = ", ".join(f"{name} {cpu} / {wall} ({system})" for name, cpu, wall, system in stages)
        print(f"|  | CPU / wall per step (s), and the system's part of the CPU: {shown} |  |  |  |  |",
              flush=True)
    files, size = plain[-1][3:]
    wall, cpu, removal = (statistics.median(p[k] for p in plain) for k in (0, 1, 2))
    each = ", ".join(f"{p[1]:.2f}" for p in plain)
    print(f"|  | its {files:,} files ({size / 1e6:,.0f} MB) written in a plain loop: {wall:.2f} s wall, "
          f"{cpu:.2f} s CPU (median; each run {each}), removed again {removal:.2f} s CPU |  |  |  |  |",
          flush=True)


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
    for size in options.sizes:
        with tempfile.TemporaryDirectory() as temporary:
            folder = Path(temporary)
            data = Path()
            kept = [options.generated / name for name in (f"federation-{size}.nt", f"fed{size}.nt")
                    if options.generated and size and (options.generated / name).is_file()]
            if kept:
                data = kept[0]
            elif size:
                data = folder / f"federation-{size}.nt"
                subprocess.run(command("generate", "--out", str(data), "--triples", str(size), "--seed",
                                       str(options.seed)), check=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
            extra = ["--data", str(data)] if size else []
            run = staged if options.stages else command
            report = run("report", *extra, "--out", str(folder / "report"))
            if options.embedded:
                measure("embedded (oxigraph)", size, report, options.repeat, folder / "report")
            if options.endpoint:
                server, url = serve(data, folder)
                try:
                    report = command("--endpoint", url, "report", "--out", str(folder / "report"))
                    measure("endpoint (oxigraph serve)", size, report, options.repeat, folder / "report")
                finally:
                    server.terminate()
                    server.wait(timeout=30)
            shutil.rmtree(folder / "report", ignore_errors=True)


if __name__ == "__main__":
    main()
