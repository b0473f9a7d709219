"""One language per run: help, messages, table headers and footers in Dutch or in English,
over every command; tables for people (words, names, wrapping)."""

from __future__ import annotations

import json
import re
import string

import pytest
import typer

from coalitiegraaf.cli import app
from coalitiegraaf.cli.words import commands, help_key
from coalitiegraaf.messages import LANGUAGES, catalogue, language, say
from tests.cli_helpers import run

OTHER = {"nl": "en", "en": "nl"}
TREE = list(commands(typer.main.get_command(app)))
PATHS = [path for path, _command in TREE]
# Click's own words, as they head every help
HEADINGS = {"nl": ("Gebruik:", "[OPTIES]", "Opties:", "Toon deze hulp en stop."),
            "en": ("Usage:", "[OPTIONS]", "Options:", "Show this message and exit.")}


def _squeezed(text: str) -> str:
    """``text`` without any white space: help is wrapped (and hyphenated words broken) at
    the terminal's width."""
    return re.sub(r"\s+", "", text)


def _help_keys(path: tuple[str, ...], command) -> list[str]:
    keys = [help_key(path)]
    keys += [help_key(path, parameter.name) for parameter in command.params if parameter.name != "lang"]
    return [key for key in keys if key]


# --- the catalogue ------------------------------------------------------------------------------


def test_every_entry_of_the_catalogue_is_in_both_languages_with_the_same_placeholders():
    def placeholders(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for key, entry in catalogue().items():
        assert set(entry) == set(LANGUAGES), key
        assert placeholders(entry["nl"]) == placeholders(entry["en"]), key


@pytest.mark.parametrize("path", PATHS, ids=lambda path: " ".join(path) or "coalitiegraaf")
def test_every_command_and_parameter_has_its_help_in_the_catalogue(path):
    command = dict(TREE)[path]
    assert help_key(path), f"no help.{'.'.join(path)} in messages.yaml"
    for parameter in command.params:
        assert help_key(path, parameter.name), f"{' '.join(path)} {parameter.name}: no help in messages.yaml"


# --- help ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", PATHS, ids=lambda path: " ".join(path) or "coalitiegraaf")
def test_help_of_every_command_is_in_the_runs_language(path, lang):
    command = dict(TREE)[path]
    result = run(*path, "--help", "--lang", lang)
    assert result.exit_code == 0, result.stderr
    shown = _squeezed(result.stdout)
    for heading in HEADINGS[lang]:
        assert _squeezed(heading) in shown
    for heading in HEADINGS[OTHER[lang]]:
        assert _squeezed(heading) not in shown
    for key in _help_keys(path, command):
        words = catalogue()[key]
        # a command's help is cut short in the list of its group's commands, never its own
        assert _squeezed(words[lang]) in shown, key
        if words[lang] != words[OTHER[lang]]:
            assert _squeezed(words[OTHER[lang]]) not in shown, key
    # the commands of a group are listed in the run's language too
    for name in getattr(command, "commands", {}):
        summary = say(help_key((*path, name)), lang).split(". ")[0].split(":")[0]
        assert _squeezed(summary)[:20] in shown, name


def test_the_global_lang_option_comes_before_the_command_too():
    dutch = run("stats", "--help").stdout
    assert run("--lang", "en", "stats", "--help").stdout == run("stats", "--help", "--lang", "en").stdout
    assert "Count statements per named graph" in run("--lang", "en", "stats", "--help").stdout
    assert "Tel de uitspraken per benoemde graaf" in dutch


@pytest.mark.parametrize(("environment", "expected"), [
    ({}, "nl"),
    ({"COALITIEGRAAF_LANG": "en"}, "en"),
    ({"LANG": "en_GB.UTF-8"}, "en"),
    ({"LANG": "nl_BE.UTF-8"}, "nl"),
    ({"LANG": "de_DE.UTF-8"}, "nl"),
    ({"LC_ALL": "en_US.UTF-8", "LANG": "nl_NL.UTF-8"}, "en"),
    ({"COALITIEGRAAF_LANG": "nl", "LANG": "en_US.UTF-8"}, "nl"),
])
def test_the_language_of_a_run_comes_from_the_environment_without_lang(monkeypatch, environment, expected):
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    assert language([]) == expected
    result = run("stats", "--help")
    assert HEADINGS[expected][0] in result.stdout
    # --lang beats the environment
    assert HEADINGS[OTHER[expected]][0] in run("stats", "--help", "--lang", OTHER[expected]).stdout


# --- errors -------------------------------------------------------------------------------------

ERRORS = [
    # Click's own
    ("stats", "--bogus"),
    ("bogus",),
    ("pull",),
    ("serve", "--port", "x"),
    ("stats", "--format"),
    ("stats", "--lang", "fr"),
    # the command line's
    ("query",),
    ("query", "themes", "--param", "oops"),
    ("pull", "--out", "x.trig"),
    ("intake", "missing.txt", "--id", "kst 1", "--out", "x"),
    ("intake", "missing.txt", "--id", "kst-1", "--out", "x"),
    ("stats", "--format", "yaml"),
    ("validate", "--lang", "de"),
    # the library's
    ("--store", "neo4j", "stats"),
    ("export", "--format", "yaml"),
    ("analyse", "magic"),
    ("analyse", "organisation"),
    ("validate", "--standalone"),
    ("validate", "--fail-on", "never"),
    ("validate", "--engine", "fast"),
    ("--max-file-mb", "-1", "stats"),
    ("--endpoint", "http://127.0.0.1:9/sparql", "stats", "--data", "x.ttl"),
    ("stats", "--data", "does-not-exist.ttl"),
    ("stats", "--data", "."),
    ("diff", "nothing-here", "kst-26643-1055"),
    ("sheets", "export", "--source", "nothing", "--out", "x.xlsx"),
    ("pull", "--out", "x.trig", "--graph", "https://example.org/g"),
    ("--endpoint", "http://127.0.0.1:9/sparql", "stats"),
    ("--endpoint", "ftp://127.0.0.1/sparql", "stats"),
    ("query", "nope"),
    ("query", "describe"),
    ("query", "describe", "--param", "node=VNG", "--param", "colour=red"),
    ("query", "overlap", "--param", "min=two"),
    ("generate", "--out", "x.txt"),
    ("analyse", "impact", "--node", "Atlantis"),
    ("analyse", "duplicates", "--include", "magic"),
    ("sheets", "import", "missing-folder", "--source", "kst-new"),
    ("query", "--file", "missing.rq"),
]


@pytest.mark.parametrize("arguments", ERRORS, ids=" ".join)
def test_every_error_is_said_in_the_runs_language(arguments, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    said = {}
    for lang in LANGUAGES:
        monkeypatch.setenv("COALITIEGRAAF_LANG", lang)
        said[lang] = run(*arguments)
    assert said["nl"].exit_code == said["en"].exit_code in (2, 3)
    last = {lang: said[lang].stderr.splitlines()[-1] for lang in LANGUAGES}
    assert last["nl"].startswith("Fout: ") and last["en"].startswith("Error: ")
    # the words differ, not only the prefix: an error without a key would be the same in both
    assert last["nl"].removeprefix("Fout: ") != last["en"].removeprefix("Error: ")
    assert said["nl"].stdout == said["en"].stdout == ""
    usage = [line for line in said["nl"].stderr.splitlines() if line.startswith(("Usage", "Gebruik"))]
    assert all(line.startswith("Gebruik: ") for line in usage)


def test_an_error_from_a_parser_keeps_its_words_and_its_location(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c>\n")
    said = {lang: run("stats", "--data", str(bad), "--lang", lang).stderr for lang in LANGUAGES}
    assert said["nl"].startswith(f"Fout: {bad}:")
    assert said["en"].startswith(f"Error: {bad}:")
    assert said["nl"].removeprefix("Fout: ") == said["en"].removeprefix("Error: ")


def test_a_parser_message_we_explain_is_said_in_the_run_language(tmp_path):
    bad = tmp_path / "relative.ttl"
    bad.write_text("<a> <b> <c> .\n")
    said = {lang: run("stats", "--data", str(bad), "--lang", lang).stderr.strip() for lang in LANGUAGES}
    assert said["nl"] == f"Fout: {bad}:1:1: {say('parse_relative_iri', 'nl')}"
    assert said["en"] == (f"Error: {bad}:1:1: relative IRI without a base: write absolute IRIs, "
                          "declare @base in the file, or pass --base IRI")


# --- tables -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "header", "footer"), [
    ("nl", ["drijfveer", "gevormd", "thema"], "4 rijen"),
    ("en", ["driver", "formed", "theme"], "4 rows"),
])
def test_a_query_table_is_headed_in_words_and_counted_in_the_runs_language(lang, header, footer):
    result = run("query", "themes", "--lang", lang)
    lines = result.stdout.splitlines()
    assert [cell.strip() for cell in lines[1].strip("┃").split("┃")][:3] == header
    assert lines[-1] == footer
    assert "Label" not in lines[1]


@pytest.mark.parametrize(("arguments", "nl", "en"), [
    (("analyse", "gaps"), "7 bevindingen", "7 findings"),
    (("analyse", "organisation", "--node", "TNO"), "1 bevinding", "1 finding"),
    (("query", "members", "--param", "coalition=AI in actie"), "rijen", "rows"),
])
def test_footers_count_in_the_runs_language(arguments, nl, en):
    assert run(*arguments, "--lang", "nl").stdout.splitlines()[-1].endswith(nl)
    assert run(*arguments, "--lang", "en").stdout.splitlines()[-1].endswith(en)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_stats_validate_and_queries_are_headed_in_the_runs_language(lang):
    stats = run("stats", "--lang", lang).stdout
    assert say("stats_per_graph", lang) in stats and say("stats_per_graph", OTHER[lang]) not in stats
    validation = run("validate", "--lang", lang).stdout
    assert validation.splitlines()[0] == ", ".join(
        say(f"count_{severity}", lang, count=count) for severity, count in
        (("violation", 0), ("warning", 30), ("info", 8)))
    assert say("validation_message", lang) in validation
    listing = run("queries", "--lang", lang).stdout
    assert say("catalogue_title", lang) in listing


def test_a_100_column_terminal_shows_every_reason_of_the_duplicates_in_full(monkeypatch):
    from coalitiegraaf.analysis.findings import analyse
    from coalitiegraaf.project import load

    monkeypatch.setenv("COLUMNS", "100")
    result = run("analyse", "duplicates")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 100
    assert all(line == line.rstrip() for line in lines)
    shown = " ".join(line.strip() for line in lines)
    findings = analyse(load(), "duplicates", lang="nl")
    assert len(findings) > 3
    for finding in findings:
        assert " ".join(finding.text("nl").split()) in shown
        for evidence in finding.evidence:
            assert " ".join(evidence.cite_for().split()) in shown
    # the same in a narrower terminal: wrapped, never cut
    monkeypatch.setenv("COLUMNS", "60")
    narrow = run("analyse", "duplicates").stdout
    assert max(len(line) for line in narrow.splitlines()) <= 60
    assert " ".join(line.strip() for line in narrow.splitlines()) == shown


def test_a_query_table_names_nodes_by_their_labels_and_gives_iris_on_request(monkeypatch):
    monkeypatch.setenv("COLUMNS", "320")  # wide enough for eleven columns, IRIs unbroken
    arguments = ("query", "members", "--param", "coalition=digitale ethiek")
    table = run(*arguments).stdout
    assert "Coalitie digitale ethiek" in table and "Raad voor het Openbaar Bestuur" in table
    assert "alinea 38" in table  # a passage by its label
    assert "coalition/" not in table and "https://" not in table and "passage/" not in table
    with_iris = run(*arguments, "--iris").stdout
    assert "coalition/digitale-ethiek" in with_iris
    assert "Coalitie digitale ethiek" in with_iris


def test_machine_formats_keep_variable_names_and_iris():
    csv = run("query", "members", "--param", "coalition=digitale ethiek", "--format", "csv").stdout
    assert csv.splitlines()[0] == ("coalitionLabel,organizationLabel,memberLabel,roleLabel,supportLabel,"
                                   "coalition,organization,member,role,support,passage")
    assert "https://w3id.org/coalitiegraaf/id/coalition/digitale-ethiek" in csv
    answer = json.loads(run("query", "themes", "--format", "json", "--lang", "en").stdout)
    assert "themeLabel" in answer["head"]["vars"] or "theme" in answer["head"]["vars"]


@pytest.mark.parametrize(("lang", "membership", "header", "incoming"), [
    ("nl", "Coalitie AI in actie, gesprekspartner", "waarde", "inkomend"),
    ("en", "AI in action coalition, conversation partner", "value", "incoming"),
])
def test_describe_says_what_a_node_takes_part_in_and_as_what(monkeypatch, lang, membership, header,
                                                              incoming):
    monkeypatch.setenv("COLUMNS", "200")
    table = run("query", "describe", "--param", "node=VNG", "--lang", lang).stdout
    rows = [[cell.strip() for cell in line.strip("│").split("│")] for line in table.splitlines()
            if line.startswith("│")]
    assert header in table.splitlines()[1]
    assert [incoming, say("term.org:member", lang), membership] in rows
    assert "membership/" not in table
    # the value column is there, with the literals (VNG's other name) as written
    assert [say("term.skos:altLabel", lang), "VNG"] in [row[1:] for row in rows]


# --- no words outside the catalogue -------------------------------------------------------------

ERRORS_IN_ENGLISH_ONLY = {
    # an endpoint answers programs, in English whatever the language of the run that serves it
    "src/coalitiegraaf/publish/answers.py",
    # the mapping of the sheets (ontology/sheets.yaml) is the developers', not a coordinator's
    "src/coalitiegraaf/authoring/mapping.py",
}
ERROR_CLASSES = {"CoalitiegraafError", "InputError", "ParseError", "QueryError", "StoreError", "ExportError",
                 "NotRepresentable", "Refusal"}


def _worded_errors(path) -> list[int]:
    """The lines of ``path`` where one of coalitiegraaf's errors is made with words of its own
    (a text, not a ``key`` of the catalogue)."""
    import ast

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) in ERROR_CLASSES):
            continue
        if any(keyword.arg == "key" for keyword in node.keywords):
            continue
        words = node.args[1:2] if node.func.id == "ParseError" else node.args[:1]
        # a parser's or the system's own message passes through as it is: a name, not a text
        if any(isinstance(word, ast.Constant | ast.JoinedStr) and not (
                isinstance(word, ast.Constant) and word.value == "") for word in words):
            found.append(node.lineno)
    return found


def test_every_error_the_tool_makes_takes_its_words_from_the_catalogue():
    from tests.conftest import ROOT

    files = sorted([*(ROOT / "cli").rglob("*.py"), *(ROOT / "src" / "coalitiegraaf").rglob("*.py")])
    worded = {str(path.relative_to(ROOT)): lines for path in files if (lines := _worded_errors(path))}
    for allowed in ERRORS_IN_ENGLISH_ONLY:
        worded.pop(allowed, None)
    assert worded == {}


def test_the_english_help_in_the_code_is_the_catalogues():
    """The help written beside each option in cli/ is what a reader of the code sees; the
    catalogue's English is what a user sees: they are the same words."""
    declared = typer.main.get_command(app)  # a fresh tree, not localised
    for path, command in commands(declared):
        texts = [(help_key(path), command.help)]
        texts += [(help_key(path, p.name), p.help) for p in command.params if getattr(p, "help", None)]
        for key, text in texts:
            assert key, f"{' '.join(path)}: no help in messages.yaml"
            assert " ".join(text.split()) == " ".join(catalogue()[key]["en"].split()), key
