"""The README tells the truth: its diagram and its counts are what the code generates."""

from __future__ import annotations

import re

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


def test_the_quick_start_has_two_commands():
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", quick_start, re.DOTALL)
    assert commands == ['pip install . && coalitiegraaf report',
                        'pip install -e ".[test]" && pytest']
