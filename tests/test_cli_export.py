"""coalitiegraaf export"""

from __future__ import annotations

import rdflib
from rdflib.compare import isomorphic

from tests.cli_helpers import run


def test_export_turtle_to_stdout(memory_store):
    result = run("export")
    assert result.exit_code == 0
    parsed = rdflib.Graph().parse(data=result.stdout_bytes, format="turtle")
    assert isomorphic(parsed, memory_store.graph())


def test_export_to_a_file(tmp_path):
    target = tmp_path / "out" / "coalitiegraaf.nq"
    result = run("export", "--format", "nq", "--out", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"{target} geschreven\n"
    assert target.read_bytes() == run("export", "--format", "nq").stdout_bytes


def test_export_refuses_an_unknown_format(monkeypatch):
    monkeypatch.setenv("COALITIEGRAAF_LANG", "en")
    result = run("export", "--format", "yaml")
    assert result.exit_code == 2
    assert ("'yaml' is not one of ttl, nt, nq, trig, jsonld, xml, graphml, gexf, nodes-csv, edges-csv"
            in result.stderr)


def test_export_that_cannot_be_written_exits_3(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = run("export", "--out", str(blocker / "out.ttl"))
    assert result.exit_code == 3
    assert result.stderr.startswith(f"Fout: {blocker / 'out.ttl'}: kan niet schrijven:")


def test_export_networks_for_gephi_and_cytoscape(tmp_path):
    import networkx as nx

    actors = tmp_path / "actors.graphml"
    dependencies = tmp_path / "dependencies.gexf"
    assert run("export", "--format", "graphml", "--out", str(actors)).exit_code == 0
    assert run("export", "--format", "gexf", "--network", "dependencies", "--out", str(dependencies)).exit_code == 0
    network = nx.read_graphml(actors)
    assert network.nodes["https://w3id.org/coalitiegraaf/id/actor/vng"]["label"] == "Vereniging van Nederlandse Gemeenten"
    assert network.nodes["https://w3id.org/coalitiegraaf/id/coalition/digitale-ethiek"]["kind"] == "organization"
    # 39 memberships of coalitions and collaborations; the state secretary has two roles in AI in actie
    assert network.number_of_edges() == 38
    assert nx.read_gexf(dependencies).number_of_nodes() > 50


def test_network_attributes_keep_clear_of_igraphs_own_names(tmp_path):
    import igraph

    actors = tmp_path / "actors.graphml"
    run("export", "--format", "graphml", "--out", str(actors))
    network = igraph.Graph.Read_GraphML(str(actors))
    # "type" would mark the sides of a bipartite graph, "name" the vertex names
    assert not {"type", "name"} & set(network.vs.attributes())
    vng = network.vs.find(id="https://w3id.org/coalitiegraaf/id/actor/vng")
    assert vng["label"] == "Vereniging van Nederlandse Gemeenten" and vng["nodeType"]


def test_export_can_skolemise_blank_nodes(tmp_path):
    import rdflib

    plain = rdflib.Graph().parse(data=run("export", "--format", "nt").stdout, format="nt")
    result = run("export", "--format", "nt", "--skolemise")
    skolem = rdflib.Graph().parse(data=result.stdout, format="nt")
    assert len(skolem) == len(plain)
    assert any(isinstance(t, rdflib.BNode) for triple in plain for t in triple)
    assert not any(isinstance(t, rdflib.BNode) for triple in skolem for t in triple)
    assert "<https://w3id.org/coalitiegraaf/.well-known/genid/" in result.stdout
    assert run("export", "--format", "nt", "--skolemise").stdout == result.stdout
