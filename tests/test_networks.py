"""igraph and the sparse projection give networkx's answers; sampled betweenness ranks alike.

The letter's networks are too small to leave networkx, so the limits are lowered here to send
them, and a generated federation's, through the fast path.
"""

from __future__ import annotations

import networkx as nx
import pytest
from networkx.algorithms import bipartite
from scipy.stats import spearmanr

from coalitiegraaf import analysis
from coalitiegraaf.analysis import networks
from coalitiegraaf.analysis.rankings import organisation_network
from coalitiegraaf.project import load
from coalitiegraaf.report import write_report
from coalitiegraaf.sources.generate import generate


@pytest.fixture(scope="module", params=["letter", "federation"])
def actor_network(request, tmp_path_factory):
    data = [] if request.param == "letter" else [
        generate(10_000, 5, tmp_path_factory.mktemp("networks") / "federation.nt").path]
    facts = analysis.collect(load(data, store="oxigraph"))
    return analysis.actor_network(facts)


@pytest.fixture
def fast_path(monkeypatch):
    monkeypatch.setattr(networks, "NETWORKX_LIMIT", 0)


def _actors(graph: nx.Graph) -> set[str]:
    return {n for n, kind in graph.nodes(data="kind") if kind == "actor"}


def test_igraph_betweenness_is_networkx_betweenness(actor_network, fast_path):
    expected = nx.betweenness_centrality(actor_network, normalized=True)
    found = networks.betweenness(actor_network)
    assert found.keys() == expected.keys()
    assert max(abs(found[n] - expected[n]) for n in expected) < 1e-12
    assert max(expected.values()) > 0.05


def test_the_sparse_projection_is_networkx_projection(actor_network, fast_path):
    actors = _actors(actor_network)
    expected = bipartite.weighted_projected_graph(actor_network, actors)
    found = networks.weighted_projection(actor_network, actors)
    assert set(found.nodes) == set(expected.nodes)
    assert {frozenset(e): w for *e, w in found.edges(data="weight")} == \
        {frozenset(e): w for *e, w in expected.edges(data="weight")}
    assert expected.number_of_edges() > 25  # 31 on the letter's stated memberships


def test_leiden_communities_are_as_good_as_networkx_communities(actor_network, fast_path):
    projection = bipartite.weighted_projected_graph(actor_network, _actors(actor_network))
    expected = nx.community.greedy_modularity_communities(projection, weight="weight")
    found = networks.communities(projection)
    assert len(found) > 1
    assert set().union(*found) == set(projection)
    assert found == networks.communities(projection)  # seeded: the same partition every run
    # another algorithm: as good a partition, not always the same one
    modularity = nx.community.modularity
    assert modularity(projection, found, weight="weight") >= modularity(projection, expected, weight="weight") - 0.01


def test_leiden_finds_the_letters_communities(fast_path):
    # the letter's findings stay what networkx's greedy modularity gives, on either path
    facts = analysis.collect(load([], store="oxigraph"))
    graph = organisation_network(facts)
    organisations = {n for n, kind in graph.nodes(data="kind") if kind == "actor"}
    projection = networks.weighted_projection(graph, organisations)
    expected = nx.community.greedy_modularity_communities(projection, weight="weight")
    assert len(expected) >= 2  # a comparison of one community would prove nothing
    assert sorted(map(sorted, networks.communities(projection))) == sorted(map(sorted, expected))


def test_sampled_betweenness_ranks_the_top_brokers_alike(actor_network, fast_path):
    exact = networks.betweenness(actor_network)
    sampled = networks.betweenness(actor_network, samples=actor_network.number_of_nodes() // 2)
    top = sorted(exact, key=exact.get, reverse=True)[:10]
    estimated_top = sorted(sampled, key=sampled.get, reverse=True)[:20]
    assert len(set(top) & set(estimated_top)) >= 8


def test_the_fast_layout_is_the_same_every_run_and_fills_the_square(actor_network, fast_path):
    first, second = networks.layout(actor_network), networks.layout(actor_network)
    assert first == second and set(first) == set(actor_network)
    assert max(max(abs(x), abs(y)) for x, y in first.values()) == pytest.approx(1.0)


@pytest.fixture(scope="module")
def federation_store(tmp_path_factory):
    return load([generate(10_000, 5, tmp_path_factory.mktemp("brokers") / "federation.nt").path],
                store="oxigraph")


@pytest.fixture(scope="module")
def federation_facts(federation_store):
    return analysis.collect(federation_store)


def test_brokers_of_a_large_network_are_estimated_alike_and_say_so(federation_facts, fast_path, monkeypatch):
    # the limit lowered so that a small federation counts as large: a quarter of its nodes as sources
    count = organisation_network(federation_facts).number_of_nodes()
    monkeypatch.setattr(networks, "SAMPLE_LIMIT", count // 4)
    monkeypatch.setattr(networks, "SAMPLES", count // 4)
    exact = analysis.brokers(federation_facts, exact=True)
    sampled = analysis.brokers(federation_facts)
    assert sampled == analysis.brokers(federation_facts)  # a fixed seed: the same estimate every run
    assert [f.subject for f in exact] != [f.subject for f in sampled]  # an estimate, not the exact values
    exact_top = [f.subject for f in exact[:10]]
    sampled_top = {f.subject for f in sampled[:20]}
    assert len(set(exact_top) & sampled_top) >= 9
    score = {f.subject: f.score for f in sampled}
    # measured: 0.95 over every broker (many of them tied near zero), 9 or 10 of the top 10
    assert spearmanr([f.score for f in exact], [score[f.subject] for f in exact]).statistic >= 0.9
    said = f"geschat uit {count // 4:,} van {count:,} bronnen".replace(",", ".")
    assert all(said in f.text("nl") and "estimated from" in f.text("en") for f in sampled)
    assert sampled[0].details["estimated_from"] == count // 4
    assert not any("geschat" in f.text("nl") or "estimated_from" in f.details for f in exact)


def test_the_report_says_where_the_brokers_ranking_is_estimated(federation_store, federation_facts, fast_path,
                                                               monkeypatch, tmp_path):
    count = organisation_network(federation_facts).number_of_nodes()
    monkeypatch.setattr(networks, "SAMPLE_LIMIT", count // 4)
    monkeypatch.setattr(networks, "SAMPLES", count // 4)
    write_report(federation_store, tmp_path / "report", lang="nl")
    said = f"geschat uit {count // 4:,} van {count:,} bronnen".replace(",", ".")
    assert said in (tmp_path / "report" / "img" / "brokers.svg").read_text(encoding="utf-8")
    assert said in (tmp_path / "report" / "analysis.html").read_text(encoding="utf-8")
