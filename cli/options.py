"""Options shared by several commands, and options that take one of a list of values: the
values are listed in the help (``--format [text|json]``), completed by the shell, and other
common names for them are taken too (``--format turtle`` for ttl)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from coalitiegraaf.formats import RDF_ALIASES, RDF_FORMATS
from coalitiegraaf.messages import LANGUAGES


def choice(*names: str, choices: Sequence[str], help: str,
           aliases: Mapping[str, str] | None = None, metavar: str | None = None) -> Any:
    """An option (``names``, e.g. ``--format``) that takes one of ``choices``, or another name
    for one (``aliases``, e.g. turtle for ttl), and passes on the choice itself."""
    return typer.Option(*names, help=help, metavar=metavar or f"[{'|'.join(choices)}]",
                        callback=_checked(choices, aliases or {}), autocompletion=completed(choices))


def _checked(choices: Sequence[str], aliases: Mapping[str, str]) -> Callable[..., Any]:
    def one(value: str) -> str:
        chosen = aliases.get(value.strip().lower(), value)
        if chosen not in choices:
            from coalitiegraaf.cli.words import run_language
            from coalitiegraaf.messages import say

            raise typer.BadParameter(say("choice_unknown", run_language(), value=value,
                                         choices=", ".join(choices)))
        return chosen

    def check(value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, (list, tuple)):
            return [one(v) for v in value]
        return one(value)

    return check


def completed(choices: Sequence[str]) -> Callable[[str], list[str]]:
    def complete(incomplete: str) -> list[str]:
        return [c for c in choices if c.startswith(incomplete)]

    return complete


DataFiles = Annotated[
    list[Path] | None,
    typer.Option("--data", "-d", help="Extra RDF file (Turtle, TriG, N-Triples, N-Quads, JSON-LD, "
                 "RDF/XML) to load beside the shipped graph; repeatable.", metavar="FILE"),
]
Lang = Annotated[str | None, typer.Option(
    "--lang", help="Language of this run: help, messages, tables and labels: nl or en (default: "
                   "COALITIEGRAAF_LANG, else the locale, else nl).", metavar="[nl|en]",
    autocompletion=completed(LANGUAGES))]
RDF_FORMAT_HELP = "also turtle, ntriples, nquads, json-ld, rdfxml"
ANALYSES = ("duplicates", "overlaps", "gaps", "impact", "organisation", "brokers", "communities",
            "centrality")  # coalitiegraaf.analysis.findings: imported there only when one runs
SPREADSHEET = ("csv", "xlsx")
Excel = Annotated[bool, typer.Option(
    "--excel", help="With a CSV format: CSV as Excel opens it with a double click in a Dutch "
                    "locale: UTF-8 with a byte order mark, cells separated by semicolons.")]
__all__ = ["ANALYSES", "RDF_ALIASES", "RDF_FORMATS", "DataFiles", "Excel", "Lang", "choice", "completed"]
