"""The ontology's documentation as one self-contained HTML page, written by ``build``.

pyLODE was the first choice; its release on PyPI fails at import (it reads a pyproject.toml
that the wheel does not ship) and it pulls in an HTTP client, so the page is rendered here from
the ontology graph with the report's Jinja2 setup: every class and property with its Dutch and
English label and definition, its super-terms, domain and range, and the controlled
vocabularies with their concepts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import rdflib
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
        "classes": _terms(graph, OWL.Class, "class"),
        "properties": _terms(graph, OWL.ObjectProperty, "object property")
        + _terms(graph, OWL.DatatypeProperty, "datatype property")
        + _terms(graph, OWL.AnnotationProperty, "annotation property"),
        "schemes": _schemes(graph),
        "languages": LANGUAGES,
    }
    html = template_environment().get_template("ontology.html.j2").render(**context)
    return html.encode("utf-8")


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
    )


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
