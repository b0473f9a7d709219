"""Findings for coordinators: each checked against the letter (the paragraph is named)."""

from __future__ import annotations

import pytest

from coalitiegraaf import analysis, catalogue
from coalitiegraaf.errors import QueryError
from tests.conftest import ID


@pytest.fixture(scope="module")
def facts(store):
    return analysis.collect(store)


@pytest.fixture(scope="module")
def implied(store):
    return analysis.collect(store, include=("implied",))


@pytest.fixture(scope="module")
def everything(store):
    return analysis.collect(store, include=("implied", "intended"))


def _short(node: str) -> str:
    return node.removeprefix(ID)


def _found(findings) -> dict[tuple[str, ...], analysis.Finding]:
    return {(f.kind, *sorted(_short(n) for n in f.nodes)): f for f in findings}


def test_the_letters_duplicated_efforts(facts, implied, everything):
    found = _found(analysis.duplicates(facts))
    # paragraphs 13 and 19: the cabinet's future images beside VNG's, only talked about
    vision = found["parallel-vision", "agenda/toekomstbeelden", "initiative/toekomstbeeld-2040-vng"]
    assert vision.strength == "strong"
    # paragraphs 52-54: the letter's own warning and the four tracks it names just before; the
    # coalition it says would help answers the warning and is no track. The wheel sentence names
    # neither the work nor the places: that it is the tracks' work follows from 52 and 53
    # together, so the finding is implied, and medium
    key = ("reinvented-wheel", "barrier/wiel-opnieuw-uitgevonden", "document/staat-van-de-uitvoering",
           "initiative/federatief-datastelsel", "initiative/i-strategie-rijk", "initiative/ibds")
    assert key not in found
    wheel = _found(analysis.duplicates(implied))[key]
    assert wheel.strength == "medium"
    assert wheel.details["responses"] == [ID + "coalition/verantwoord-datagebruik"]
    # paragraphs 58 and 61: BZK explores a broad coalition while the minister of EZK sends an
    # action plan on the subject this year; what the explored coalition would work on is itself
    # being explored, so the finding is intended, and medium
    key = ("parallel-exploration", "coalition/duurzaamheid-en-digitalisering",
           "initiative/actieplan-digitalisering-duurzaamheid")
    assert key not in found
    exploring = _found(analysis.duplicates(everything))[key]
    assert exploring.strength == "medium"
    assert exploring.text("nl").startswith("Mogelijke brede coalitie duurzaamheid en digitalisering (BZK) wordt nog verkend")
    # paragraph 47: complementary by the letter's words, reported as a check, not as duplication
    check = found["complementary-check", "coalition/ai-in-actie", "initiative/applied-ai-programma-tno",
                  "initiative/centre-of-expertise-applied-ai", "initiative/comenius-programma",
                  "initiative/nlaic-programma", "initiative/onderzoeksprogrammas-nwo-sia", "initiative/robust-programma"]
    assert check.evidence[0].quote == "complementair aan de consortia van de bestaande initiatieven"
    assert check.strength == "medium"  # which initiatives 'de bestaande initiatieven' are is implied
    duplicated = {frozenset(f.nodes) for f in analysis.duplicates(facts) if f.kind != "complementary-check"}
    # paragraphs 40 and 48: NOLAI and the generative-AI vision only share EZK and OCW; 63-64 list
    # four distinct measures of the Rijk; 61: the plan builds on the talks with the coalition
    for pair in (("initiative/nolai", "initiative/visietraject-generatieve-ai"),
                 ("initiative/inkopen-met-impact", "initiative/levensduur-hardware"),
                 ("initiative/actieplan-digitalisering-duurzaamheid",
                  "actor/nationale-coalitie-duurzame-digitalisering")):
        assert not any({ID + n for n in pair} <= nodes for nodes in duplicated), pair


def test_implied_statements_add_candidates_only_when_asked(facts, implied, everything):
    # paragraph 61: the minister of EZK is in talks with the national coalition; that it works on
    # digitalisation and sustainability is implied by its name, and that the coalition BZK
    # explores would is intended (58)
    key = ("parallel-exploration", "actor/nationale-coalitie-duurzame-digitalisering",
           "coalition/duurzaamheid-en-digitalisering")
    assert key not in _found(analysis.duplicates(facts)) and key not in _found(analysis.duplicates(implied))
    more = _found(analysis.duplicates(everything))
    assert more[key].strength == "medium"
    assert {"implied", "intended"} <= {e.support for e in more[key].evidence}


def test_overlaps_leave_out_the_coordinating_role(facts, implied, everything):
    # paragraph 56 names the geodata foundation's partners "provincies (IPO), gemeenten (VNG)":
    # IPO and VNG in brackets only, so their part there is implied, and the letter states no overlap
    assert analysis.overlaps(facts) == []
    found = {(_short(f.subject), _short(f.other)): f for f in analysis.overlaps(implied)}
    # paragraphs 38 and 56: IPO and VNG are knowledge partners in the ethics coalition and
    # partners in the geodata foundation; BZK, whose state secretary coordinates every coalition
    # (29, which makes each coalition's coordinator implied), is no overlap
    assert set(found) == {("coalition/digitale-ethiek", "collaboration/geodatafundament")}
    pair = found["coalition/digitale-ethiek", "collaboration/geodatafundament"]
    assert pair.reasons == ("IPO", "VNG")
    assert "IPO (kennispartner in de een, coalitiepartner in de ander)" in pair.text("nl")
    assert pair.strength == "medium"  # no subject in common
    # each side's words are marked as strongly as the letter says them: "(afgeleid)" at p56
    assert {(_short(e.about), e.support) for e in pair.evidence} == {
        ("coalition/digitale-ethiek", "stated"), ("collaboration/geodatafundament", "implied")}
    # paragraph 47: that IPO, VNG and UvW are conversation partners of 'AI in actie' is a talk
    # (intended): an overlap only when asked for
    more = {(_short(f.subject), _short(f.other)) for f in analysis.overlaps(everything)}
    assert ("coalition/ai-in-actie", "collaboration/geodatafundament") in more - set(found)
    assert not any(ID + "actor/bzk" in f.nodes for f in analysis.overlaps(everything))


def test_the_brokers_are_organisations(facts, implied, everything):
    degrees = {_short(f.subject): f.details["degree"] for f in analysis.brokers(facts)}
    # paragraph 56: the ministry is a partner of the geodata foundation, and the state secretary
    # (counted as BZK) works on the logistics data infrastructure "samen met de minister van
    # IenW" and contributes to the health data
    assert degrees == {"actor/bzk": 3}
    degrees = {_short(f.subject): f.details["degree"] for f in analysis.brokers(implied)}
    # and with what the letter implies: BZK's active role in the coalitions (29), and IPO and VNG
    # in brackets in the geodata foundation (56) beside the ethics coalition (38)
    assert degrees == {"actor/bzk": 5, "actor/ipo": 2, "actor/vng": 2}
    bzk = next(f for f in analysis.brokers(implied) if _short(f.subject) == "actor/bzk")
    assert {(_short(e.about), e.support) for e in bzk.evidence if e.passage.endswith("/p29")} == {
        ("coalition/digitale-ethiek", "implied"), ("coalition/verantwoord-datagebruik", "implied")}
    # 'AI in actie' is still being formed ("help ik partijen om te komen tot een coalitie", 47):
    # BZK's active role in it is intended
    bzk = next(f for f in analysis.brokers(everything) if _short(f.subject) == "actor/bzk")
    assert bzk.details["degree"] == 6
    assert ("coalition/ai-in-actie", "intended") in {(_short(e.about), e.support) for e in bzk.evidence
                                                       if e.passage.endswith("/p29")}


def test_the_geodata_partners_form_a_community(facts, implied):
    members = [{_short(m) for m in c.details["members"]} for c in analysis.communities(facts)]
    assert any({"actor/geonovum", "actor/kadaster", "actor/minister-vro"} <= group for group in members)
    # UvW is in the geodata foundation in brackets only ("waterschappen (UvW)", 56): implied
    assert not any("actor/uvw" in group for group in members)
    members = [{_short(m) for m in c.details["members"]} for c in analysis.communities(implied)]
    assert any({"actor/geonovum", "actor/kadaster", "actor/uvw"} <= group for group in members)


def test_the_gaps_are_what_the_letter_says_is_missing(facts):
    found = {(f.kind, _short(f.subject)): f for f in analysis.gaps(facts)}
    assert set(found) == {
        # paragraphs 47 and 58/66: a coalition in formation, one being explored
        ("coalition-in-formation", "theme/ai-in-actie"),
        ("no-coalition", "theme/duurzaamheid-en-digitalisering"),
        # paragraph 38: nothing answers the missing infrastructure for sharing knowledge
        ("unanswered-barrier", "barrier/infrastructuur-kennisuitwisseling"),
        # paragraphs 30 and 67: the plans of approach are still to come
        ("no-plan", "coalition/ai-in-actie"), ("no-plan", "coalition/digitale-ethiek"),
        ("no-plan", "coalition/verantwoord-datagebruik"),
        # paragraph 49 names the housing shortage among the challenges data is used for, and no
        # effort of the letter takes it up: the geodata foundation serves "de maatschappelijke
        # opgaven in het fysieke domein" (56), which the letter does not say includes housing
        ("unaddressed-challenge", "challenge/woningtekort"),
    }
    # the letter's own words establish the gap: "verkennen of"
    assert any(e.quote.startswith("Ik zal vanuit mijn verantwoordelijkheid voor de digitale overheid verkennen of")
               for e in found["no-coalition", "theme/duurzaamheid-en-digitalisering"].evidence)
    # and the working method of paragraph 30 says what a plan must hold
    assert any("plan van aanpak" in e.quote for e in found["no-plan", "coalition/digitale-ethiek"].evidence)
    # an example in a list ("als die rond …") is no commitment: that gap is medium
    assert {key: f.strength for key, f in found.items() if f.strength != "strong"} == {
        ("unaddressed-challenge", "challenge/woningtekort"): "medium"}


def test_what_depends_on_the_federated_data_system(facts, everything):
    def chains(found):
        return {(f.details["direction"], _short(f.subject))
                for f in analysis.impact(found, ID + "initiative/federatief-datastelsel")}

    # the letter states none of its dependencies: each goes through "een federatief datastelsel"
    # (paragraphs 51 and 57), which is the named one of paragraph 52 only on a careful reading
    with pytest.raises(QueryError, match="geen afhankelijkheid mee die de brief uitspreekt; --include implied"):
        chains(facts)
    assert chains(everything) == {
        # paragraph 57: the coalitions give shape to the ambition of a federated data system
        ("downstream", "coalition/verantwoord-datagebruik"),
        # paragraph 51: the IAA method serves the federated data system (implied: that it is the
        # one of paragraph 52); it is to start from existing applications such as DIL (intended),
        # which applies the BDI and is funded by the Growth Fund (56); the state secretary is
        # responsible for it
        ("upstream", "initiative/methodiek-iaa"),
        ("upstream", "initiative/digitale-infrastructuur-logistiek"),
        ("upstream", "initiative/basis-data-infrastructuur"),
        ("upstream", "initiative/nationaal-groeifonds"),
        ("upstream", "actor/staatssecretaris-bzk"),
    }


def test_impact_takes_a_label_and_quotes_every_link(facts, everything):
    chains = analysis.impact(facts, "NLAIC")
    for chain in chains:
        assert len({e.label for e in chain.evidence}) == len(chain.details["steps"]) - 1
    [finding] = [f for f in chains if _short(f.subject) == "initiative/elsa-labs"]
    programme = "Programma van de Nederlandse AI-Coalitie"
    assert finding.text("nl") == ("Als Nederlandse AI-Coalitie stokt, raakt dat ELSA labs: "
                                  f"ELSA labs → {programme} → Nederlandse AI-Coalitie.")
    # paragraph 43: the NLAIC has a programme, which funds instruments such as ELSA labs
    assert [e.cite()[:4] for e in finding.evidence] == ["p43:", "p43:"]
    # paragraph 51: the IAA method starts from existing applications, DIL an example: intended,
    # so the BDI (which DIL applies, 56) stalls it only on a reading that takes intentions in
    assert "initiative/methodiek-iaa" not in {_short(f.subject) for f in analysis.impact(facts, "BDI")}
    [method] = [f for f in analysis.impact(everything, "BDI") if _short(f.subject) == "initiative/methodiek-iaa"]
    assert [e.cite()[:4] for e in method.evidence] == ["p51:", "p51:", "p56:"]


def test_finished_work_does_not_depend_on_its_makers(facts, everything):
    # paragraph 52: the IBDS "is eerder al ... opgesteld" by Rijk, provinces, municipalities and
    # water boards; paragraph 10: Rijk and municipalities "legden in een convenant vast";
    # paragraph 41: the cabinet "publiceerde" the algorithm register. What is done does not
    # stall when its makers do: it is delivered, not a dependency.
    for found in (facts, everything):
        for node in ("initiative/ibds", "document/stcrt-2022-35231", "initiative/algoritmeregister"):
            with pytest.raises(QueryError, match="doet aan geen enkele afhankelijkheid mee"):
                analysis.impact(found, ID + node)
    # paragraph 63: what still depends on the Rijk is the procurement strategy it runs
    assert {_short(f.subject) for f in analysis.impact(facts, ID + "actor/rijksoverheid")} == {
        "initiative/inkopen-met-impact"}
    # paragraph 41: the Commission is still at work on the AI Act; the frame it sets for AI holds
    # once it is done ("naar verwachting is dat de wet begin volgend jaar af"), so only then
    assert {_short(f.subject) for f in analysis.impact(facts, ID + "actor/europese-commissie")} == {
        "document/ai-act"}
    assert {_short(f.subject) for f in analysis.impact(everything, ID + "actor/europese-commissie")} == {
        "document/ai-act", "technology/ai"}


def test_the_nodes_most_depended_on_have_at_least_two_depending(facts, everything):
    for found in (facts, everything):
        ranked = [f for f in analysis.most_depended_on(found) if f.kind == "most-depended-on"]
        assert ranked and all(f.details["depend_on_it"] >= 2 for f in ranked)
    # the Rijk's stated part is one strategy it runs; its other work (63, 64) is implied
    assert ID + "actor/rijksoverheid" not in {f.subject for f in analysis.most_depended_on(facts)}


def test_impact_of_a_node_without_dependencies(facts):
    with pytest.raises(QueryError, match="doet aan geen enkele afhankelijkheid mee"):
        analysis.impact(facts, ID + "actor/tweede-kamer")


def test_an_unknown_or_ambiguous_name_is_an_error(facts):
    with pytest.raises(QueryError) as unknown:
        analysis.impact(facts, "Atlantis")
    assert unknown.value.text("en") == "no node has a label like 'Atlantis'"
    assert str(unknown.value) == "geen knoop heeft een label als 'Atlantis'"
    with pytest.raises(QueryError) as ambiguous:
        analysis.organisation(facts, "Minister van")
    assert "4 nodes have a label like 'Minister van'" in ambiguous.value.text("en")


def test_an_organisation_with_its_posts(facts, everything):
    # paragraphs 40, 48 and 61: EZK funds NOLAI and works on the AI vision; its minister has a
    # study done; she talks with the national coalition and will send the action plan (intended)
    def parts(found):
        return {(_short(f.subject), f.kind, _short(f.details["through"])) for f in analysis.organisation(found, "EZK")}

    stated = {("initiative/nolai", "funds", "actor/ezk"),
              ("initiative/visietraject-generatieve-ai", "contributesTo", "actor/ezk"),
              ("initiative/onderzoek-impact-digitalisering-duurzaamheid", "runs", "actor/minister-ezk")}
    assert parts(facts) == stated
    assert parts(everything) == stated | {
        ("initiative/actieplan-digitalisering-duurzaamheid", "produces", "actor/minister-ezk"),
        ("actor/nationale-coalitie-duurzame-digitalisering", "inTalksWith", "actor/minister-ezk")}
    # a post counts as its organisation
    assert analysis.organisation(facts, "Minister van Economische Zaken en Klimaat") == analysis.organisation(facts, "EZK")


def test_the_organisation_analysis_and_query_agree(store, everything):
    for name in ("EZK", "VNG", "BZK"):
        result = catalogue.run(store, catalogue.get("organisation"), {"organisation": name})
        column = {v: i for i, v in enumerate(result.variables)}
        rows = {(str(r[column["effort"]]), str(r[column["role"]]), str(r[column["via"]])) for r in result.rows}
        found = {(f.subject, f.details["role"], f.details["through"]) for f in analysis.organisation(everything, name)}
        assert rows == found, name


def test_every_finding_explains_itself(facts, everything):
    for found in (facts, everything):
        findings = [*(run(found) for run in analysis.ANALYSES.values()), analysis.impact(found, "BDI"),
                    analysis.most_depended_on(found), analysis.organisation(found, "VNG")]
        for finding in (f for group in findings for f in group):
            assert finding.kind and finding.strength in ("strong", "medium"), finding
            assert set(finding.sentence) == {"nl", "en"} and all(finding.sentence.values()), finding
            assert finding.sentence["nl"] != finding.sentence["en"]
            assert finding.evidence or finding.analysis == "centrality", finding
            assert all(e.passage and e.quote for e in finding.evidence)


def test_the_letter_has_no_dependency_cycles(facts):
    assert analysis.cycles(facts) == []


def test_both_backends_give_the_same_findings(memory_store):
    from coalitiegraaf.project import load

    memory, oxigraph = analysis.collect(memory_store), analysis.collect(load(store="oxigraph"))
    for name, run in analysis.ANALYSES.items():
        assert run(memory) == run(oxigraph), name
