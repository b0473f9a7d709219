"""Look at a file's structure before a parser does, and refuse what would make the parser
expand, fetch or recurse without bound: JSON nested too deep, JSON-LD terms defined through
chains of other terms, RDF/XML elements nested too deep, and XML entities that read files or
expand beyond a bound. Each check reads the bytes once and never recurses.

Internal XML entities that expand to little are allowed: Protégé and the OWL API declare one
per namespace (``<!ENTITY owl "http://www.w3.org/2002/07/owl#">``) in every RDF/XML file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

from coalitiegraaf.errors import ParseError
from coalitiegraaf.limits import Limits, limit_hint

_DOCTYPE = re.compile(rb"<!DOCTYPE\s", re.IGNORECASE)
_DECLARATION = re.compile(
    rb"\s*(?:<!--.*?-->|<\?.*?\?>|<!ENTITY\s+(%\s+)?([^\s\"'>]+)\s+(?:\"([^\"]*)\"|'([^']*)'|(SYSTEM|PUBLIC)\b)"
    rb"[^>]*>|<!(?:ELEMENT|ATTLIST|NOTATION)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>)", re.DOTALL)
_REFERENCE = re.compile(rb"&([^\s&;#]+);")
_TAG = re.compile(rb"<(/?)([^\s/>!?]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*?(/?)>")
_SKIPPED = {b"<!--": b"-->", b"<![CDATA[": b"]]>", b"<?": b"?>", b"<!": b">"}
_PREDEFINED = {b"lt", b"gt", b"amp", b"apos", b"quot"}
_TURTLE_FAMILY = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS)
# what can hide a << or >>: strings, IRIs and comments; and the brackets of triple terms and
# annotations themselves
_TURTLE_TOKEN = re.compile(
    rb'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    rb'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n\r]*'
    rb"|<<|>>|\{\||\|\}", re.DOTALL)
# searched with re rather than ``in``: twice as fast on N-Triples, where every IRI begins with <
_TRIPLE_TERM_OPENING = re.compile(rb"<<")
T = TypeVar("T")


def check_structure(path: Path, data: bytes, fmt: ox.RdfFormat, bounds: Limits) -> None:
    """Raise :class:`ParseError` (with line and column) for what a parser of ``fmt`` should
    not be given."""
    if fmt == ox.RdfFormat.RDF_XML:
        body = _check_entities(path, data, bounds)
        _check_xml_depth(path, data, body, bounds.max_xml_depth)
    elif fmt in _TURTLE_FAMILY and _TRIPLE_TERM_OPENING.search(data):
        _check_triple_term_depth(path, data, bounds.max_triple_term_depth)
    elif fmt == ox.RdfFormat.JSON_LD:
        offset = _too_deep(data, bounds.max_json_depth)
        if offset >= 0:
            raise ParseError(path, "", *position(data, offset), key="json_too_deep",
                             limit=bounds.max_json_depth, hint=limit_hint("max_json_depth"))
        if b"@context" in data:
            _check_term_chains(path, data, bounds.max_jsonld_term_chain)


def position(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column (from 1) of ``offset`` in ``data``."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1


# --- XML ---------------------------------------------------------------------------------

def _check_entities(path: Path, data: bytes, bounds: Limits) -> int:
    """Check the entities a DOCTYPE declares; return the offset where the document's elements
    begin (after the DOCTYPE, if there is one)."""
    doctype = _DOCTYPE.search(data)
    if not doctype:
        return 0
    subset = data.find(b"[", doctype.end())
    closing = data.find(b">", doctype.end())
    if subset < 0 or 0 <= closing < subset:
        return closing + 1  # no internal subset: nothing is declared, an external DTD is never read
    values: dict[bytes, bytes] = {}
    offset = subset + 1
    while True:
        declaration = _DECLARATION.match(data, offset)
        if not declaration:
            break
        parameter, name, double, single, external = declaration.groups()
        where = position(data, data.index(b"<", declaration.start()))
        if parameter or external:
            refused = "xml_parameter_entities" if parameter else "xml_external_entities"
            raise ParseError(path, "", *where, key=refused)
        if name is not None:
            values.setdefault(name, double if double is not None else single)
        offset = declaration.end()
    end = re.compile(rb"\s*\]\s*>").match(data, offset)
    if not end:
        raise ParseError(path, "", *position(data, offset), key="xml_doctype")
    sizes = _expanded_sizes(path, data, values)
    used = sum(sizes.get(match.group(1), 0) for match in _REFERENCE.finditer(data, end.end()))
    if used > bounds.max_xml_entity_bytes:
        raise ParseError(path, "", *position(data, doctype.start()), key="xml_entities_too_large",
                         size=f"{used:,}", limit=f"{bounds.max_xml_entity_bytes:,}",
                         hint=limit_hint("max_xml_entity_bytes"))
    return end.end()


def _expanded_sizes(path: Path, data: bytes, values: dict[bytes, bytes]) -> dict[bytes, int]:
    """The length of each entity once every entity it refers to is replaced; a cycle is
    refused (a parser would expand it for ever)."""
    def cycle(name: bytes) -> None:
        raise ParseError(path, key="xml_entity_cycle", name=name.decode(errors="replace"))

    sizes: dict[bytes, int] = {}
    children = lambda name: [ref for ref in _references(values[name]) if ref in values]  # noqa: E731
    for name in post_order(values, children, cycle):
        value = values[name]
        sizes[name] = len(_REFERENCE.sub(b"", value)) + sum(sizes.get(ref, 1) for ref in _references(value))
    return sizes


def _references(value: bytes) -> list[bytes]:
    return [ref for ref in _REFERENCE.findall(value) if ref not in _PREDEFINED]


def _check_xml_depth(path: Path, data: bytes, start: int, limit: int) -> None:
    """Refuse elements nested deeper than ``limit`` (Oxigraph's RDF/XML parser takes time that
    grows with the square of the depth: 8,000 levels take a second, 50,000 over half a minute)."""
    depth, offset = 0, start
    while True:
        offset = data.find(b"<", offset)
        if offset < 0:
            return
        skipped = next((opening for opening in _SKIPPED if data.startswith(opening, offset)), None)
        if skipped:
            end = data.find(_SKIPPED[skipped], offset + len(skipped))
            offset = len(data) if end < 0 else end + len(_SKIPPED[skipped])
            continue
        tag = _TAG.match(data, offset)
        if not tag:
            offset += 1
            continue
        closing, _, empty = tag.groups()
        if closing:
            depth -= 1
        elif not empty:
            depth += 1
            if depth > limit:
                raise ParseError(path, "", *position(data, offset), key="xml_too_deep", limit=limit,
                                 hint=limit_hint("max_xml_depth"))
        offset = tag.end()


# --- Turtle, TriG, N-Triples, N-Quads ------------------------------------------------------

def _check_triple_term_depth(path: Path, data: bytes, limit: int) -> None:
    """Refuse RDF 1.2 triple terms (``<<( … )>>``) or annotations nested deeper than ``limit``:
    the parsers recurse once per level (30,000 levels overflow an 8 MiB stack, 3,000 a 1 MiB
    one); collections and blank nodes nest without bound, the parsers keep their own stack."""
    depth = 0
    for token in _TURTLE_TOKEN.finditer(data):
        text = token.group(0)
        if text in (b"<<", b"{|"):
            depth += 1
            if depth > limit:
                where = position(data, token.start())
                raise ParseError(path, "", *where, key="triple_terms_too_deep", limit=limit,
                                 hint=limit_hint("max_triple_term_depth"))
        elif text in (b">>", b"|}"):
            depth -= 1


# --- JSON and JSON-LD ----------------------------------------------------------------------

def _too_deep(data: bytes, limit: int) -> int:
    """The offset where JSON nesting first exceeds ``limit``, or -1."""
    depth, in_string, escaped = 0, False, False
    for offset, byte in enumerate(data):
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > limit:
                return offset
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return -1


def _check_term_chains(path: Path, data: bytes, limit: int) -> None:
    """Refuse JSON-LD whose context defines a term through another term, that one through a
    third, and so on deeper than ``limit`` (``"t2": "t1:a"``, ``"t1": "t0:a"``: expanding the
    last recurses once per link, and 1,000 links overflow the parser's stack)."""
    try:
        document = json.loads(data)
    except ValueError:
        return  # the parser reports what is wrong, with its position
    uses = _term_uses(document)
    longest: dict[str, int] = {}
    children = lambda term: [t for t in uses[term] if t in uses]  # noqa: E731
    for term in post_order(uses, children):  # a cycle is the parser's to report
        longest[term] = 1 + max((longest.get(t, 0) for t in uses[term]), default=0)
        if longest[term] > limit:
            raise ParseError(path, key="jsonld_term_chain", term=term, limit=limit,
                             hint=limit_hint("max_jsonld_term_chain"))


def _term_uses(document: object) -> dict[str, set[str]]:
    """Per term defined in any context of ``document``, the terms its definition uses as a
    prefix (cycles are the parser's to report)."""
    uses: dict[str, set[str]] = {}
    stack = [document]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
            contexts = item.get("@context")
            for context in contexts if isinstance(contexts, list) else [contexts]:
                if isinstance(context, dict):
                    for term, definition in context.items():
                        uses.setdefault(term, set()).update(_prefixes(term, definition))
    return uses


def _prefixes(term: str, definition: object) -> set[str]:
    values = [term, definition] if isinstance(definition, str) else [term]
    if isinstance(definition, dict):
        values += [v for key in ("@id", "@type", "@reverse") if isinstance(v := definition.get(key), str)]
    return {value.split(":", 1)[0] for value in values
            if ":" in value and not value.split(":", 1)[1].startswith("//")} - {term}


def post_order(roots: Iterable[T], children: Callable[[T], Iterable[T]],
               cycle: Callable[[T], None] | None = None) -> Iterator[T]:
    """Every node reachable from ``roots``, each after the nodes it leads to, without
    recursion; an edge back to a node still being visited goes to ``cycle`` and is skipped."""
    state: dict[T, bool] = {}  # False while visiting, True when done
    for root in roots:
        stack = [(root, False)] if root not in state else []
        while stack:
            node, finished = stack.pop()
            if finished:
                state[node] = True
                yield node
                continue
            if state.get(node):
                continue
            state[node] = False
            stack.append((node, True))
            for child in children(node):
                if state.get(child) is False:
                    if cycle:
                        cycle(child)
                elif child not in state:
                    stack.append((child, False))
