"""What an analysis returns: findings that explain themselves, each with the letter's words.

A :class:`Finding` says in one plain sentence, in Dutch and in English, what was found and why
it matters; it names its kind and its strength (the rules are in the README, "For
coordinators"), the nodes it concerns, and the :class:`Evidence` for each of them: the passage
of the source and the words it uses. Numbers (scores, Jaccard) are details, not the message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from coalitiegraaf.sources.resources import shipped_yaml

LANGUAGES = ("nl", "en")
STRONG, MEDIUM = "strong", "medium"
STATED, IMPLIED, INTENDED = "stated", "implied", "intended"
SUPPORTS = (STATED, IMPLIED, INTENDED)


@dataclass(frozen=True)
class Evidence:
    """Where the source says it: a passage, its words, what they speak for (``about``, a node,
    named ``label``: one end of a finding, or a link of a chain) and how strongly."""

    passage: str
    quote: str
    about: str = ""
    label: str = ""
    support: str = STATED

    def cite(self) -> str:
        """``p56: “quote”``, the way a reader looks it up in the letter."""
        return f"{self.passage.rsplit('/', 1)[-1]}: “{self.quote}”"

    def cite_for(self, lang: str = "nl") -> str:
        """``BDI — p56: “quote”``: what it speaks for, then where the letter says it, and how
        strongly (``(beoogd)``, ``(intended)``) where it does not state it."""
        mark = "" if self.support == STATED else f" ({say(f'support_{self.support}', lang)})"
        return f"{self.label} — {self.cite()}{mark}" if self.label else self.cite() + mark


@dataclass(frozen=True)
class Finding:
    """One finding: what, about which nodes, of which kind and strength, why, and the evidence.

    ``subject`` and ``other`` are the first two of ``nodes`` (``other`` is empty when a finding
    concerns one node, or more than two); ``reasons`` are short points in the analysis's
    language (a path, a role); ``details`` hold the numbers."""

    analysis: str
    subject: str
    subject_label: str
    score: float = 0.0
    other: str = ""
    other_label: str = ""
    reasons: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    details: dict[str, object] = field(default_factory=dict, compare=False)
    kind: str = ""
    strength: str = ""
    sentence: dict[str, str] = field(default_factory=dict)
    nodes: tuple[str, ...] = ()

    def text(self, lang: str = "nl") -> str:
        """The plain sentence in ``lang``."""
        return self.sentence.get(lang) or self.sentence.get("nl", "")


@cache
def words() -> dict[str, dict[str, str]]:
    """The sentences and words of the findings, Dutch and English (``words.yaml``)."""
    from pathlib import Path

    return shipped_yaml(Path(__file__).parent / "words.yaml")


def say(key: str, lang: str, **values: object) -> str:
    """The words for ``key`` in ``lang``, with ``values`` filled in."""
    entry = words()[key]
    return (entry.get(lang) or entry["nl"]).format(**values)


def both(key: str, **values: dict[str, object] | object) -> dict[str, str]:
    """The sentence ``key`` in every language; a value given as ``{lang: text}`` is taken per
    language (labels differ by language, numbers do not)."""
    return {lang: say(key, lang, **{name: value[lang] if isinstance(value, dict) else value
                                    for name, value in values.items()})
            for lang in LANGUAGES}


def each(make: Callable[[str], str]) -> dict[str, str]:
    """``{lang: make(lang)}`` for every language."""
    return {lang: make(lang) for lang in LANGUAGES}


def number(value: int, lang: str) -> str:
    """``20.062`` in Dutch, ``20,062`` in English."""
    written = f"{value:,}"
    return written.replace(",", ".") if lang == "nl" else written


def listing(items: list[str], lang: str) -> str:
    """``a, b en c`` / ``a, b and c``."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {say('and', lang)} {items[-1]}"
