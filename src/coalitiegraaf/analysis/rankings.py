"""Rankings: the organisations that connect coalitions (brokers), the groups that already work
together (communities) and the best-connected nodes of each kind (centrality). They rank what
the graph shows rather than claim something the letter does not; each says why it matters and
carries the letter's words for its place in the network."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coalitiegraaf.analysis import networks
from coalitiegraaf.analysis.facts import Facts
from coalitiegraaf.analysis.graphs import actor_network, role_weight
from coalitiegraaf.analysis.model import MEDIUM, STRONG, Finding, both, each, listing, say
from coalitiegraaf.analysis.model import number as written
from coalitiegraaf.analysis.organisations import cited, main_part, participation

if TYPE_CHECKING:
    import networkx as nx

CENTRAL_KINDS = ("actor", "theme", "document", "initiative", "coalition")


def organisation_network(facts: Facts) -> nx.Graph:
    """The bipartite network of organisations (posts and units counted as their organisation)
    and the coalitions and collaborations they take a substantive part in."""
    import networkx as nx

    graph = nx.Graph()
    for effort, members in participation(facts).items():
        graph.add_node(effort, kind="organization")
        for organisation, parts in members.items():
            graph.add_node(organisation, kind="actor")
            graph.add_edge(organisation, effort, weight=max(role_weight(p.role) for p in parts), parts=parts)
    return graph


def _organisations_together(facts: Facts) -> tuple[nx.Graph, set[str], nx.Graph, list[set[str]]]:
    """The organisation network, its organisations, its projection onto them and the
    communities of the projection, made once for the brokers and the communities alike."""
    found = facts.derived.get("organisations together")
    if found is None:
        graph = organisation_network(facts)
        organisations = {n for n, kind in graph.nodes(data="kind") if kind == "actor"}
        projection = networks.weighted_projection(graph, organisations)
        found = facts.derived["organisations together"] = (
            graph, organisations, projection, networks.communities(projection))
    return found


def brokers(facts: Facts, top: int | None = None, exact: bool = False) -> list[Finding]:
    """Organisations in two or more coalitions and collaborations: betweenness in the
    organisation network and in its projection, and the communities each links. Strong: a
    substantive part in three or more. On a large network betweenness is estimated from a
    sample of sources (:func:`.networks.sources`), which each finding says, unless ``exact``."""
    graph, organisations, projection, groups = _organisations_together(facts)
    used = networks.sources(graph.number_of_nodes(), exact)
    betweenness = networks.betweenness(graph, samples=used)
    estimate = _estimate(used, graph.number_of_nodes())
    projected = networks.betweenness(projection, exact=exact)
    community_of = {member: i for i, c in enumerate(groups) for member in c}
    findings = []
    for organisation in organisations:
        efforts = sorted(graph.neighbors(organisation), key=facts.label)
        if len(efforts) < 2:
            continue
        parts = {e: main_part(graph.edges[organisation, e]["parts"]) for e in efforts}
        linked = sorted({community_of[n] + 1 for n in projection.neighbors(organisation) if n in community_of}
                        | {community_of.get(organisation, -1) + 1} - {0})
        sentence = {lang: say("broker", lang, actor=facts.label(organisation, lang), count=len(efforts),
                              where=listing([f"{facts.label(e, lang)}: {facts.label(parts[e].role, lang)}"
                                             for e in efforts], lang)) + estimate.get(lang, "")
                    for lang in ("nl", "en")}
        findings.append(facts.finding(
            "brokers", "broker", STRONG if len(efforts) >= 3 else MEDIUM, (organisation,), sentence,
            [e for effort in efforts for e in cited(facts, parts[effort])],
            {"degree": len(efforts), "betweenness": round(betweenness[organisation], 4),
             "projection_betweenness": round(projected.get(organisation, 0.0), 4), "communities": linked,
             **_sources_detail(used, graph.number_of_nodes())},
            score=round(betweenness[organisation], 4),
            reasons=tuple(f"{facts.label(e)}: {facts.label(parts[e].role)}" for e in efforts)))
    ranked = sorted(findings, key=lambda f: (-f.score, -f.details["degree"], f.subject_label))
    return ranked[:top] if top else ranked


def _estimate(used: int, count: int) -> dict[str, str]:
    """The words that say a ranking is estimated (`` De rangorde is geschat …``), in every
    language; nothing where it is exact."""
    if used >= count:
        return {}
    return each(lambda lang: " " + say("estimated", lang, samples=written(used, lang),
                                       nodes=written(count, lang)))


def _sources_detail(used: int, count: int) -> dict[str, object]:
    """From how many of the network's nodes an estimated betweenness comes (the exact values
    need no such detail: their findings stay as they were)."""
    return {"estimated_from": used, "network_nodes": count} if used < count else {}


def communities(facts: Facts) -> list[Finding]:
    """Groups of organisations that work together (greedy modularity on the organisation
    projection), named after their best-connected member. Strong: three or more organisations
    that share two or more coalitions or collaborations."""
    graph, _, projection, groups = _organisations_together(facts)
    findings = []
    for number, group in enumerate(groups, start=1):
        if len(group) < 2:
            continue
        central = max(group, key=lambda n: (projection.degree(n, weight="weight"), facts.label(n)))
        efforts = sorted({e for member in group for e in graph.neighbors(member)}, key=facts.label)
        members = sorted(group, key=facts.short)
        sentence = both("community", members=facts.listed(members, short=True), where=facts.listed(efforts))
        evidence = [e for m in members[:8] for effort in sorted(graph.neighbors(m))[:1]
                    for e in cited(facts, main_part(graph.edges[m, effort]["parts"]))]
        findings.append(facts.finding(
            "communities", "community", STRONG if len(group) >= 3 and len(efforts) >= 2 else MEDIUM,
            (f"community-{number}", *members), sentence, evidence,
            {"members": members, "efforts": efforts, "around": central}, score=float(len(group))))
    return [_named(facts, f) for f in findings]


def _named(facts: Facts, finding: Finding) -> Finding:
    from dataclasses import replace

    number = finding.subject.rsplit("-", 1)[-1]
    return replace(finding, subject_label=say("community_name", facts.lang, number=number,
                                              around=facts.short(finding.details["around"])))


def centrality(facts: Facts, top: int = 10, exact: bool = False) -> list[Finding]:
    """The best-connected nodes of the whole network (memberships, typed relations, themes and
    challenges), per kind, by betweenness centrality, with their degree. Strong: at least half
    as central as the most central node of its kind. On a large network betweenness is
    estimated from a sample of sources, which each finding says, unless ``exact``."""
    import networkx as nx

    graph = nx.Graph(actor_network(facts))
    for r in facts.admitted_relations:
        graph.add_edge(r["from"], r["to"])
    for effort, contexts in facts.contexts.items():
        for context, _ in contexts:
            graph.add_edge(effort, context)
    used = networks.sources(graph.number_of_nodes(), exact)
    rank = networks.betweenness(graph, samples=used)
    estimate = _estimate(used, graph.number_of_nodes())
    findings = []
    for kind in CENTRAL_KINDS:
        nodes = sorted((n for n in graph if facts.kind(n) == kind), key=lambda n: (-rank[n], -graph.degree(n),
                                                                                    facts.label(n)))[:top]
        best = rank[nodes[0]] if nodes else 0
        for node in nodes:
            named = each(lambda lang, k=kind: say(f"kind_{k}", lang))
            sentence = both("central", node=facts.both(node), kind=named, degree=graph.degree(node))
            sentence = {lang: text + estimate.get(lang, "") for lang, text in sentence.items()}
            details = {"kind": kind, "degree": graph.degree(node), "betweenness": round(rank[node], 4),
                       **_sources_detail(used, graph.number_of_nodes())}
            findings.append(facts.finding(
                "centrality", kind, STRONG if best and rank[node] >= best / 2 else MEDIUM, (node,), sentence,
                facts.evidence(node), details, score=round(rank[node], 4)))
    return findings
