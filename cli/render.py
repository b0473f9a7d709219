"""Render library results for people (rich tables) or for programs (JSON and friends)."""

from __future__ import annotations

import json
from dataclasses import asdict

from rich.table import Table

from coalitiegraaf.cli.output import echo, plain, stdout, write, write_binary
from coalitiegraaf.errors import InputError

_SEVERITY_STYLE = {"violation": "bold red", "warning": "yellow", "info": "cyan"}


def render_stats(result, output_format: str) -> None:
    if output_format == "json":
        write(json.dumps(asdict(result), indent=2) + "\n")
        return
    _require(output_format, ("text", "json"))
    echo(f"{result.total:,} statements")
    graphs = Table("named graph", "statements", title="Per named graph")
    for name, count in result.per_graph.items():
        graphs.add_row(plain(name), f"{count:,}")
    classes = Table("class", "nodes", title="Per class (outside the ontology)")
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
    echo(", ".join(f"{count} {severity}" for severity, count in counts.items()))
    for severity in validation.SEVERITIES:
        group = [f for f in report.findings if f.severity == severity]
        for shape_name in dict.fromkeys(f.shape_name for f in group):
            rows = [f for f in group if f.shape_name == shape_name]
            table = Table("node", "property", "value", "message", expand=False,
                          title=plain(f"{severity}: {shape_name} ({len(rows)})"),
                          title_style=_SEVERITY_STYLE[severity], title_justify="left")
            for finding in rows:
                table.add_row(plain(finding.focus_label), plain(finding.path),
                              plain(finding.value), plain(finding.message))
            stdout.print(table)


def render_build(result) -> None:
    counts = result.report.counts()
    echo(", ".join(f"{count} {severity}" for severity, count in counts.items()))
    if not result.written:
        echo("Not written: validation found violations (see coalitiegraaf validate).")
    for path in result.written:
        echo(f"Wrote {path}")


def render_push(result) -> None:
    verb = "replaced" if result.replaced else "added to"
    for graph, count in result.graphs.items():
        echo(f"{graph}: {count} triples ({verb}, checked)")


def render_report(result, lang: str) -> None:
    """Where the report is, and five lines that say what it found."""
    from coalitiegraaf.report.pages import translate

    def t(key: str, **values: object) -> str:
        return translate(key, lang, **values)

    echo(t("done_written", path=result.index))
    echo(", ".join(f"{n} {t('count_' + kind)}" for kind, n in result.counts.items()))
    echo(f"{t('validation_status')}: " + ", ".join(f"{n} {t('severity_' + severity)}"
                                                  for severity, n in result.validation.items()))
    echo(t("done_analysis", **result.findings))
    echo(t("done_pages", pages=result.pages, path=result.index))


def _require(output_format: str, known: tuple[str, ...]) -> None:
    if output_format not in known:
        raise InputError(f"--format must be one of {', '.join(known)}")


def render_catalogue(queries, lang: str, output_format: str) -> None:
    if output_format == "json":
        payload = [{"name": q.name, "title": q.title[lang], "question": q.question[lang],
                    "parameters": {p.name: {"type": p.type, "default": p.default, "required": p.required}
                                   for p in q.parameters}} for q in queries]
        write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    _require(output_format, ("text", "json"))
    table = Table("name", "title", "parameters", title="Named queries")
    for q in queries:
        parameters = ", ".join(f"{p.name} ({p.type}{', required' if p.required else ''})"
                               for p in q.parameters)
        table.add_row(plain(q.name), plain(q.title[lang]), plain(parameters))
    stdout.print(table)


def render_query(result, output_format: str, excel: bool = False) -> None:
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
    # for people, an IRI column is redundant beside its label column (CSV and JSON keep both)
    shown = [i for i, name in enumerate(result.variables) if f"{name}Label" not in result.variables]
    table = Table(*(result.variables[i] for i in shown))
    for row in result.rows:
        table.add_row(*(plain(cell(row[i])) for i in shown))
    stdout.print(table)
    echo(f"{len(result.rows)} rows")


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
        write(to_markdown_rows(header, rows))
        return
    _require(output_format, ("table", "json", "csv", "md"))
    for finding in findings:
        heading = plain(" · ".join(x for x in (finding.strength, finding.kind, finding.subject_label) if x))
        heading.stylize("bold")
        stdout.print(heading)
        echo(f"  {finding.text(lang)}")
        for evidence in finding.evidence:
            echo(f"    {evidence.cite_for()}")
    echo(f"{len(findings)} finding{'' if len(findings) == 1 else 's'}")
