"""The README tells the truth: its diagram and its counts are what the code generates, and
every python and console block in it runs, printing what it shows."""

from __future__ import annotations

import re

import pytest

from coalitiegraaf.analysis.statistics import stats
from coalitiegraaf.publish.diagram import mermaid
from coalitiegraaf.store.namespaces import ONTOLOGY_GRAPH
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_diagram_is_generated_from_the_ontology(memory_store):
    block = re.search(r"```mermaid\n(.*?)```", README, re.DOTALL)
    assert block is not None
    assert block.group(1) == mermaid(memory_store.dataset().graph(ONTOLOGY_GRAPH))


def test_the_counts_per_class_are_current(memory_store):
    table = dict(re.findall(r"^\| `([a-z]+:\w+)` \| (\d+) \|$", README, re.MULTILINE))
    assert {name: int(count) for name, count in table.items()} == stats(memory_store).per_class


def quick_start_commands() -> list[str]:
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)\n```", quick_start, re.DOTALL)


def test_the_quick_start_has_two_commands_each_in_its_own_virtual_environment():
    report, tests = quick_start_commands()
    assert report.startswith("python3 -m venv .venv && ") and report.endswith("coalitiegraaf report")
    assert tests.startswith("python3 -m venv .venv && ") and tests.endswith("pytest")


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "findall" in ci and "[1])" in ci, ".ci/run must take its test command from the README"


@pytest.mark.slow
def test_the_serve_example_answers_as_shown(tmp_path):
    import shutil
    import subprocess
    import sys

    from coalitiegraaf.project import load
    from tests.conftest import free_port

    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    block = README.split("**Serve.**", 1)[1]
    serve, ask = re.search(r"```sh\n(.*?)\n```", block, re.DOTALL).group(1).splitlines()
    port = str(free_port())
    assert serve == "coalitiegraaf serve &"
    server = subprocess.Popen([sys.executable, "-m", "coalitiegraaf", "serve", "--port", port],
                              stderr=subprocess.PIPE, text=True)
    try:
        server.stderr.readline()  # the line that says it is serving
        answer = subprocess.run(ask.replace("7878", port), shell=True, capture_output=True, text=True, timeout=60)
        assert answer.stdout.splitlines() == ["n", str(len(load()))]
    finally:
        server.terminate()
        server.wait(timeout=15)
        server.stderr.close()


# --- every python and console block of the README runs, its shown output checked ------------

# a block the tests cannot run says so just above it, with the reason; it is reported as skipped
NOT_RUN = "not run in the tests:"
_BLOCK = re.compile(r"(?:<!--\s*(?P<marker>.*?)\s*-->\n)?```(?P<language>python|console)\n(?P<body>.*?)```",
                    re.DOTALL)


def _blocks(language: str) -> list[tuple[str, str, str | None]]:
    """(where, body, reason it is not run) of each ``language`` block of the README."""
    found = []
    for match in _BLOCK.finditer(README):
        if match.group("language") != language:
            continue
        where = f"README.md:{README.count(chr(10), 0, match.start('body')) + 1}"
        marker = match.group("marker") or ""
        reason = marker.removeprefix(NOT_RUN).strip() if marker.startswith(NOT_RUN) else None
        found.append((where, match.group("body"), reason))
    return found


def _ids(blocks: list[tuple[str, str, str | None]]) -> list[str]:
    return [where for where, _, _ in blocks]


@pytest.mark.parametrize(("where", "body", "reason"), _blocks("python"), ids=_ids(_blocks("python")))
def test_every_python_block_runs_and_shows_what_it_gives(where, body, reason):
    """Each statement runs in turn; an expression followed by a comment that is a Python value
    (``# {'violation': 0, …}``) must give that value."""
    import ast

    if reason is not None:
        pytest.skip(f"{where}: {reason}")
    namespace: dict = {}
    comments = _comments(body)
    for statement in ast.parse(body).body:
        code = ast.get_source_segment(body, statement)
        shown = comments.get(statement.end_lineno)
        if isinstance(statement, ast.Expr) and shown is not None:
            value = eval(compile(ast.Expression(statement.value), where, "eval"), namespace)
            assert value == shown, f"{where}: {code} gives {value!r}, the README shows {shown!r}"
        else:
            exec(compile(ast.Module([statement], []), where, "exec"), namespace)


def _comments(body: str) -> dict[int, object]:
    """The Python values written as comments at the end of lines, by line number."""
    import ast
    import io
    import tokenize

    values = {}
    for token in tokenize.generate_tokens(io.StringIO(body).readline):
        if token.type == tokenize.COMMENT:
            try:
                values[token.start[0]] = ast.literal_eval(token.string.lstrip("#").strip())
            except (ValueError, SyntaxError):
                continue  # a comment in words
    return values


@pytest.mark.parametrize(("where", "body", "reason"), _blocks("console"), ids=_ids(_blocks("console")))
def test_every_console_block_runs_and_prints_what_it_shows(where, body, reason, request, tmp_path, monkeypatch):
    """Each ``$ coalitiegraaf …`` line runs in-process, each ``$ python …`` line as a process, in
    a fresh folder that sees the repository's folders the command names; ``| …`` filters run in
    the shell. The lines after a command, if any, are what it must print. An endpoint on
    127.0.0.1:7878 is a real Oxigraph server holding the dataset; ``--file NAME.rq`` is the
    sparql block just above."""
    if reason is not None:
        pytest.skip(f"{where}: {reason}")
    monkeypatch.chdir(tmp_path)  # commands that write (report, build, intake) write here
    query = _sparql_before(where)
    for command, shown in _commands(body):
        named = re.search(r"--file (\S+\.rq)", command)
        if named and query is not None:  # the query the README shows just above
            (tmp_path / named.group(1)).write_text(query, encoding="utf-8")
        if "127.0.0.1:7878" in command:
            command = command.replace("http://127.0.0.1:7878", request.getfixturevalue("oxigraph_server"))
        printed, exit_code = _run_command(command, where, tmp_path)
        assert exit_code in ((0, 1) if shown else (0,)), f"{where}: {command} exited with {exit_code}"
        if shown:
            assert printed == shown, f"{where}: {command}"


def _sparql_before(where: str) -> str | None:
    """The last ``sparql`` block above the block at ``where``: a ``--file NAME.rq`` runs it."""
    line = int(where.rsplit(":", 1)[1])
    above = "\n".join(README.splitlines()[:line])
    found = re.findall(r"```sparql\n(.*?)```", above, re.DOTALL)
    return found[-1] if found else None


def _commands(body: str) -> list[tuple[str, list[str]]]:
    commands: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            commands.append((line[2:], []))
        elif commands:
            commands[-1][1].append(line)
        elif line.strip():
            raise AssertionError(f"a console block shows output before any '$ command': {line!r}")
    return [(command, _trimmed(shown)) for command, shown in commands]


def _trimmed(lines: list[str]) -> list[str]:
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def _run_command(command: str, where: str, folder) -> tuple[list[str], int]:
    import shlex
    import subprocess
    import sys

    from tests.cli_helpers import run

    program, *filters = (part.strip() for part in command.split(" | "))
    words = shlex.split(program)
    for word in words:  # the repository's folders a command names (tests/fixtures/…, bench/…)
        first = word.split("/", 1)[0]
        if "/" in word and (ROOT / first).exists() and not (folder / first).exists():
            (folder / first).symlink_to(ROOT / first)
    if words[0] == "coalitiegraaf":
        result = run(*words[1:])
        printed, exit_code = result.stdout, result.exit_code
    elif words[0] == "python":
        done = subprocess.run([sys.executable, *words[1:]], capture_output=True, text=True, timeout=300)
        printed, exit_code = done.stdout, done.returncode
    else:
        raise AssertionError(f"{where}: only coalitiegraaf and python commands run here; mark the block "
                             f"'<!-- {NOT_RUN} why -->' if it cannot run")
    if filters:
        printed = subprocess.run(" | ".join(filters), shell=True, input=printed, capture_output=True,
                                 text=True, timeout=60).stdout
    return _trimmed(printed.splitlines()), exit_code
