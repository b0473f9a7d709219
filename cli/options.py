"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DataFiles = Annotated[
    list[Path] | None,
    typer.Option("--data", "-d", help="Extra RDF file (Turtle, TriG, N-Triples, N-Quads, JSON-LD, "
                 "RDF/XML) to load beside the shipped graph; repeatable.", metavar="FILE"),
]
Lang = Annotated[str | None, typer.Option(
    "--lang", help="Language of this run: help, messages, tables and labels: nl or en (default: "
                   "COALITIEGRAAF_LANG, else the locale, else nl).", metavar="nl|en")]
