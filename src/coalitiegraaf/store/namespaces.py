"""The IRIs coalitiegraaf mints and the vocabularies it reuses."""

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

CG = Namespace("https://w3id.org/coalitiegraaf/def#")
ID = Namespace("https://w3id.org/coalitiegraaf/id/")
GRAPH = Namespace("https://w3id.org/coalitiegraaf/graph/")

ONTOLOGY_GRAPH = URIRef(GRAPH["ontology"])
SHAPES_GRAPH = URIRef(GRAPH["shapes"])
USER_DATA_GRAPH = GRAPH["data/"]

PREFIXES: dict[str, str] = {
    "cg": str(CG),
    "dcterms": str(DCTERMS),
    "org": str(ORG),
    "owl": str(OWL),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "sh": str(SH),
    "skos": str(SKOS),
    "xsd": str(XSD),
}

__all__ = ["CG", "GRAPH", "ID", "ONTOLOGY_GRAPH", "PREFIXES", "SHAPES_GRAPH", "USER_DATA_GRAPH"]
