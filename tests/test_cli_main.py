"""The command line as a whole: help, version, options, errors, the installed entry point."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from coalitiegraaf import __version__
from coalitiegraaf.cli import app
from tests.cli_helpers import run
from tests.conftest import ROOT

COMMANDS = sorted(command.name or command.callback.__name__ for command in app.registered_commands)


def test_help_lists_every_command():
    result = run("--help")
    assert result.exit_code == 0
    for command in COMMANDS:
        assert re.search(rf"^\s+{command}\s", result.stdout, re.MULTILINE), command


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(("lang", "example"), [("nl", "Voorbeeld"), ("en", "Example")])
def test_every_command_has_help_with_an_example(command, lang, example):
    result = run(command, "--help", "--lang", lang)
    assert result.exit_code == 0
    # global options may come first: coalitiegraaf --endpoint URL pull …
    assert re.search(rf"{example}: coalitiegraaf( --\S+ \S+)* {command}\b", result.stdout)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme(command):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"coalitiegraaf {command}" in readme


def test_version():
    result = run("--version")
    assert (result.exit_code, result.stdout) == (0, f"coalitiegraaf {__version__}\n")


def test_an_unknown_store_is_a_usage_error(monkeypatch):
    monkeypatch.setenv("COALITIEGRAAF_LANG", "en")
    result = run("--store", "neo4j", "stats")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "'neo4j' is not one of oxigraph, memory" in result.stderr


def test_the_installed_entry_point_runs():
    result = subprocess.run([sys.executable, "-m", "coalitiegraaf", "--version"],
                            capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout) == (0, f"coalitiegraaf {__version__}\n")


def test_help_does_not_import_the_heavy_libraries():
    script = ("import sys\nfrom coalitiegraaf.cli import app\n"
              "heavy = {'pyshacl', 'networkx', 'SPARQLWrapper', 'rdflib', 'yaml'} & set(sys.modules)\n"
              "print(sorted(heavy))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout == "[]\n"


@pytest.mark.parametrize("command", [["stats"], ["query", "themes"], ["validate"], ["analyse", "gaps"]])
def test_a_command_on_oxigraph_does_not_import_rdflibs_sparql_engine(command):
    # its parser takes 55 ms to import, a fifth of such a command on the letter
    script = ("import sys\nfrom typer.testing import CliRunner\nfrom coalitiegraaf.cli import app\n"
              f"result = CliRunner().invoke(app, {command!r})\n"
              "assert result.exit_code == 0, result.output\n"
              "print('rdflib.plugins.sparql' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == "False"


def test_an_analysis_does_not_import_the_report_pages():
    # the command line names a finding's kind in the report's words (report/words.py); the
    # pages would bring Jinja2 and the validation into every analysis
    script = ("import sys\nfrom typer.testing import CliRunner\nfrom coalitiegraaf.cli import app\n"
              "result = CliRunner().invoke(app, ['analyse', 'gaps'])\n"
              "assert result.exit_code == 0, result.output\n"
              "print(sorted({'jinja2', 'coalitiegraaf.report.pages', 'coalitiegraaf.validation'} & set(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == "[]"
