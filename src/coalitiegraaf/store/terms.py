"""Convert RDF terms between Oxigraph and rdflib, the two term models the store speaks."""

from __future__ import annotations

import logging
import warnings
from typing import NamedTuple

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from coalitiegraaf.errors import InputError

# rdflib logs a traceback for every ill-typed literal it meets ("abc"^^xsd:integer); such
# values are kept as written and reported by validation, so the traceback is only noise
logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)
warnings.filterwarnings("ignore", message="Parsing weird boolean", category=UserWarning)

_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """An rdflib term equal to the Oxigraph ``term``; an RDF 1.2 triple term, which rdflib
    has no term for, is an :class:`InputError`."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Triple):
        raise triple_term_refused(term)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == _XSD_STRING:
        return Literal(term.value)
    # lexical form kept as written: an ill-typed value is reported by validation, not fixed
    return Literal(term.value, datatype=URIRef(datatype), normalize=False)


def triple_term_refused(term: ox.Triple) -> InputError:
    """The error for an RDF 1.2 triple term where it cannot be written (rdflib, JSON-LD)."""
    return InputError(key="triple_term_refused", term=str(term)[:200])


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An Oxigraph term equal to the rdflib ``term``."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) != _RDF_LANG_STRING:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r} to an Oxigraph term")


class Text(NamedTuple):
    """A literal as :meth:`Store.select_terms` gives it: its lexical form as written, its
    language, and its datatype (None for a plain or language-tagged string). Lighter than an
    rdflib term by far, which is what a large answer needs."""

    value: str
    language: str | None = None
    datatype: str | None = None


class Blank(NamedTuple):
    """A blank node as :meth:`Store.select_terms` gives it."""

    id: str


# an IRI is a plain str
Term = str | Text | Blank


def light(term: Node | None) -> Term | None:
    """The light form of an rdflib term."""
    if term is None or isinstance(term, URIRef):
        return None if term is None else str(term)
    if isinstance(term, BNode):
        return Blank(str(term))
    datatype = term.datatype
    return Text(str(term), term.language or None,
                str(datatype) if datatype is not None and str(datatype) != _RDF_LANG_STRING else None)


def light_oxigraph(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Term | None:
    """The light form of an Oxigraph term (a triple term is an :class:`InputError`)."""
    if term is None:
        return None
    kind = type(term)
    if kind is ox.NamedNode:
        return term.value
    if kind is ox.Literal:
        if term.language:
            return Text(term.value, term.language)
        datatype = term.datatype.value
        return Text(term.value, None, None if datatype == _XSD_STRING else datatype)
    if kind is ox.BlankNode:
        return Blank(term.value)
    raise triple_term_refused(term)


def light_json(term: dict | None) -> Term | None:
    """The light form of a SPARQL 1.1 JSON results binding."""
    if term is None:
        return None
    kind, value = term["type"], term["value"]
    if kind == "uri":
        return value
    if kind == "bnode":
        return Blank(value)
    if "xml:lang" in term:
        return Text(value, term["xml:lang"])
    datatype = term.get("datatype")
    return Text(value, None, None if datatype in (None, _XSD_STRING, _RDF_LANG_STRING) else datatype)
