"""The two networks the analyses and the exports are built on, as networkx graphs: actors and
the coalitions and collaborations they take part in (as the data has them: a minister apart from
the ministry), and the dependencies between every kind of node."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coalitiegraaf.analysis.facts import CG, ID, ROLE, Facts, local, support_of

if TYPE_CHECKING:
    import networkx as nx

# how much a membership counts: partners fully, others less, a coordinating or facilitating role
# not at all (it is the coordinator's job to be everywhere, which says nothing about overlap)
ROLE_WEIGHT = {"partner": 1.0, "knowledge-partner": 1.0, "lead": 1.0, "member": 0.75, "funder": 0.75,
               "contributor": 0.5, "adviser": 0.5, "intended-partner": 0.5, "conversation-partner": 0.25,
               "coordinator": 0.0, "facilitator": 0.0}


def role_weight(role: str) -> float:
    return ROLE_WEIGHT.get(local(role), 0.5)


def actor_network(facts: Facts) -> nx.Graph:
    """The bipartite network of actors and the coalitions and collaborations they take part in."""
    import networkx as nx

    graph = nx.Graph()
    for m in facts.admitted_memberships:
        organization, member = m["organization"], m["member"]
        graph.add_node(organization, label=facts.label(organization), kind="organization",
                       type=m["organizationKind"].removeprefix(CG))
        graph.add_node(member, label=facts.label(member), kind="actor",
                       type=m.get("actorType", "").removeprefix(ID + "actor-type/"))
        known = graph.has_edge(member, organization)
        roles = graph.edges[member, organization]["role"] + "; " if known else ""
        supports = graph.edges[member, organization]["support"] + "; " if known else ""
        graph.add_edge(member, organization, role=roles + m["role"].removeprefix(ROLE),
                       support=supports + support_of(m),
                       weight=max(ROLE_WEIGHT.get(m["role"].removeprefix(ROLE), 0.5),
                                  graph.edges[member, organization]["weight"] if roles else 0))
    return graph


def dependency_network(facts: Facts) -> nx.DiGraph:
    """Edges A → B where A depends on B, from every typed dependency the analyses may use
    (enabling ones reversed); each edge keeps the relation, its statement and its support."""
    import networkx as nx

    graph = nx.DiGraph()
    for r in facts.admitted_relations:
        if r["isDependency"] == "true":
            source, target = r["from"], r["to"]
        elif r["isEnabling"] == "true":
            source, target = r["to"], r["from"]
        else:
            continue
        for node in (source, target):
            graph.add_node(node, label=facts.label(node))
        if not graph.has_edge(source, target):
            graph.add_edge(source, target, relation=r["relation"].removeprefix(CG),
                           statement=r["dependency"], support=support_of(r),
                           evidence=" | ".join(e.cite() for e in facts.evidence(r["dependency"])))
    return graph
