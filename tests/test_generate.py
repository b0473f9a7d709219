"""generate, and the backends agreeing on a generated federation of 10,000 statements beside
the letter: the same validation results, query answers and analysis findings."""

from __future__ import annotations

import hashlib

import pytest

from coalitiegraaf import analysis, catalogue
from coalitiegraaf.errors import InputError
from coalitiegraaf.project import load
from coalitiegraaf.sources.generate import generate
from coalitiegraaf.validation.validator import validate
from tests.cli_helpers import run
from tests.test_catalogue import PARAMETERS, normalised

# rdflib needs minutes for these two on 10,000 more statements (BENCHMARKS.md), Oxigraph well
# under a second: they are compared on a federation of 2,000
SLOW_ON_RDFLIB = {"coalition-matrix", "ministry-theme-matrix"}


@pytest.fixture(scope="module")
def federation(tmp_path_factory):
    return generate(10_000, 7, tmp_path_factory.mktemp("federation") / "federation.nt").path


@pytest.fixture(scope="module")
def stores(federation):
    return load([federation], store="memory"), load([federation], store="oxigraph")


def test_the_same_seed_gives_the_same_bytes(tmp_path):
    first, second, other = (generate(5_000, seed, tmp_path / f"{n}.nt").path
                            for n, seed in enumerate((3, 3, 4)))
    digest = [hashlib.sha256(p.read_bytes()).hexdigest() for p in (first, second, other)]
    assert digest[0] == digest[1] != digest[2]


def test_the_size_asked_for_is_reached_with_whole_coalitions(federation):
    lines = federation.read_text(encoding="utf-8").splitlines()
    assert 10_000 <= len(lines) < 10_400


def test_a_generated_federation_breaks_only_the_shapes_it_means_to(stores):
    report = validate(stores[1])
    broken = {f.shape_name for f in report.findings if f.severity == "violation"}
    assert broken and broken <= {"Deelname: rol", "Coalitie: status", "Actielijn (vorm): deadline"}
    assert report.counts()["warning"] > 100


def test_both_backends_and_both_engines_validate_alike(stores):
    memory, oxigraph = stores
    reference = validate(memory, engine="pyshacl").findings
    assert validate(oxigraph, engine="pyshacl").findings == reference
    assert validate(oxigraph, engine="sparql").findings == reference


@pytest.mark.parametrize("name", sorted(q.name for q in catalogue.catalogue() if q.name not in SLOW_ON_RDFLIB))
def test_both_backends_answer_alike(stores, name):
    memory, oxigraph = (catalogue.run(store, catalogue.get(name), PARAMETERS.get(name, {})) for store in stores)
    assert memory.variables == oxigraph.variables
    assert normalised(memory) == normalised(oxigraph)


@pytest.mark.parametrize("name", sorted(SLOW_ON_RDFLIB))
def test_both_backends_answer_alike_on_a_smaller_federation(tmp_path_factory, name):
    small = generate(2_000, 7, tmp_path_factory.mktemp("small") / "federation.nt").path
    memory, oxigraph = (catalogue.run(load([small], store=kind), catalogue.get(name), {})
                        for kind in ("memory", "oxigraph"))
    assert len(oxigraph.rows) > 10
    assert normalised(memory) == normalised(oxigraph)


def test_both_backends_find_alike(stores):
    memory, oxigraph = (analysis.collect(store) for store in stores)
    for name, analyse in analysis.ANALYSES.items():
        assert analyse(memory) == analyse(oxigraph), name


def test_the_cli_writes_a_federation(tmp_path):
    out = tmp_path / "f.ttl"
    result = run("generate", "--triples", "2000", "--seed", "1", "--out", str(out))
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{out} geschreven: 20")
    assert run("generate", "--triples", "2000", "--out", str(tmp_path / "f.csv")).exit_code == 2


def test_tiny_sizes_are_refused(tmp_path):
    with pytest.raises(InputError, match="ten minste 1000"):
        generate(10, 1, tmp_path / "x.nt")
