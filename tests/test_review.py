"""Every statement of the graph is as strong as the letter's words, and the review says so.

graph/kst-26643-1055/review.csv records the review of the graph against the letter, paragraph
by paragraph: per membership, status, dependency and typed node its verdict (kept, changed,
removed, added), what it is (class, role, relation or status), its support and whether its
quote carries it alone, and why where it changed. These tests hold the graph to that record.
"""

from __future__ import annotations

import csv
from collections import Counter

import pytest
from rdflib import RDF, URIRef
from rdflib.namespace import SKOS

from coalitiegraaf.store.namespaces import CG
from tests.conftest import ID, LETTER_GRAPH, ROOT

REVIEW = ROOT / "graph" / "kst-26643-1055" / "review.csv"
ORG = "http://www.w3.org/ns/org#"
SUPPORT = ID + "support/"
VERDICTS = {"kept", "changed", "removed", "added"}
DEFECTS = {"pairing", "talk", "role", "contact", "citation", "quote", "typing", "missing", "isolated",
           "support", "semantics", "other"}
# classes whose members are statements or structure, reviewed as statements or not at all
NOT_NODES = {CG.Passage, CG.Paragraph, CG.Footnote, CG.Section, CG.Evidence, CG.Membership, CG.Dependency}


@pytest.fixture(scope="module")
def review() -> list[dict[str, str]]:
    with REVIEW.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def graph(memory_store):
    return memory_store.dataset().graph(LETTER_GRAPH)


def _iri(path: str) -> URIRef:
    return URIRef(ID + path)


def _short(term) -> str:
    text = str(term)
    for prefix, name in ((str(CG), "cg:"), ("http://www.w3.org/2004/02/skos/core#", "skos:")):
        if text.startswith(prefix):
            return name + text[len(prefix):]
    return text.removeprefix(ID)


def _current(graph) -> dict[tuple[str, str], dict[str, object]]:
    """Every membership, dependency, status and typed node of the graph, as the review keys them."""
    found = {}
    for m in graph.subjects(RDF.type, CG.Membership):
        found["membership", _short(m)] = {"value": _short(graph.value(m, URIRef(ORG + "role"))).removeprefix("role/"),
                                          "support": graph.value(m, CG.support), "holder": m}
    for d in graph.subjects(RDF.type, CG.Dependency):
        found["dependency", _short(d)] = {"value": _short(graph.value(d, CG.relation)).removeprefix("cg:"),
                                          "support": graph.value(d, CG.support), "holder": d}
    for org, status in graph.subject_objects(CG.status):
        evidence = graph.value(org, CG.statusEvidence)
        found["status", _short(org)] = {"value": _short(status).removeprefix("status/"),
                                        "support": graph.value(evidence, CG.support) if evidence else None,
                                        "holder": evidence}
    for node in set(graph.subjects(RDF.type, None)):
        types = set(graph.objects(node, RDF.type))
        if isinstance(node, URIRef) and str(node).startswith(ID) and not types & NOT_NODES:
            found["node", _short(node)] = {"value": " ".join(sorted(_short(t) for t in types)),
                                           "support": None, "holder": node}
    return found


def test_the_review_is_well_formed(review):
    assert Counter((row["kind"], row["statement"]) for row in review).most_common(1)[0][1] == 1
    for row in review:
        assert None not in row, row  # a field with an unquoted comma runs into a ninth column
        assert row["verdict"] in VERDICTS, row
        assert row["kind"] in {"node", "status", "membership", "dependency"}, row
        if row["verdict"] != "kept":
            assert row["defect"] in DEFECTS and row["why"], row
        if row["kind"] != "node" and row["verdict"] != "removed":
            assert row["support"] in {"stated", "implied", "intended"}, row
            assert row["quote_alone"] in {"yes", "no"}, row


def test_every_statement_has_a_review_verdict(graph, review):
    reviewed = {(row["kind"], row["statement"]) for row in review if row["verdict"] != "removed"}
    assert sorted(set(_current(graph)) - reviewed) == []


def test_the_graph_is_what_the_review_says(graph, review):
    current = _current(graph)
    wrong = []
    for row in review:
        key = (row["kind"], row["statement"])
        if row["verdict"] == "removed":
            if key in current or (row["kind"] != "status" and (_iri(row["statement"]), None, None) in graph):
                wrong.append((key, "still in the graph"))
            continue
        found = current.get(key)
        if found is None:
            wrong.append((key, "not in the graph"))
        elif found["value"] != row["value"]:
            wrong.append((key, f"is {found['value']}, the review says {row['value']}"))
        elif row["kind"] != "node" and found["support"] != URIRef(SUPPORT + row["support"]):
            wrong.append((key, f"support {found['support']}, the review says {row['support']}"))
    assert wrong == []


def test_every_membership_dependency_and_status_has_a_support(graph):
    lacking = [key for key, found in _current(graph).items()
               if key[0] != "node" and found["support"] not in {URIRef(SUPPORT + s) for s in ("stated", "implied", "intended")}]
    assert lacking == []


def test_an_implied_statement_says_from_what(graph):
    implied = {s for s in graph.subjects(CG.support, URIRef(SUPPORT + "implied"))}
    assert implied
    assert sorted(str(s) for s in implied if graph.value(s, CG.supportNote) is None) == []


def test_a_quote_that_does_not_carry_its_claim_has_a_second_passage(graph, review):
    current = _current(graph)
    lone = [row["statement"] for row in review
            if row["quote_alone"] == "no" and row["verdict"] != "removed"
            and (current[row["kind"], row["statement"]]["holder"], CG.evidence, None) not in graph]
    assert lone == []


def test_talks_and_intentions_are_intended_never_stated(graph):
    considers = {CG.considers, CG.inTalksWith, CG.explores, CG.intendsToCooperateWith}
    talks = [d for d in graph.subjects(RDF.type, CG.Dependency) if graph.value(d, CG.relation) in considers]
    assert len(talks) >= 4
    assert {graph.value(d, CG.support) for d in talks} == {URIRef(SUPPORT + "intended")}


def test_the_review_covers_the_classes_of_defect_of_issue_16(review):
    defects = {row["defect"] for row in review if row["verdict"] != "kept"}
    assert {"pairing", "talk", "role", "contact", "citation", "quote", "typing", "missing"} <= defects


def test_the_support_scheme_has_a_written_rule_per_concept(memory_store):
    ontology = memory_store.dataset().graph(URIRef("https://w3id.org/coalitiegraaf/graph/ontology"))
    concepts = set(ontology.subjects(SKOS.inScheme, _iri("scheme/support")))
    assert {_short(c) for c in concepts} == {"support/stated", "support/implied", "support/intended"}
    for concept in concepts:
        assert {d.language for d in ontology.objects(concept, SKOS.definition)} == {"nl", "en"}
