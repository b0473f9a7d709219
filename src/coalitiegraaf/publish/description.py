"""A VoID and DCAT description of the dataset, so that catalogues such as data.overheid.nl
can list it: title, licence, version, statement counts per named graph, vocabularies used
and example resources."""

from __future__ import annotations

import rdflib
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, VOID, XSD

from coalitiegraaf import __version__
from coalitiegraaf.analysis.statistics import stats
from coalitiegraaf.store import Store
from coalitiegraaf.store.namespaces import CG, ID

DATASET = rdflib.URIRef("https://w3id.org/coalitiegraaf/id/dataset/coalitiegraaf")
LICENCE = rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")
EXAMPLES = ("coalition/digitale-ethiek", "actor/vng", "theme/ai-in-actie", "document/kst-26643-1055")


def describe(store: Store) -> rdflib.Graph:
    """The description of what ``store`` holds."""
    counts = stats(store)
    graph = rdflib.Graph()
    for prefix, namespace in (("void", VOID), ("dcat", DCAT), ("dcterms", DCTERMS), ("cg", CG)):
        graph.bind(prefix, namespace)
    graph.add((DATASET, RDF.type, VOID.Dataset))
    graph.add((DATASET, RDF.type, DCAT.Dataset))
    for title, lang in (("coalitiegraaf: Coalities voor de digitale samenleving", "nl"),
                        ("coalitiegraaf: Coalitions for the digital society", "en")):
        graph.add((DATASET, DCTERMS.title, rdflib.Literal(title, lang=lang)))
    graph.add((DATASET, DCTERMS.description, rdflib.Literal(
        "De agenda 'Coalities voor de digitale samenleving' (Kamerstuk 26 643, nr. 1055) als linked "
        "data: actoren, coalities, thema's, documenten en afhankelijkheden, met herkomst per uitspraak.",
        lang="nl")))
    graph.add((DATASET, DCTERMS.license, LICENCE))
    graph.add((DATASET, OWL.versionInfo, rdflib.Literal(__version__)))
    graph.add((DATASET, DCTERMS.source, rdflib.URIRef("https://zoek.officielebekendmakingen.nl/kst-26643-1055.html")))
    graph.add((DATASET, VOID.triples, rdflib.Literal(counts.total, datatype=XSD.integer)))
    graph.add((DATASET, VOID.uriSpace, rdflib.Literal(str(ID))))
    for namespace in ("https://w3id.org/coalitiegraaf/def#", "http://www.w3.org/ns/org#",
                      "http://www.w3.org/2004/02/skos/core#", "http://purl.org/dc/terms/",
                      "http://www.w3.org/ns/prov#"):
        graph.add((DATASET, VOID.vocabulary, rdflib.URIRef(namespace)))
    for example in EXAMPLES:
        graph.add((DATASET, VOID.exampleResource, ID[example]))
    for name, count in counts.per_graph.items():
        subset = rdflib.URIRef(f"{DATASET}/graph/{name.rsplit('/', 1)[-1]}")
        graph.add((DATASET, VOID.subset, subset))
        graph.add((subset, RDF.type, VOID.Dataset))
        graph.add((subset, rdflib.URIRef("http://www.w3.org/ns/sparql-service-description#name"),
                   rdflib.URIRef(name)))
        graph.add((subset, VOID.triples, rdflib.Literal(count, datatype=XSD.integer)))
    return graph


SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
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
