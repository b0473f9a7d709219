"""The README's console examples for analysts and coordinators say what the commands print, and
its Python session runs as shown: in the sections "Commands", "For analysts" and "For
coordinators", every ``$ coalitiegraaf …`` line of a ``console`` block that has output beneath
it is run in-process (a ``| head -N`` keeps the first lines), and every ``>>>`` line of a
``pycon`` block.

Examples that need a server (``--endpoint``) or a file beside them (``--file``), and those of
the other sections (which write files), are tested where their section is."""

from __future__ import annotations

import contextlib
import io
import re
import shlex

import pytest

from tests.cli_helpers import run
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _sections() -> str:
    """From "Commands" to "The report": commands, the catalogue and the coordinator's section."""
    return README[README.index("\n## Commands\n"):README.index("\n## The report\n")]


def _examples() -> list[tuple[str, str]]:
    found = []
    for block in re.findall(r"```console\n(.*?)```", _sections(), re.DOTALL):
        for command, shown in re.findall(r"^\$ (.*)\n((?:(?!\$ ).*\n)*)", block, re.MULTILINE):
            if command.startswith("coalitiegraaf ") and "--endpoint" not in command \
                    and "--file" not in command and shown.strip():
                found.append((command, shown.rstrip("\n") + "\n"))
    return found


EXAMPLES = _examples()


def test_the_coordinator_section_has_its_examples():
    commands = [command for command, _ in EXAMPLES]
    for expected in ("analyse duplicates", "analyse gaps", "analyse overlaps", "analyse impact --node BDI",
                     "analyse organisation --node EZK", "query organisation"):
        assert any(expected in command for command in commands), expected


@pytest.mark.parametrize(("command", "shown"), EXAMPLES, ids=[command for command, _ in EXAMPLES])
def test_a_console_example_prints_what_the_readme_shows(command, shown):
    command, _, pipe = command.partition(" | ")
    result = run(*shlex.split(command)[1:])
    assert result.exit_code == 0, result.stderr
    printed = result.stdout
    if pipe:
        lines = re.fullmatch(r"head -(\d+)", pipe.strip())
        assert lines, f"only | head -N is understood: {pipe}"
        printed = "".join(printed.splitlines(keepends=True)[:int(lines.group(1))])
    assert printed == shown


def test_the_python_session_runs_as_shown():
    block = re.search(r"```pycon\n(.*?)```", _sections(), re.DOTALL).group(1)
    namespace: dict = {}
    printed: list[str] = []
    shown = [line for line in block.splitlines() if not line.startswith(">>> ")]
    for line in block.splitlines():
        if line.startswith(">>> "):
            buffer = io.StringIO()
            with contextlib.redirect_stdout(buffer):
                exec(compile(line[4:], "README.md", "single"), namespace)
            printed += buffer.getvalue().splitlines()
    assert printed == shown
