"""Parse RDF files safely: no network, no file system beyond the file itself, clear errors.

All formats go through Oxigraph's parsers. They never fetch a remote JSON-LD context or
follow ``owl:imports``, they refuse relative IRIs unless a base IRI is declared, and they
report syntax errors with line and column, which we turn into ``file:line:col: message``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from coalitiegraaf.errors import ParseError
from coalitiegraaf.limits import Limits, limits
from coalitiegraaf.messages import Words
from coalitiegraaf.sources.files import read_input
from coalitiegraaf.sources.structure import check_structure, position

FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
}
MAX_FILE_BYTES = Limits.max_file_bytes
_BOM = b"\xef\xbb\xbf"
_OXIGRAPH_POSITION = re.compile(
    r"^Parser error (?:at line (\d+) (?:between columns|column) (\d+)(?: and \d+)?"
    r"|between line (\d+) column (\d+) and line \d+ column \d+): ")
# parser messages we say in our own words (catalogue keys), because the parser's do not say
# what to do; every other parser message stays as the parser wrote it
_EXPLANATIONS = {
    "No scheme found in an absolute IRI": "parse_relative_iri",
    "Unexpected end of file": "parse_unexpected_end",
}


@dataclass(frozen=True)
class RdfFile:
    """A file to load and the named graph its default-graph statements go into."""

    path: Path
    graph: ox.NamedNode
    base_iri: str | None = None
    max_bytes: int = MAX_FILE_BYTES
    pipes: bool = False  # read from a pipe or device too (--allow-pipes), within max_bytes


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF format of ``path``, from its extension."""
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise ParseError(path, key="unknown_extension", suffix=path.suffix, known=known) from None


def parse_file(source: RdfFile) -> list[ox.Quad]:
    """Parse one file into quads; statements outside a named graph go to ``source.graph``."""
    data = read_checked(source)
    with reported(source.path, data):
        return list(_quads(data, rdf_format(source.path), source))


def checked_data(source: RdfFile) -> bytes:
    """The bytes of one file, after parsing them once to find any error (for a store that
    loads the bytes itself, faster than from quads built in Python)."""
    data = read_checked(source)
    with reported(source.path, data):
        for _ in ox.parse(data, format=rdf_format(source.path), base_iri=source.base_iri):
            pass
    return data


def read_checked(source: RdfFile) -> bytes:
    """The bytes of one file, refused if they are not text or would make a parser expand,
    fetch or recurse without bound; not parsed yet."""
    data = _read(source.path, source.max_bytes, source.pipes)
    check_structure(source.path, data, rdf_format(source.path), limits())
    return data


@contextmanager
def reported(path: Path, data: bytes) -> Iterator[None]:
    """Parser errors (of ``data``, read from ``path``) as a :class:`ParseError` with the file,
    line and column."""
    try:
        yield
    except SyntaxError as error:
        if "LoadDocumentCallback" in str(error):
            raise _context_error(path, data) from None
        raise _parse_error(path, error) from None
    except RecursionError:
        raise ParseError(path, key="nested_too_deeply") from None
    except (ValueError, OSError) as error:
        raise ParseError(path, str(error)) from None


def _quads(data: bytes, fmt: ox.RdfFormat, source: RdfFile) -> Iterator[ox.Quad]:
    for quad in ox.parse(data, format=fmt, base_iri=source.base_iri, rename_blank_nodes=True):
        graph = quad.graph_name
        if isinstance(graph, ox.DefaultGraph):
            graph = source.graph
        yield ox.Quad(quad.subject, quad.predicate, quad.object, graph)


def _read(path: Path, max_bytes: int, pipes: bool) -> bytes:
    data = read_input(path, max_bytes, pipes, Words("max_file_mb_hint"))
    if data.startswith(_BOM):  # files saved by Windows editors start with one
        data = data[len(_BOM):]
    _check_text(path, data)
    return data


def _check_text(path: Path, data: bytes) -> None:
    if not data or data.isspace():  # not data.strip(): that copies the whole file
        raise ParseError(path, key="file_empty")
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = position(data, nul)
        raise ParseError(path, "", line, column, key="nul_byte")
    if data.isascii():  # valid UTF-8 as it is, found five times faster than by decoding
        return
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = position(data, error.start)
        raise ParseError(path, "", line, column, key="invalid_utf8",
                         byte=f"0x{data[error.start]:02x}") from None


def _parse_error(path: Path, error: SyntaxError) -> ParseError:
    message = str(error.msg) if error.msg else str(error)
    match = _OXIGRAPH_POSITION.match(message)
    line, column = error.lineno, error.offset
    if match:
        line, column = (int(g) for g in (match.group(1, 2) if match.group(1) else match.group(3, 4)))
        message = message[match.end():]
    if message in _EXPLANATIONS:
        return ParseError(path, "", line, column, key=_EXPLANATIONS[message])
    return ParseError(path, message, line, column)


def _context_error(path: Path, data: bytes) -> ParseError:
    """JSON-LD that names a context document: we never fetch one, remote or local."""
    contexts = sorted(_context_references(json.loads(data)))
    named = ", ".join(repr(c) for c in contexts) or Words("jsonld_a_context")
    return ParseError(path, key="jsonld_context_not_loaded", context=named)


def _context_references(value: object) -> set[str]:
    found: set[str] = set()
    stack = [value]
    while stack:  # iterative, so that deeply nested JSON cannot exhaust the Python stack
        item = stack.pop()
        if isinstance(item, dict):
            context = item.get("@context")
            references = context if isinstance(context, list) else [context]
            found.update(ref for ref in references if isinstance(ref, str))
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found
