"""The coordinator analyses scored against the independent reader's expectation set
(tests/golden/findings.yaml), by the rules in its header; precision and recall are printed.

A finding claims a link between its subject and each of its other nodes (a complementarity
check names one coalition and the initiatives it complements, a warning of reinvented wheels the
tracks it concerns); it matches an item when one such pair fills the item's two ends (or, for an
item with one end, when any node it concerns fills it) and its kind is one the item accepts.
A finding that matches a tempting-false item is a false positive unless its kind is one the item
names in ``not_false_kinds``. Thresholds (issue 15): duplicates find at least 80 % of the strong
expected items with at most 10 % of their findings false; gaps find at least 80 % of the strong
expected items with at most one false gap.
"""

from __future__ import annotations

from itertools import permutations

import pytest

from coalitiegraaf import analysis
from tests.test_expectations import DUPLICATION_KINDS, EXPECTATIONS

THRESHOLDS = {"duplicates": {"recall": 0.8, "false_share": 0.10},
              "gaps": {"recall": 0.8, "false_count": 1}}


@pytest.fixture(scope="module")
def expectations() -> dict:
    import yaml

    return yaml.safe_load(EXPECTATIONS.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def found(memory_store) -> dict[str, list[analysis.Finding]]:
    facts = analysis.collect(memory_store)
    return {"duplicates": analysis.duplicates(facts), "gaps": analysis.gaps(facts)}


def _fills(finding: analysis.Finding, ends: list[set[str]]) -> bool:
    """Whether the finding's claimed nodes fill every end, each end by a distinct node."""
    if len(ends) == 1:
        return bool(set(finding.nodes) & ends[0])
    pairs = [(finding.subject, other) for other in finding.nodes[1:]]
    return any(all(node in end for node, end in zip(order, ends, strict=True))
               for pair in pairs for order in permutations(pair))


def _kinds(name: str, item: dict) -> set[str]:
    if name == "duplicates":
        return {"complementary-check"} if item["kind"] == "complementary-check" else DUPLICATION_KINDS
    return {item["kind"], *item.get("accept_kinds", [])}


def _matches(finding: analysis.Finding, item: dict) -> bool:
    return _fills(finding, [set(end["match"]) for end in item["nodes"]])


def score(name: str, findings: list[analysis.Finding], expectations: dict) -> dict:
    """Recall on the strong expected items, the false positives, and precision."""
    expected, traps = expectations[name]["expected"], expectations[name]["tempting_false"]
    strong = [item for item in expected if item["strength"] == "strong"]
    hit = [item["id"] for item in strong
           if any(f.kind in _kinds(name, item) and _matches(f, item) for f in findings)]
    false = [(f.kind, f.subject_label, trap["id"]) for f in findings for trap in traps
             if _matches(f, trap) and f.kind not in trap.get("not_false_kinds", [])]
    true = [f for f in findings if any(f.kind in _kinds(name, item) and _matches(f, item) for item in expected)]
    return {"findings": len(findings), "strong": len(strong), "strong_found": len(hit),
            "recall": len(hit) / len(strong), "false": false,
            "precision": len(true) / len(findings) if findings else 1.0,
            "missed": sorted({item["id"] for item in strong} - set(hit))}


@pytest.mark.parametrize("name", ["duplicates", "gaps"])
def test_the_analysis_meets_its_thresholds(name, found, expectations, capsys):
    result = score(name, found[name], expectations)
    with capsys.disabled():
        print(f"\n{name}: {result['findings']} findings; recall on strong expected items "
              f"{result['strong_found']}/{result['strong']} = {result['recall']:.0%}; precision (findings "
              f"matching an expected item) {result['precision']:.0%}; false positives {len(result['false'])}"
              + (f"; missed {', '.join(result['missed'])}" if result["missed"] else ""))
    assert result["recall"] >= THRESHOLDS[name]["recall"], result["missed"]
    if name == "duplicates":
        assert len(result["false"]) <= THRESHOLDS[name]["false_share"] * result["findings"], result["false"]
    else:
        assert len(result["false"]) <= THRESHOLDS[name]["false_count"], result["false"]


@pytest.mark.parametrize("name", ["duplicates", "gaps"])
def test_every_finding_has_evidence_and_a_sentence_in_both_languages(name, found):
    for finding in found[name]:
        assert finding.evidence and all(e.passage and e.quote for e in finding.evidence), finding
        assert finding.sentence.get("nl") and finding.sentence.get("en"), finding
        assert finding.strength in ("strong", "medium"), finding


def test_the_scoring_tells_a_false_positive_from_a_match(expectations):
    """The scoring itself: the finding the issue names as noise counts as false, and a stated
    complementarity reported as such does not."""
    def finding(kind, *nodes):
        return analysis.Finding("duplicates", nodes[0], "", nodes=nodes, kind=kind)

    noise = finding("same-aim", "https://w3id.org/coalitiegraaf/id/initiative/nolai",
                    "https://w3id.org/coalitiegraaf/id/initiative/visietraject-generatieve-ai")
    check = finding("complementary-check", "https://w3id.org/coalitiegraaf/id/coalition/ai-in-actie",
                    "https://w3id.org/coalitiegraaf/id/initiative/robust-programma")
    assert score("duplicates", [noise], expectations)["false"]
    assert score("duplicates", [check], expectations)["false"] == []
    assert score("duplicates", [check], expectations)["precision"] == 1.0
