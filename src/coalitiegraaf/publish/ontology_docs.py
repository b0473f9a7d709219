"""The ontology's documentation as one self-contained HTML page, written by ``build``.

pyLODE was the first choice; its release on PyPI fails at import (it reads a pyproject.toml
that the wheel does not ship) and it pulls in an HTTP client, so the page is rendered here from
the ontology graph with the report's Jinja2 setup: every class and property with its Dutch and
English label and definition, its super-terms, domain and range, every other axiom about it
(restrictions, equivalent and disjoint classes, inverses, property characteristics and chains),
each said in Dutch and in English, and the controlled vocabularies with their concepts. Links
go only to terms on the page and to http(s) and mailto addresses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import rdflib
import rdflib.collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from coalitiegraaf.analysis.labels import LANGUAGES, short_iri
from coalitiegraaf.store import Store
from coalitiegraaf.store.namespaces import CG, ONTOLOGY_GRAPH


@dataclass
class Term:
    iri: str
    name: str
    labels: dict[str, str]
    definitions: dict[str, str]
    kind: str
    parents: list[str] = field(default_factory=list)
    domain: list[str] = field(default_factory=list)
    range: list[str] = field(default_factory=list)
    members: list[Term] = field(default_factory=list)
    axioms: list[Axiom] = field(default_factory=list)


@dataclass(frozen=True)
class Ref:
    """A term named in an axiom; ``anchor`` when the page documents it."""

    name: str
    anchor: str | None = None


@dataclass(frozen=True)
class Axiom:
    """One axiom as a sentence per language, each a list of words and :class:`Ref`."""

    nl: tuple[str | Ref, ...]
    en: tuple[str | Ref, ...]


_CHARACTERISTICS = {
    OWL.FunctionalProperty: ("functioneel: ten hoogste één waarde", "functional: at most one value"),
    OWL.InverseFunctionalProperty: ("invers functioneel: een waarde hoort bij ten hoogste één subject",
                                    "inverse functional: a value belongs to at most one subject"),
    OWL.TransitiveProperty: ("transitief", "transitive"),
    OWL.SymmetricProperty: ("symmetrisch", "symmetric"),
    OWL.AsymmetricProperty: ("asymmetrisch", "asymmetric"),
    OWL.ReflexiveProperty: ("reflexief", "reflexive"),
    OWL.IrreflexiveProperty: ("irreflexief", "irreflexive"),
}
_CARDINALITIES = {
    OWL.cardinality: ("precies", "exactly"), OWL.qualifiedCardinality: ("precies", "exactly"),
    OWL.minCardinality: ("ten minste", "at least"), OWL.minQualifiedCardinality: ("ten minste", "at least"),
    OWL.maxCardinality: ("ten hoogste", "at most"), OWL.maxQualifiedCardinality: ("ten hoogste", "at most"),
}


def ontology_page(store: Store) -> bytes:
    """The HTML page documenting the ontology and vocabularies that ``store`` holds."""
    from coalitiegraaf.report.pages import template_environment

    graph = store.dataset().graph(ONTOLOGY_GRAPH)
    ontology = next(graph.subjects(RDF.type, OWL.Ontology), None)
    context = {
        "ontology": str(ontology or ""),
        "title": _texts(graph, ontology, DCTERMS.title),
        "description": _texts(graph, ontology, DCTERMS.description),
        "version": str(graph.value(ontology, OWL.versionInfo) or ""),
        "version_iri": str(graph.value(ontology, OWL.versionIRI) or ""),
        "licence": str(graph.value(ontology, DCTERMS.license) or ""),
        "licence_link": safe_link(graph.value(ontology, DCTERMS.license)),
        "classes": _terms(graph, OWL.Class, "class"),
        "properties": _terms(graph, OWL.ObjectProperty, "object property")
        + _terms(graph, OWL.DatatypeProperty, "datatype property")
        + _terms(graph, OWL.AnnotationProperty, "annotation property"),
        "schemes": _schemes(graph),
        "languages": LANGUAGES,
    }
    html = template_environment().get_template("ontology.html.j2").render(**context)
    return html.encode("utf-8")


def safe_link(value) -> str | None:
    """``value`` if it may be a link on the page (http, https, mailto), else None: a
    ``javascript:`` licence must stay text."""
    text = str(value or "")
    return text if text.lower().startswith(("http://", "https://", "mailto:")) else None


def _texts(graph: rdflib.Graph, node, prop) -> dict[str, str]:
    if node is None:
        return {}
    return {lit.language or "": str(lit) for lit in graph.objects(node, prop)
            if isinstance(lit, rdflib.Literal)}


def _term(graph: rdflib.Graph, node, kind: str) -> Term:
    labels = _texts(graph, node, RDFS.label) or _texts(graph, node, SKOS.prefLabel)
    return Term(
        iri=str(node), name=short_iri(node), labels=labels, kind=kind,
        definitions=_texts(graph, node, SKOS.definition) or _texts(graph, node, RDFS.comment),
        parents=sorted(short_iri(p) for p in graph.objects(node, RDFS.subClassOf)
                       if isinstance(p, rdflib.URIRef))
        + sorted(short_iri(p) for p in graph.objects(node, RDFS.subPropertyOf)),
        domain=sorted(short_iri(d) for d in graph.objects(node, RDFS.domain) if isinstance(d, rdflib.URIRef)),
        range=sorted(short_iri(r) for r in graph.objects(node, RDFS.range) if isinstance(r, rdflib.URIRef)),
        axioms=_axioms(graph, node),
    )


def _ref(graph: rdflib.Graph, node) -> Ref:
    name = short_iri(node)
    documented = any(graph.triples((node, RDF.type, kind)) for kind in (OWL.Class, OWL.ObjectProperty,
                                                                         OWL.DatatypeProperty))
    return Ref(name, name if documented else None)


def _axioms(graph: rdflib.Graph, node) -> list[Axiom]:
    """Everything the ontology says about ``node`` beyond labels, hierarchy, domain and range."""
    found = []
    for parent in graph.objects(node, RDFS.subClassOf):
        if isinstance(parent, rdflib.BNode):
            nl, en = _expression(graph, parent)
            found.append(Axiom(("is een subklasse van: ", *nl), ("is a subclass of: ", *en)))
    for prop, (nl_word, en_word) in ((OWL.equivalentClass, ("is gelijk aan", "is equivalent to")),
                                     (OWL.disjointWith, ("is disjunct met", "is disjoint with")),
                                     (OWL.equivalentProperty, ("is gelijk aan", "is equivalent to")),
                                     (OWL.propertyDisjointWith, ("is disjunct met", "is disjoint with"))):
        for other in graph.objects(node, prop):
            nl, en = _expression(graph, other)
            found.append(Axiom((f"{nl_word} ", *nl), (f"{en_word} ", *en)))
    inverses = {*graph.objects(node, OWL.inverseOf), *graph.subjects(OWL.inverseOf, node)}
    for inverse in sorted(inverses, key=str):
        found.append(Axiom(("is het omgekeerde van ", _ref(graph, inverse)),
                           ("is the inverse of ", _ref(graph, inverse))))
    for kind, (nl, en) in _CHARACTERISTICS.items():
        if (node, RDF.type, kind) in graph:
            found.append(Axiom((f"is {nl}",), (f"is {en}",)))
    for chain in graph.objects(node, OWL.propertyChainAxiom):
        steps = [_ref(graph, step) for step in rdflib.collection.Collection(graph, chain)]
        joined = tuple(item for step in steps for item in (" / ", step))[1:]
        found.append(Axiom(("volgt uit de keten ", *joined), ("follows from the chain ", *joined)))
    return sorted(found, key=lambda axiom: _plain(axiom.en))


def _expression(graph: rdflib.Graph, node) -> tuple[tuple, tuple]:
    """A class expression in words, Dutch and English."""
    if not isinstance(node, rdflib.BNode):
        return (_ref(graph, node),), (_ref(graph, node),)
    on = graph.value(node, OWL.onProperty)
    if on is not None:
        prop = _ref(graph, on)
        for quantifier, nl, en in ((OWL.allValuesFrom, ("elke waarde van ", prop, " is een "),
                                    ("every value of ", prop, " is a ")),
                                   (OWL.someValuesFrom, ("ten minste één waarde van ", prop, " is een "),
                                    ("at least one value of ", prop, " is a "))):
            filler = graph.value(node, quantifier)
            if filler is not None:
                nl_filler, en_filler = _expression(graph, filler)
                return (*nl, *nl_filler), (*en, *en_filler)
        value = graph.value(node, OWL.hasValue)
        if value is not None:
            shown = _ref(graph, value) if isinstance(value, rdflib.URIRef) else str(value)
            return (prop, " heeft de waarde ", shown), (prop, " has the value ", shown)
        for cardinality, (nl_word, en_word) in _CARDINALITIES.items():
            number = graph.value(node, cardinality)
            if number is not None:
                nl = (f"{nl_word} {number} waarden van ", prop)
                en = (f"{en_word} {number} values of ", prop)
                of_class = graph.value(node, OWL.onClass)
                if of_class is None:
                    return nl, en
                nl_of, en_of = _expression(graph, of_class)
                return (*nl, " van het type ", *nl_of), (*en, " of type ", *en_of)
    for operator, nl_word, en_word in ((OWL.unionOf, " of ", " or "), (OWL.intersectionOf, " en ", " and "),
                                       (OWL.oneOf, ", ", ", ")):
        members = graph.value(node, operator)
        if members is not None:
            parts = [_expression(graph, member) for member in rdflib.collection.Collection(graph, members)]
            nl = tuple(item for i, (part, _) in enumerate(parts) for item in ((nl_word,) if i else ()) + part)
            en = tuple(item for i, (_, part) in enumerate(parts) for item in ((en_word,) if i else ()) + part)
            return ("(", *nl, ")"), ("(", *en, ")")
    complement = graph.value(node, OWL.complementOf)
    if complement is not None:
        nl, en = _expression(graph, complement)
        return ("niet ", *nl), ("not ", *en)
    return ("(een naamloze klasse)",), ("(an anonymous class)",)


def _plain(words: tuple) -> str:
    return "".join(word.name if isinstance(word, Ref) else word for word in words)


def _terms(graph: rdflib.Graph, cls, kind: str) -> list[Term]:
    nodes = {n for n in graph.subjects(RDF.type, cls) if isinstance(n, rdflib.URIRef)}
    if cls != SKOS.ConceptScheme:
        # our own terms only: the ontology declares the terms it reuses too (for OWL 2 DL), and
        # their own vocabularies document those
        nodes = {n for n in nodes if str(n).startswith(str(CG))}
    return sorted((_term(graph, n, kind) for n in nodes), key=lambda t: t.name.casefold())


def _schemes(graph: rdflib.Graph) -> list[Term]:
    schemes = _terms(graph, SKOS.ConceptScheme, "concept scheme")
    for scheme in schemes:
        scheme.members = sorted((_term(graph, c, "concept")
                                 for c in graph.subjects(SKOS.inScheme, rdflib.URIRef(scheme.iri))),
                                key=lambda t: t.name)
    return schemes
