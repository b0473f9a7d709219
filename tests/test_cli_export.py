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
    assert result.stderr == f"Wrote {target}\n"
    assert target.read_bytes() == run("export", "--format", "nq").stdout_bytes


def test_export_refuses_an_unknown_format():
    result = run("export", "--format", "yaml")
    assert result.exit_code == 2
    assert "Error: unknown export format 'yaml'" in result.stderr


def test_export_that_cannot_be_written_exits_3(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = run("export", "--out", str(blocker / "out.ttl"))
    assert result.exit_code == 3
    assert result.stderr.startswith(f"Error: {blocker / 'out.ttl'}: cannot write:")
