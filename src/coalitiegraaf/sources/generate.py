"""A synthetic federation shaped like the real graph, for benchmarks and scale tests.

The agenda is "voortschrijdend": later letters add coalitions, partners, programmes and documents
beside this one. ``generate`` writes such a federation in the ontology's own terms, as
N-Triples (which Turtle readers read too): coalitions with themes, status, collaborations, action
lines (some without owner or deadline) and memberships with roles, where a few actors take part
in very many coalitions and most in one or two; programmes per challenge; documents that cite
each other; typed dependencies; and for every node the passage of its (synthetic) source and a
quote, with Dutch and English labels. About one node in a hundred breaks a shape on purpose, as
real contributions do. The same seed gives the same bytes.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from coalitiegraaf.errors import InputError

ID = "https://w3id.org/coalitiegraaf/id/"
CG = "https://w3id.org/coalitiegraaf/def#"
ORG = "http://www.w3.org/ns/org#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
XSD = "http://www.w3.org/2001/XMLSchema#"

ROLES = ("partner", "knowledge-partner", "intended-partner", "conversation-partner", "adviser",
         "coordinator", "lead", "contributor", "funder", "facilitator", "member")
ACTOR_TYPES = (("ministry", "rijk"), ("executive-agency", "executive-agencies"),
               ("decentral-government", "municipalities"), ("umbrella-organisation", "municipalities"),
               ("knowledge-institution", "knowledge"), ("university", "knowledge"),
               ("company", "business"), ("network", "society"), ("advisory-body", "rijk"))
STATUSES = ("formed", "in-formation", "explored")
INITIATIVE_CLASSES = ("Programme", "Lab", "Framework", "Register", "Strategy", "Fund", "Plan", "Study")
DOCUMENT_CLASSES = ("Report", "Advice", "NewsArticle")
RELATIONS = ("buildsOn", "requires", "enables", "complements", "contributesTo", "addresses", "funds")
WORDS = ("data", "algoritmen", "publieke waarden", "zorg", "energie", "mobiliteit", "onderwijs",
         "veiligheid", "inclusie", "identiteit", "cloud", "open source", "toezicht", "regio",
         "arbeidsmarkt", "klimaat", "wonen", "water", "landbouw", "cultuur")
WORDS_EN = ("data", "algorithms", "public values", "care", "energy", "mobility", "education",
            "security", "inclusion", "identity", "cloud", "open source", "supervision", "region",
            "labour market", "climate", "housing", "water", "agriculture", "culture")
TRIPLES_PER_COALITION = 150  # what one coalition with its surroundings comes to, measured
BROKEN_SHARE = 0.01


@dataclass(frozen=True)
class Generated:
    path: Path
    triples: int
    coalitions: int


def generate(triples: int, seed: int, out: Path | str) -> Generated:
    """Write about ``triples`` statements (never fewer) to ``out`` (.nt or .ttl)."""
    target = Path(out)
    if target.suffix not in (".nt", ".ttl"):
        raise InputError(key="generate_suffix", path=target)
    if triples < 1000:
        raise InputError(key="generate_too_few")
    from coalitiegraaf.sources.files import write_atomic_stream

    coalitions = max(4, triples // TRIPLES_PER_COALITION)
    federation = Federation(random.Random(seed), coalitions)
    with write_atomic_stream(target) as handle:
        written = _write(handle, federation, triples)
    return Generated(target, written, federation.made)


def _write(handle: TextIO, federation: Federation, wanted: int) -> int:
    """Whole coalitions, until there are at least ``wanted`` statements: no dangling links."""
    written = 0
    for chunk in federation.chunks():
        handle.write("".join(chunk))
        written += len(chunk)
        if written >= wanted:
            return written
    return written


def iri(path: str) -> str:
    return f"<{ID}{path}>"


# every generated membership and dependency is as the source says it (support "stated"), so
# the rules derive cg:dependsOn from it as they do from the letter's stated relations
STATED = iri("support/stated")


def term(name: str, namespace: str = CG) -> str:
    return f"<{namespace}{name}>"


def text(value: str, lang: str | None = None) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


def typed(value: object, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


def line(subject: str, predicate: str, value: str) -> str:
    return f"{subject} {predicate} {value} .\n"


class Federation:
    """The nodes of the federation, made in an order that only the seed decides."""

    def __init__(self, rng: random.Random, coalitions: int) -> None:
        self.rng = rng
        self.coalitions = coalitions
        self.actors = coalitions * 3
        self.themes = max(4, coalitions // 25)
        self.challenges = max(8, coalitions // 10)
        self.documents = 0
        self.made = 0
        # actor i is chosen with weight 1/(i+1): a few in very many coalitions, most in one or two
        self.actor_weights = list(itertools.accumulate(1.0 / (i + 1) for i in range(self.actors)))

    def chunks(self) -> Iterator[list[str]]:
        """The shared nodes, then one coalition with its surroundings at a time, for ever."""
        yield list(self._vocabulary())
        for number in itertools.count():
            yield list(self._coalition(number))

    # --- shared nodes ------------------------------------------------------------------------

    def _vocabulary(self) -> Iterator[str]:
        yield from self._source(0)
        for n in range(self.themes):
            theme = iri(f"theme/gen-{n}")
            yield from self._node(theme, "Theme", f"Thema {WORDS[n % 20]} {n}",
                                  f"Theme {WORDS_EN[n % 20]} {n}", 0)
            yield line(theme, term("inScheme", SKOS), iri("scheme/doorsnijdende-themas"))
            yield line(theme, term("notation", SKOS), text(str(100 + n)))
        for n in range(self.challenges):
            yield from self._node(iri(f"challenge/gen-{n}"), "SocietalChallenge",
                                  f"Opgave {WORDS[n % 20]} {n}", f"Challenge {WORDS_EN[n % 20]} {n}", 0)
        for n in range(self.actors):
            kind, layer = ACTOR_TYPES[n % len(ACTOR_TYPES)]
            actor = iri(f"actor/gen-{n}")
            yield from self._node(actor, "Organisation", f"Organisatie {n}", f"Organisation {n}", 0)
            yield line(actor, term("altLabel", SKOS), text(f"ORG{n}"))
            yield line(actor, term("actorType"), iri(f"actor-type/{kind}"))
            yield line(actor, term("layer"), iri(f"layer/{layer}"))

    def _source(self, number: int) -> Iterator[str]:
        """A synthetic source document (an agenda update) with one section and its passages."""
        document, section = iri(f"document/gen-source-{number}"), iri(f"section/gen-source-{number}")
        yield line(document, RDF_TYPE, term("Report"))
        yield line(document, term("prefLabel", SKOS), text(f"Voortgangsrapportage {number}", "nl"))
        yield line(document, term("prefLabel", SKOS), text(f"Progress report {number}", "en"))
        yield line(document, term("sourcePassage"), iri(f"passage/gen-source-{number}/p1"))
        yield line(document, term("quote"), text(f"voortgangsrapportage {number}", "nl"))
        yield line(section, RDF_TYPE, term("Section"))
        yield line(section, term("number"), typed(1, "integer"))
        yield line(section, f"<{DCTERMS}isPartOf>", document)
        yield line(section, term("prefLabel", SKOS), text(f"Voortgang {number}", "nl"))
        for p in range(1, 5):
            passage = iri(f"passage/gen-source-{number}/p{p}")
            yield line(passage, RDF_TYPE, term("Paragraph"))
            yield line(passage, term("number"), typed(p, "integer"))
            yield line(passage, f"<{DCTERMS}isPartOf>", section)
            yield line(passage, term("prefLabel", SKOS), text(f"alinea {p}", "nl"))

    def _node(self, node: str, cls: str, label_nl: str, label_en: str, source: int) -> Iterator[str]:
        yield line(node, RDF_TYPE, term(cls))
        yield line(node, term("prefLabel", SKOS), text(label_nl, "nl"))
        yield line(node, term("prefLabel", SKOS), text(label_en, "en"))
        yield from self._evidence(node, label_nl, source)

    def _evidence(self, node: str, quote: str, source: int) -> Iterator[str]:
        passage = iri(f"passage/gen-source-{source}/p{self.rng.randint(1, 4)}")
        yield line(node, term("sourcePassage"), passage)
        yield line(node, term("quote"), text(f"zo staat het: {quote}", "nl"))

    def _broken(self) -> bool:
        return self.rng.random() < BROKEN_SHARE

    # --- one coalition and its surroundings -----------------------------------------------

    def _coalition(self, number: int) -> Iterator[str]:
        rng = self.rng
        self.made += 1
        source = number // 50 + 1
        if number % 50 == 0:
            yield from self._source(source)
        coalition = iri(f"coalition/gen-{number}")
        word, word_en = WORDS[number % 20], WORDS_EN[number % 20]
        yield from self._node(coalition, "Coalition", f"Coalitie {word} {number}",
                              f"Coalition {word_en} {number}", source)
        yield line(coalition, term("theme"), iri(f"theme/gen-{rng.randrange(self.themes)}"))
        if not self._broken():
            yield line(coalition, term("status"), iri(f"status/{rng.choice(STATUSES)}"))
        aim = f"Samen werken aan {word} en {WORDS[rng.randrange(20)]}"
        yield line(coalition, term("aim"), text(aim, "nl"))
        organizations = [coalition]
        for c in range(rng.choice((0, 0, 1, 2))):
            collaboration = iri(f"collaboration/gen-{number}-{c}")
            organizations.append(collaboration)
            yield from self._node(collaboration, "Collaboration", f"Samenwerking {word} {number}.{c}",
                                  f"Collaboration {word_en} {number}.{c}", source)
            yield line(coalition, term("hasCollaboration"), collaboration)
        for a in range(rng.randint(1, 4)):
            yield from self._action_line(coalition, f"{number}-{a}", a + 1, source)
        for organization in organizations:
            yield from self._memberships(organization, source)
        initiatives = [iri(f"initiative/gen-{number}-{i}") for i in range(rng.randint(1, 3))]
        for i, initiative in enumerate(initiatives):
            cls = INITIATIVE_CLASSES[(number + i) % len(INITIATIVE_CLASSES)]
            yield from self._node(initiative, cls, f"Programma {word} {number}.{i}",
                                  f"Programme {word_en} {number}.{i}", source)
            yield line(initiative, term("challenge"), iri(f"challenge/gen-{rng.randrange(self.challenges)}"))
            aim = f"Aanpak van {word} voor {WORDS[rng.randrange(20)]}"
            yield line(initiative, term("aim"), text(aim, "nl"))
        for _ in range(rng.randint(1, 2)):
            yield from self._document(source)
        for d in range(rng.randint(2, 5)):
            target = rng.choice((*initiatives, iri(f"document/gen-{rng.randrange(max(1, self.documents))}"),
                                 iri(f"challenge/gen-{rng.randrange(self.challenges)}")))
            yield from self._dependency(rng.choice((coalition, *initiatives)), rng.choice(RELATIONS), target,
                                        f"{number}-{d}", source)

    def _action_line(self, coalition: str, key: str, number: int, source: int) -> Iterator[str]:
        rng = self.rng
        action = iri(f"action-line/gen-{key}")
        yield from self._node(action, "ActionLine", f"Actielijn {key}", f"Action line {key}", source)
        yield line(coalition, term("hasActionLine"), action)
        yield line(action, term("number"), typed(number, "integer"))
        if rng.random() < 0.7:
            yield line(action, term("owner"), iri(f"actor/gen-{self._actor()}"))
        if rng.random() < 0.6:
            day = "30" if self._broken() else f"{rng.randint(1, 28):02d}"
            yield line(action, term("deadline"), typed(f"{rng.randint(2024, 2030)}-02-{day}", "date"))

    def _actor(self) -> int:
        return self.rng.choices(range(self.actors), cum_weights=self.actor_weights)[0]

    def _memberships(self, organization: str, source: int) -> Iterator[str]:
        rng = self.rng
        members = {self._actor() for _ in range(rng.randint(3, 9))}
        for member in sorted(members):
            key = f"{organization.rsplit('/', 1)[-1][:-1]}--{member}"
            membership = iri(f"membership/{key}")
            yield line(membership, RDF_TYPE, term("Membership"))
            yield line(membership, f"<{ORG}organization>", organization)
            yield line(membership, f"<{ORG}member>", iri(f"actor/gen-{member}"))
            if not self._broken():
                yield line(membership, f"<{ORG}role>", iri(f"role/{rng.choice(ROLES)}"))
            yield line(membership, term("support"), STATED)
            yield from self._evidence(membership, f"deelnemer {member}", source)

    def _document(self, source: int) -> Iterator[str]:
        rng = self.rng
        number = self.documents
        self.documents += 1
        document = iri(f"document/gen-{number}")
        cls = DOCUMENT_CLASSES[number % len(DOCUMENT_CLASSES)]
        yield from self._node(document, cls, f"Document {number}", f"Document {number}", source)
        yield line(document, f"<{DCTERMS}date>", typed(f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-"
                                                       f"{rng.randint(1, 28):02d}", "date"))
        if number:
            yield line(document, term("cites"), iri(f"document/gen-{rng.randrange(number)}"))

    def _dependency(self, source_node: str, relation: str, target: str, key: str,
                    source: int) -> Iterator[str]:
        dependency = iri(f"dependency/gen-{key}")
        yield line(dependency, RDF_TYPE, term("Dependency"))
        yield line(dependency, term("from"), source_node)
        yield line(dependency, term("relation"), term(relation))
        yield line(dependency, term("to"), target)
        yield line(dependency, term("support"), STATED)
        yield from self._evidence(dependency, f"relatie {key}", source)
