"""The conventions of Typer and Click tools: choices in the help, other names for RDF formats,
global options after the command, shell completion."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import rdflib
from rdflib.compare import isomorphic

from coalitiegraaf.cli import app
from coalitiegraaf.cli.app import GlobalOptionsAnywhere, hoisted
from coalitiegraaf.publish.exports import pull
from tests.cli_helpers import run

SMALL = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://example.org/a> skos:prefLabel "a"@nl .
<https://example.org/b> skos:prefLabel "b"@nl .
"""


@pytest.mark.parametrize(("command", "listed"), [
    (["export"], "--format [ttl|nt|nq|trig|jsonld|xml|graphml|gexf|nodes-csv|edges-csv]"),
    (["export"], "--network [actors|dependencies]"),
    (["pull"], "--format [ttl|nt|nq|trig|jsonld|xml]"),
    (["stats"], "--format [text|json]"),
    (["validate"], "--format [text|json|md|ttl]"),
    (["validate"], "--fail-on [violation|warning|info]"),
    (["validate"], "--engine [auto|pyshacl|sparql]"),
    (["validate"], "--lang [nl|en]"),
    (["analyse"], "--format [table|json|csv|md|xlsx]"),
    (["analyse"], "--include [implied|intended]"),
    (["analyse"], "duplicates, overlaps, gaps, impact, organisation, brokers, communities, centrality"),
    (["query"], "--format [table|csv|tsv|json|xml|md|xlsx]"),
    (["query"], "coalitiegraaf queries lists them"),
    (["queries"], "--format [text|json]"),
    (["diff"], "--format [text|md|json]"),
    ([], "--store [oxigraph|memory]"),
])
def test_help_lists_the_choices(command, listed):
    result = run(*command, "--help", "--lang", "en")
    assert result.exit_code == 0
    assert listed in " ".join(result.stdout.split())


def test_export_help_names_the_csv_formats_and_the_rdf_aliases():
    text = " ".join(run("export", "--help", "--lang", "en").stdout.split())
    dutch = " ".join(run("export", "--help").stdout.split())
    assert "nodes-csv of edges-csv voor een spreadsheet" in dutch
    assert "nodes-csv or edges-csv for a spreadsheet" in text
    assert "also turtle, ntriples, nquads, json-ld, rdfxml" in text


@pytest.mark.parametrize(("alias", "name"), [
    ("turtle", "ttl"), ("Turtle", "ttl"), ("ntriples", "nt"), ("n-triples", "nt"), ("nquads", "nq"),
    ("n-quads", "nq"), ("json-ld", "jsonld"), ("rdfxml", "xml"), ("rdf/xml", "xml"),
])
def test_an_rdf_format_by_another_name_gives_the_same_bytes(alias, name):
    by_alias = run("export", "--format", alias)
    assert by_alias.exit_code == 0, by_alias.stderr
    assert by_alias.stdout_bytes == run("export", "--format", name).stdout_bytes


def test_validate_takes_turtle_for_its_shacl_report():
    by_alias = run("validate", "--format", "turtle")
    by_name = run("validate", "--format", "ttl")
    assert by_alias.exit_code == by_name.exit_code
    assert isomorphic(rdflib.Graph().parse(data=by_alias.stdout, format="turtle"),
                      rdflib.Graph().parse(data=by_name.stdout, format="turtle"))


def test_pull_takes_an_rdf_format_by_another_name(memory_store, tmp_path):
    pull(memory_store, tmp_path / "a.nt", "n-triples")
    pull(memory_store, tmp_path / "b.nt", "nt")
    assert (tmp_path / "a.nt").read_bytes() == (tmp_path / "b.nt").read_bytes()
    assert "--format [ttl|nt|nq|trig|jsonld|xml]" in " ".join(run("pull", "--help").stdout.split())


def test_global_options_after_the_command_mean_what_they_mean_before_it(tmp_path):
    small = tmp_path / "small.ttl"
    small.write_text(SMALL)
    before = run("--store", "memory", "--no-shipped", "stats", "--data", str(small), "--format", "json")
    after = run("stats", "--data", str(small), "--format", "json", "--store", "memory", "--no-shipped")
    assert after.exit_code == 0, after.stderr
    assert after.stdout == before.stdout
    graphs = json.loads(after.stdout)["per_graph"]
    assert "https://w3id.org/coalitiegraaf/graph/kst-26643-1055" not in graphs  # the shipped graph left out
    assert 2 in graphs.values()  # the file's two statements
    assert run("stats", "--store=neo4j").exit_code == 2  # and checked as before the command


@pytest.mark.parametrize(("args", "expected"), [
    (["stats", "--store", "memory"], ["--store", "memory", "stats"]),
    (["stats", "--store=memory", "--format", "json"], ["--store=memory", "stats", "--format", "json"]),
    (["--base", "https://x/", "export", "--no-shipped", "--out", "f"],
     ["--base", "https://x/", "--no-shipped", "export", "--out", "f"]),
    (["sheets", "export", "--max-file-mb", "5", "--out", "w.xlsx"],
     ["--max-file-mb", "5", "sheets", "export", "--out", "w.xlsx"]),
    (["query", "--file", "-", "--", "--store", "memory"], ["query", "--file", "-", "--", "--store", "memory"]),
    (["stats", "--help"], ["stats", "--help"]),
])
def test_hoisting_moves_only_the_global_options(args, expected):
    group = app_group()
    assert hoisted(args, group._global_options()) == expected


def app_group() -> GlobalOptionsAnywhere:
    import typer.main

    group = typer.main.get_command(app)
    assert isinstance(group, GlobalOptionsAnywhere)
    return group


def test_no_command_has_an_option_named_like_a_global_one():
    # so that moving a global option in front of the command never takes a command's own
    group = app_group()
    global_names = set(group._global_options())

    def own_names(command):
        for param in command.params:
            yield from (*getattr(param, "opts", ()), *getattr(param, "secondary_opts", ()))
        for sub in getattr(command, "commands", {}).values():
            yield from own_names(sub)

    clashes = {name for command in group.commands.values() for name in own_names(command)} & global_names
    assert clashes == set()
    assert {"--store", "--endpoint", "--base", "--no-shipped", "--allow-pipes", "--max-file-mb"} <= global_names


def test_shell_completion_prints_a_bash_script():
    # the shell named, not guessed from the processes around the test (which differ between
    # a terminal, CI and a helper's job: --show-completion guessed wrong in some full runs)
    result = run("completion", "bash")
    assert result.exit_code == 0
    assert "complete -o default -F _coalitiegraaf_completion coalitiegraaf" in result.stdout
    assert "_COALITIEGRAAF_COMPLETE=complete_bash" in result.stdout
    assert run("completion", "zsh").stdout.startswith("#compdef coalitiegraaf")
    assert "--install-completion" in run("--help").stdout


def test_completion_of_an_unknown_shell_is_refused():
    result = run("completion", "tcsh", "--lang", "en")
    assert result.exit_code == 2
    assert "'tcsh' is not one of bash, zsh, fish, powershell, pwsh" in result.stderr


@pytest.mark.parametrize(("words", "offered"), [
    ("coalitiegraaf export --format n", ["nt", "nq", "nodes-csv"]),
    ("coalitiegraaf query mem", ["members"]),
    ("coalitiegraaf analyse c", ["communities", "centrality"]),
    ("coalitiegraaf --store m", ["memory"]),
])
def test_the_shell_completes_choices_and_names(words, offered):
    env = {**os.environ, "_COALITIEGRAAF_COMPLETE": "complete_bash", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split()) - 1)}
    script = "from coalitiegraaf.cli import app; app(prog_name=\"coalitiegraaf\")"
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.stdout.split() == offered
