"""Every term the graph uses is declared in our ontology or really exists in the vocabulary we
reuse (checked against the copies in ../shared/vocab), and the ontology is complete."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from coalitiegraaf.store.namespaces import CG, ONTOLOGY_GRAPH
from tests.conftest import VOCAB, requires_vocab

REUSED = {
    "w3c/org.ttl": "turtle",
    "w3c/prov-o.ttl": "turtle",
    "w3c/skos.rdf": "xml",
    "w3c/dcat3.ttl": "turtle",
    "dcmi/dublin_core_terms.ttl": "turtle",
    "eu/eli.rdf": "xml",
    "eu/core-public-organisation-ap-2.1.2.ttl": "turtle",
}
BUILT_IN = (str(RDF), str(RDFS), str(OWL), str(XSD))


@pytest.fixture(scope="module")
def reused_terms() -> set[rdflib.URIRef]:
    terms: set[rdflib.URIRef] = set()
    for name, fmt in REUSED.items():
        graph = rdflib.Graph().parse(VOCAB / name, format=fmt)
        terms.update(s for s in graph.subjects() if isinstance(s, rdflib.URIRef))
    return terms


@pytest.fixture(scope="module")
def ontology(memory_store) -> rdflib.Graph:
    return memory_store.dataset().graph(ONTOLOGY_GRAPH)


def _used_terms(graph: rdflib.Graph) -> set[rdflib.URIRef]:
    """Predicates, classes and the properties named as values of cg:relation."""
    used = set(graph.predicates())
    used |= {o for o in graph.objects(None, RDF.type) if isinstance(o, rdflib.URIRef)}
    used |= {o for o in graph.objects(None, CG.relation) if isinstance(o, rdflib.URIRef)}
    return used


@requires_vocab
def test_every_term_used_is_declared_or_reused(memory_store, ontology, reused_terms):
    declared = {s for s in ontology.subjects(RDF.type, None)}
    graph = memory_store.graph()
    unknown = {t for t in _used_terms(graph)
               if t not in declared and t not in reused_terms and not str(t).startswith(BUILT_IN)}
    assert sorted(unknown) == []


@requires_vocab
def test_every_reused_superclass_and_superproperty_exists(ontology, reused_terms):
    named = {o for p in (RDFS.subClassOf, RDFS.subPropertyOf) for o in ontology.objects(None, p)
             if isinstance(o, rdflib.URIRef) and not str(o).startswith(str(CG))}
    assert named, "the ontology reuses nothing"
    assert sorted(named - reused_terms) == []


def test_every_class_and_property_is_labelled_and_defined_in_dutch_and_english(ontology):
    terms = {s for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
             for s in ontology.subjects(RDF.type, kind) if str(s).startswith(str(CG))}
    assert len(terms) > 80
    lacking = []
    for term in terms:
        for prop in (RDFS.label, SKOS.definition):
            languages = {o.language for o in ontology.objects(term, prop)}
            if not {"nl", "en"} <= languages:
                lacking.append((str(term), str(prop)))
    assert sorted(lacking) == []


def test_the_ontology_has_a_version_iri(ontology):
    ontologies = list(ontology.subjects(RDF.type, OWL.Ontology))
    assert len(ontologies) == 1
    assert ontology.value(ontologies[0], OWL.versionIRI) is not None
