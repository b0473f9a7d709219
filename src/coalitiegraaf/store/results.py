"""Write query results: the SPARQL 1.1 results formats (JSON, XML, CSV, TSV) by Oxigraph's
writers, Markdown for people, and RDF for CONSTRUCT and DESCRIBE.

Oxigraph's writers are used as they are, with one correction they need for XML: they write a
carriage return and the control characters U+0001–U+001F raw. Every XML parser reads a raw
carriage return as a line feed, so it is written as ``&#13;``; the control characters
cannot be written in XML 1.0 at all, so such an answer is refused as XML
(:class:`NotRepresentable`) and the endpoint offers the next format the client accepts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from coalitiegraaf.analysis.labels import short_iri
from coalitiegraaf.errors import InputError, QueryError
from coalitiegraaf.store.base import QueryResult
from coalitiegraaf.store.namespaces import PREFIXES
from coalitiegraaf.store.terms import to_oxigraph

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "xml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
}
TABULAR_FORMATS = ("table", *RESULT_FORMATS, "md")
# characters XML 1.0 cannot hold, in any form (the tab, line feed and carriage return it can)
_NOT_XML = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
_FORMULA_STARTS = set("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")


class NotRepresentable(QueryError):
    """The answer holds a character that the chosen format cannot carry."""


def render(result: QueryResult, fmt: str) -> bytes:
    """``result`` in ``fmt``: a SPARQL results format, ``md``, or (``table``) CSV; CONSTRUCT
    and DESCRIBE give Turtle, and ASK in CSV, TSV or Markdown gives ``true`` or ``false``."""
    if fmt not in TABULAR_FORMATS:
        raise InputError(key="format_unknown", value=fmt, choices=", ".join(TABULAR_FORMATS))
    if result.graph is not None:
        return write_graph((to_oxigraph_triple(t) for t in result.graph), "ttl")
    if result.form == "ask":
        if fmt in ("json", "xml"):
            return write_boolean(bool(result.boolean), fmt)
        return f"{str(result.boolean).lower()}\n".encode()
    if fmt == "md":
        return to_markdown(result).encode("utf-8")
    rows = ([None if v is None else to_oxigraph(v) for v in row] for row in result.rows)
    return write_solutions(result.variables, rows, "csv" if fmt == "table" else fmt)


def write_solutions(variables: Sequence[str], rows: Iterable[Sequence[Term | None]], fmt: str) -> bytes:
    """Rows of Oxigraph terms in a SPARQL 1.1 results format, written by Oxigraph.

    Oxigraph writes only the answers it computed itself; the rows are handed to it as SPARQL
    TSV, which it reads back exactly: every term in its N-Triples form, in which a tab or a
    line break is always escaped.
    """
    lines = ["\t".join(f"?{name}" for name in variables)]
    lines += ["\t".join("" if term is None else str(term) for term in row) for row in rows]
    solutions = ox.parse_query_results("\n".join(lines) + "\n", ox.QueryResultsFormat.TSV)
    return _checked(solutions.serialize(format=RESULT_FORMATS[fmt]), fmt)


def write_boolean(value: bool, fmt: str) -> bytes:
    """An ASK answer in a SPARQL 1.1 results format (JSON or XML)."""
    text = '{"head": {}, "boolean": ' + str(value).lower() + "}"
    answer = ox.parse_query_results(text, ox.QueryResultsFormat.JSON)
    return answer.serialize(format=RESULT_FORMATS[fmt])


def write_graph(triples: Iterable[ox.Triple], fmt: str) -> bytes:
    """Triples (a CONSTRUCT or DESCRIBE answer) in an RDF format, written by Oxigraph."""
    if fmt == "nt":
        return ox.serialize(triples, format=GRAPH_FORMATS[fmt])
    return _checked(ox.serialize(triples, format=GRAPH_FORMATS[fmt], prefixes=PREFIXES), fmt)


def _checked(data: bytes, fmt: str) -> bytes:
    """XML as every XML parser reads it back: carriage returns as references; an answer with
    a character XML cannot hold is refused rather than written ill-formed."""
    if fmt != "xml":
        return data
    found = _NOT_XML.search(data)
    if found:
        raise NotRepresentable(key="not_in_xml", character=f"U+{ord(found.group().decode()):04X}")
    return data.replace(b"\r", b"&#13;")


def to_oxigraph_triple(triple: tuple[Node, Node, Node]) -> ox.Triple:
    s, p, o = triple
    return ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))


def to_markdown(result: QueryResult) -> str:
    return to_markdown_rows(result.variables, [[cell(v) for v in row] for row in result.rows])


def to_markdown_rows(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(v.replace("|", "\\|").replace("\n", " ") for v in row) + " |"
              for row in rows]
    return "\n".join(lines) + "\n"


def to_delimited_rows(header: list[str], rows: list[list[str]], delimiter: str,
                      line_end: str = "\n") -> str:
    """Rows of plain text (findings, not RDF terms) as CSV for spreadsheets: a cell a
    spreadsheet would take for a formula (``=HYPERLINK(…)``, ``+``, ``-``, ``@``, a tab or a
    carriage return first) starts with an apostrophe, which spreadsheets show as text and hide.
    SPARQL results are written by :func:`write_solutions`, as the standard says."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=line_end)
    writer.writerow(header)
    writer.writerows([spreadsheet_text(value) for value in row] for row in rows)
    return buffer.getvalue()


def to_spreadsheet(header: list[str], rows: list[list[str]], excel: bool = False) -> bytes:
    """Rows of plain text as CSV for spreadsheets (:func:`to_delimited_rows`): comma-separated
    UTF-8; ``excel``, as Excel in a Dutch (or any continental) locale opens it with a double
    click: a byte order mark first, so that it reads UTF-8 (energie-efficiëntere, not
    energie-efficiÃ«ntere), and semicolons between the cells, lines ending in CR LF."""
    if not excel:
        return to_delimited_rows(header, rows, ",").encode("utf-8")
    return to_delimited_rows(header, rows, ";", "\r\n").encode("utf-8-sig")


def to_xlsx(header: list[str], rows: list[list[str]], title: str = "coalitiegraaf") -> bytes:
    """Rows of plain text as an Excel workbook of one sheet, the header in bold and frozen.
    Every cell is text, written as it is: a value that starts with ``=`` stays the text it
    is and is never stored as a formula."""
    import io

    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    for row_number, values in enumerate([header, *rows], start=1):
        for column, value in enumerate(values, start=1):
            target = sheet.cell(row=row_number, column=column)
            # a control character cannot be stored in a workbook: it is shown as its escape
            target.value = ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m.group(0)):02x}", value)
            target.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
    for target in sheet[1]:
        target.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def result_rows(result: QueryResult) -> tuple[list[str], list[list[str]]]:
    """The variables and rows of a SELECT answer as plain text, as SPARQL CSV writes them:
    an IRI in full, a literal as its lexical form, an unbound value empty."""
    rows = [["" if value is None else str(value) for value in row] for row in result.rows]
    return list(result.variables), rows


def spreadsheet_text(value: str) -> str:
    """``value``, with an apostrophe first if a spreadsheet would read it as a formula; a
    number (-1.5) stays a number."""
    if not value or value[0] not in _FORMULA_STARTS:
        return value
    try:
        float(value)
    except ValueError:
        return "'" + value
    return value


def cell(value: Node | None) -> str:
    """A value as a person reads it in a table: short IRIs, plain literals."""
    if value is None:
        return ""
    if isinstance(value, URIRef):
        return short_iri(value)
    return str(value)
