"""Printing for the CLI: a console for results, one for errors, and safe text.

Labels come from data files written by other people, so every piece of text printed is
passed as plain text (never as rich markup) and stripped of terminal control characters.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable, Iterator
from typing import TypeVar

import typer
from rich.console import Console
from rich.text import Text

from coalitiegraaf.errors import CoalitiegraafError

stdout = Console(highlight=False, soft_wrap=True)
stderr = Console(stderr=True, highlight=False, soft_wrap=True)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
F = TypeVar("F", bound=Callable[..., object])


def plain(value: object) -> Text:
    """``value`` as text that the terminal shows as written: no markup, no escape codes."""
    return Text(_CONTROL.sub("\N{REPLACEMENT CHARACTER}", str(value)))


def echo(value: object = "") -> None:
    """Print ``value`` on standard output as plain text."""
    stdout.print(plain(value))


def write(data: str | bytes) -> None:
    """Write machine-readable output (RDF, JSON, CSV) to standard output unchanged."""
    stream = typer.get_binary_stream("stdout")
    stream.write(data.encode("utf-8") if isinstance(data, str) else data)
    stream.flush()


def fail(message: str, code: int) -> typer.Exit:
    """Print ``Error: message`` on standard error and return the exit to raise."""
    text = Text("Error: ", style="bold red")
    text.append_text(plain(message))
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
    """Turn the library's errors into a one-line message and their exit code."""

    @functools.wraps(command)
    def wrapper(*args: object, **kwargs: object) -> object:
        try:
            return command(*args, **kwargs)
        except CoalitiegraafError as error:
            raise fail(str(error), error.exit_code) from None

    return wrapper  # type: ignore[return-value]
