"""Everything the letter names is in the graph, checked by pattern against the letter itself.

The patterns find every abbreviation, every Kamerstuk and Staatscourant citation and every web
address in the footnotes, and every name set in italics or between quotes. What the patterns
find that is not a name (emphasis, an address line) is listed below with the reason.
"""

from __future__ import annotations

import re

import pytest
from rdflib.namespace import DCTERMS, RDFS, SKOS

from coalitiegraaf.sources.passages import split_passages
from coalitiegraaf.store.namespaces import CG
from tests.conftest import ID, LETTER_GRAPH, requires_letter, select

ABBREVIATION = re.compile(r"(?<![\w-])([A-Z][A-Za-z]*[A-Z][A-Za-z]*)(?![\w-])")
ITALICS = re.compile(r"\*([^*\n]+)\*")
QUOTED = re.compile(r"(?<![A-Za-zÀ-ÿ])'([^'\n]+?)'(?![A-Za-zÀ-ÿ])")
KAMERSTUKKEN = re.compile(r"Kamerstukken (?:I{1,2} )?\S+?,? ((?:\d ?){4,6}), nr\. (\d+)")
KAMERSTUK = re.compile(r"Kamerstuk (\d{4,6})-(\d+)")
STAATSCOURANT = re.compile(r"Staatscourant nr\. (\d+) van \d+ \w+ (\d{4})")
WEB_ADDRESS = re.compile(r"<?((?:https?://|www\.)[^\s>]+)>?")

NOT_NAMES = {
    # the address block of the letterhead: "2500 EA DEN HAAG"
    "DEN": "address", "EA": "address", "HAAG": "address",
    # emphasis, not names
    "niet": "emphasis", "mindset": "an English word set in italics",
    "lessons learned": "an English phrase set in italics", "enabler": "an English word in italics",
    "waarheid": "'truth' in quotes as a concept", "assen": "the word 'axes' in quotes",
    "in de praktijk": "'in practice' in quotes", "legitiem": "'legitimate' in quotes",
}
NAME_PROPERTIES = (SKOS.prefLabel, SKOS.altLabel, SKOS.notation, DCTERMS.title, RDFS.label,
                   CG.citationText)


@pytest.fixture(scope="module")
def names(memory_store) -> str:
    graph = memory_store.graph()
    values = {str(o) for p in NAME_PROPERTIES for o in graph.objects(None, p)}
    return "\n".join(sorted(values))


def _named(names: str, phrase: str) -> bool:
    pattern = r"(?<![\w])" + re.escape(" ".join(phrase.split())) + r"(?![\w])"
    return re.search(pattern, names, flags=re.IGNORECASE) is not None


@requires_letter
def test_every_abbreviation_is_a_name_in_the_graph(letter_text, names):
    found = set(ABBREVIATION.findall(letter_text)) - set(NOT_NAMES)
    assert len(found) >= 30
    assert sorted(a for a in found if not _named(names, a)) == []


@requires_letter
def test_every_name_in_italics_or_quotes_is_in_the_graph(letter_text, names):
    phrases = set()
    for span in ITALICS.findall(letter_text):
        phrases.update(part for part in re.split(r", | en ", span))  # a list of topics
    phrases.update(QUOTED.findall(letter_text))
    phrases -= set(NOT_NAMES)
    assert len(phrases) >= 35
    assert sorted(p for p in phrases if not _named(names, p)) == []


@pytest.fixture(scope="module")
def footnotes(letter_text) -> list[str]:
    return [p.text for p in split_passages(letter_text, []) if p.kind == "footnote"]


@requires_letter
def test_every_kamerstuk_cited_in_a_footnote_is_in_the_graph(footnotes, memory_store):
    cited = {(dossier.replace(" ", ""), number) for text in footnotes
             for dossier, number in KAMERSTUKKEN.findall(text) + KAMERSTUK.findall(text)}
    in_graph = set(select(memory_store, "SELECT ?d ?n WHERE { ?x cg:dossierNumber ?d ; cg:ondernummer ?n }"))
    assert len(cited) == 10
    assert cited - in_graph == set()


@requires_letter
def test_every_staatscourant_publication_is_in_the_graph(footnotes, memory_store):
    cited = {(year, number) for text in footnotes for number, year in STAATSCOURANT.findall(text)}
    rows = select(memory_store, """SELECT ?year ?n WHERE { ?x a cg:GazettePublication ;
        cg:issueNumber ?n ; dcterms:date ?date . BIND (STR(YEAR(?date)) AS ?year) }""")
    assert cited == {("2022", "35231")}
    assert cited - set(rows) == set()


@requires_letter
def test_every_web_address_in_a_footnote_is_in_the_graph(footnotes, names):
    addresses = {address for text in footnotes for address in WEB_ADDRESS.findall(text)}
    assert len(addresses) == 4
    assert sorted(a for a in addresses if a not in names) == []


# Nodes the letter names without linking them to anything else, each with the reason.
NAMED_IN_ISOLATION: dict[str, str] = {
    # p20 asks them as questions the scenarios help with; it does not say the scenarios differ on them
    "uncertainty/werkgelegenheid": "an open question (p20), not said to vary across the scenarios",
    "uncertainty/kwaliteit-van-data": "an open question (p20), not said to vary across the scenarios",
}


def test_no_node_stands_isolated(memory_store):
    """Every node is linked to another node of the letter: by a membership, a dependency or a
    direct relation. Classifying (rdf:type, a concept scheme), evidence and the letter citing a
    document in a footnote are no links: a footnote stands at a sentence, and that sentence's
    subject must be linked to the document (rdfs:seeAlso at least)."""
    from rdflib import RDF, URIRef

    graph = memory_store.dataset().graph(LETTER_GRAPH)
    letter = URIRef(ID + "document/kst-26643-1055")
    structure = {CG.Passage, CG.Paragraph, CG.Footnote, CG.Section, CG.Evidence, SKOS.ConceptScheme}
    not_links = {RDF.type, CG.sourcePassage, CG.evidence, CG.statusEvidence, SKOS.inScheme,
                 SKOS.topConceptOf, SKOS.hasTopConcept}
    typed = {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef)}
    nodes = {s for s in typed if not set(graph.objects(s, RDF.type)) & structure}
    linked = set()
    for s, p, o in graph:
        if p not in not_links and o in typed and s in typed and not (p == CG.cites and s == letter):
            linked |= {s, o}
    assert len(nodes) > 200
    assert sorted(str(n).removeprefix(ID) for n in nodes - linked) == sorted(NAMED_IN_ISOLATION)
