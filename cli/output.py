"""Printing for the CLI: a console for results, one for errors, and safe text.

Labels come from data files written by other people, so every piece of text printed is
passed as plain text (never as rich markup), and on a terminal its control characters
(escape sequences that retitle a window or rewrite a line) and bidirectional overrides (that
show text in another order than it is) are shown as escapes, ``\x1b`` or ``\u202e``, instead
of acting. Output into a file or a pipe is written unchanged.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
from collections.abc import Callable, Iterator
from typing import TypeVar

import typer
from rich.console import Console
from rich.text import Text

from coalitiegraaf.cli.words import run_language
from coalitiegraaf.errors import CoalitiegraafError
from coalitiegraaf.messages import say

stdout = Console(highlight=False, soft_wrap=True)
stderr = Console(stderr=True, highlight=False, soft_wrap=True)

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_PASSWORD_IN_URL = re.compile(r"(\b[A-Za-z][A-Za-z0-9+.-]*://[^/@\s:]*):[^/@\s]*@")
DEBUG = "COALITIEGRAAF_DEBUG"
F = TypeVar("F", bound=Callable[..., object])


def fit_to_terminal() -> None:
    """Tables and wrapped text as wide as COLUMNS says, read at the start of every run (a
    terminal's own width otherwise, 80 columns into a file or a pipe)."""
    columns = os.environ.get("COLUMNS", "")
    for console in (stdout, stderr):
        console._width = int(columns) if columns.isdigit() and int(columns) > 0 else None


def shown(text: str) -> str:
    """``text`` with control and bidirectional-override characters as visible escapes."""
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def plain(value: object) -> Text:
    """``value`` as text that the terminal shows as written: no markup, no escape codes."""
    return Text(shown(str(value)))


def echo(value: object = "") -> None:
    """Print ``value`` on standard output as plain text."""
    stdout.print(plain(value))


def note(value: object) -> None:
    """Print ``value`` on standard error as plain text (what was written, and where)."""
    stderr.print(plain(value))


def write(data: str | bytes) -> None:
    """Write machine-readable output (RDF, JSON, CSV) to standard output: unchanged into a file
    or a pipe; on a terminal, with control and bidirectional-override characters escaped
    (line feeds and tabs kept)."""
    stream = typer.get_binary_stream("stdout")
    if stream.isatty():
        text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
        data = "\n".join("\t".join(shown(cell) for cell in line.split("\t")) for line in text.split("\n"))
    stream.write(data.encode("utf-8") if isinstance(data, str) else data)
    stream.flush()


def write_binary(data: bytes) -> None:
    """Write a file that is not text (a workbook) to standard output: into a file or a pipe
    only, never onto a terminal, where it would garble the screen."""
    stream = typer.get_binary_stream("stdout")
    if stream.isatty():
        from coalitiegraaf.errors import InputError

        raise InputError(key="binary_to_terminal")
    stream.write(data)
    stream.flush()


def without_secrets(message: str) -> str:
    """``message`` with the password of any URL in it replaced by ``***``."""
    return _PASSWORD_IN_URL.sub(r"\1:***@", message)


def fail(message: str, code: int) -> typer.Exit:
    """Print ``Error: message`` (``Fout:`` in Dutch; one line, no password) on standard error
    and return the exit to raise."""
    text = Text(say("error", run_language()), style="bold red")
    text.append_text(plain(" ".join(without_secrets(message).split("\n"))))
    stderr.print(text)
    return typer.Exit(code)


def spinner(message: str) -> contextlib.AbstractContextManager:
    """A spinner on standard error while something runs, when a person is watching."""
    return stderr.status(plain(message)) if stderr.is_terminal else contextlib.nullcontext()


@contextlib.contextmanager
def progress_bar(steps: int) -> Iterator[Callable[[str], None]]:
    """A progress bar on standard error for a job of ``steps`` named steps, when a person is
    watching; yields the function that starts the next step."""
    if not stderr.is_terminal:
        yield lambda _step: None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description:<10}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=stderr, transient=True) as progress:
        task = progress.add_task("", total=steps)
        started = False

        def advance(step: str) -> None:
            nonlocal started
            progress.update(task, description=step, advance=1 if started else 0)
            started = True

        yield advance


def reports_errors(command: F) -> F:
    """Turn the library's errors into a one-line message and their exit code; anything else
    that goes wrong (a bug, a missing module, memory running out) into one line with exit
    code 3 and how to see the traceback (COALITIEGRAAF_DEBUG=1)."""

    @functools.wraps(command)
    def wrapper(*args: object, **kwargs: object) -> object:
        try:
            return command(*args, **kwargs)
        except CoalitiegraafError as error:
            raise fail(error.text(run_language()), error.exit_code) from None
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except KeyboardInterrupt:
            raise typer.Exit(130) from None
        except Exception as error:  # the last line of defence of every command
            if os.environ.get(DEBUG):
                raise
            lang = run_language()
            reason = " ".join(str(error).split()) or say("internal_error_no_details", lang)
            raise fail(say("internal_error", lang, kind=type(error).__name__, reason=reason[:300],
                           variable=DEBUG), 3) from None

    return wrapper  # type: ignore[return-value]
