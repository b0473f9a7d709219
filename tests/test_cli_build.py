"""coalitiegraaf build"""

from __future__ import annotations

import rdflib

from tests.cli_helpers import run
from tests.conftest import FIXTURES

NAMES = ["coalitiegraaf.jsonld", "coalitiegraaf.nt", "coalitiegraaf.trig", "coalitiegraaf.ttl", "void.ttl"]


def test_build_writes_the_four_formats(tmp_path):
    result = run("build", "--out", str(tmp_path))
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == NAMES
    assert "0 violation, 28 warning, 8 info" in result.stdout
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
    from coalitiegraaf.statistics import stats

    run("build", "--out", str(tmp_path))
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    description = rdflib.Graph().parse(tmp_path / "void.ttl")
    dataset = rdflib.URIRef("https://w3id.org/coalitiegraaf/id/dataset/coalitiegraaf")
    subsets = [int(description.value(s, void.triples)) for s in description.objects(dataset, void.subset)]
    assert int(description.value(dataset, void.triples)) == sum(subsets) == stats(memory_store).total
    assert (dataset, rdflib.namespace.DCTERMS.license,
            rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")) in description
