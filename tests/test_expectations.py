"""The expectation set the coordinator analyses are scored against (tests/golden/findings.yaml) is
well formed, quotes the letter verbatim, and names nodes the graph has.

The file's header says how a finding is matched to an item; these tests keep the file such that
the rule is unambiguous (no finding can be both an expected match and a false positive).
"""

from __future__ import annotations

import re
from itertools import permutations
from pathlib import Path

import pytest
import yaml

from tests.conftest import normalised, requires_letter

EXPECTATIONS = Path(__file__).resolve().parent / "golden" / "findings.yaml"

DUPLICATION_KINDS = {"same-aim", "parallel-instrument", "parallel-exploration", "parallel-vision",
                     "reinvented-wheel"}
KINDS = {
    "duplicates": DUPLICATION_KINDS | {"complementary-check"},
    "gaps": {"no-coalition", "coalition-in-formation", "no-plan", "missing-infrastructure",
             "unanswered-barrier", "knowledge-gap", "unaddressed-challenge", "other"},
}
FALSE_BECAUSE = {"complementary", "part-whole", "funder-funded", "distinct-measures", "example-word",
                 "shared-actor-only", "answered-elsewhere", "same-thing", "coordinating-role", "other"}
LISTS = ("expected", "tempting_false")
# The counts the reader reached; any under ten is explained in the file's `fewer_than_ten`.
MINIMUM = {("duplicates", "expected"): 9, ("duplicates", "tempting_false"): 23,
           ("gaps", "expected"): 10, ("gaps", "tempting_false"): 22}
ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PASSAGE = re.compile(r"^(p|fn)([1-9][0-9]*)$")
IRI = re.compile(r"^https://w3id\.org/coalitiegraaf/id/[a-z-]+/[a-zA-Z0-9-]+$")


@pytest.fixture(scope="module")
def expectations() -> dict:
    return yaml.safe_load(EXPECTATIONS.read_text(encoding="utf-8"))


def _items(expectations: dict):
    for analysis in KINDS:
        for kind_of_list in LISTS:
            for item in expectations[analysis][kind_of_list]:
                yield analysis, kind_of_list, item


def _problems(analysis: str, kind_of_list: str, item: dict) -> list[str]:
    """What is wrong with one item, as readable lines (empty when nothing is)."""
    name = item.get("id", "?")
    problems = []
    required = {"id", "kind", "nodes", "evidence", "why_nl", "why_en"}
    required |= {"strength"} if kind_of_list == "expected" else {"false_because"}
    optional = {"other_kind", "accept_kinds", "revised"} if kind_of_list == "expected" else {
        "other_kind", "note", "answered_by", "not_false_kinds"}
    if missing := required - item.keys():
        problems.append(f"{name}: missing {sorted(missing)}")
    if unknown := item.keys() - required - optional:
        problems.append(f"{name}: unknown keys {sorted(unknown)}")
    if not ID.match(str(name)):
        problems.append(f"{name}: id is not kebab-case")
    if item.get("kind") not in KINDS[analysis]:
        problems.append(f"{name}: kind {item.get('kind')!r} is not a {analysis} kind")
    if (item.get("kind") == "other") != bool(item.get("other_kind")):
        problems.append(f"{name}: other_kind is given exactly when kind is other")
    for key in ("accept_kinds", "not_false_kinds"):
        if not set(item.get(key, [])) <= KINDS[analysis]:
            problems.append(f"{name}: {key} names a kind {analysis} does not have")
    if kind_of_list == "expected" and item.get("strength") not in {"strong", "medium"}:
        problems.append(f"{name}: strength is strong or medium")
    if kind_of_list == "tempting_false":
        reason = item.get("false_because")
        if reason not in FALSE_BECAUSE:
            problems.append(f"{name}: false_because {reason!r} is not a known reason")
        if (reason == "other") != bool(item.get("note")):
            problems.append(f"{name}: a note is given exactly when false_because is other")
        cited = {e.get("passage") for e in item.get("evidence", [])}
        answered_by = item.get("answered_by", [])
        if (reason == "answered-elsewhere") != bool(answered_by) or not set(answered_by) <= cited:
            problems.append(f"{name}: answered-elsewhere needs answered_by, each passage also in evidence")
    nodes = item.get("nodes") or []
    if not 1 <= len(nodes) <= 2:
        problems.append(f"{name}: one or two ends")
    for end in nodes:
        if not end.get("label") or not isinstance(end.get("match"), list):
            problems.append(f"{name}: every end has a label and a match list")
        elif not end["match"] and not (end.get("in_graph") is False and end.get("proposed_iri")):
            problems.append(f"{name}: an end without match is in_graph: false with a proposed_iri")
        elif end.get("in_graph") is False and end["match"]:
            problems.append(f"{name}: an end that is not in the graph matches nothing yet")
        iris = list(end.get("match") or []) + ([end["proposed_iri"]] if "proposed_iri" in end else [])
        for iri in iris:
            if not IRI.match(iri):
                problems.append(f"{name}: {iri} does not follow the project's IRI pattern")
    evidence = item.get("evidence") or []
    if len(evidence) < len(nodes):
        problems.append(f"{name}: evidence for each end")
    for entry in evidence:
        if not PASSAGE.match(str(entry.get("passage"))) or not str(entry.get("quote", "")).strip():
            problems.append(f"{name}: evidence {entry!r} needs a passage id (p12, fn3) and a quote")
    for language in ("why_nl", "why_en"):
        if not str(item.get(language, "")).strip():
            problems.append(f"{name}: {language} is empty")
    return problems


def test_every_item_is_well_formed(expectations):
    problems = [line for analysis, kind_of_list, item in _items(expectations)
                for line in _problems(analysis, kind_of_list, item)]
    assert problems == []


def test_ids_are_unique(expectations):
    ids = [item["id"] for _, _, item in _items(expectations)]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_each_list_holds_at_least_the_counts_reached(expectations):
    for (analysis, kind_of_list), minimum in MINIMUM.items():
        items = expectations[analysis][kind_of_list]
        assert len(items) >= minimum, (analysis, kind_of_list)
        if len(items) < 10:
            reason = expectations.get("fewer_than_ten", {}).get(f"{analysis}.{kind_of_list}", "")
            assert reason.strip(), f"{analysis}.{kind_of_list} has fewer than ten items and no reason"


def test_strong_items_exist_for_recall(expectations):
    for analysis in KINDS:
        assert any(item["strength"] == "strong" for item in expectations[analysis]["expected"])


def _accepted_kinds(analysis: str, item: dict) -> set[str]:
    if analysis == "duplicates":
        return {"complementary-check"} if item["kind"] == "complementary-check" else DUPLICATION_KINDS
    return {item["kind"], *item.get("accept_kinds", [])}


def _same_ends(a: dict, b: dict) -> bool:
    """Whether one finding could match every end of ``a`` and of ``b``."""
    ends_a = [set(end["match"]) for end in a["nodes"]]
    ends_b = [set(end["match"]) for end in b["nodes"]]
    return len(ends_a) == len(ends_b) and any(
        all(x & y for x, y in zip(ends_a, order, strict=True)) for order in permutations(ends_b))


def test_no_finding_can_be_both_expected_and_false(expectations):
    clashes = []
    for analysis in KINDS:
        for wanted in expectations[analysis]["expected"]:
            for trap in expectations[analysis]["tempting_false"]:
                allowed = set(trap.get("not_false_kinds", []))
                if _same_ends(wanted, trap) and not _accepted_kinds(analysis, wanted) <= allowed:
                    clashes.append((wanted["id"], trap["id"]))
    assert clashes == []


def test_every_matched_iri_is_in_the_graph(expectations, memory_store):
    subjects = {str(s) for s, _, _, _ in memory_store.dataset().quads((None, None, None, None))}
    missing = [(item["id"], iri) for _, _, item in _items(expectations)
               for end in item["nodes"] for iri in end["match"] if iri not in subjects]
    assert missing == []


def test_proposed_iris_are_new_to_the_graph(expectations, memory_store):
    subjects = {str(s) for s, _, _, _ in memory_store.dataset().quads((None, None, None, None))}
    proposed = [end["proposed_iri"] for _, _, item in _items(expectations)
                for end in item["nodes"] if "proposed_iri" in end]
    assert [iri for iri in proposed if iri in subjects] == []


@requires_letter
def test_every_quote_is_verbatim_in_its_passage(expectations, letter_passages):
    missing = []
    for _, _, item in _items(expectations):
        for entry in item["evidence"]:
            prefix, number = PASSAGE.match(entry["passage"]).groups()
            found = letter_passages.get(("paragraph" if prefix == "p" else "footnote", int(number)))
            if found is None or normalised(entry["quote"]) not in normalised(found.text):
                missing.append((item["id"], entry["passage"], entry["quote"]))
    assert missing == []
