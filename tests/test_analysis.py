"""Network analysis: findings a person checked against the letter."""

from __future__ import annotations

import pytest

from coalitiegraaf import analysis
from coalitiegraaf.errors import QueryError
from tests.conftest import ID


@pytest.fixture(scope="module")
def facts(store):
    return analysis.collect(store)


def _short(node: str) -> str:
    return node.removeprefix(ID)


def test_overlap_of_the_ethics_and_ai_coalitions(facts):
    # paragraphs 29, 38 and 47: IPO and VNG are in both, and BZK and its state secretary in all
    found = {(_short(f.subject), _short(f.other)): f for f in analysis.overlaps(facts)}
    pair = found["coalition/ai-in-actie", "coalition/digitale-ethiek"]
    assert pair.extra["shared"] == 4
    assert "Interprovinciaal Overleg" in pair.reasons[0] and "Vereniging van Nederlandse Gemeenten" in pair.reasons[0]


def test_the_brokers(facts):
    ranked = analysis.brokers(facts)
    assert _short(ranked[0].subject) == "actor/staatssecretaris-bzk"
    degrees = {_short(f.subject): f.extra["degree"] for f in ranked}
    assert degrees["actor/ipo"] == degrees["actor/vng"] == 3
    assert degrees["actor/uvw"] == 2


def test_the_ethics_knowledge_partners_form_a_community(facts):
    members = [{_short(m) for m in c.extra["members"]} for c in analysis.communities(facts)]
    assert {"actor/uwv", "actor/svb", "actor/rijks-ict-gilde", "actor/rob"} in members


def test_duplicated_effort_candidates_in_the_ai_theme(facts):
    # paragraph 47: 'AI in actie' is complementary to the consortia of the existing initiatives
    pairs = {(_short(f.subject), _short(f.other)) for f in analysis.duplicates(facts)}
    for initiative in ("nlaic-programma", "robust-programma", "applied-ai-programma-tno",
                       "onderzoeksprogrammas-nwo-sia", "comenius-programma",
                       "centre-of-expertise-applied-ai"):
        assert ("coalition/ai-in-actie", f"initiative/{initiative}") in pairs


def test_every_duplicate_has_at_least_two_reasons(facts):
    assert all(len(f.reasons) >= 2 for f in analysis.duplicates(facts))


def test_the_gaps(facts):
    found = {(_short(f.subject), f.reasons[0]) for f in analysis.gaps(facts)}
    assert ("theme/duurzaamheid-en-digitalisering", "geen gevormde coalitie (status: in verkenning)") in found
    assert ("theme/ai-in-actie", "geen gevormde coalitie (status: in vorming)") in found
    assert ("action-line/bewustzijn-impact", "ontbreekt: actiehouder") in found
    # paragraph 38: the ethics coalition's partners are IPO, UWV, SVB, Rijks ICT-Gilde and VNG
    assert ("coalition/digitale-ethiek", "geen kennisinstelling onder de deelnemers") in found
    assert ("barrier/infrastructuur-kennisuitwisseling", "niets in de agenda reageert op dit knelpunt") in found
    assert ("certainty/digitale-dreigingen",
            "geen thema, coalitie of initiatief adresseert deze zekerheid voor 2040") in found
    assert not any(subject == "challenge/mobiliteit" for subject, _ in found)


def test_what_depends_on_the_federated_data_system(facts):
    found = {(f.extra["direction"], _short(f.subject))
             for f in analysis.impact(facts, ID + "initiative/federatief-datastelsel")}
    assert found == {
        ("downstream", "coalition/verantwoord-datagebruik"),
        # paragraph 51: the IAA method is a precondition; it builds on DIL (56), which applies
        # the BDI and is funded by the Growth Fund; the state secretary is responsible for it
        ("upstream", "initiative/methodiek-iaa"),
        ("upstream", "initiative/digitale-infrastructuur-logistiek"),
        ("upstream", "initiative/basis-data-infrastructuur"),
        ("upstream", "initiative/nationaal-groeifonds"),
        ("upstream", "actor/staatssecretaris-bzk"),
    }


def test_impact_explains_itself_with_a_path_and_evidence(facts):
    [finding] = [f for f in analysis.impact(facts, ID + "initiative/basis-data-infrastructuur")
                 if _short(f.subject) == "initiative/mobility-data-space"]
    assert finding.reasons == ("downstream: Europese mobility data space → Basis Data Infrastructuur",)
    # the quote names "De benodigde infrastructuur": the BDI is its antecedent (issue 16)
    assert finding.evidence == ("p56: “De benodigde infrastructuur wordt volledig federatief opgebouwd en staat "
                                "aan de basis voor de Europese 'mobility data space'”",)


def test_impact_of_a_node_without_dependencies(facts):
    with pytest.raises(QueryError, match="takes part in no dependency"):
        analysis.impact(facts, ID + "actor/tweede-kamer")


def test_centrality(facts):
    top = {f.extra["kind"]: _short(f.subject) for f in reversed(analysis.centrality(facts, top=1))}
    assert top["actor"] == "actor/staatssecretaris-bzk"
    # no longer AI in action: the letter pairs no theme with single certainties (issue 16)
    assert top["theme"] == "theme/verantwoord-datagebruik"
    assert top["document"] == "document/kst-26643-940"


def test_the_letter_has_no_dependency_cycles(facts):
    assert analysis.cycles(facts) == []


def test_both_backends_give_the_same_findings(memory_store):
    from coalitiegraaf.project import load

    memory, oxigraph = analysis.collect(memory_store), analysis.collect(load(store="oxigraph"))
    for name, run in analysis.ANALYSES.items():
        assert run(memory) == run(oxigraph), name


def test_overlaps_and_duplicates_carry_the_letters_evidence(facts):
    [pair] = [f for f in analysis.overlaps(facts)
              if (_short(f.subject), _short(f.other)) == ("coalition/ai-in-actie", "coalition/digitale-ethiek")]
    assert "p38: “In deze fase wordt de coalitie gevormd door IPO, UWV, SVB, Rijks ICT-Gilde en VNG”" in pair.evidence
    [duplicate] = [f for f in analysis.duplicates(facts)
                   if (_short(f.subject), _short(f.other)) == ("coalition/ai-in-actie", "initiative/robust-programma")]
    assert duplicate.evidence == ("p47: “complementair aan de consortia van de bestaande initiatieven”",)
