"""Every shape catches a small broken fixture, and the real graph passes with only real gaps.

The fixture holds one broken node per shape; one validation run serves all the cases. The
real graph's warnings and infos are the agenda's gaps and the letter's citation slips, each
checked against the letter.
"""

from __future__ import annotations

import pytest

from coalitiegraaf.project import load
from coalitiegraaf.validation.validator import validate
from tests.conftest import FIXTURES, ID

SH = "https://w3id.org/coalitiegraaf/shapes#"

# (shape, focus node, property, constraint component, severity)
CASES = [
    ("EvidenceShape", "actor/no-evidence", "cg:sourcePassage", "MinCountConstraintComponent", "violation"),
    ("EvidenceShape", "actor/long-quote", "cg:quote", "MaxLengthConstraintComponent", "violation"),
    ("PassageShape", "passage/no-number", "cg:number", "MinCountConstraintComponent", "violation"),
    ("IriPatternShape", "https://example.org/Actor_1", "", "PatternConstraintComponent", "violation"),
    ("DutchLabelShape", "actor/english-only", "skos:prefLabel", "QualifiedMinCountConstraintComponent", "violation"),
    ("ActorShape", "actor/bad-type", "cg:actorType", "NodeConstraintComponent", "violation"),
    ("ActorShape", "actor/bad-type", "owl:sameAs", "PatternConstraintComponent", "violation"),
    ("OfficeShape", "actor/office-held-by-organisation", "org:heldBy", "ClassConstraintComponent", "violation"),
    ("CoalitionShape", "coalition/two-statuses", "cg:status", "MaxCountConstraintComponent", "violation"),
    ("CoalitionShape", "coalition/two-statuses", "cg:theme", "ClassConstraintComponent", "violation"),
    ("CollaborationShape", "collaboration/orphan", "^cg:hasCollaboration", "MinCountConstraintComponent", "violation"),
    ("MembershipShape", "membership/no-role", "org:role", "MinCountConstraintComponent", "violation"),
    ("ActionLineShape", "action-line/bad-deadline", "cg:deadline", "DatatypeConstraintComponent", "violation"),
    ("DependencyShape", "dependency/bad-relation", "cg:relation", "NodeConstraintComponent", "violation"),
    ("DependencyShape", "dependency/bad-relation", "cg:to", "NodeConstraintComponent", "violation"),
    ("ReferenceShape", "initiative/wrong-challenge", "cg:challenge", "ClassConstraintComponent", "violation"),
    ("ScenarioShape", "scenario/same-axis", "", "SPARQLConstraintComponent", "violation"),
    ("CertaintyShape", "certainty/nowhere", "cg:holdsIn", "MinCountConstraintComponent", "violation"),
    ("PolicyDocumentShape", "document/bad-date", "dcterms:date", "DatatypeConstraintComponent", "violation"),
    ("PolicyDocumentShape", "document/same-as-page", "owl:sameAs", "SPARQLConstraintComponent", "violation"),
    ("EvidencePieceShape", "evidence/two-passages", "cg:sourcePassage", "MaxCountConstraintComponent", "violation"),
    ("SupportShape", "dependency/unknown-support", "cg:support", "InConstraintComponent", "violation"),
    ("SupportShape", "dependency/bad-relation", "cg:support", "MinCountConstraintComponent", "warning"),
    ("TalkSupportShape", "dependency/talk-as-stated", "cg:support", "SPARQLConstraintComponent", "violation"),
    ("StatusEvidenceShape", "collaboration/orphan", "cg:statusEvidence", "ClassConstraintComponent", "violation"),
    ("StatusEvidenceShape", "coalition/two-statuses", "cg:statusEvidence", "MinCountConstraintComponent", "warning"),
    ("ParliamentaryPaperShape", "document/kst-26-643-1", "cg:dossierNumber", "PatternConstraintComponent", "violation"),
    ("ParliamentaryPaperShape", "document/kst-26-643-1", "cg:vergaderjaar", "SPARQLConstraintComponent", "violation"),
    ("ParliamentaryPaperShape", "document/kst-26-643-1", "cg:koopId", "SPARQLConstraintComponent", "violation"),
    ("GazettePublicationShape", "document/stcrt", "cg:koopId", "PatternConstraintComponent", "violation"),
    ("CitedVergaderjaarShape", "document/kst-26-643-1", "cg:citedVergaderjaar", "SPARQLConstraintComponent", "warning"),
    ("CitedDateInYearShape", "document/kst-26-643-1", "dcterms:date", "SPARQLConstraintComponent", "warning"),
    ("CitedChamberShape", "document/kst-26-643-1", "cg:citationText", "SPARQLConstraintComponent", "info"),
    ("CitedPaperDetailsShape", "document/kst-99999-1", "cg:citationText", "SPARQLConstraintComponent", "info"),
    ("CoalitionPartnersGap", "coalition/two-statuses", "", "SPARQLConstraintComponent", "warning"),
    ("CoordinatorGap", "collaboration/orphan", "", "SPARQLConstraintComponent", "warning"),
    ("ActionLinesGap", "coalition/two-statuses", "cg:hasActionLine", "MinCountConstraintComponent", "warning"),
    ("ThemeCoalitionGap", "theme/without-coalition", "", "SPARQLConstraintComponent", "warning"),
    ("ActionLinePlanGap", "action-line/no-plan", "cg:owner", "MinCountConstraintComponent", "warning"),
    ("ActionLinePlanGap", "action-line/no-plan", "cg:milestone", "MinCountConstraintComponent", "warning"),
    ("ActionLinePlanGap", "action-line/no-plan", "cg:deadline", "MinCountConstraintComponent", "warning"),
    ("ActionLinePlanGap", "action-line/no-plan", "cg:concreteGoal", "MinCountConstraintComponent", "warning"),
    ("CertaintyAddressedGap", "certainty/nowhere", "", "SPARQLConstraintComponent", "warning"),
    ("BarrierResponseGap", "barrier/unanswered", "", "SPARQLConstraintComponent", "warning"),
    ("EnglishLabelGap", "topic/dutch-only", "skos:prefLabel", "QualifiedMinCountConstraintComponent", "info"),
]


def _key(finding) -> tuple[str, str, str, str, str]:
    return (finding.shape.removeprefix(SH), finding.focus.removeprefix(ID), finding.path,
            finding.component, finding.severity)


@pytest.fixture(scope="module")
def broken_findings() -> set[tuple[str, str, str, str, str]]:
    store = load([FIXTURES / "shapes" / "broken.ttl"], include_shipped=False)
    return {_key(f) for f in validate(store).findings}


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}-{c[2] or c[3]}" for c in CASES])
def test_each_shape_catches_its_broken_fixture(broken_findings, case):
    assert case in broken_findings


def test_every_shape_has_a_case():
    from rdflib import RDF, URIRef
    from rdflib.namespace import SH as SHACL

    from coalitiegraaf.validation.validator import shapes_graph

    node_shapes = {str(s).removeprefix(SH) for s in shapes_graph().subjects(RDF.type, SHACL.NodeShape)
                   if isinstance(s, URIRef)}
    assert node_shapes == {case[0] for case in CASES}


def test_every_shape_has_names_and_messages_in_both_languages():
    from rdflib import RDF, URIRef
    from rdflib.namespace import SH as SHACL

    from coalitiegraaf.validation.validator import shapes_graph

    shapes = shapes_graph()
    lacking = []
    for shape in shapes.subjects(RDF.type, SHACL.NodeShape):
        if not isinstance(shape, URIRef):
            continue
        for prop in (SHACL.name, SHACL.description):
            if {o.language for o in shapes.objects(shape, prop)} != {"nl", "en"}:
                lacking.append((str(shape), str(prop)))
    for holder in set(shapes.subjects(SHACL.message, None)):
        if {o.language for o in shapes.objects(holder, SHACL.message)} != {"nl", "en"}:
            lacking.append((str(holder), "sh:message"))
    assert lacking == []


@pytest.fixture(scope="module")
def real_report(memory_store):
    return validate(memory_store)


def test_the_real_graph_has_no_violations(real_report):
    assert real_report.counts()["violation"] == 0


def test_the_real_gaps_of_the_agenda(real_report):
    found = {(f.shape.removeprefix(SH), f.focus.removeprefix(ID), f.path)
             for f in real_report.findings if f.severity == "warning"}
    action_lines = ("action-line/bewustzijn-impact", "action-line/ethische-geletterdheid",
                    "action-line/kaderstelling-en-standaardisering")
    expected = {("ActionLinePlanGap", line, path) for line in action_lines
                for path in ("cg:owner", "cg:milestone", "cg:deadline", "cg:concreteGoal")}
    expected |= {
        # paragraphs 47, 51-57 and 58-66: no action lines yet
        ("ActionLinesGap", "coalition/ai-in-actie", "cg:hasActionLine"),
        ("ActionLinesGap", "coalition/verantwoord-datagebruik", "cg:hasActionLine"),
        ("ActionLinesGap", "coalition/duurzaamheid-en-digitalisering", "cg:hasActionLine"),
        # the sustainability coalition is only explored: no partners, nobody leads it
        ("CoalitionPartnersGap", "coalition/duurzaamheid-en-digitalisering", ""),
        ("CoordinatorGap", "coalition/duurzaamheid-en-digitalisering", ""),
        # paragraph 56: the geodata coalition names partners, but no coordinator or lead; the
        # state secretary and the minister of IenW champion the BDI together, neither leads it
        ("CoordinatorGap", "collaboration/geodatafundament", ""),
        ("CoordinatorGap", "collaboration/basis-data-infrastructuur", ""),
        # 'AI in actie' is in formation, sustainability explored: no formed coalition
        ("ThemeCoalitionGap", "theme/ai-in-actie", ""),
        ("ThemeCoalitionGap", "theme/duurzaamheid-en-digitalisering", ""),
        # paragraphs 24-25: the drivers follow from all certainties together; only theme 4 takes
        # up one of them (implied), the others no theme takes up on its own
        ("CertaintyAddressedGap", "certainty/online-en-virtueel", ""),
        ("CertaintyAddressedGap", "certainty/machtsblokken", ""),
        ("CertaintyAddressedGap", "certainty/krachtigere-technologie", ""),
        ("CertaintyAddressedGap", "certainty/overvloed-data", ""),
        ("CertaintyAddressedGap", "certainty/ouderen-en-jongeren", ""),
        ("CertaintyAddressedGap", "certainty/digitale-bedrijvigheid", ""),
        ("CertaintyAddressedGap", "certainty/digitale-dreigingen", ""),
        # paragraph 38: a barrier the letter names without a response (the data-use coalition
        # takes up the sharing of information across domains, paragraph 51, and the state
        # secretary the legal bases for it, paragraph 56: efforts.ttl)
        ("BarrierResponseGap", "barrier/infrastructuur-kennisuitwisseling", ""),
        # footnote 21 cites "Kamerstukken 2023-2023"
        ("CitedVergaderjaarShape", "document/kst-26643-1005", "cg:citedVergaderjaar"),
    }
    assert found == expected


def test_the_letters_citation_slips_are_infos(real_report):
    found = {(f.shape.removeprefix(SH), f.focus.removeprefix(ID))
             for f in real_report.findings if f.severity == "info"}
    without_chamber = {"940", "925", "941", "971", "1003", "1005"}
    expected = {("CitedChamberShape", f"document/kst-26643-{n}") for n in without_chamber}
    expected |= {("CitedChamberShape", "document/kst-27529-292"),
                 ("CitedPaperDetailsShape", "document/kst-26643-1005")}
    assert found == expected


def test_the_shipped_shapes_use_only_what_both_engines_implement():
    # validate() leaves the check out for the shipped shapes: this is where they pass it
    from coalitiegraaf.validation.validator import ShapesGraph, shapes_graph

    ShapesGraph(shapes_graph()).check()
