"""Render library results for people (rich tables) or for programs (JSON and friends)."""

from __future__ import annotations

import json
import re
from dataclasses import asdict

from rich.table import Column, Table

from coalitiegraaf.cli.output import echo, plain, stdout, write, write_binary
from coalitiegraaf.cli.words import run_language
from coalitiegraaf.errors import InputError
from coalitiegraaf.messages import say, say_count

_SEVERITY_STYLE = {"violation": "bold red", "warning": "yellow", "info": "cyan"}
# rows of one shape's table that validation shows as text, at most (as many as the report
# lists): a million statements can make tens of thousands, which nobody reads in a terminal
# and which took a table 25 s to lay out; --format json, md and ttl give them all
VALIDATION_LISTED = 100
# rows of a query's answer a table shows, at most: a table of thousands took rich seconds to lay
# out (5,600 rows 3.9 s), and every results format (--format csv, json, …) gives them all
QUERY_LISTED = 1_000
# findings an analysis shows as text, at most (as many as the report lists)
FINDINGS_LISTED = 100


def render_stats(result, output_format: str) -> None:
    if output_format == "json":
        write(json.dumps(asdict(result), indent=2) + "\n")
        return
    _require(output_format, ("text", "json"))
    lang = run_language()
    echo(say("stats_total", lang, count=f"{result.total:,}"))
    graphs = _table(say("stats_graph", lang), say("stats_statements", lang),
                   title=say("stats_per_graph", lang))
    for name, count in result.per_graph.items():
        graphs.add_row(plain(name), f"{count:,}")
    classes = _table(say("stats_class", lang), say("stats_nodes", lang), title=say("stats_per_class", lang))
    for name, count in result.per_class.items():
        classes.add_row(plain(name), f"{count:,}")
    stdout.print(graphs)
    stdout.print(classes)


def render_validation(report, output_format: str) -> None:
    from coalitiegraaf.validation import validator as validation

    writers = {"json": validation.to_json, "md": validation.to_markdown, "ttl": validation.to_turtle}
    if output_format in writers:
        write(writers[output_format](report))
        return
    _require(output_format, ("text", *writers))
    counts = report.counts()
    echo(_severities(counts))
    for severity in validation.SEVERITIES:
        group = [f for f in report.findings if f.severity == severity]
        for shape_name in dict.fromkeys(f.shape_name for f in group):
            rows = [f for f in group if f.shape_name == shape_name]
            lang = run_language()
            columns = ("node", "property", "value", "message")
            table = _table(*(say(f"validation_{column}", lang) for column in columns), expand=False,
                          title=plain(f"{say('severity_' + severity, lang)}: {shape_name} ({len(rows)})"),
                          title_style=_SEVERITY_STYLE[severity], title_justify="left")
            for finding in rows[:VALIDATION_LISTED]:
                table.add_row(plain(finding.focus_label), plain(finding.path),
                              plain(finding.value), plain(finding.message))
            stdout.print(table)
            if len(rows) > VALIDATION_LISTED:
                echo(say("validation_more", lang, count=len(rows) - VALIDATION_LISTED))


def render_build(result) -> None:
    lang = run_language()
    echo(_severities(result.report.counts()))
    if not result.written:
        echo(say("build_not_written", lang))
    for path in result.written:
        echo(say("wrote", lang, path=path))


def _severities(counts: dict[str, int]) -> str:
    """``0 overtredingen, 30 waarschuwingen, 8 meldingen``: validation's counts in words."""
    lang = run_language()
    return ", ".join(say_count(f"count_{severity}", count, lang) for severity, count in counts.items())


def render_push(result) -> None:
    lang = run_language()
    for graph, count in result.graphs.items():
        echo(say("pushed_replaced" if result.replaced else "pushed_added", lang, graph=graph, count=count))


def render_report(result, lang: str) -> None:
    """Where the report is, and five lines that say what it found."""
    from coalitiegraaf.report.words import translate

    def t(key: str, **values: object) -> str:
        return translate(key, lang, **values)

    echo(t("done_written", path=result.index))
    echo(", ".join(f"{n} {t('count_' + kind)}" for kind, n in result.counts.items()))
    echo(f"{t('validation_status')}: " + ", ".join(f"{n} {t('severity_' + severity)}"
                                                  for severity, n in result.validation.items()))
    echo(t("done_analysis", **result.findings))
    echo(t("done_pages", pages=result.pages, path=result.index))


def _table(*headers: str, **options: object) -> Table:
    """A table whose cells wrap, long words included: nothing is cut with "…"."""
    return Table(*(Column(header, overflow="fold") for header in headers), **options)


def _require(output_format: str, known: tuple[str, ...]) -> None:
    if output_format not in known:
        raise InputError(key="format_unknown", value=output_format, choices=", ".join(known))





def render_catalogue(queries, lang: str, output_format: str) -> None:
    if output_format == "json":
        payload = [{"name": q.name, "title": q.title[lang], "question": q.question[lang],
                    "parameters": {p.name: {"type": p.type, "default": p.default, "required": p.required}
                                   for p in q.parameters}} for q in queries]
        write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    _require(output_format, ("text", "json"))
    table = _table(*(say(f"catalogue_{column}", lang) for column in ("name", "query_title", "parameters")),
                  title=say("catalogue_title", lang))
    required = say("catalogue_required", lang)
    for q in queries:
        parameters = ", ".join(f"{p.name} ({p.type}{', ' + required if p.required else ''})"
                               for p in q.parameters)
        table.add_row(plain(q.name), plain(q.title[lang]), plain(parameters))
    stdout.print(table)


def render_query(result, output_format: str, names=None, iris: bool = False, excel: bool = False) -> None:
    """A query's answer: in a results format exactly as SPARQL gives it, for a spreadsheet
    (xlsx, or ``excel``), or for people as a table headed in words, each node by its name
    (``names``: nodes to names), IRIs only with ``iris``."""
    from coalitiegraaf.store.results import TABULAR_FORMATS, cell, render, result_rows

    if output_format == "xlsx" or excel:
        if result.form != "select":
            raise InputError(key="spreadsheet_needs_select")
        write_spreadsheet(*result_rows(result), output_format, excel)
        return
    _require(output_format, TABULAR_FORMATS)
    if output_format != "table" or result.form != "select":
        write(render(result, output_format))
        return
    lang = run_language()
    columns = _columns(result.variables, iris)
    shown = result.rows[:QUERY_LISTED]
    named = {} if iris or names is None else names(
        {term for row in shown for i, _label in columns for term in (row[i],) if term is not None})
    table = _table(*(column_header(result.variables[i], lang, iris) for i, _label in columns))
    for row in shown:
        table.add_row(*(plain(_shown_cell(row, i, label, named, cell, lang, result.variables[i]))
                        for i, label in columns))
    stdout.print(table)
    if len(result.rows) > len(shown):
        echo(say("rows_more", lang, count=len(result.rows) - len(shown)))
    echo(say_count("rows_footer", len(result.rows), lang))


def _columns(variables: list[str], iris: bool) -> list[tuple[int, int | None]]:
    """The columns a person sees: (position, position of its label column or None). A variable
    and its ``…Label`` are one column: the label, or the variable's own name where the label
    is unbound; with ``iris``, both, the label beside."""
    position = {name: i for i, name in enumerate(variables)}
    if iris:
        return [(i, None) for i in range(len(variables))]
    return [(position[name], position.get(f"{name}Label")) for name in variables
            if not (name.endswith("Label") and name.removesuffix("Label") in position)]


def _shown_cell(row, i: int, label: int | None, named: dict, cell, lang: str, variable: str) -> str:
    """A cell for people: a node by its name in the run's language (a query's own label column
    has the Dutch one), else the query's label; a truth value in words, and a code the
    catalogue has words for (``value.direction.in``) in them."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    from coalitiegraaf.messages import catalogue

    term = row[i]
    if isinstance(term, URIRef) and term in named:
        return named[term]
    if label is not None and row[label] is not None:
        return cell(row[label])
    if term is None:
        return ""
    if isinstance(term, Literal) and term.datatype == XSD.boolean:
        return say("yes" if term.toPython() is True else "no", lang)
    if isinstance(term, Literal) and f"value.{variable}.{term}" in catalogue():
        return say(f"value.{variable}.{term}", lang)
    return cell(term)


def column_header(variable: str, lang: str, iris: bool = False) -> str:
    """A result variable as a column header in words: ``coalitionLabel`` → "coalitie"; a
    variable the catalogue does not know by its own words (``sourceDate`` → "source date").
    Beside the IRIs (``iris``), a label column says it holds the name."""
    from coalitiegraaf.messages import catalogue

    name = variable.removesuffix("Label") or variable
    words = say(f"column.{name}", lang) if f"column.{name}" in catalogue() else \
        re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).lower()
    return say("column_label", lang, column=words) if iris and name != variable else words


def write_spreadsheet(header: list[str], rows: list[list[str]], output_format: str, excel: bool) -> None:
    """Rows for a spreadsheet: a workbook (xlsx), or CSV (--excel: as Excel opens it). --excel
    goes with a CSV format (or the table, which it turns into CSV for Excel)."""
    from coalitiegraaf.store.results import to_spreadsheet, to_xlsx

    if output_format == "xlsx":
        if excel:
            raise InputError(key="excel_needs_csv", option="--format", formats="csv")
        write_binary(to_xlsx(header, rows))
    elif output_format in ("csv", "table"):
        write(to_spreadsheet(header, rows, excel=excel))
    else:
        raise InputError(key="excel_needs_csv", option="--format", formats="csv")


def render_findings(findings, output_format: str, lang: str = "nl", excel: bool = False) -> None:
    """Findings as JSON, CSV or Markdown rows, or for people: each as its sentence, under its
    strength and kind, with the letter's words for every node (every link of a chain) below."""
    from coalitiegraaf.analysis.findings import findings_as_rows
    from coalitiegraaf.store.results import to_markdown_rows

    if excel and output_format not in ("csv", "table"):
        raise InputError(key="excel_needs_csv", option="--format", formats="csv")
    if output_format == "json":
        write(json.dumps([asdict(f) for f in findings], ensure_ascii=False, indent=2, default=str) + "\n")
        return
    header, rows = findings_as_rows(findings, lang)
    if output_format in ("csv", "xlsx") or excel:
        write_spreadsheet(header, rows, output_format, excel)
        return
    if output_format == "md":
        write(to_markdown_rows([say(f"finding_column.{name}", lang) for name in header], rows))
        return
    _require(output_format, ("table", "json", "csv", "md"))
    for finding in findings[:FINDINGS_LISTED]:
        # an organisation's part is a role or relation, named by the graph in the run's language
        kind = finding.reasons[0] if finding.analysis == "organisation" and finding.reasons else \
            _report_word(f"finding_{finding.kind}", lang)
        words = (_report_word(f"strength_{finding.strength}", lang) if finding.strength else "", kind,
                 finding.subject_label)
        _wrapped(" · ".join(x for x in words if x), 0, "bold")
        _wrapped(finding.text(lang), 2)
        for evidence in finding.evidence:
            _wrapped(evidence.cite_for(lang), 4)
    if len(findings) > FINDINGS_LISTED:
        echo(say("findings_more", lang, count=len(findings) - FINDINGS_LISTED))
    echo(say_count("findings_footer", len(findings), lang))


def _wrapped(text: str, indent: int, style: str = "") -> None:
    """``text`` wrapped between words to the terminal's width, every line indented: what
    explains a finding is never cut."""
    import textwrap

    width = max(stdout.width - indent, 20)
    for line in textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]:
        shown = plain(" " * indent + line)
        shown.stylize(style)
        stdout.print(shown)


def _report_word(key: str, lang: str) -> str:
    """The report's word for ``key`` (a strength, a kind of finding), or the key's own code."""
    from coalitiegraaf.report.words import messages

    return messages().get(key, {}).get(lang) or key.split("_", 1)[1]
