"""Commands that keep the agenda current: sheets export and import, intake, diff."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from coalitiegraaf.cli.options import DataFiles, Lang, choice
from coalitiegraaf.cli.output import echo, note, reports_errors
from coalitiegraaf.cli.words import run_language
from coalitiegraaf.messages import say, say_count

sheets_app = typer.Typer(
    name="sheets",
    help="The graph of one source as spreadsheets a coordinator edits, and back into Turtle.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

Source = Annotated[str | None, typer.Option(help="The source (its named graph), e.g. kst-26643-1055; "
                                                 "needed when the data holds more than one.")]


@sheets_app.command("export")
@reports_errors
def sheets_export(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option(help="A workbook (.xlsx), or a folder for one CSV file per sheet.")],
    source: Source = None,
    data: DataFiles = None,
) -> None:
    """Write a source's graph as sheets: coalitions, memberships, actors, initiatives, action lines,
    dependencies, documents and the rest, with the passage and quote of every row.

    Example: coalitiegraaf sheets export --source kst-26643-1055 --out agenda.xlsx
    """
    from coalitiegraaf.authoring.sheets import export_sheets, write_sheets
    from coalitiegraaf.cli.app import _load

    store = _load(ctx, data)
    result = export_sheets(store, _source(store, source))
    paths = write_sheets(result.tables, out)
    rows = sum(len(table.rows) for table in result.tables)
    lang = run_language()
    echo(say("sheets_written", lang, rows=rows, sheets=len(result.tables), source=result.source, out=out)
         + (say("files_count", lang, count=len(paths)) if len(paths) > 1 else ""))
    for predicate, count in result.uncovered_predicates().items():
        note(say("sheets_uncovered", lang, count=count, predicate=predicate))


@sheets_app.command("import")
@reports_errors
def sheets_import(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A workbook (.xlsx), a CSV file or a folder of CSV files.",
                                         metavar="DIR|FILE")],
    source: Annotated[str, typer.Option(help="The source the rows belong to, e.g. kst-26643-1055: "
                                             "they become its named graph.")],
    out: Annotated[Path | None, typer.Option(help="Where to write: a folder (default graph/SOURCE), "
                                                  "or a .ttl or .trig file.")] = None,
    text: Annotated[list[str] | None, typer.Option(help="DOCUMENT=FILE: the plain text of a source "
                                                        "document, to check quotes in passages whose "
                                                        "text the data does not hold; repeatable.")] = None,
    data: DataFiles = None,
) -> None:
    """Turn sheets back into the Turtle of one source, resolving names to IRIs and minting IRIs for
    new rows. Any problem is reported as sheet, row and column, and then nothing is written.

    Example: coalitiegraaf sheets import agenda.xlsx --source kst-26643-1100 --out kst-26643-1100.trig
    """
    from coalitiegraaf.authoring.sheets import import_sheets, read_sheets, write_graph
    from coalitiegraaf.cli.app import _load

    store = _load(ctx, data)
    graph = import_sheets(read_sheets(path), source, store, _texts(store, text or []))
    target = out or Path("graph") / source
    paths = write_graph(graph, source, target)
    lang = run_language()
    echo(say("sheets_imported", lang, statements=len(graph), source=source, target=target)
         + (say("files_count", lang, count=len(paths)) if len(paths) > 1 else ""))


def _source(store, source: str | None) -> str:
    from coalitiegraaf.errors import InputError
    from coalitiegraaf.store.namespaces import GRAPH, ONTOLOGY_GRAPH

    if source:
        return source
    sources = [str(g).removeprefix(str(GRAPH)) for g in store.graph_names() if g != ONTOLOGY_GRAPH]
    if len(sources) != 1:
        raise InputError(key="give_source", sources=", ".join(sources) or "-")
    return sources[0]


def _texts(store, pairs: list[str]) -> dict[str, str]:
    """The passages of each DOCUMENT=FILE, numbered with the document's own section titles."""
    from coalitiegraaf.authoring.letters import source_texts
    from coalitiegraaf.errors import InputError

    texts: dict[str, str] = {}
    for pair in pairs:
        document, separator, file = pair.partition("=")
        if not separator or not document or not file:
            raise InputError(key="text_form", pair=pair)
        try:
            content = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(key="cannot_read", path=file, reason=error) from None
        texts.update(source_texts(store, document, content))
    return texts


@reports_errors
def intake(
    ctx: typer.Context,
    letter: Annotated[Path, typer.Argument(help="The new source as plain text (UTF-8).",
                                           metavar="LETTER.txt")],
    document_id: Annotated[str, typer.Option("--id", help="The source's id, e.g. its KOOP id kst-26643-1100: "
                                                          "its passages become …/id/passage/ID/p1.")],
    out: Annotated[Path, typer.Option(help="A workbook (.xlsx), or a folder for one CSV file per sheet.")],
    data: DataFiles = None,
) -> None:
    """Read a new letter for review: number its passages and propose the documents its footnotes
    cite, the organisations and the initiatives it names, each with passage, quote and how it was
    found. Nothing enters the graph until the reviewed rows are imported with sheets import.

    Example: coalitiegraaf intake voortgangsbrief.txt --id kst-26643-1100 --out intake.xlsx
    """
    from coalitiegraaf.authoring.intake import CANDIDATE_SHEETS
    from coalitiegraaf.authoring.intake import intake as read_letter
    from coalitiegraaf.authoring.mapping import ID_TEXT
    from coalitiegraaf.authoring.names import Names
    from coalitiegraaf.authoring.sheets import write_sheets
    from coalitiegraaf.cli.app import _load
    from coalitiegraaf.errors import InputError

    if not ID_TEXT.fullmatch(document_id):
        raise InputError(key="id_form", value=document_id)
    try:
        text = letter.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(key="cannot_read", path=letter, reason=error) from None
    store = _load(ctx, data)
    result = read_letter(text, document_id, store)
    write_sheets(result.tables(Names(store.graph())), out)
    paragraphs = sum(1 for p in result.passages if p.passage.kind == "paragraph")
    lang = run_language()
    per_sheet = {sheet: sum(1 for c in result.candidates if c.sheet == sheet) for sheet in CANDIDATE_SHEETS}
    counts = ", ".join(say_count(f"count_{sheet}", count, lang) for sheet, count in per_sheet.items())
    known = sum(1 for c in result.candidates if c.known)
    sections = len(set(p.passage.section for p in result.passages))
    echo(say("intake_read", lang, name=letter.name,
             paragraphs=say_count("count_paragraphs", paragraphs, lang),
             footnotes=say_count("count_footnotes", len(result.passages) - paragraphs, lang),
             sections=say_count("count_sections", sections, lang)))
    echo(say("intake_candidates", lang, counts=counts, known=known))
    echo(say("intake_written", lang, out=out))


@reports_errors
def diff(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(help="The earlier version: a source (kst-26643-1055), a named "
                                            "graph's IRI, a dataset file or a folder of Turtle files.")],
    new: Annotated[str, typer.Argument(help="The later version, in the same ways.")],
    output_format: Annotated[str, choice("--format", choices=("text", "md", "json"),
                                         help="Text for people, Markdown or JSON.")] = "text",
    lang: Lang = None,
    data: DataFiles = None,
) -> None:
    """What changed between two versions of the agenda, in a coordinator's terms: members gained
    and lost, roles and statuses changed, action lines and dependencies added or removed, documents
    cited for the first time.

    Example: coalitiegraaf diff kst-26643-1055 graph/kst-26643-1100 --lang en --format md
    """
    from coalitiegraaf.authoring.diff import compare_versions, render
    from coalitiegraaf.cli.app import _language, _load
    from coalitiegraaf.cli.output import write

    write(render(compare_versions(old, new, _load(ctx, data)), _language(lang), output_format))
