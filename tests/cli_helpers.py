"""Run the CLI in-process, as a user would type it."""

from __future__ import annotations

from typer.testing import CliRunner

from coalitiegraaf.cli import app


def run(*args: str):
    """Invoke ``coalitiegraaf *args``; stdout and stderr are kept apart."""
    return CliRunner().invoke(app, list(args), catch_exceptions=False)
