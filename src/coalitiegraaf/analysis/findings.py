"""Network analysis for coordinators: overlaps, brokers, communities, duplicated efforts, gaps,
dependency impact and centrality, built with networkx from what the store holds (igraph and sparse matrices
behind it on large networks: :mod:`coalitiegraaf.analysis.networks`).

The facts come from the queries in ``queries/analysis/`` (run through the store layer, so the
backend does not matter); every finding carries labels and the reasons that explain it, and,
where the letter gives one, its evidence (passage and quote).
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import Literal

from coalitiegraaf.analysis import networks
from coalitiegraaf.errors import QueryError
from coalitiegraaf.sources.resources import data_dir
from coalitiegraaf.store import QueryResult, Store

if TYPE_CHECKING:
    import networkx as nx

CG = "https://w3id.org/coalitiegraaf/def#"
ID = "https://w3id.org/coalitiegraaf/id/"
ROLE = ID + "role/"
# how much a membership counts when comparing coalitions: partners fully, others half
ROLE_WEIGHT = {"partner": 1.0, "knowledge-partner": 1.0, "lead": 1.0, "coordinator": 1.0,
               "member": 0.75, "intended-partner": 0.5, "conversation-partner": 0.5,
               "adviser": 0.5, "contributor": 0.5, "facilitator": 0.5, "funder": 0.75}
# the kinds of actor a coalition about public tasks needs, by the layer they belong to
NEEDED_LAYERS = {"executive-agencies": "layer_executive", "municipalities": "layer_municipalities",
                 "knowledge": "layer_knowledge"}
# the words of the findings, Dutch and English; labels of nodes come from the graph
REASONS = {
    "shared_actors": ("gedeelde actoren: {}", "shared actors: {}"),
    "shared_contexts": ("gedeelde thema's en opgaven: {}", "shared themes and challenges: {}"),
    "links_communities": ("verbindt gemeenschappen {}", "links communities {}"),
    "community": ("{}: rond {}", "{}: around {}"),
    "members": ("leden: {}", "members: {}"),
    "together_in": ("samen in: {}", "together in: {}"),
    "same_challenge": ("zelfde opgave: {}", "same challenge: {}"),
    "same_theme": ("zelfde thema: {}", "same theme: {}"),
    "same_actors": ("zelfde actoren: {}", "same actors: {}"),
    "complementary": ("de brief noemt ze aanvullend of samenwerkend",
                      "the letter calls them complementary or cooperating"),
    "similar_aims": ("doelen lijken op elkaar ({:.0%} gedeelde woorden)",
                     "similar aims ({:.0%} shared words)"),
    "no_formed_coalition": ("geen gevormde coalitie (status: {})", "no formed coalition (status: {})"),
    "missing": ("ontbreekt: {}", "lacks: {}"),
    "need_actiehouder": ("actiehouder", "owner"),
    "need_deadline": ("deadline", "deadline"),
    "no_layer": ("geen {} onder de deelnemers", "no {} among the participants"),
    "layer_executive": ("uitvoeringsorganisatie", "executive agency"),
    "layer_municipalities": ("gemeenten", "municipalities"),
    "layer_knowledge": ("kennisinstelling", "knowledge institution"),
    "unanswered_barrier": ("niets in de agenda reageert op dit knelpunt",
                           "nothing in the agenda responds to this barrier"),
    "unanswered_certainty": ("geen thema, coalitie of initiatief adresseert deze zekerheid voor 2040",
                             "no theme, coalition or initiative addresses this certainty for 2040"),
    "unanswered_challenge": ("geen initiatief of coalitie adresseert deze opgave direct",
                             "no initiative or coalition addresses this challenge directly"),
    "depend_on_it": ("{} knopen hangen ervan af, {} direct", "{} nodes depend on it, {} directly"),
    "cycle": ("kring van afhankelijkheden: {}", "dependency cycle: {}"),
}
_WORD = re.compile(r"[a-zà-ÿ]{4,}")
_STOPWORDS = {"voor", "van", "het", "een", "met", "door", "naar", "over", "deze", "zijn", "worden",
              "bij", "aan", "als", "ook", "maatschappelijke", "digitale"}


@dataclass
class Facts:
    """What the analyses work on, collected from the store in one pass."""

    labels: dict[str, str]
    memberships: list[dict[str, str]]
    relations: list[dict[str, str]]
    contexts: dict[str, set[tuple[str, str]]]
    efforts: dict[str, dict[str, str]]
    collaborations: dict[str, set[str]]
    themes: list[dict[str, str]] = field(default_factory=list)
    plan_gaps: list[dict[str, str]] = field(default_factory=list)
    lang: str = "nl"

    def label(self, node: str) -> str:
        return self.labels.get(node) or node.removeprefix(ID)


@dataclass(frozen=True)
class Finding:
    """One finding: what, about which nodes, how strong, and why."""

    analysis: str
    subject: str
    subject_label: str
    score: float = 0.0
    other: str = ""
    other_label: str = ""
    reasons: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    extra: dict[str, object] = field(default_factory=dict, compare=False)


def _say(facts: Facts, key: str, *values: object) -> str:
    dutch, english = REASONS[key]
    return (english if facts.lang == "en" else dutch).format(*values)


def collect(store: Store, lang: str = "nl") -> Facts:
    """Run the analysis queries and gather their answers."""
    rows = {name: _rows(store, name, lang) for name in
            ("labels", "memberships", "relations", "contexts", "efforts", "collaborations")}
    contexts: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in rows["contexts"]:
        contexts[row["effort"]].add((row["context"], row["contextKind"]))
    efforts: dict[str, dict[str, str]] = {}
    for row in rows["efforts"]:
        efforts.setdefault(row["effort"], {"class": row["class"], "aim": row.get("aim", "")})
    collaborations: dict[str, set[str]] = defaultdict(set)
    for row in rows["collaborations"]:
        collaborations[row["coalition"]].add(row["collaboration"])
    return Facts(labels={r["node"]: r["label"] for r in rows["labels"]},
                 memberships=rows["memberships"], relations=rows["relations"],
                 contexts=dict(contexts), efforts=efforts, collaborations=dict(collaborations),
                 themes=_catalogue_rows(store, "themes"), plan_gaps=_catalogue_rows(store, "plan-gaps"),
                 lang=lang)


def _catalogue_rows(store: Store, name: str) -> list[dict[str, str]]:
    from coalitiegraaf import catalogue

    return _as_dicts(catalogue.run(store, catalogue.get(name)))


def _rows(store: Store, name: str, lang: str) -> list[dict[str, str]]:
    sparql = (data_dir("queries") / "analysis" / f"{name}.rq").read_text(encoding="utf-8")
    bindings = {"lang": Literal(lang)} if "?lang" in sparql else {}
    # backends return rows in different orders; sorted, every analysis is deterministic
    return sorted(store.select_text(sparql, bindings), key=lambda row: sorted(row.items()))


def _as_dicts(result: QueryResult) -> list[dict[str, str]]:
    return [{var: str(value) for var, value in zip(result.variables, row, strict=True)
             if value is not None} for row in result.rows]


# --- networks ----------------------------------------------------------------------------------

def actor_network(facts: Facts) -> nx.Graph:
    """The bipartite network of actors and the coalitions and collaborations they take part in."""
    import networkx as nx

    graph = nx.Graph()
    for m in facts.memberships:
        organization, member = m["organization"], m["member"]
        graph.add_node(organization, label=facts.label(organization), kind="organization",
                       type=m["organizationKind"].removeprefix(CG))
        graph.add_node(member, label=facts.label(member), kind="actor",
                       type=m.get("actorType", "").removeprefix(ID + "actor-type/"))
        known = graph.has_edge(member, organization)
        roles = graph.edges[member, organization]["role"] + "; " if known else ""
        graph.add_edge(member, organization, role=roles + m["role"].removeprefix(ROLE),
                       weight=max(ROLE_WEIGHT.get(m["role"].removeprefix(ROLE), 0.5),
                                  graph.edges[member, organization]["weight"] if roles else 0))
    return graph


def dependency_network(facts: Facts) -> nx.DiGraph:
    """Edges A → B where A depends on B, from every typed dependency (enabling ones reversed)."""
    import networkx as nx

    graph = nx.DiGraph()
    for r in facts.relations:
        if r["isDependency"] == "true":
            source, target = r["from"], r["to"]
        elif r["isEnabling"] == "true":
            source, target = r["to"], r["from"]
        else:
            continue
        for node in (source, target):
            graph.add_node(node, label=facts.label(node))
        graph.add_edge(source, target, relation=r["relation"].removeprefix(CG),
                       evidence=_evidence(r))
    return graph


def _evidence(row: dict[str, str]) -> str:
    passage = row["passage"].rsplit("/", 1)[-1]
    return f"{passage}: “{row['quote']}”"


# --- analyses ----------------------------------------------------------------------------------

def overlaps(facts: Facts) -> list[Finding]:
    """Pairs of coalitions, collaborations and programmes (any effort) that share actors,
    themes or challenges. The score is the role-weighted Jaccard of their actors plus a quarter
    of the Jaccard of their themes, challenges and domains."""
    actors = _weighted_actors(facts)
    evidence = _participation_evidence(facts)
    findings = []
    for a, b in _sharing_pairs(actors, {e: facts.contexts.get(e, set()) for e in facts.efforts}):
        shared = sorted(set(actors.get(a, {})) & set(actors.get(b, {})), key=facts.label)
        common = facts.contexts.get(a, set()) & facts.contexts.get(b, set())
        either = facts.contexts.get(a, set()) | facts.contexts.get(b, set())
        score = _weighted_jaccard(actors.get(a, {}), actors.get(b, {}))
        score += 0.25 * len(common) / len(either) if either else 0.0
        reasons = []
        if shared:
            reasons.append(_say(facts, "shared_actors", ", ".join(facts.label(x) for x in shared)))
        if common:
            labels = sorted(facts.label(c) for c, _ in common)
            reasons.append(_say(facts, "shared_contexts", ", ".join(labels)))
        quotes = tuple(dict.fromkeys(evidence[e, x] for x in shared for e in (a, b) if (e, x) in evidence))
        findings.append(Finding("overlaps", a, facts.label(a), round(score, 3), b, facts.label(b),
                                tuple(reasons), quotes, extra={"shared": len(shared)}))
    return sorted(findings, key=lambda f: (-f.score, f.subject_label, f.other_label))


def _sharing_pairs(*memberships: dict[str, Iterable[object]]) -> list[tuple[str, str]]:
    """The pairs of efforts (in order) that have something in common in any of ``memberships``:
    found through what they share, not by comparing every pair."""
    efforts_with: dict[tuple[int, object], list[str]] = defaultdict(list)
    for kind, members in enumerate(memberships):
        for effort, things in members.items():
            for thing in things:
                efforts_with[kind, thing].append(effort)
    return sorted({pair for efforts in efforts_with.values()
                   for pair in itertools.combinations(sorted(set(efforts)), 2)})


def _participation_evidence(facts: Facts) -> dict[tuple[str, str], str]:
    """Where the letter says that an actor takes part in, runs or funds an effort."""
    evidence = {(m["organization"], m["member"]): _evidence(m) for m in facts.memberships}
    for r in facts.relations:
        evidence.setdefault((r["to"], r["from"]), _evidence(r))
    return evidence


def _weighted_actors(facts: Facts) -> dict[str, dict[str, float]]:
    """Each effort's actors with a weight: memberships by role, actors that run, fund or shape
    an initiative fully."""
    actors: dict[str, dict[str, float]] = defaultdict(dict)
    for m in facts.memberships:
        weight = ROLE_WEIGHT.get(m["role"].removeprefix(ROLE), 0.5)
        actors[m["organization"]][m["member"]] = max(weight, actors[m["organization"]].get(m["member"], 0))
    for effort, members in _effort_actors(facts).items():
        for member in members:
            actors[effort].setdefault(member, 1.0)
    return actors


def _weighted_jaccard(a: dict[str, float], b: dict[str, float]) -> float:
    union = set(a) | set(b)
    if not union:
        return 0.0
    smaller = sum(min(a.get(x, 0), b.get(x, 0)) for x in union)
    return smaller / sum(max(a.get(x, 0), b.get(x, 0)) for x in union)


def brokers(facts: Facts, top: int | None = None) -> list[Finding]:
    """Actors that connect coalitions: degree and betweenness in the bipartite network and in
    its actor projection, and the communities each one links."""
    graph = actor_network(facts)
    actors = {n for n, kind in graph.nodes(data="kind") if kind == "actor"}
    betweenness = networks.betweenness(graph)
    projection = networks.weighted_projection(graph, actors)
    projected = networks.betweenness(projection)
    community_of = {member: i for i, c in enumerate(networks.communities(projection)) for member in c}
    findings = []
    for actor in actors:
        organizations = sorted(graph.neighbors(actor), key=facts.label)
        linked = sorted({community_of[n] + 1 for n in projection.neighbors(actor) if n in community_of}
                        | {community_of.get(actor, -1) + 1} - {0})
        findings.append(Finding(
            "brokers", actor, facts.label(actor), round(betweenness[actor], 4),
            reasons=(f"in {len(organizations)}: {', '.join(facts.label(o) for o in organizations)}",
                     _say(facts, "links_communities", ", ".join(map(str, linked)))),
            extra={"degree": len(organizations), "betweenness": round(betweenness[actor], 4),
                   "projection_betweenness": round(projected.get(actor, 0.0), 4),
                   "communities": linked}))
    ranked = sorted(findings, key=lambda f: (-f.score, -f.extra["degree"], f.subject_label))
    return ranked[:top] if top else ranked


def communities(facts: Facts) -> list[Finding]:
    """Clusters of actors that work together (greedy modularity on the actor projection),
    named after their best-connected member and the coalitions they share."""
    graph = actor_network(facts)
    actors = {n for n, kind in graph.nodes(data="kind") if kind == "actor"}
    projection = networks.weighted_projection(graph, actors)
    findings = []
    for number, group in enumerate(networks.communities(projection), start=1):
        central = max(group, key=lambda n: (projection.degree(n, weight="weight"), facts.label(n)))
        organizations = sorted({o for member in group for o in graph.neighbors(member)}, key=facts.label)
        findings.append(Finding(
            "communities", f"community-{number}", _say(facts, "community", number, facts.label(central)),
            float(len(group)),
            reasons=(_say(facts, "members", ", ".join(sorted(facts.label(m) for m in group))),
                     _say(facts, "together_in", ", ".join(facts.label(o) for o in organizations))),
            extra={"members": sorted(group)}))
    return findings


def duplicates(facts: Facts) -> list[Finding]:
    """Candidate duplicated efforts: initiatives, coalitions and collaborations that serve the
    same challenge or theme with overlapping actors, a stated complementarity or similar aims,
    ranked by how many reasons point the same way."""
    actors = _effort_actors(facts)
    related = {(r["from"], r["to"]) for r in facts.relations
               if r["relation"].removeprefix(CG) in ("complements", "cooperatesWith")}
    structural = _structural_pairs(facts)
    # only efforts that share a challenge or theme can be duplicates: compare those pairs alone
    sharing: dict[str, list[str]] = defaultdict(list)
    for effort in sorted(e for e in facts.efforts if facts.contexts.get(e)):
        for context, kind in facts.contexts[effort]:
            if kind in ("challenge", "theme"):
                sharing[context].append(effort)
    pairs = sorted({pair for group in sharing.values() for pair in itertools.combinations(group, 2)})
    findings = []
    for a, b in pairs:
        if frozenset((a, b)) in structural:
            continue
        shared_challenges = _shared(facts, a, b, "challenge")
        shared_themes = _shared(facts, a, b, "theme")
        if not shared_challenges and not shared_themes:
            continue
        reasons, score, evidence = [], 0.0, []
        if shared_challenges:
            reasons.append(_say(facts, "same_challenge", ", ".join(shared_challenges)))
            score += 2.0 * len(shared_challenges)
        if shared_themes:
            reasons.append(_say(facts, "same_theme", ", ".join(shared_themes)))
            score += 1.0
        shared_actors = sorted(actors.get(a, set()) & actors.get(b, set()), key=facts.label)
        if shared_actors:
            reasons.append(_say(facts, "same_actors", ", ".join(facts.label(x) for x in shared_actors)))
            score += len(shared_actors)
        if (a, b) in related or (b, a) in related:
            reasons.append(_say(facts, "complementary"))
            score += 1.0
            evidence += [_evidence(r) for r in facts.relations if {r["from"], r["to"]} == {a, b}]
        similarity = _aim_similarity(facts.efforts[a].get("aim", ""), facts.efforts[b].get("aim", ""))
        if similarity >= 0.1:
            reasons.append(_say(facts, "similar_aims", similarity))
            score += 2.0 * similarity
        if len(reasons) < 2:
            continue
        findings.append(Finding("duplicates", a, facts.label(a), round(score, 3), b, facts.label(b),
                                tuple(reasons), tuple(dict.fromkeys(evidence))))
    return sorted(findings, key=lambda f: (-f.score, f.subject_label, f.other_label))


def _effort_actors(facts: Facts) -> dict[str, set[str]]:
    """Who takes part in or runs each effort: members, and actors that run, fund or shape it."""
    actors: dict[str, set[str]] = defaultdict(set)
    for m in facts.memberships:
        actors[m["organization"]].add(m["member"])
    for r in facts.relations:
        if r["relation"].removeprefix(CG) in ("runs", "funds", "produces", "contributesTo",
                                               "isResponsibleFor") and r["from"].startswith(ID + "actor/"):
            actors[r["to"]].add(r["from"])
    return actors


def _structural_pairs(facts: Facts) -> set[frozenset[str]]:
    """Pairs where one effort is part of, or funded or run by, the other: not duplicates."""
    structural = {"isPartOf", "funds", "runs", "produces", "buildsOn", "implements"}
    pairs = {frozenset((r["from"], r["to"])) for r in facts.relations
             if r["relation"].removeprefix(CG) in structural}
    return pairs | {frozenset((m["organization"], m["member"])) for m in facts.memberships}


def _shared(facts: Facts, a: str, b: str, kind: str) -> list[str]:
    mine = {c for c, k in facts.contexts.get(a, set()) if k == kind}
    theirs = {c for c, k in facts.contexts.get(b, set()) if k == kind}
    return sorted(facts.label(c) for c in mine & theirs)


def _aim_similarity(a: str, b: str) -> float:
    words_a = set(_WORD.findall(a.lower())) - _STOPWORDS
    words_b = set(_WORD.findall(b.lower())) - _STOPWORDS
    if not words_a or not words_b:
        return 0.0
    return len(words_a & words_b) / len(words_a | words_b)


def gaps(facts: Facts) -> list[Finding]:
    """What is missing: themes without a formed coalition, action lines without owner or
    deadline, coalitions lacking a kind of actor their public task needs, and certainties,
    challenges and barriers nothing responds to."""
    findings = [Finding("gaps", row["theme"], facts.label(row["theme"]),
                        reasons=(_say(facts, "no_formed_coalition",
                                      facts.label(row["status"]) if row.get("status") else "—"),))
                for row in facts.themes if row["formed"] == "false"]
    findings += [Finding("gaps", row["item"], facts.label(row["item"]),
                         reasons=(_say(facts, "missing", _say(facts, f"need_{row['missing']}")),))
                 for row in facts.plan_gaps if row["missing"] in ("actiehouder", "deadline")]
    layers: dict[str, set[str]] = defaultdict(set)
    coalitions = {m["organization"] for m in facts.memberships if m["organizationKind"] == CG + "Coalition"}
    for m in facts.memberships:
        layers[m["organization"]].add(m.get("layer", "").removeprefix(ID + "layer/"))
    for coalition in sorted(coalitions):
        present = set(layers[coalition])
        for collaboration in facts.collaborations.get(coalition, set()):
            present |= layers[collaboration]
        for layer, name in NEEDED_LAYERS.items():
            if layer not in present:
                findings.append(Finding("gaps", coalition, facts.label(coalition),
                                        reasons=(_say(facts, "no_layer", _say(facts, name)),)))
    responded = {r["to"] for r in facts.relations
                 if r["relation"].removeprefix(CG) in ("respondsTo", "addresses")}
    responded |= {context for contexts in facts.contexts.values() for context, _ in contexts}
    for node, label in sorted(facts.labels.items()):
        kind = node.removeprefix(ID).split("/", 1)[0]
        if kind in ("barrier", "certainty", "challenge") and node not in responded:
            findings.append(Finding("gaps", node, label, reasons=(_say(facts, f"unanswered_{kind}"),)))
    return findings


def most_depended_on(facts: Facts, top: int = 15) -> list[Finding]:
    """The nodes whose failure touches most: ranked by how many nodes depend on them,
    directly or transitively; dependency cycles, if any, are reported too."""
    import networkx as nx

    graph = dependency_network(facts)
    findings = [Finding("impact", node, facts.label(node), float(len(nx.ancestors(graph, node))),
                        reasons=(_say(facts, "depend_on_it", len(nx.ancestors(graph, node)),
                                      graph.in_degree(node)),))
                for node in graph]
    findings = sorted(findings, key=lambda f: (-f.score, f.subject_label))[:top]
    for cycle in cycles(facts):
        route = " → ".join(facts.label(n) for n in cycle)
        findings.append(Finding("impact", cycle[0], facts.label(cycle[0]), float(len(cycle)),
                                reasons=(_say(facts, "cycle", route),)))
    return findings


def impact(facts: Facts, node: str) -> list[Finding]:
    """Everything that depends on ``node`` (downstream) and that it depends on (upstream),
    each with the path and the evidence of its first step."""
    import networkx as nx

    graph = dependency_network(facts)
    if node not in graph:
        raise QueryError(f"{facts.label(node)} takes part in no dependency")
    findings = []
    for direction, paths in (("downstream", nx.single_target_shortest_path(graph, node)),
                             ("upstream", nx.single_source_shortest_path(graph, node))):
        for other, path in sorted(paths.items(), key=lambda item: (len(item[1]), facts.label(item[0]))):
            if other == node:
                continue
            steps = path if direction == "upstream" else list(reversed(path))
            route = " → ".join(facts.label(n) for n in path)
            edge = graph.edges[path[0], path[1]]
            findings.append(Finding("impact", other, facts.label(other), float(len(path) - 1),
                                    node, facts.label(node), (f"{direction}: {route}",),
                                    (edge["evidence"],), extra={"direction": direction, "steps": steps}))
    return findings


def centrality(facts: Facts, top: int = 10) -> list[Finding]:
    """The most central nodes of the whole network (memberships, typed relations, themes and
    challenges), per kind, by betweenness centrality, with their degree."""
    import networkx as nx

    graph = nx.Graph(actor_network(facts))
    for r in facts.relations:
        graph.add_edge(r["from"], r["to"])
    for effort, contexts in facts.contexts.items():
        for context, _ in contexts:
            graph.add_edge(effort, context)
    rank = networks.betweenness(graph)
    findings = []
    for kind in ("actor", "theme", "document", "initiative", "coalition"):
        nodes = [n for n in graph if n.removeprefix(ID).startswith(kind + "/")]
        for node in sorted(nodes, key=lambda n: (-rank[n], -graph.degree(n), facts.label(n)))[:top]:
            findings.append(Finding("centrality", node, facts.label(node), round(rank[node], 4),
                                    reasons=(f"{kind}, {graph.degree(node)} verbindingen",),
                                    extra={"kind": kind, "degree": graph.degree(node)}))
    return findings


def cycles(facts: Facts) -> list[list[str]]:
    """Dependency cycles, each as a list of nodes (none is a finding in itself)."""
    import networkx as nx

    return [sorted(cycle) for cycle in nx.simple_cycles(dependency_network(facts))]


ANALYSES = {
    "overlaps": overlaps,
    "brokers": brokers,
    "communities": communities,
    "duplicates": duplicates,
    "gaps": gaps,
    "centrality": centrality,
}


def analyse(store: Store, name: str, node: str | None = None, lang: str = "nl") -> list[Finding]:
    """Run the analysis ``name`` (``impact`` needs ``node``, an IRI or a label)."""
    facts = collect(store, lang)
    if name == "impact":
        return impact(facts, _resolve(store, node)) if node else most_depended_on(facts)
    if name not in ANALYSES:
        raise QueryError(f"unknown analysis {name!r}: choose one of {', '.join([*ANALYSES, 'impact'])}")
    return ANALYSES[name](facts)


def _resolve(store: Store, node: str) -> str:
    from coalitiegraaf.catalogue import resolve_node

    return str(resolve_node(store, node))


def findings_as_rows(findings: list[Finding]) -> tuple[list[str], list[list[str]]]:
    """Findings as a table: what, with what, score, why, evidence."""
    header = ["subject", "other", "score", "reasons", "evidence"]
    rows = [[f.subject_label, f.other_label, f"{f.score:g}", " | ".join(f.reasons), " | ".join(f.evidence)]
            for f in findings]
    return header, rows


def to_rdf(findings: list[Finding], lang: str = "nl") -> bytes:
    """The findings as Turtle, in the ontology's terms (cg:Finding), with stable IRIs."""
    import hashlib

    import rdflib
    from rdflib.namespace import RDF, XSD

    graph = rdflib.Graph()
    graph.bind("cg", CG)
    cg = rdflib.Namespace(CG)
    for finding in findings:
        key = "\n".join((finding.analysis, finding.subject, finding.other, *finding.reasons))
        node = rdflib.URIRef(f"{ID}finding/{finding.analysis}-{hashlib.sha1(key.encode()).hexdigest()[:12]}")
        graph.add((node, RDF.type, cg.Finding))
        graph.add((node, cg.analysis, rdflib.Literal(finding.analysis)))
        graph.add((node, cg.concerns, _node(finding.subject)))
        if finding.other:
            graph.add((node, cg.comparedWith, _node(finding.other)))
        graph.add((node, cg.score, rdflib.Literal(str(finding.score), datatype=XSD.decimal)))
        for reason in (*finding.reasons, *finding.evidence):
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

    facts = collect(store, lang)
    builders = {"actors": actor_network, "dependencies": dependency_network}
    if network not in builders:
        raise QueryError(f"unknown network {network!r}: choose actors or dependencies")
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
