"""A Mermaid class diagram of the ontology, generated from it (for the README).

Edges come from the ontology itself: ``rdfs:domain``/``rdfs:range`` of our properties,
``owl:allValuesFrom`` restrictions on our classes, and ``rdfs:subClassOf`` between classes
that take part in an edge.
"""

from __future__ import annotations

import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from coalitiegraaf.analysis.labels import short_iri
from coalitiegraaf.store.namespaces import CG


def mermaid(ontology: rdflib.Graph) -> str:
    """The class diagram as Mermaid ``classDiagram`` text, sorted so that it is stable."""
    edges = _property_edges(ontology) | _restriction_edges(ontology)
    classes = {end for source, _, target in edges for end in (source, target)}
    inheritance = {(child, parent) for child in classes for parent in ontology.objects(child, RDFS.subClassOf)
                   if parent in classes}
    lines = ["classDiagram", "    direction LR"]
    lines += [f"    {_name(parent)} <|-- {_name(child)}" for child, parent in sorted(inheritance)]
    lines += [f"    {_name(source)} --> {_name(target)} : {short_iri(prop)}"
              for source, prop, target in sorted(edges)]
    return "\n".join(lines) + "\n"


def _property_edges(ontology: rdflib.Graph) -> set[tuple]:
    edges = set()
    for prop in ontology.subjects(RDF.type, OWL.ObjectProperty):
        if not str(prop).startswith(str(CG)):
            continue
        for domain in ontology.objects(prop, RDFS.domain):
            for range_ in ontology.objects(prop, RDFS.range):
                if isinstance(domain, rdflib.URIRef) and isinstance(range_, rdflib.URIRef):
                    edges.add((domain, prop, range_))
    return edges


def _restriction_edges(ontology: rdflib.Graph) -> set[tuple]:
    edges = set()
    for cls, restriction in ontology.subject_objects(RDFS.subClassOf):
        if not str(cls).startswith(str(CG)) or (restriction, RDF.type, OWL.Restriction) not in ontology:
            continue
        prop = ontology.value(restriction, OWL.onProperty)
        target = ontology.value(restriction, OWL.allValuesFrom)
        if isinstance(target, rdflib.URIRef):
            edges.add((cls, prop, target))
    return edges


def _name(cls: rdflib.term.Node) -> str:
    return short_iri(cls).replace(":", "_")
