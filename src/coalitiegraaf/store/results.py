"""Write query results as CSV, TSV, JSON (SPARQL 1.1 results format), Markdown or Turtle."""

from __future__ import annotations

import csv
import io
import json

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from coalitiegraaf.analysis.labels import short_iri
from coalitiegraaf.errors import InputError
from coalitiegraaf.store import QueryResult

TABULAR_FORMATS = ("table", "csv", "tsv", "json", "md")


def render(result: QueryResult, fmt: str) -> str:
    """``result`` as text in ``fmt``; CONSTRUCT and DESCRIBE give Turtle, ASK gives true/false,
    and a SELECT asked for as a table gives CSV (the CLI draws real tables itself)."""
    if fmt not in TABULAR_FORMATS:
        raise InputError(f"--format must be one of {', '.join(TABULAR_FORMATS)}")
    if result.form == "ask":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
        return f"{str(result.boolean).lower()}\n"
    if result.graph is not None:
        return result.graph.serialize(format="turtle")
    if fmt == "json":
        return to_json(result)
    if fmt == "md":
        return to_markdown(result)
    return to_delimited(result, "\t" if fmt == "tsv" else ",")


def to_delimited(result: QueryResult, delimiter: str) -> str:
    return to_delimited_rows(result.variables,
                             [["" if v is None else str(v) for v in row] for row in result.rows], delimiter)


def to_delimited_rows(header: list[str], rows: list[list[str]], delimiter: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def to_json(result: QueryResult) -> str:
    bindings = [{name: _json_term(value) for name, value in zip(result.variables, row, strict=True)
                 if value is not None} for row in result.rows]
    payload = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def to_markdown(result: QueryResult) -> str:
    return to_markdown_rows(result.variables, [[cell(v) for v in row] for row in result.rows])


def to_markdown_rows(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(v.replace("|", "\\|").replace("\n", " ") for v in row) + " |"
              for row in rows]
    return "\n".join(lines) + "\n"


def cell(value: Node | None) -> str:
    """A value as a person reads it in a table: short IRIs, plain literals."""
    if value is None:
        return ""
    if isinstance(value, URIRef):
        return short_iri(value)
    return str(value)


def _json_term(value: Node) -> dict[str, str]:
    if isinstance(value, URIRef):
        return {"type": "uri", "value": str(value)}
    if isinstance(value, BNode):
        return {"type": "bnode", "value": str(value)}
    term = {"type": "literal", "value": str(value)}
    if isinstance(value, Literal) and value.language:
        term["xml:lang"] = value.language
    elif isinstance(value, Literal) and value.datatype:
        term["datatype"] = str(value.datatype)
    return term


def to_sparql_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 TSV results: variables with ``?``, every term in its Turtle form."""
    lines = ["\t".join(f"?{name}" for name in result.variables)]
    lines += ["\t".join("" if value is None else value.n3() for value in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def to_sparql_xml(result: QueryResult) -> str:
    """SPARQL Query Results XML Format, for SELECT and ASK."""
    from xml.sax.saxutils import escape, quoteattr

    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    out += [f"  <variable name={quoteattr(name)}/>" for name in result.variables]
    out.append("</head>")
    if result.form == "ask":
        out.append(f"<boolean>{str(result.boolean).lower()}</boolean>")
    else:
        out.append("<results>")
        for row in result.rows:
            out.append("  <result>")
            for name, value in zip(result.variables, row, strict=True):
                if value is None:
                    continue
                term = _json_term(value)
                if term["type"] == "literal":
                    attributes = "".join(f" {key}={quoteattr(term[key])}" for key in ("xml:lang", "datatype")
                                         if key in term)
                    element = f"<literal{attributes}>{escape(term['value'])}</literal>"
                else:
                    element = f"<{term['type']}>{escape(term['value'])}</{term['type']}>"
                out.append(f"    <binding name={quoteattr(name)}>{element}</binding>")
            out.append("  </result>")
        out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"
