"""Split a plain-text source document into sections, paragraphs and footnotes.

Evidence in the graph points at passages ("paragraph 34", "footnote 12") of a source
document. This module numbers the passages of a text the same way every time, so that a
curator (and the test suite) can check that each evidence phrase really stands where the
graph says it does.

Rules, chosen to survive the page breaks of a PDF turned into text:
- blocks are separated by blank lines;
- a block starting with a superscript number is a footnote;
- a block equal to a known section heading starts that section;
- a block starting in lower case, or a list item after a block ending in ";", continues
  the paragraph before it (the page break split it);
- every other block is the next paragraph, numbered from 1;
- a footnote belongs to the section of the paragraph that holds its marker (the page break
  may have put its text under a later heading).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_DIGITS_TO_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_FOOTNOTE = re.compile(r"^([⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s")
_BLOCK_SEPARATOR = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Passage:
    """A paragraph or footnote of a source text, with the section it stands in."""

    kind: str  # "paragraph" or "footnote"
    number: int
    section: str | None
    text: str


def split_passages(text: str, headings: Iterable[str]) -> list[Passage]:
    """Number the paragraphs and footnotes of ``text``; ``headings`` are the section titles."""
    known_headings = set(headings)
    passages: list[Passage] = []
    section: str | None = None
    paragraph_count = 0
    for block in (b.strip() for b in _BLOCK_SEPARATOR.split(text)):
        if not block:
            continue
        footnote = _FOOTNOTE.match(block)
        if footnote:
            number = int(footnote.group(1).translate(_SUPERSCRIPT_DIGITS))
            passages.append(Passage("footnote", number, section, block))
        elif block in known_headings:
            section = block
        elif _continues(block, passages):
            last = _last_paragraph_index(passages)
            previous = passages[last]
            passages[last] = Passage("paragraph", previous.number, previous.section,
                                     previous.text + "\n" + block)
        else:
            paragraph_count += 1
            passages.append(Passage("paragraph", paragraph_count, section, block))
    return [_in_marker_section(p, passages) for p in passages]


def _in_marker_section(passage: Passage, passages: list[Passage]) -> Passage:
    if passage.kind != "footnote":
        return passage
    marker = re.compile(r"(?<![⁰¹²³⁴⁵⁶⁷⁸⁹])" + str(passage.number).translate(_DIGITS_TO_SUPERSCRIPT)
                        + r"(?![⁰¹²³⁴⁵⁶⁷⁸⁹])")
    for paragraph in passages:
        if paragraph.kind == "paragraph" and marker.search(paragraph.text):
            return Passage("footnote", passage.number, paragraph.section, passage.text)
    return passage


def _last_paragraph_index(passages: list[Passage]) -> int:
    return max(i for i, p in enumerate(passages) if p.kind == "paragraph")


def _continues(block: str, passages: list[Passage]) -> bool:
    if not any(p.kind == "paragraph" for p in passages):
        return False
    previous = passages[_last_paragraph_index(passages)].text
    return block[0].islower() or (block.startswith("- ") and previous.endswith(";"))
