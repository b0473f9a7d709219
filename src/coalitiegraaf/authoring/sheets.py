"""The graph of one source as spreadsheets, and spreadsheets back into that graph.

:func:`export_sheets` turns every node of a source's named graph into a row of the sheet whose
IRI template made it (``ontology/sheets.yaml``), writing names where a person types and the
passage and quote of every row; whatever the mapping cannot hold is returned as ``uncovered``,
never dropped silently. :func:`import_sheets` reads the rows back: it resolves names to IRIs,
mints readable IRIs for new rows, checks each quote against its passage, and either returns
the graph or raises :class:`SheetErrors` with every problem as sheet, row and column.
"""

from __future__ import annotations

import contextlib
import datetime
import re
from collections import defaultdict
from collections.abc import Iterable
from collections.abc import Mapping as MappingType
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.term import Node

from coalitiegraaf.authoring.mapping import ID_TEXT, Column, Mapping, Sheet, Template, mapping
from coalitiegraaf.authoring.names import LABELS, Names, slugify
from coalitiegraaf.authoring.workbook import Table, read_tables, write_csv, write_xlsx
from coalitiegraaf.errors import InputError
from coalitiegraaf.messages import Words, language, say
from coalitiegraaf.store import Store
from coalitiegraaf.store.namespaces import CG, GRAPH, ID

Triple = tuple[Node, Node, Node]
SHEETS_MARKER = ".coalitiegraaf-sheets"
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Problem:
    """What is wrong with one cell (or row, or sheet) of the sheets."""

    sheet: str
    row: int | None
    column: str | None
    message: str | Words

    def said(self, lang: str) -> str:
        where = self.sheet
        if self.row is not None:
            where += say("sheet_row", lang, row=self.row)
        if self.column:
            where += say("sheet_column", lang, column=self.column)
        return f"{where}: {self.message.said(lang) if isinstance(self.message, Words) else self.message}"

    def __str__(self) -> str:
        return self.said(language())


class SheetErrors(InputError):
    """The sheets cannot be imported; nothing was written."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(self.text())

    def text(self, lang: str | None = None) -> str:
        lang = lang or language()
        listed = "\n".join(f"  {self.source}: {problem.said(lang)}" for problem in self.problems)
        return say("sheet_problems", lang, count=len(self.problems)) + f"\n{listed}"


@dataclass
class Export:
    """A source's graph as tables, and the statements the tables cannot hold."""

    source: str
    tables: list[Table]
    uncovered: list[Triple] = field(default_factory=list)

    def uncovered_predicates(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for _, predicate, _ in self.uncovered:
            counts[str(predicate)] += 1
        return dict(sorted(counts.items()))


# --- export ---------------------------------------------------------------------------------

def export_sheets(store: Store, source: str, sheets: Mapping | None = None) -> Export:
    """The rows of every sheet for the named graph of ``source`` (e.g. kst-26643-1055)."""
    sheets = sheets or mapping()
    graph = source_graph(store, source)
    names = Names(store.graph())
    rows: dict[str, list[dict[str, str]]] = defaultdict(list)
    consumed: set[Triple] = set()
    for subject in {s for s in graph.subjects() if isinstance(s, URIRef)}:
        found = sheets.sheet_of(str(subject))
        if found is None:
            continue
        sheet, key = found
        row = dict(key)
        if sheet.rdf_class is not None and (subject, RDF.type, sheet.rdf_class) in graph:
            consumed.add((subject, RDF.type, sheet.rdf_class))
        for column in sheet.columns:
            consumed |= _fill(row, column, subject, graph, names, sheets.separator)
        rows[sheet.name].append(row)
    tables = [Table(sheet.name, [c.name for c in sheet.columns],
                    [(0, row) for row in sorted(rows[sheet.name], key=lambda r: _natural(sheet, r))])
              for sheet in sheets.sheets]
    return Export(source, tables, sorted(set(graph) - consumed - _derived(consumed, source), key=str))


def source_graph(store: Store, source: str) -> Graph:
    """The statements of one source's named graph, or an error naming the sources there are."""
    name = GRAPH[source]
    if name not in store.graph_names():
        known = [str(g).removeprefix(str(GRAPH)) for g in store.graph_names()
                 if str(g) != str(GRAPH) + "ontology"]
        raise InputError(key="no_such_source", source=source, sources=", ".join(known) or "-")
    return graph_of(store, name)


def graph_of(store: Store, name: URIRef, but: bool = False) -> Graph:
    """The statements of the named graph ``name`` (with ``but``, of every other graph)."""
    test = "!=" if but else "="
    result = store.query_own("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } "
                             f"FILTER (?g {test} <{name}>) }}")
    return result.graph if result.graph is not None else Graph()


def _fill(row: dict[str, str], column: Column, subject: URIRef, graph: Graph, names: Names,
          separator: str) -> set[Triple]:
    """Put the values of ``column`` for ``subject`` into ``row``; the statements they stand for."""
    if column.kind == "slug" and column.property is None:
        return set()
    predicate = RDF.type if column.kind == "type" else column.property
    if column.inverse:
        pairs = [((value, predicate, subject), value) for value in graph.subjects(predicate, subject)]
    else:
        pairs = [((subject, predicate, value), value) for value in graph.objects(subject, predicate)]
    cells: list[tuple[Triple, str]] = []
    for triple, value in pairs:
        text = _cell(value, column, names, row)
        if text is not None:
            cells.append((triple, text))
    if not cells or (len(cells) > 1 and not column.list):
        return set()
    texts = sorted(text for _, text in cells)
    if column.list and any(separator.strip() in text for text in texts):
        return set()
    if column.kind == "slug":
        return {triple for triple, _ in cells}
    row[column.name] = separator.join(texts)
    return {triple for triple, _ in cells}


def _cell(value: Node, column: Column, names: Names, row: dict[str, str]) -> str | None:
    """The text of one value in ``column``, or None when the column cannot hold it."""
    if column.kind == "text":
        if not isinstance(value, Literal) or str(value) != str(value).strip() or not str(value):
            return None
        if column.lang is not None:
            return str(value) if value.language == column.lang else None
        if value.language is not None:
            return None
        plain = value.datatype is None or str(value.datatype).endswith("#string")
        wanted = column.datatype is None
        return str(value) if (plain if wanted else value.datatype == column.datatype) else None
    if not isinstance(value, URIRef):
        return None
    if column.kind == "iri":
        return str(value)
    if column.kind == "slug":
        parts = column.iri.match(str(value)) if column.iri else None
        if parts is None or any(row.get(k, v) != v for k, v in parts.items()):
            return None
        row.update(parts)
        return str(value)
    if not names.allows(value, column):
        return None
    return names.text_for(value, column)


def _natural(sheet: Sheet, row: dict[str, str]) -> list:
    """Rows in the order of their ids, numbers counted as numbers (p9 before p10)."""
    key = "/".join(row.get(name, "") for name in sheet.key)
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", key)]


def _derived(triples: set[Triple], source: str) -> set[Triple]:
    """The statements the rules in ontology/rules derive from ``triples`` (the direct edges of
    the dependencies): they are in the store's graph but are not written by anyone."""
    from coalitiegraaf.project import load, rules
    from coalitiegraaf.store.terms import to_oxigraph

    if not triples:
        return set()
    scratch = load(include_shipped=False)
    data = ox.serialize([ox.Triple(*(to_oxigraph(t) for t in triple)) for triple in triples],
                        format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    scratch.update(f"INSERT DATA {{ GRAPH <{GRAPH[source]}> {{ {data} }} }}")
    for rule in rules():
        scratch.update(rule.read_text(encoding="utf-8"))
    return set(graph_of(scratch, GRAPH[source])) - triples


def write_sheets(tables: list[Table], out: Path) -> list[Path]:
    """Write the tables: ``out`` ending in .xlsx is one workbook, anything else a folder of
    CSV files (each written atomically)."""
    from coalitiegraaf.sources.files import write_atomic

    if out.suffix.lower() == ".xlsx":
        return [write_atomic(out, write_xlsx(tables))]
    sheets = mapping()
    return [write_atomic(out / sheets.sheet(table.name).file_name, write_csv(table)) for table in tables]


# --- import ---------------------------------------------------------------------------------

def read_sheets(path: Path) -> list[Table]:
    """The tables of a workbook, a CSV file or a folder of CSV files."""
    return read_tables(path, {s.file_name: s.name for s in mapping().sheets})


def import_sheets(tables: list[Table], source: str, store: Store,
                  texts: MappingType[str, str] | None = None, sheets: Mapping | None = None) -> Graph:
    """The named graph of ``source`` that ``tables`` describe, checked against ``store`` (the
    rest of the data: names, vocabularies, passages). ``texts`` gives the text of passages
    (by IRI) that neither the sheets nor the store hold, to check quotes against."""
    return _Importer(tables, source, store, texts or {}, sheets or mapping()).run()


@dataclass
class _Row:
    sheet: Sheet
    number: int
    cells: dict[str, str]
    iri: URIRef | None = None


class _Importer:
    def __init__(self, tables: list[Table], source: str, store: Store, texts: MappingType[str, str],
                 sheets: Mapping) -> None:
        self.source, self.sheets, self.texts = source, sheets, dict(texts)
        self.problems: list[Problem] = []
        self.graph = Graph()
        self.rows = self._rows(tables)
        self.others = graph_of(store, GRAPH[source], but=True)
        self.names = Names(self.others)

    def run(self) -> Graph:
        self._name_rows()
        for row in self.rows:
            if row.iri is not None:
                self._convert(row)
        self._check_quotes()
        if self.problems:
            raise SheetErrors(self.source, self.problems)
        return self.graph

    def problem(self, row: _Row | None, column: str | None, message: str | Words,
                sheet: str | None = None) -> None:
        self.problems.append(Problem(sheet or row.sheet.name, row.number if row else None, column, message))

    def _rows(self, tables: list[Table]) -> list[_Row]:
        rows = []
        for table in tables:
            sheet = self.sheets.sheet(table.name)
            if sheet is None:
                self.problems.append(Problem(table.name, None, None, Words(
                    "sheet_unknown", sheets=", ".join(s.name for s in self.sheets.sheets))))
                continue
            known = {c.name for c in sheet.columns} | self.sheets.review_columns
            for name in table.header:
                if name and name not in known:
                    self.problems.append(Problem(sheet.name, 1, name, Words("sheet_unknown_column")))
            for name in (c.name for c in sheet.columns if c.required and c.name not in table.header):
                self.problems.append(Problem(sheet.name, 1, name, Words("sheet_missing_column")))
            rows += [_Row(sheet, number, cells) for number, cells in table.rows]
        return rows

    # --- the IRI of every row, new rows minted -------------------------------------------------

    def _name_rows(self) -> None:
        seen: dict[URIRef, _Row] = {}
        later = []
        for row in self.rows:
            if row.cells.get("id") or row.sheet.mint is None:
                self._set_iri(row, self._key(row), seen)
            else:
                later.append(row)
        for row in later:  # minted from other rows' names, so after those are known
            self._set_iri(row, self._key(row), seen)

    def _set_iri(self, row: _Row, key: dict[str, str] | None, seen: dict[URIRef, _Row]) -> None:
        if key is None:
            return
        minted = not row.cells.get("id")
        iri = row.sheet.iri.fill(key)
        suffix = 1
        while minted and iri in seen:
            suffix += 1
            iri = row.sheet.iri.fill({**key, "id": f"{key['id']}-{suffix}"})
        if iri in seen:
            other = seen[iri]
            self.problem(row, "id", Words("sheet_id_twice", id=key["id"], row=other.number,
                                          sheet=other.sheet.name))
            return
        seen[iri] = row
        row.iri = iri
        self.names.add(iri, self._types(row), self._names(row))

    def _key(self, row: _Row) -> dict[str, str] | None:
        key = {}
        for name in row.sheet.key:
            text = row.cells.get(name, "")
            if name == "id" and not text:
                text = self._mint(row)
                if not text:
                    return None
            elif not ID_TEXT.fullmatch(text):
                self.problem(row, name, Words("sheet_empty") if not text else
                             Words("sheet_not_an_id_form", text=text))
                return None
            key[name] = text
        return key

    def _mint(self, row: _Row) -> str:
        template = row.sheet.mint or Template("{label nl}")
        parts = {}
        for name in template.names:
            column = row.sheet.column(name)
            text = row.cells.get(name, "")
            if not text:
                self.problem(row, "id", Words("sheet_empty_id", name=name))
                return ""
            if column is not None and column.kind == "ref":
                node = self._resolve(row, column, text)
                if node is None:
                    return ""
                parts[name] = str(node).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
            else:
                parts[name] = slugify(text)
        return template.format(parts)

    def _types(self, row: _Row) -> set[URIRef]:
        if row.sheet.rdf_class is not None:
            return {row.sheet.rdf_class}
        column = next(c for c in row.sheet.columns if c.kind == "type")
        found = set()
        for text in self._values(row, column):
            with contextlib.suppress(ValueError):  # reported when the row is converted
                found.add(self.names.resolve(text, column))
        return found

    def _names(self, row: _Row) -> list[Literal]:
        return [Literal(text, lang=column.lang) for column in row.sheet.columns
                if column.property in LABELS for text in self._values(row, column)]

    # --- cells to statements -------------------------------------------------------------------

    def _convert(self, row: _Row) -> None:
        if row.sheet.rdf_class is not None:
            self.graph.add((row.iri, RDF.type, row.sheet.rdf_class))
        for column in row.sheet.columns:
            values = self._values(row, column)
            if not values:
                if column.required:
                    self.problem(row, column.name, Words("sheet_required"))
                continue
            if len(values) > 1 and not column.list:
                self.problem(row, column.name, Words("sheet_one_value", count=len(values)))
                continue
            for text in values:
                value = self._value(row, column, text)
                if value is None or (column.property is None and column.kind == "slug"):
                    continue
                predicate = RDF.type if column.kind == "type" else column.property
                self.graph.add((value, predicate, row.iri) if column.inverse else (row.iri, predicate, value))

    def _values(self, row: _Row, column: Column) -> list[str]:
        text = row.cells.get(column.name, "")
        if not text:
            return []
        if not column.list:
            return [text]
        return [part.strip() for part in text.split(self.sheets.separator.strip()) if part.strip()]

    def _value(self, row: _Row, column: Column, text: str) -> Node | None:
        if column.kind == "text":
            return self._literal(row, column, text)
        if column.kind == "iri":
            if not re.fullmatch(r"[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]+", text):
                self.problem(row, column.name, Words("sheet_not_an_iri", text=text))
                return None
            return URIRef(text)
        if column.kind == "slug":
            if column.iri is None:
                return None
            parts = {name: row.cells.get(name, "") for name in column.iri.names}
            bad = [name for name, part in parts.items() if not ID_TEXT.fullmatch(part)]
            if bad:
                self.problem(row, bad[0], Words("sheet_not_an_id", text=parts[bad[0]]) if parts[bad[0]]
                             else Words("sheet_empty"))
                return None
            return column.iri.fill(parts)
        return self._resolve(row, column, text)

    def _resolve(self, row: _Row, column: Column, text: str) -> URIRef | None:
        try:
            return self.names.resolve(text, column)
        except ValueError as error:
            said = error.args[0] if error.args and isinstance(error.args[0], Words) else str(error)
            self.problem(row, column.name, said)
            return None

    def _literal(self, row: _Row, column: Column, text: str) -> Literal | None:
        if column.lang:
            return Literal(text, lang=column.lang)
        if column.datatype is None:
            return Literal(text)
        check = _DATATYPES.get(str(column.datatype).rsplit("#", 1)[-1])
        if check is not None and not check[0](text):
            self.problem(row, column.name, Words("sheet_not_a_value", text=text, kind=check[1]))
            return None
        return Literal(text, datatype=column.datatype)

    # --- quotes --------------------------------------------------------------------------------

    def _check_quotes(self) -> None:
        passage_texts = self._passage_texts()
        untexted: dict[str, tuple[_Row, str, list[str]]] = {}  # per document: first row, column, passages
        for row in self.rows:
            for column in row.sheet.columns if row.iri is not None else ():
                if column.verbatim_in is None or not row.cells.get(column.name):
                    continue
                passage_column = row.sheet.column(column.verbatim_in)
                passage = self._value(row, passage_column, row.cells[passage_column.name]) \
                    if row.cells.get(passage_column.name) else None
                if passage is None:
                    self.problem(row, passage_column.name, Words("sheet_quote_without_passage"))
                    continue
                document, _, name = str(passage).removeprefix(f"{ID}passage/").rpartition("/")
                text = passage_texts.get(str(passage))
                if text is None and not self.names.known(passage):
                    self.problem(row, passage_column.name,
                                 Words("sheet_unknown_passage", name=name, document=document))
                elif text is None:
                    untexted.setdefault(document, (row, passage_column.name, []))[2].append(name)
                elif _words(row.cells[column.name]) not in _words(text):
                    self.problem(row, column.name, Words("sheet_quote_not_found", name=name,
                                                         document=document, quote=row.cells[column.name]))
        for document, (row, column_name, names) in untexted.items():
            self.problem(row, column_name, Words("sheet_passages_without_text", count=len(set(names)),
                                                 document=document, first=names[0]))

    def _passage_texts(self) -> dict[str, str]:
        texts = dict(self.texts)
        for passage, text in self.others.subject_objects(CG.text):
            texts.setdefault(str(passage), str(text))
        for passage, text in self.graph.subject_objects(CG.text):
            texts[str(passage)] = str(text)
        return texts


def _words(text: str) -> str:
    # the PDF-to-text conversion broke lines inside paragraphs; the words are what must match
    return _SPACES.sub(" ", text).strip()


def _is_date(text: str) -> bool:
    try:
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", text)) and bool(datetime.date.fromisoformat(text))
    except ValueError:
        return False


_DATATYPES = {
    "integer": (lambda t: bool(re.fullmatch(r"[+-]?\d+", t)), Words("sheet_kind_integer")),
    "date": (_is_date, Words("sheet_kind_date")),
    "gYear": (lambda t: bool(re.fullmatch(r"\d{4}", t)), Words("sheet_kind_year")),
}


# --- writing the graph --------------------------------------------------------------------------

def write_graph(graph: Graph, source: str, out: Path, sheets: Mapping | None = None) -> list[Path]:
    """Write the imported graph: a .ttl or .trig file (TriG names the graph of ``source``), or a
    folder with one Turtle file per kind, swapped in whole (a folder not made by this command is
    never replaced)."""
    from coalitiegraaf.publish.exports import canonical, prefixes
    from coalitiegraaf.sources.files import staged_folder, write_atomic
    from coalitiegraaf.store.terms import to_oxigraph

    def serialise(triples: Iterable[Triple], fmt: ox.RdfFormat) -> bytes:
        name = ox.NamedNode(str(GRAPH[source])) if fmt == ox.RdfFormat.TRIG else ox.DefaultGraph()
        quads = canonical(ox.Quad(*(to_oxigraph(t) for t in triple), name) for triple in triples)
        return ox.serialize(quads if fmt == ox.RdfFormat.TRIG else [q.triple for q in quads],
                            format=fmt, prefixes=prefixes())

    suffix = out.suffix.lower()
    if suffix in (".ttl", ".trig"):
        fmt = ox.RdfFormat.TRIG if suffix == ".trig" else ox.RdfFormat.TURTLE
        return [write_atomic(out, serialise(graph, fmt))]
    sheets = sheets or mapping()
    by_file: dict[str, list[Triple]] = defaultdict(list)
    for triple in graph:
        found = sheets.sheet_of(str(triple[0]))
        by_file[found[0].file if found else "other.ttl"].append(triple)
    with staged_folder(out, SHEETS_MARKER) as folder:
        for name, triples in sorted(by_file.items()):
            (folder / name).write_bytes(serialise(triples, ox.RdfFormat.TURTLE))
    return [out / name for name in sorted(by_file)]
