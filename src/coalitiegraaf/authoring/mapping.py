"""The mapping between the graph and the spreadsheets, read from ``ontology/sheets.yaml``.

The mapping is data: a sheet per kind of node (named by the template of its IRIs) and a column
per property, so that a new property is one line in the YAML file, not a change of code. It is
read strictly: an unknown key, kind or prefix is an error that names it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from rdflib import URIRef

from coalitiegraaf.errors import InputError
from coalitiegraaf.store.namespaces import ID

KINDS = ("slug", "text", "ref", "iri", "type")
_COLUMN_KEYS = {"name", "kind", "property", "lang", "datatype", "list", "inverse", "required", "range",
                "scheme", "subproperty_of", "iri", "verbatim_in"}
_SHEET_KEYS = {"name", "iri", "class", "file", "evidence", "columns", "mint"}
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
ID_TEXT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")  # what the graph's ids are made of


@dataclass(frozen=True)
class Template:
    """An IRI template under …/id/, such as ``passage/{source document}/{passage}``."""

    text: str

    @property
    def names(self) -> list[str]:
        return _PLACEHOLDER.findall(self.text)

    def format(self, values: dict[str, str]) -> str:
        return _PLACEHOLDER.sub(lambda m: values[m.group(1)], self.text)

    def fill(self, values: dict[str, str]) -> URIRef:
        return URIRef(str(ID) + self.format(values))

    def match(self, iri: str) -> dict[str, str] | None:
        """The slugs an IRI was made from, or None when it was not made by this template."""
        if not iri.startswith(str(ID)):
            return None
        literals = _PLACEHOLDER.split(self.text)[::2]
        pattern = "([^/]+)".join(re.escape(literal) for literal in literals)
        found = re.fullmatch(pattern, iri[len(str(ID)):])
        return dict(zip(self.names, found.groups(), strict=True)) if found else None


@dataclass(frozen=True)
class Column:
    """One column of a sheet and the property it holds."""

    name: str
    kind: str
    property: URIRef | None = None
    lang: str | None = None
    datatype: URIRef | None = None
    list: bool = False
    inverse: bool = False
    required: bool = False
    range: tuple[URIRef, ...] = ()
    scheme: URIRef | None = None
    subproperty_of: URIRef | None = None
    iri: Template | None = None
    verbatim_in: str | None = None


@dataclass(frozen=True)
class Sheet:
    """A sheet: the nodes whose IRI its template makes, one row each."""

    name: str
    iri: Template
    file: str
    columns: tuple[Column, ...]
    rdf_class: URIRef | None = None
    mint: Template | None = None

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    @property
    def key(self) -> list[str]:
        """The columns the row's IRI is made from."""
        return self.iri.names

    @property
    def file_name(self) -> str:
        """The name of the sheet's CSV file."""
        return self.name.replace(" ", "-") + ".csv"


@dataclass(frozen=True)
class Mapping:
    """Every sheet, in the order a coordinator sees them."""

    sheets: tuple[Sheet, ...]
    separator: str
    review_columns: frozenset[str] = field(default_factory=frozenset)

    def sheet(self, name: str) -> Sheet | None:
        return next((s for s in self.sheets if s.name == name), None)

    def sheet_of(self, iri: str) -> tuple[Sheet, dict[str, str]] | None:
        """The sheet whose template made ``iri``, with the slugs it was made from."""
        for sheet in self.sheets:
            found = sheet.iri.match(iri)
            if found is not None:
                return sheet, found
        return None


@cache
def mapping() -> Mapping:
    """The mapping shipped in ``ontology/sheets.yaml``."""
    from coalitiegraaf.sources.resources import data_dir, load_yaml

    path = data_dir("ontology") / "sheets.yaml"
    return parse_mapping(load_yaml(path.read_text(encoding="utf-8")), str(path))


def parse_mapping(data: object, where: str = "sheets.yaml") -> Mapping:
    """Check and convert the YAML of a mapping."""
    if not isinstance(data, dict) or not isinstance(data.get("sheets"), list):
        raise InputError(f"{where}: a mapping needs a list of sheets")
    evidence = [_column(c, where) for c in _flat(data.get("evidence", []))]
    sheets = tuple(_sheet(s, evidence, where) for s in data["sheets"])
    names = [s.name for s in sheets]
    if len(set(names)) != len(names):
        raise InputError(f"{where}: two sheets have the same name")
    return Mapping(sheets, str(data.get("separator", "; ")), frozenset(data.get("review_columns", [])))


def _sheet(data: object, evidence: list[Column], where: str) -> Sheet:
    needed = {"name", "iri", "file", "columns"}
    if not isinstance(data, dict) or set(data) - _SHEET_KEYS or not needed <= set(data):
        raise InputError(f"{where}: sheet {data!r}: needs name, iri, file and columns; may have "
                         f"{', '.join(sorted(_SHEET_KEYS))}")
    columns = [_column(c, f"{where}: sheet {data['name']}") for c in _flat(data["columns"])]
    if data.get("evidence"):
        columns += evidence
    sheet = Sheet(str(data["name"]), Template(str(data["iri"])), str(data["file"]), tuple(columns),
                  _curie(data["class"], where) if "class" in data else None,
                  Template(str(data["mint"])) if "mint" in data else None)
    names = [c.name for c in columns]
    templates = [sheet.iri, sheet.mint, *(c.iri for c in columns)]
    unknown = {n for t in templates if t for n in t.names} - set(names)
    if len(set(names)) != len(names) or unknown:
        raise InputError(f"{where}: sheet {sheet.name}: repeated column names or templates naming "
                         f"unknown columns {sorted(unknown)}")
    if sheet.rdf_class is None and not any(c.kind == "type" for c in columns):
        raise InputError(f"{where}: sheet {sheet.name}: needs a class or a type column")
    return sheet


def _column(data: object, where: str) -> Column:
    if not isinstance(data, dict) or set(data) - _COLUMN_KEYS or data.get("kind") not in KINDS:
        raise InputError(f"{where}: column {data!r}: kind must be one of {', '.join(KINDS)}; "
                         f"keys allowed: {', '.join(sorted(_COLUMN_KEYS))}")
    if data["kind"] not in ("slug", "type") and "property" not in data:
        raise InputError(f"{where}: column {data['name']!r} needs a property")
    return Column(
        name=str(data["name"]), kind=data["kind"],
        property=_curie(data["property"], where) if "property" in data else None,
        lang=data.get("lang"), datatype=_curie(data["datatype"], where) if "datatype" in data else None,
        list=bool(data.get("list")), inverse=bool(data.get("inverse")), required=bool(data.get("required")),
        range=tuple(_curie(c, where) for c in data.get("range", [])),
        scheme=URIRef(f"{ID}scheme/{data['scheme']}") if "scheme" in data else None,
        subproperty_of=_curie(data["subproperty_of"], where) if "subproperty_of" in data else None,
        iri=Template(str(data["iri"])) if "iri" in data else None,
        verbatim_in=data.get("verbatim_in"),
    )


def _flat(items: object) -> list:
    """Columns, with YAML aliases of column lists spliced in."""
    flat = []
    for item in items if isinstance(items, list) else []:
        flat.extend(_flat(item) if isinstance(item, list) else [item])
    return flat


def _curie(text: object, where: str) -> URIRef:
    from coalitiegraaf.publish.exports import prefixes

    prefix, _, local = str(text).partition(":")
    namespace = prefixes().get(prefix)
    if namespace is None:
        raise InputError(f"{where}: unknown prefix in {text!r}")
    return URIRef(namespace + local)
