"""The benchmarks' arithmetic: the median of several rounds, and each target judged again on it."""

import importlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.append(str(Path(__file__).parent.parent / "bench"))
scale = importlib.import_module("scale")
baselines = importlib.import_module("baselines")

RAW = "raw pyoxigraph query"


def measured(size: int, seconds: float, base: float, peak: int) -> dict:
    return {"size": size, "kind": "size", "answers": {"themes": 4}, "note": "",
            "rows": [("query themes", seconds, RAW, base, "ratio ≤ 1.5", "met", peak)]}


SMALL = [measured(100, 1.0, 1.0, 10), measured(100, 2.0, 1.0, 12), measured(100, 1.5, 1.2, 11)]
LARGE = [measured(1000, 12.0, 10.0, 20), measured(1000, 18.0, 11.0, 25), measured(1000, 20.0, 12.0, 22)]


def test_rounds_give_each_figure_its_median_and_judge_the_ratio_again():
    small, large = scale.merged(SMALL), scale.merged(LARGE)
    # 1.5 s against 1.0 s: within 1.5; 18 s against 11 s is 1.64, over it, though every
    # round but one was within it on its own (12/10, 20/12)
    assert small["rows"] == [("query themes", 1.5, RAW, 1.0, "ratio ≤ 1.5", "met", 12)]
    assert large["rows"] == [("query themes", 18.0, RAW, 11.0, "ratio ≤ 1.5", "not met", 25)]
    assert small["note"] == "the median of 3 rounds"


def test_a_round_that_did_not_finish_leaves_the_step_unfinished():
    unfinished = measured(100, None, 1.0, 10)
    merged = scale.merged([SMALL[0], unfinished])
    assert merged["rows"][0][1] is None and merged["rows"][0][5] == "not met (did not finish)"


def test_the_peak_memory_row_has_no_time_and_is_not_said_unfinished(capsys):
    rows = scale.Rows(10_000_000)
    rows.add("peak memory (MiB; 147 communities)", None, "", None, "≤ 12,288 MiB", "met")
    rows.add("analysis: communities", None)
    printed = capsys.readouterr().err.splitlines()
    assert "did not finish" not in printed[0] and printed[0].endswith(" met")
    assert "did not finish" in printed[1]
    table = scale.table({"size": 10_000_000, "rows": list(rows)})
    assert "| peak memory (MiB; 147 communities) |  |  |" in table
    assert "| analysis: communities | did not finish |" in table


def test_growth_of_the_medians_with_the_rounds_own_beside_it():
    table = scale.growth(SMALL, LARGE)
    # the medians: 18 / 1.5 = 12.0; the rounds: 12/1, 18/2, 20/1.5; raw 11 / 1.0; 10 × the data
    assert "| themes | 12.0 | 9.0–13.3 | 11.0 |  | 4 → 4 | 1.0 | 12.0 | ≤ 15 | met |" in table


def test_one_round_is_taken_as_it_is():
    assert scale.merged(SMALL[:1]) is SMALL[0]


@pytest.mark.parametrize("counted", [scale.STORE_STEP + "org:member", scale.STORE_ROWS_STEP + "org:member"])
def test_the_stores_own_counts_and_rows_grow_beside_the_queries_and_are_not_judged(counted):

    def with_count(result: dict, seconds: float, quads: int) -> dict:
        return {**result, "rows": [*result["rows"], (counted, seconds, "", None, "", "", 10)],
                "answers": {**result["answers"], counted: quads}}

    table = scale.growth([with_count(SMALL[0], 0.002, 5_474)], [with_count(LARGE[0], 0.046, 55_031)])
    # 0.046 / 0.002 = 23.0 for 55,031 / 5,474 = 10.1 times the quads: 2.3 a quad
    assert (f"| {counted} | 23.0 |  |  |  | 5,474 → 55,031 | 10.1 | 2.3 | ≤ 15 | "
            "the store's own, not judged |") in table


def test_the_report_benchmark_removes_nothing_before_its_last_run(tmp_path):
    """Each run of ``report_scale.py`` writes into a folder of its own, and every folder is still
    there when the next run starts: on an ext4 without a journal, files made within a minute of
    removing tens of thousands take 5 to 15 times as long (BENCHMARKS.md, round twelve)."""
    report_scale = importlib.import_module("report_scale")
    seen: list[list[str]] = []

    def report(out: Path) -> list[str]:
        # what the folder holds when this run starts: the earlier runs' reports, kept
        seen.append(sorted(p.name for p in out.parent.glob("report-*")))
        return report_scale.command("report", "--out", str(out))

    found = report_scale.measure("embedded (oxigraph)", 0, report, 3, tmp_path / "embedded")
    assert seen == [[], ["report-0"], ["report-0", "report-1"]]
    assert [f.name for f in found.folders] == ["report-0", "report-1", "report-2"]
    assert all((f / "index.html").is_file() for f in found.folders)
    assert len(found.probes) == 3 and all(p > 0 for p in found.probes)
    # the probe's files are kept as well: removing them would slow the next run's
    probes = list((tmp_path / "embedded").glob("probe-*"))
    assert len(probes) == 3 and all(len(list(p.iterdir())) == report_scale.baselines.PROBE_FILES for p in probes)


def test_what_the_benchmarks_and_their_processes_write_is_removed_after_the_last_measurement(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again, as a new process does
    made = "import pathlib, tempfile; f = pathlib.Path(tempfile.mkdtemp()) / 'data.nt'; f.write_text('x'); print(f)"
    with baselines.scratch_folder("coalitiegraaf-scale-") as folder:
        # a process the benchmark starts, as scale.py and run.py start one per size
        child = Path(subprocess.run([sys.executable, "-c", made], capture_output=True, text=True,
                                    check=True).stdout.strip())
        here = Path(tempfile.mkdtemp())
        assert folder.parent == tmp_path and child.is_relative_to(folder) and here.is_relative_to(folder)
        assert child.read_text() == "x"
    assert not folder.exists() and not child.exists()
    assert os.environ["TMPDIR"] == str(tmp_path) and tempfile.gettempdir() == str(tmp_path)


def test_the_baseline_runs_the_look_ups_the_catalogue_runs(oxigraph_store):
    # raw pyoxigraph is given the texts catalogue.run runs: a name as written is looked up in
    # the store's index alone; a name written otherwise by find-node as well
    from coalitiegraaf import catalogue

    describe = catalogue.get("describe")
    as_written = baselines.query_texts(oxigraph_store, describe, {"node": "VNG"})
    otherwise = baselines.query_texts(oxigraph_store, describe, {"node": "vng"})
    assert len(as_written) == 2 and len(otherwise) == 3
    raw = oxigraph_store._store
    found = [str(row[0].value) for row in raw.query(as_written[0], use_default_graph_as_union=True)]
    assert found == ["https://w3id.org/coalitiegraaf/id/actor/vng"]
    assert [len(list(raw.query(text, use_default_graph_as_union=True))) for text in as_written[1:]] == [
        len(catalogue.run(oxigraph_store, describe, {"node": "VNG"}).rows)]
