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
                     "coalitiegraaf/queries/analysis/memberships.rq", "coalitiegraaf/queries/store/shared-triples.rq",
                     "coalitiegraaf/queries/store/merge-named-graphs.ru"):
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


def test_the_quick_start_runs_as_written_on_the_system_python(tmp_path):
    """The README's first command, verbatim, in a fresh copy of the working tree: it makes its
    own virtual environment with the system Python (Debian's refuses a bare `pip install`)."""
    from tests.test_docs import quick_start_commands

    system_python = Path("/usr/bin/python3")
    if not system_python.exists():
        pytest.skip("no system Python at /usr/bin/python3")
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    copy = tmp_path / "clone"
    for name in filter(None, tracked.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            (copy / name).write_bytes(source.read_bytes())
    command = quick_start_commands()[0]
    environment = {"PATH": f"{system_python.parent}:/bin", "HOME": str(Path.home()), "LANG": "C.UTF-8"}
    result = subprocess.run(["sh", "-c", command], cwd=copy, env=environment, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "\nRapport geschreven: report/index.html\n" in "\n" + result.stdout  # after pip's lines
    assert (copy / "report" / "index.html").is_file()
