"""Every evidence phrase stands, verbatim, in the passage of the letter that the graph names."""

from __future__ import annotations

import re

import pytest
from rdflib import RDF
from rdflib.namespace import DCTERMS, SKOS

from coalitiegraaf.sources.passages import split_passages
from coalitiegraaf.store.namespaces import CG
from tests.conftest import LETTER_GRAPH, normalised, requires_letter


@pytest.fixture(scope="module")
def letter_graph(memory_store):
    return memory_store.dataset().graph(LETTER_GRAPH)


@requires_letter
def test_every_quote_is_verbatim_in_its_passage(letter_graph, letter_passages):
    missing = []
    for node in set(letter_graph.subjects(CG.quote, None)):
        texts = []
        for passage in letter_graph.objects(node, CG.sourcePassage):
            kind = "footnote" if (passage, RDF.type, CG.Footnote) in letter_graph else "paragraph"
            found = letter_passages.get((kind, int(letter_graph.value(passage, CG.number))))
            texts.append(normalised(found.text) if found else "")
        for quote in letter_graph.objects(node, CG.quote):
            if not any(normalised(str(quote)) in text for text in texts):
                missing.append((str(node), str(quote)))
    assert missing == []


@requires_letter
def test_a_definition_or_funding_in_the_letters_words_is_whole(letter_graph, letter_text):
    """Copied from the letter, it ends where the letter's sentence or clause ends: cut at a
    comma, digital capital's definition lost two of the five things the letter counts in it."""
    letter = normalised(letter_text)
    not_whole = []
    for prop in (SKOS.definition, CG.fundingSource):
        for node, text in letter_graph.subject_objects(prop):
            words = normalised(str(text)).removesuffix(".")
            found = re.search(f"(?i:{re.escape(words[0])}){re.escape(words[1:])}", letter)
            if found is None or letter[found.end():found.end() + 1] not in ".;:?!":
                not_whole.append((str(node), words))
    assert not_whole == []


@requires_letter
def test_the_passages_in_the_graph_are_the_passages_of_the_letter(letter_graph, letter_passages):
    in_graph = set()
    for kind, cls in (("paragraph", CG.Paragraph), ("footnote", CG.Footnote)):
        for passage in letter_graph.subjects(RDF.type, cls):
            section = letter_graph.value(passage, DCTERMS.isPartOf)
            title = letter_graph.value(section, DCTERMS.title)
            in_graph.add((kind, int(letter_graph.value(passage, CG.number)),
                          None if title is None else str(title)))
    in_letter = {(p.kind, p.number, p.section) for p in letter_passages.values()}
    assert in_graph == in_letter
    assert len([p for p in in_letter if p[0] == "footnote"]) == 21


def test_split_passages_joins_a_paragraph_broken_by_a_page():
    text = "Kop\n\nEen zin die doorloopt op de\n\n¹ Een voetnoot.\n\nvolgende pagina.\n\nNieuw."
    result = split_passages(text, ["Kop"])
    assert [(p.kind, p.number, p.section, p.text) for p in result] == [
        ("paragraph", 1, "Kop", "Een zin die doorloopt op de\nvolgende pagina."),
        ("footnote", 1, "Kop", "¹ Een voetnoot."),
        ("paragraph", 2, "Kop", "Nieuw."),
    ]


# --- cg:text: every passage's full text, as the splitter gives it ---------------------------------

@requires_letter
def test_every_passage_text_is_the_letters(letter_graph, letter_passages):
    texts = {}
    for kind, cls in (("paragraph", CG.Paragraph), ("footnote", CG.Footnote)):
        for passage in letter_graph.subjects(RDF.type, cls):
            texts[kind, int(letter_graph.value(passage, CG.number))] = str(letter_graph.value(passage, CG.text))
    assert texts == {key: p.text for key, p in letter_passages.items()}


# --- every passage with content supports a statement -----------------------------------------------

# Passages of the letter that support no statement, each with the reason.
WITHOUT_STATEMENT = {
    ("paragraph", 3): "the ministry's postal address in the letterhead",
    ("paragraph", 5): "'Uw kenmerk': an empty field of the letterhead",
    ("paragraph", 14): "the opening observations on the digital transition: no actor, initiative or relation",
    ("paragraph", 31): "'Hieronder ga ik nader in op deze thema's': a reading guide",
}


@requires_letter
def test_every_passage_with_content_supports_a_statement(letter_graph, letter_passages):
    cited = set()
    for passage in set(letter_graph.objects(None, CG.sourcePassage)):
        kind = "footnote" if (passage, RDF.type, CG.Footnote) in letter_graph else "paragraph"
        cited.add((kind, int(letter_graph.value(passage, CG.number))))
    assert sorted(set(letter_passages) - cited) == sorted(WITHOUT_STATEMENT)
