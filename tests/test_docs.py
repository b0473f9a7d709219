"""The README tells the truth: its diagram and its counts are what the code generates."""

from __future__ import annotations

import re

import pytest

from coalitiegraaf.analysis.statistics import stats
from coalitiegraaf.publish.diagram import mermaid
from coalitiegraaf.store.namespaces import ONTOLOGY_GRAPH
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_diagram_is_generated_from_the_ontology(memory_store):
    block = re.search(r"```mermaid\n(.*?)```", README, re.DOTALL)
    assert block is not None
    assert block.group(1) == mermaid(memory_store.dataset().graph(ONTOLOGY_GRAPH))


def test_the_counts_per_class_are_current(memory_store):
    table = dict(re.findall(r"^\| `([a-z]+:\w+)` \| (\d+) \|$", README, re.MULTILINE))
    assert {name: int(count) for name, count in table.items()} == stats(memory_store).per_class


def quick_start_commands() -> list[str]:
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)\n```", quick_start, re.DOTALL)


def test_the_quick_start_has_two_commands_each_in_its_own_virtual_environment():
    report, tests = quick_start_commands()
    assert report.startswith("python3 -m venv .venv && ") and report.endswith("coalitiegraaf report")
    assert tests.startswith("python3 -m venv .venv && ") and tests.endswith("pytest")


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "findall" in ci and "[1])" in ci, ".ci/run must take its test command from the README"



def test_the_python_example_runs_as_written():
    import ast

    block = re.search(r"```python\n(.*?)```", README, re.DOTALL).group(1)
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), namespace)
    shown = re.search(r"result\.records\(\)\[0\]\s+# (\{.*\})", block).group(1)
    assert namespace["result"].records()[0] == ast.literal_eval(shown)
    assert namespace["result"].to_dataframe()["members"].iloc[0] == ast.literal_eval(shown)["members"]


@pytest.mark.slow
def test_the_serve_example_answers_as_shown(tmp_path):
    import shutil
    import subprocess
    import sys

    from coalitiegraaf.project import load
    from tests.conftest import free_port

    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    block = README.split("**Serve.**", 1)[1]
    serve, ask = re.search(r"```sh\n(.*?)\n```", block, re.DOTALL).group(1).splitlines()
    port = str(free_port())
    assert serve == "coalitiegraaf serve &"
    server = subprocess.Popen([sys.executable, "-m", "coalitiegraaf", "serve", "--port", port],
                              stderr=subprocess.PIPE, text=True)
    try:
        server.stderr.readline()  # the line that says it is serving
        answer = subprocess.run(ask.replace("7878", port), shell=True, capture_output=True, text=True, timeout=60)
        assert answer.stdout.splitlines() == ["n", str(len(load()))]
    finally:
        server.terminate()
        server.wait(timeout=15)
        server.stderr.close()

