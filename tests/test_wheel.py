"""The wheel carries the ontology, graph, shapes and queries, and works in a fresh venv."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True)
    return next(out.glob("coalitiegraaf-*.whl"))


def test_the_wheel_holds_the_data_files_and_only_our_package(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names} == {"coalitiegraaf", wheel.name.split("-py3")[0] + ".dist-info"}
    for expected in ("coalitiegraaf/ontology/coalitiegraaf.ttl", "coalitiegraaf/ontology/rules/dependencies.ru",
                     "coalitiegraaf/graph/kst-26643-1055/actors.ttl", "coalitiegraaf/shapes/integrity.ttl",
                     "coalitiegraaf/cli/app.py", "coalitiegraaf/py.typed",
                     "coalitiegraaf/ontology/context.jsonld", "coalitiegraaf/queries/members.rq",
                     "coalitiegraaf/queries/analysis/memberships.rq"):
        assert expected in names


def test_the_installed_wheel_runs_stats_in_a_fresh_venv(wheel, tmp_path):
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True,
                   capture_output=True)
    result = subprocess.run([str(environment / "bin" / "coalitiegraaf"), "stats", "--format", "json"],
                            capture_output=True, text=True, check=True, cwd=tmp_path)
    assert '"cg:Coalition": 4' in result.stdout
    analysis = subprocess.run([str(environment / "bin" / "coalitiegraaf"), "analyse", "gaps", "--format", "csv"],
                              capture_output=True, text=True, check=True, cwd=tmp_path)
    assert "geen gevormde coalitie" in analysis.stdout
