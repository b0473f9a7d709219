"""What stalls if something stalls: the chains of dependencies from and to a node, with the
letter's words for every link of every chain, and the nodes most depended on."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from coalitiegraaf.analysis.facts import Facts
from coalitiegraaf.analysis.graphs import dependency_network
from coalitiegraaf.analysis.model import MEDIUM, STATED, STRONG, Evidence, Finding, both, say
from coalitiegraaf.errors import QueryError

if TYPE_CHECKING:
    import networkx as nx

# a node one other depends on is a link of a chain, not a node others depend on
MOST_DEPENDED_FROM = 2


def impact(facts: Facts, node: str, limit: int | None = None,
           graph: nx.DiGraph | None = None) -> list[Finding]:
    """Everything that depends on ``node`` (downstream: what stalls if it stalls) and that it
    depends on (upstream), each as a chain with the evidence of every link; ``node`` is an IRI,
    a label or an abbreviation. ``limit`` keeps the nearest so many of each direction (a hub of
    a large agenda has thousands); ``graph`` is the dependency network, if already built."""
    node = facts.resolve(node)
    graph = dependency_network(facts) if graph is None else graph
    if node not in graph:
        # not in the network: its dependencies, if any, are of a support not read this time
        unread = any(node in (r["from"], r["to"]) and "true" in (r["isDependency"], r["isEnabling"])
                     for r in facts.relations)
        raise QueryError(key="no_admitted_dependency" if unread else "no_dependency", node=facts.label(node))
    findings = []
    for direction, neighbours in (("downstream", graph.predecessors), ("upstream", graph.successors)):
        for path in _shortest_paths(node, neighbours, limit):
            other = path[-1]
            # a chain reads in the direction of its edges: what depends, then what it depends on
            steps = list(reversed(path)) if direction == "downstream" else path
            findings.append(_chain(facts, graph, node, other, steps, direction))
    return findings


def _shortest_paths(start: str, neighbours, limit: int | None) -> list[list[str]]:
    """A shortest path from ``start`` to every node reachable through ``neighbours``, nearest
    first (breadth first, ties by identifier), at most ``limit`` of them."""
    parent: dict[str, str | None] = {start: None}
    found, frontier = [], [start]
    while frontier and (limit is None or len(found) < limit):
        following = []
        for current in frontier:
            for other in sorted(neighbours(current)):
                if other not in parent:
                    parent[other] = current
                    following.append(other)
        for other in following[: None if limit is None else limit - len(found)]:
            path, step = [other], parent[other]
            while step is not None:
                path.append(step)
                step = parent[step]
            found.append(list(reversed(path)))
        frontier = following
    return found


def _chain(facts: Facts, graph: nx.DiGraph, node: str, other: str, path: list[str],
           direction: str) -> Finding:
    links = list(itertools.pairwise(path))
    evidence: list[Evidence] = []
    for source, target in links:
        edge = graph.edges[source, target]
        step = f"{facts.label(source)} → {facts.label(target)}"
        evidence += facts.evidence(edge["statement"], source, edge["support"], step)
    route = {lang: " → ".join(facts.label(n, lang) for n in path) for lang in ("nl", "en")}
    stated = all(graph.edges[s, t]["support"] == STATED for s, t in links)
    return facts.finding(
        "impact", direction, STRONG if stated else MEDIUM, (other, node),
        both(direction, node=facts.both(node), other=facts.both(other), path=route), evidence,
        {"direction": direction, "steps": path,
         "relations": [graph.edges[s, t]["relation"] for s, t in links]},
        score=float(len(links)), reasons=(f"{direction}: {route[facts.lang]}",))


def most_depended_on(facts: Facts, top: int = 15) -> list[Finding]:
    """The nodes whose failure touches most: ranked by how many nodes depend on them,
    directly or transitively, at least ``MOST_DEPENDED_FROM``; dependency cycles, if any, are
    reported too."""
    import networkx as nx

    graph = dependency_network(facts)
    counted = {node: len(nx.ancestors(graph, node)) for node in graph}
    ranked = sorted((n for n in graph if counted[n] >= MOST_DEPENDED_FROM),
                    key=lambda n: (-counted[n], facts.label(n)))[:top]
    findings = []
    for node in ranked:
        direct = graph.in_degree(node)
        findings.append(facts.finding(
            "impact", "most-depended-on", STRONG if counted[node] >= 3 else MEDIUM, (node,),
            both("most-depended-on", node=facts.both(node), count=counted[node], direct=direct),
            _direct_evidence(facts, graph, node), {"depend_on_it": counted[node], "directly": direct},
            score=float(counted[node]),
            reasons=(say("depend_on_it", facts.lang, count=counted[node], direct=direct),)))
    for cycle in cycles(facts):
        route = {lang: " → ".join(facts.label(n, lang) for n in cycle) for lang in ("nl", "en")}
        findings.append(facts.finding("impact", "cycle", STRONG, tuple(cycle), both("cycle", path=route), (),
                                      {"cycle": cycle}, score=float(len(cycle))))
    return findings


def _direct_evidence(facts: Facts, graph, node: str) -> tuple[Evidence, ...]:
    """The letter's words for what depends on ``node`` directly (at most five links)."""
    found = []
    for source in sorted(graph.predecessors(node), key=facts.label)[:5]:
        edge = graph.edges[source, node]
        step = f"{facts.label(source)} → {facts.label(node)}"
        found += facts.evidence(edge["statement"], source, edge["support"], step)
    return tuple(found)


def cycles(facts: Facts) -> list[list[str]]:
    """Dependency cycles, each as a list of nodes (none is a finding in itself)."""
    import networkx as nx

    return [sorted(cycle) for cycle in nx.simple_cycles(dependency_network(facts))]

