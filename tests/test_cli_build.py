"""coalitiegraaf build"""

from __future__ import annotations

import rdflib

from tests.cli_helpers import run
from tests.conftest import FIXTURES

NAMES = ["coalitiegraaf.edges.csv", "coalitiegraaf.jsonld", "coalitiegraaf.nodes.csv", "coalitiegraaf.nt",
         "coalitiegraaf.trig", "coalitiegraaf.ttl", "ontology.html", "void.ttl"]


def test_build_writes_the_formats_tables_and_ontology_page(tmp_path):
    result = run("build", "--out", str(tmp_path))
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == NAMES
    assert "0 violation, 31 warning, 8 info" in result.stdout
    turtle = rdflib.Graph().parse(tmp_path / "coalitiegraaf.ttl")
    jsonld = rdflib.Graph().parse(tmp_path / "coalitiegraaf.jsonld", format="json-ld")
    assert len(turtle) == len(jsonld) > 4000


def test_build_writes_nothing_when_there_are_violations(tmp_path):
    out = tmp_path / "dist"
    result = run("build", "--out", str(out), "--data", str(FIXTURES / "shapes" / "broken.ttl"))
    assert result.exit_code == 1
    assert "Not written: validation found violations" in result.stdout
    assert not out.exists()


def test_build_describes_the_dataset_for_catalogues(tmp_path, memory_store):
    from coalitiegraaf.analysis.statistics import stats

    run("build", "--out", str(tmp_path))
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    description = rdflib.Graph().parse(tmp_path / "void.ttl")
    dataset = rdflib.URIRef("https://w3id.org/coalitiegraaf/id/dataset/coalitiegraaf")
    subsets = [int(description.value(s, void.triples)) for s in description.objects(dataset, void.subset)]
    assert int(description.value(dataset, void.triples)) == sum(subsets) == stats(memory_store).total
    assert (dataset, rdflib.namespace.DCTERMS.license,
            rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")) in description


def test_build_documents_the_ontology_in_both_languages(tmp_path):
    run("build", "--out", str(tmp_path))
    page = (tmp_path / "ontology.html").read_text(encoding="utf-8")
    assert '<section class="term" id="cg:Coalition">' in page
    coalition = page.split('id="cg:Coalition">')[1].split("</section>")[0]
    assert "coalitie" in coalition and "coalition" in coalition
    assert "org:OrganizationalCollaboration" in coalition
    assert page.count('<section class="term"') > 56 + 64


def test_the_csv_tables_hold_every_node_and_link(tmp_path, memory_store):
    import csv

    run("build", "--out", str(tmp_path))
    with (tmp_path / "coalitiegraaf.nodes.csv").open(encoding="utf-8") as handle:
        nodes = {row["node"]: row for row in csv.DictReader(handle)}
    vng = nodes["https://w3id.org/coalitiegraaf/id/actor/vng"]
    assert (vng["labelNl"], vng["labelEn"]) == ("Vereniging van Nederlandse Gemeenten", "Association of Netherlands Municipalities")
    with (tmp_path / "coalitiegraaf.edges.csv").open(encoding="utf-8") as handle:
        edges = {(r["source"], r["relation"], r["target"]) for r in csv.DictReader(handle)}
    assert ("https://w3id.org/coalitiegraaf/id/membership/digitale-ethiek--vng", "http://www.w3.org/ns/org#member",
            "https://w3id.org/coalitiegraaf/id/actor/vng") in edges
    assert {s for s, _, _ in edges} | {t for _, _, t in edges} <= set(nodes)
