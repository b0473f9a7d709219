"""The catalogue description of the dataset, ``void.ttl``: DCAT-AP-NL 3.0 for catalogues such as
data.overheid.nl (checked against its SHACL shapes) and VoID for linked-data tools.

It describes the dataset (title, description, publisher, contact point, theme, licence,
access rights, dates taken from the sources, not from the clock), one distribution per file
``build`` wrote (media type, size, SHA-256 checksum, a download URL relative to where
``void.ttl`` is published), and the SPARQL endpoint that ``coalitiegraaf serve`` opens as a
data service. The statement counts are those of the dumps: the union of the named graphs in
Turtle and N-Triples, each named graph in TriG and JSON-LD.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import rdflib
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, VOID, XSD

from coalitiegraaf import __version__
from coalitiegraaf.store import Store

DATASET = rdflib.URIRef("https://w3id.org/coalitiegraaf/id/dataset/coalitiegraaf")
SERVICE = rdflib.URIRef("https://w3id.org/coalitiegraaf/id/dataset/coalitiegraaf/sparql")
LICENCE = rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")
DEFAULT_ENDPOINT = "http://127.0.0.1:7878/query"
DCAT_OPEN = rdflib.Namespace(str(DCAT))  # rdflib's DCAT lacks DCAT 3's terms
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
VCARD = rdflib.Namespace("http://www.w3.org/2006/vcard/ns#")
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
MEDIA_TYPES = {".ttl": "text/turtle", ".nt": "application/n-triples", ".nq": "application/n-quads",
               ".trig": "application/trig", ".jsonld": "application/ld+json", ".rdf": "application/rdf+xml",
               ".csv": "text/csv"}
# the distributions' IRIs are made against this base and written relative to it
_HERE = "https://coalitiegraaf.invalid/dist/"
_DATES = """
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT (MIN(?date) AS ?first) (MAX(?date) AS ?last) WHERE {
  GRAPH ?graph { ?s ?p ?o }
  BIND (IRI(REPLACE(STR(?graph), "/graph/", "/id/document/")) AS ?document)
  ?document dcterms:date ?date .
}"""
_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"


def describe(store: Store, files: Sequence[Path] = (), endpoint_url: str = DEFAULT_ENDPOINT) -> rdflib.Graph:
    """The description of what ``store`` holds, of the ``files`` it was written to, and of the
    endpoint at ``endpoint_url``."""
    from coalitiegraaf.analysis.statistics import stats

    graph = rdflib.Graph(base=_HERE)
    for prefix, namespace in (("void", VOID), ("dcat", DCAT), ("dcterms", DCTERMS), ("foaf", FOAF),
                              ("spdx", SPDX), ("vcard", VCARD), ("sd", SD)):
        graph.bind(prefix, namespace)
    graph += _fixed()
    graph.add((DATASET, DCAT_OPEN.version, rdflib.Literal(__version__)))
    graph.add((DATASET, OWL.versionInfo, rdflib.Literal(__version__)))
    ((first, last),) = store.query_own(_DATES).rows
    if first is not None:  # the dates of the sources, never the clock's
        graph.add((DATASET, DCTERMS.issued, first))
        graph.add((DATASET, DCTERMS.modified, last))
    for path in files:
        _distribution(graph, Path(path))
    endpoint = rdflib.URIRef(endpoint_url)
    graph.add((SERVICE, DCAT.endpointURL, endpoint))
    graph.add((SERVICE, DCAT.endpointDescription, endpoint))  # a GET without a query describes it
    graph.add((DATASET, VOID.triples, _integer(int(store.query_own(_TRIPLES).rows[0][0]))))
    for name, count in stats(store).per_graph.items():
        subset = rdflib.URIRef(f"{DATASET}/graph/{name.rsplit('/', 1)[-1]}")
        graph.add((DATASET, VOID.subset, subset))
        graph.add((subset, RDF.type, VOID.Dataset))
        graph.add((subset, SD.name, rdflib.URIRef(name)))
        graph.add((subset, VOID.triples, _integer(count)))
    return graph


def write_description(graph: rdflib.Graph) -> bytes:
    """``graph`` as Turtle, its distributions' IRIs relative to where the file is published."""
    text = graph.serialize(format="turtle", base=_HERE)
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith("@base ")).encode()


def _fixed() -> rdflib.Graph:
    """The fixed part: dataset, data service, publisher and contact point (``dataset.ttl``)."""
    from importlib.resources import files

    text = files("coalitiegraaf.publish").joinpath("dataset.ttl").read_text(encoding="utf-8")
    return rdflib.Graph().parse(data=text, format="turtle")


def _distribution(graph: rdflib.Graph, path: Path) -> None:
    data = path.read_bytes()
    here = rdflib.URIRef(_HERE + path.name)
    distribution = rdflib.URIRef(f"{DATASET}/distribution/{path.name}")
    checksum = rdflib.URIRef(f"{distribution}#sha256")
    media = MEDIA_TYPES[path.suffix]
    graph.add((DATASET, DCAT.distribution, distribution))
    graph.add((distribution, RDF.type, DCAT.Distribution))
    graph.add((distribution, DCTERMS.title, rdflib.Literal(path.name)))
    graph.add((distribution, DCAT.downloadURL, here))
    graph.add((distribution, DCAT.accessURL, here))
    graph.add((distribution, DCAT.mediaType, rdflib.URIRef(f"https://www.iana.org/assignments/media-types/{media}")))
    graph.add((distribution, DCTERMS.format, rdflib.Literal(media)))
    graph.add((distribution, DCAT.byteSize, rdflib.Literal(len(data), datatype=XSD.nonNegativeInteger)))
    graph.add((distribution, DCTERMS.license, LICENCE))
    graph.add((distribution, SPDX.checksum, checksum))
    graph.add((checksum, RDF.type, SPDX.Checksum))
    graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    digest = hashlib.sha256(data).hexdigest()
    graph.add((checksum, SPDX.checksumValue, rdflib.Literal(digest, datatype=XSD.hexBinary)))


def _integer(value: int) -> rdflib.Literal:
    return rdflib.Literal(value, datatype=XSD.integer)


_RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                   "Turtle", "N-Triples", "RDF_XML", "JSON-LD")


def service_description(url: str, graph_names: list[str]) -> list:
    """The SPARQL 1.1 Service Description of the endpoint at ``url`` serving ``graph_names``
    (as Oxigraph triples, for the endpoint's writers)."""
    from coalitiegraaf.store.results import to_oxigraph_triple

    graph = rdflib.Graph()
    service, dataset, default = rdflib.URIRef(url), rdflib.BNode("dataset"), rdflib.BNode("default")
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for name in _RESULT_FORMATS:
        graph.add((service, SD.resultFormat, rdflib.URIRef(f"http://www.w3.org/ns/formats/{name}")))
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, DCTERMS.source, DATASET))
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    for index, name in enumerate(sorted(graph_names)):
        named = rdflib.BNode(f"graph{index}")
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, rdflib.URIRef(name)))
    return sorted((to_oxigraph_triple(t) for t in graph), key=str)
