"""A source's plain text as the graph numbers it: section headings, passages and their IRIs.

The numbering itself is :func:`coalitiegraaf.sources.passages.split_passages`; this module adds
what a new letter lacks, the list of its section headings, and names each passage the way the
graph does (…/id/passage/<document>/p12, …/fn3).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import DCTERMS

from coalitiegraaf.sources.passages import Passage, split_passages
from coalitiegraaf.store import Store
from coalitiegraaf.store.namespaces import ID

_BLOCKS = re.compile(r"\n\s*\n")
_HEADING_WORDS = 10
_FIRST_PARAGRAPH_WORDS = 30  # the letterhead (addresses, kenmerk, datum) comes before it


@dataclass(frozen=True)
class NumberedPassage:
    """A passage with the id the graph gives it (p12, fn3)."""

    id: str
    passage: Passage

    def iri(self, document: str) -> URIRef:
        return URIRef(f"{ID}passage/{document}/{self.id}")


def find_headings(text: str) -> list[str]:
    """The section headings of a letter: a short line of its own, without closing punctuation,
    followed by a paragraph, after the letterhead."""
    blocks = [b.strip() for b in _BLOCKS.split(text) if b.strip()]
    started = False
    headings = []
    for block, following in zip(blocks, [*blocks[1:], ""], strict=True):
        if not started:
            started = len(following.split()) >= _FIRST_PARAGRAPH_WORDS
        elif _is_heading(block) and following and not _is_heading(following):
            headings.append(block)
    return headings


def _is_heading(block: str) -> bool:
    if "\n" in block or block.startswith("- ") or len(block.split()) > _HEADING_WORDS:
        return False
    return not re.search(r"[.,;:?!]$|[⁰¹²³⁴⁵⁶⁷⁸⁹]", block) and (block[0].isupper() or block[0].isdigit())


def number(text: str, headings: Iterable[str] | None = None) -> list[NumberedPassage]:
    """The paragraphs and footnotes of ``text`` with their ids; ``headings`` default to the ones
    :func:`find_headings` finds."""
    titles = find_headings(text) if headings is None else list(headings)
    return [NumberedPassage(("fn" if p.kind == "footnote" else "p") + str(p.number), p)
            for p in split_passages(text, titles)]


def source_texts(store: Store, document: str, text: str) -> dict[str, str]:
    """The passages of a source the store already describes, numbered with its own section
    titles (so that the ids are the graph's), by IRI."""
    graph = store.graph()
    titles = [str(title) for section in graph.subjects(DCTERMS.isPartOf, ID[f"document/{document}"])
              for title in graph.objects(section, DCTERMS.title)]
    return passage_texts(text, document, titles or None)


def passage_texts(text: str, document: str, headings: Iterable[str] | None = None) -> dict[str, str]:
    """The text of each passage of ``document``, by the passage's IRI."""
    return {str(p.iri(document)): p.passage.text for p in number(text, headings)}
