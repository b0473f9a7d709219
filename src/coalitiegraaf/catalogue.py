"""The catalogue of named SPARQL queries in ``queries/``, and running them with parameters.

Each ``.rq`` file starts with a YAML header in ``#+`` comment lines: title, question and
description in Dutch and English, typed parameters with defaults, and example output. The
header is parsed strictly: an unknown key, a missing one or bad YAML is an error that names
the file and line. Parameter values are converted to RDF terms of their declared type and
bound by the store, never pasted into the query text.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from rdflib import XSD, Literal, URIRef
from rdflib.term import Node

from coalitiegraaf.errors import ParseError, QueryError
from coalitiegraaf.sources.resources import data_dir, load_yaml, shipped_yaml
from coalitiegraaf.store import QueryResult, Store

PARAMETER_TYPES = ("iri", "node", "string", "langstring", "integer", "date")
_HEADER_KEYS = {"title", "question", "description", "parameters", "example", "tags"}
_REQUIRED_KEYS = {"title", "question", "description", "example"}
_PARAMETER_KEYS = {"type", "default", "required", "description", "class"}
_HEADER_LINE = re.compile(r"^#\+ ?(.*)$")
_LANGSTRING = re.compile(r"^(.*)@([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)$", re.DOTALL)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
FIND_NODE = "find-node"


@dataclass(frozen=True)
class Parameter:
    """A typed query parameter."""

    name: str
    type: str
    default: str | None = None
    required: bool = False
    description: Mapping[str, str] = field(default_factory=dict)
    node_class: str | None = None  # for a node given by label: look among this class only


@dataclass(frozen=True)
class NamedQuery:
    """A query of the catalogue: its metadata and its SPARQL text."""

    name: str
    sparql: str
    title: Mapping[str, str] = field(default_factory=dict)
    question: Mapping[str, str] = field(default_factory=dict)
    description: Mapping[str, str] = field(default_factory=dict)
    parameters: tuple[Parameter, ...] = ()
    example: str = ""
    tags: tuple[str, ...] = ()
    path: Path | None = None
    shipped: bool = False  # from the catalogue: checked by the tests, not parsed again at run time


def catalogue() -> list[NamedQuery]:
    """Every named query, sorted by name."""
    return [_shipped(path) for path in sorted(data_dir("queries").glob("*.rq"))]


def get(name: str) -> NamedQuery:
    """The named query ``name``."""
    path = data_dir("queries") / f"{name}.rq"
    if not re.fullmatch(r"[a-z0-9-]+", name) or not path.is_file():
        known = ", ".join(q.name for q in catalogue())
        raise QueryError(key="no_such_query", name=name, known=known)
    return _shipped(path)


def _shipped(path: Path) -> NamedQuery:
    return parse_query(path.read_text(encoding="utf-8"), path, shipped=True)


def read_query(path: Path, pipes: bool = False) -> NamedQuery:
    """Read a ``.rq`` file (at most COALITIEGRAAF_MAX_QUERY_BYTES of it; a pipe or device only
    if ``pipes``); a file without a ``#+`` header is an ad-hoc query."""
    from coalitiegraaf.limits import limit_hint, limits
    from coalitiegraaf.sources.files import read_input

    data = read_input(path, limits().max_query_bytes, pipes, limit_hint("max_query_bytes"))
    return query_from_bytes(data, path)


def read_query_stream(stream: BinaryIO, name: Path = Path("<stdin>")) -> NamedQuery:
    """Read a query from ``stream`` (standard input), at most COALITIEGRAAF_MAX_QUERY_BYTES of it."""
    from coalitiegraaf.limits import limit_hint, limits
    from coalitiegraaf.sources.files import read_stream

    data = read_stream(stream, limits().max_query_bytes, name, limit_hint("max_query_bytes"))
    return query_from_bytes(data, name)


def query_from_bytes(data: bytes, path: Path) -> NamedQuery:
    """A query from the bytes of ``path``, which must be UTF-8."""
    try:
        return parse_query(data.decode("utf-8"), path)
    except UnicodeDecodeError as error:
        raise ParseError(path, key="invalid_utf8", byte=f"0x{data[error.start]:02x}") from None


def parse_query(text: str, path: Path | None = None, shipped: bool = False) -> NamedQuery:
    """Parse the header and keep the SPARQL text; a ``shipped`` query's header is read as the
    package's own (:func:`~coalitiegraaf.sources.resources.shipped_yaml`)."""
    header_lines = []
    for line in text.splitlines():
        match = _HEADER_LINE.match(line)
        if not match:
            break
        header_lines.append(match.group(1))
    name = path.stem if path else "query"
    if not header_lines:
        return NamedQuery(name=name, sparql=text, path=path)
    header = _load_header("\n".join(header_lines), path, shipped)
    return NamedQuery(
        name=name,
        sparql=text,
        title=_languages(header, "title", path),
        question=_languages(header, "question", path),
        description=_languages(header, "description", path),
        parameters=_parameters(header.get("parameters") or {}, path),
        example=str(header["example"]),
        tags=tuple(header.get("tags") or ()),
        path=path,
        shipped=shipped,
    )


def run(store: Store, query: NamedQuery, values: Mapping[str, str] | None = None) -> QueryResult:
    """Run ``query`` on ``store`` with parameter ``values`` given as text."""
    bindings = bind(store, query, values or {})
    if query.shipped:
        return store.query_own(query.sparql, bindings)
    return store.query(query.sparql, bindings)


def bind(store: Store, query: NamedQuery, values: Mapping[str, str]) -> dict[str, Node]:
    """Convert parameter values (text) to RDF terms of their declared types."""
    declared = {p.name: p for p in query.parameters}
    if not query.parameters and query.title == {}:
        return {name: _ad_hoc_term(value) for name, value in values.items()}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        raise QueryError(key="no_such_parameter", query=query.name, names=", ".join(unknown),
                         declared=", ".join(declared) or "-")
    bound: dict[str, Node] = {}
    for parameter in query.parameters:
        value = values.get(parameter.name, parameter.default)
        if value is None:
            if parameter.required:
                raise QueryError(key="needs_parameter", query=query.name, name=parameter.name)
            continue
        bound[parameter.name] = _term(store, parameter, value)
    return bound


def _term(store: Store, parameter: Parameter, value: str) -> Node:
    kind = parameter.type
    try:
        if kind == "iri":
            return _iri(value)
        if kind == "node":
            if _SCHEME.match(value):
                return _iri(value)
            return resolve_node(store, value, parameter.node_class, f"--param {parameter.name}=")
        if kind == "integer":
            return Literal(int(value), datatype=XSD.integer)
        if kind == "date":
            return Literal(datetime.date.fromisoformat(value), datatype=XSD.date)
        if kind == "langstring":
            match = _LANGSTRING.match(value)
            if not match:
                raise ValueError("write it as text@language, e.g. VNG@nl")
            return Literal(match.group(1), lang=match.group(2))
        return Literal(value)
    except ValueError as error:
        raise QueryError(key="parameter_type", name=parameter.name, kind=kind, value=value,
                         reason=error) from None


def absolute_iri(value: str) -> URIRef:
    """``value`` (``<…>``, an absolute IRI or a prefixed name such as ``cg:Coalition``) as an
    IRI; anything else is a ValueError."""
    return _iri(value)


def _iri(value: str) -> URIRef:
    import pyoxigraph as ox

    from coalitiegraaf.store.namespaces import PREFIXES

    text = value.removeprefix("<").removesuffix(">")
    prefix, _, local = text.partition(":")
    if prefix in PREFIXES and not local.startswith("//"):
        text = PREFIXES[prefix] + local
    ox.NamedNode(text)  # raises ValueError for anything that is not an absolute IRI
    if not _SCHEME.match(text):
        raise ValueError("not an absolute IRI")
    return URIRef(text)


def resolve_node(store: Store, text: str, node_class: str | None = None,
                 option: str = "--node ") -> URIRef:
    """The node that ``text`` names (see :func:`coalitiegraaf.naming.resolve`)."""
    from coalitiegraaf.naming import resolve

    return resolve(store, text, node_class, option)


def _ad_hoc_term(value: str) -> Node:
    if value.startswith("<") and value.endswith(">"):
        try:
            return _iri(value)
        except ValueError as error:
            raise QueryError(key="not_an_iri", value=value, reason=error) from None
    return Literal(value)


def _load_header(text: str, path: Path | None, shipped: bool = False) -> dict:
    where = path or Path("<query>")
    try:
        header = shipped_yaml(path, text) if shipped and path else load_yaml(text, untrusted=True)
    # PyYAML, imported only when a header fails: an analysis reads its headers from the cache
    except _yaml().MarkedYAMLError as error:
        mark = error.problem_mark
        raise ParseError(where, "", mark.line + 1 if mark else None, mark.column + 1 if mark else None,
                         key="header_bad_yaml", reason=error.problem) from None
    except _yaml().YAMLError as error:
        raise ParseError(where, key="header_bad_yaml", reason=error) from None
    if not isinstance(header, dict):
        raise ParseError(where, "", 1, key="header_not_a_mapping")
    # a key need not be text in YAML ("? " makes a null one, "1:" a number): named as written
    unknown = sorted("null" if key is None else str(key) for key in set(header) - _HEADER_KEYS)
    if unknown:
        raise ParseError(where, "", _line_of(text, unknown[0]), key="header_unknown_key",
                         keys=", ".join(unknown))
    missing = sorted(_REQUIRED_KEYS - set(header))
    if missing:
        raise ParseError(where, "", 1, key="header_lacks", keys=", ".join(missing))
    return header


def _yaml():
    import yaml

    return yaml


def _languages(header: dict, key: str, path: Path | None) -> dict[str, str]:
    value = header[key]
    if not isinstance(value, dict) or set(value) != {"nl", "en"}:
        raise ParseError(path or "<query>", "", 1, key="header_both_languages", name=key)
    return {language: str(text).strip() for language, text in value.items()}


def _parameters(declared: object, path: Path | None) -> tuple[Parameter, ...]:
    where = path or Path("<query>")
    if not isinstance(declared, dict):
        raise ParseError(where, key="header_parameters")
    parameters = []
    for name, spec in declared.items():
        if not isinstance(spec, dict) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", str(name)):
            raise ParseError(where, key="header_parameter_form", name=name)
        unknown = sorted(set(spec) - _PARAMETER_KEYS)
        if unknown:
            raise ParseError(where, key="header_parameter_key", name=name, keys=", ".join(unknown))
        if spec.get("type") not in PARAMETER_TYPES:
            raise ParseError(where, key="header_parameter_type", name=name, types=", ".join(PARAMETER_TYPES))
        default = spec.get("default")
        parameters.append(Parameter(
            name=str(name), type=spec["type"], default=None if default is None else str(default),
            required=bool(spec.get("required", False)), description=dict(spec.get("description") or {}),
            node_class=spec.get("class")))
    return tuple(parameters)


def _line_of(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return None
