"""coalitiegraaf build"""

from __future__ import annotations

import rdflib

from tests.cli_helpers import run
from tests.conftest import FIXTURES

NAMES = ["coalitiegraaf.jsonld", "coalitiegraaf.nt", "coalitiegraaf.trig", "coalitiegraaf.ttl"]


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
