"""Network analysis for coordinators: duplicated efforts, overlaps, gaps, impact, an
organisation's parts, brokers, communities and centrality, built from what the store holds
(networkx, with igraph and sparse matrices behind it on large networks:
:mod:`coalitiegraaf.analysis.networks`).

The facts come from the queries in ``queries/analysis/`` (:mod:`.facts`); every finding says in
one sentence, Dutch and English, what it is and why it matters, with its kind, its strength and
the letter's words for each node it concerns (:mod:`.model`). Analyses use the statements the
letter states; ``include`` adds implied and intended ones (gaps read them all: a response the
letter only implies still answers a barrier).
"""

from __future__ import annotations

from collections.abc import Iterable

from coalitiegraaf.analysis.duplicates import complementary, duplicates
from coalitiegraaf.analysis.facts import ID, Facts, collect
from coalitiegraaf.analysis.gaps import gaps
from coalitiegraaf.analysis.graphs import actor_network, dependency_network
from coalitiegraaf.analysis.impact import cycles, impact, most_depended_on
from coalitiegraaf.analysis.model import Evidence, Finding
from coalitiegraaf.analysis.organisations import organisation
from coalitiegraaf.analysis.overlaps import overlaps
from coalitiegraaf.analysis.rankings import brokers, centrality, communities
from coalitiegraaf.errors import QueryError
from coalitiegraaf.store import Store

CG = "https://w3id.org/coalitiegraaf/def#"

ANALYSES = {
    "duplicates": duplicates,
    "overlaps": overlaps,
    "gaps": gaps,
    "brokers": brokers,
    "communities": communities,
    "centrality": centrality,
}
# analyses that rank by betweenness, estimated on large networks unless asked for exactly
EXACT_OR_ESTIMATED = ("brokers", "centrality")
# analyses about one node: impact ranks the most depended-on nodes without one
ABOUT_A_NODE = {"impact": impact, "organisation": organisation}

__all__ = ["ANALYSES", "Evidence", "Facts", "Finding", "actor_network", "analyse", "brokers", "centrality",
           "collect", "communities", "complementary", "cycles", "dependency_network", "duplicates",
           "findings_as_rows", "gaps", "impact", "most_depended_on", "network_file", "organisation",
           "overlaps", "to_rdf"]


def analyse(store: Store, name: str, node: str | None = None, lang: str = "nl",
            include: Iterable[str] = (), exact: bool = False) -> list[Finding]:
    """Run the analysis ``name`` on ``store``; ``impact`` and ``organisation`` take ``node``
    (an IRI, a label or an abbreviation), ``include`` adds implied and intended statements;
    ``exact`` computes the betweenness of brokers and centrality exactly on large networks too,
    where it is otherwise estimated from a sample."""
    known = [*ANALYSES, *ABOUT_A_NODE]
    if name not in known:
        from coalitiegraaf.messages import Words

        raise QueryError(key="unknown_choice", what=Words("what_analysis"),
                         value=name, choices=", ".join(known))
    facts = collect(store, lang, include)
    if name == "impact" and not node:
        return most_depended_on(facts)
    if name in ABOUT_A_NODE:
        if not node:
            raise QueryError(key="needs_node", name=name)
        return ABOUT_A_NODE[name](facts, node)
    if name in EXACT_OR_ESTIMATED:
        return ANALYSES[name](facts, exact=exact)
    return ANALYSES[name](facts)


def findings_as_rows(findings: list[Finding], lang: str = "nl") -> tuple[list[str], list[list[str]]]:
    """Findings as a table: what, with what, which kind, how strong, the finding in a sentence,
    and the letter's words for each node it concerns."""
    header = ["subject", "other", "kind", "strength", "finding", "evidence"]
    rows = [[f.subject_label, f.other_label, f.kind, f.strength, f.text(lang),
             " | ".join(e.cite_for(lang) for e in f.evidence)] for f in findings]
    return header, rows


def to_rdf(findings: list[Finding], lang: str = "nl") -> bytes:
    """The findings as Turtle, in the ontology's terms (cg:Finding), with stable IRIs: what each
    concerns, its kind, strength, explanation in Dutch and English, and the letter's words."""
    import hashlib

    import rdflib
    from rdflib.namespace import RDF, XSD

    graph = rdflib.Graph()
    graph.bind("cg", CG)
    cg = rdflib.Namespace(CG)
    for finding in findings:
        concerned = finding.nodes or (finding.subject, finding.other)
        key = "\n".join((finding.analysis, finding.kind, *concerned))
        node = rdflib.URIRef(f"{ID}finding/{finding.analysis}-{hashlib.sha1(key.encode()).hexdigest()[:12]}")
        graph.add((node, RDF.type, cg.Finding))
        graph.add((node, cg.analysis, rdflib.Literal(finding.analysis)))
        graph.add((node, cg.findingKind, rdflib.Literal(finding.kind)))
        if finding.strength:
            graph.add((node, cg.strength, rdflib.Literal(finding.strength)))
        graph.add((node, cg.concerns, _node(finding.subject)))
        for other in finding.nodes[1:] or ((finding.other,) if finding.other else ()):
            graph.add((node, cg.comparedWith, _node(other)))
        graph.add((node, cg.score, rdflib.Literal(str(finding.score), datatype=XSD.decimal)))
        for language, sentence in finding.sentence.items():
            graph.add((node, cg.explanation, rdflib.Literal(sentence, lang=language)))
        for reason in (*finding.reasons, *(e.cite_for(lang) for e in finding.evidence)):
            graph.add((node, cg.reason, rdflib.Literal(reason, lang=lang)))
    return graph.serialize(format="turtle", encoding="utf-8")


def _node(value: str):
    import rdflib

    return rdflib.URIRef(value) if value.startswith(("http://", "https://")) else rdflib.URIRef(ID + value)


# attribute names that igraph reads as its own: "type" marks the sides of a bipartite graph
# (booleans), "name" looks vertices up, "id" is where it puts GraphML's node ids
IGRAPH_RESERVED = {"type": "nodeType", "name": "nodeName", "id": "nodeId"}


def network_file(store: Store, network: str, fmt: str, lang: str = "nl") -> bytes:
    """The actor–coalition or the dependency network as GraphML or GEXF, with labels and types,
    the same bytes for the same data (no date in it)."""
    import io
    import re

    import networkx as nx

    # an export holds every statement, each edge with its support, for the user to filter on
    facts = collect(store, lang, include=("implied", "intended"))
    builders = {"actors": actor_network, "dependencies": dependency_network}
    if network not in builders:
        from coalitiegraaf.messages import Words

        raise QueryError(key="unknown_choice", what=Words("what_network"), value=network,
                         choices="actors, dependencies")
    graph = builders[network](facts)
    for node in graph:
        attributes = graph.nodes[node]
        attributes.setdefault("label", facts.label(node))
        attributes.setdefault("type", node.removeprefix(ID).split("/", 1)[0])
        for reserved, ours in IGRAPH_RESERVED.items():
            if reserved in attributes:
                attributes[ours] = attributes.pop(reserved)
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(graph, buffer)
        return buffer.getvalue()
    nx.write_gexf(graph, buffer)
    # networkx stamps the file with today's date; the data has none to give
    return re.sub(rb' lastmodifieddate="[^"]*"', b"", buffer.getvalue(), count=1)
