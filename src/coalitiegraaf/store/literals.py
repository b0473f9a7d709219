"""Literals as written, in a store that keeps values.

Oxigraph stores a literal of an XML Schema datatype as its value and writes it back in its
canonical form: ``"5"^^xsd:int`` comes back as ``"5"^^xsd:integer``, ``"012"^^xsd:byte`` as
``"12"^^xsd:integer``, ``"4.0"^^xsd:decimal`` as ``"4"``, ``"1"^^xsd:boolean`` as ``"true"``,
and two such literals with one value become one statement. It keeps a literal it cannot read
as a value (``"abc"^^xsd:integer``) exactly as written.

So a literal that Oxigraph would rewrite is stored with :data:`MARK` before its lexical form:
no XML Schema datatype accepts that form, so Oxigraph keeps it, with its datatype, as written;
and every way out of the store takes the mark off again (:func:`unmarked`). Which literals
Oxigraph rewrites is asked of Oxigraph itself, never guessed, so the list cannot fall behind
its canonical forms. A literal written with the mark already in front is marked once more, so
that taking one mark off always gives back what was written.

What it costs: in SPARQL on Oxigraph, a marked literal is a term of its own datatype
(``DATATYPE``, ``sameTerm``, ``isLiteral`` answer as written), but it compares as an ill-typed
literal (``<``, ``=`` and arithmetic on it are errors), and ``STR`` shows the mark. The
compiled validator, which writes its own SPARQL, takes the mark off where it compares values
(:func:`lexical_expression`, :func:`value_expression`); rdflib's store (``--store memory``)
keeps literals as written by itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import pyoxigraph as ox

MARK = "\ue000"  # a character of Unicode's private use area: in no datatype's lexical space
XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = XSD + "string"
_PREDICATE = ox.NamedNode("urn:coalitiegraaf:literal")


def candidate(literal: ox.Literal) -> bool:
    """Whether Oxigraph might store ``literal`` as a value: a typed literal of XML Schema."""
    datatype = literal.datatype.value
    return datatype.startswith(XSD) and datatype != _XSD_STRING


def rewritten(literals: Iterable[ox.Literal]) -> set[ox.Literal]:
    """Those of ``literals`` that Oxigraph would not give back as written, and those written
    with the mark in front: the literals to mark."""
    distinct = list({lit for lit in literals if candidate(lit)})
    if not distinct:
        return set()
    scratch = ox.Store()
    scratch.extend(ox.Quad(ox.NamedNode(f"urn:coalitiegraaf:literal:{i}"), _PREDICATE, lit)
                   for i, lit in enumerate(distinct))
    kept = {quad.subject.value: quad.object for quad in scratch}
    return {lit for i, lit in enumerate(distinct)
            if kept[f"urn:coalitiegraaf:literal:{i}"] != lit or lit.value.startswith(MARK)}


def marked(literal: ox.Literal) -> ox.Literal:
    """``literal`` as the store holds it when Oxigraph would rewrite it."""
    return ox.Literal(MARK + literal.value, datatype=literal.datatype)


def unmarked(term):
    """``term`` as it was written: a marked literal without its mark, anything else as it is."""
    if type(term) is ox.Literal and term.value.startswith(MARK) and candidate(term):
        return ox.Literal(term.value[1:], datatype=term.datatype)
    return term


def unmarked_quad(quad: ox.Quad) -> ox.Quad:
    literal = quad.object
    if type(literal) is not ox.Literal or not literal.value.startswith(MARK):
        return quad
    return ox.Quad(quad.subject, quad.predicate, unmarked(literal), quad.graph_name)


@lru_cache(maxsize=4096)
def as_stored(literal: ox.Literal) -> ox.Literal:
    """``literal`` as a query must write it to match the same literal in a store with marks."""
    return marked(literal) if rewritten([literal]) else literal


def lexical_expression(variable: str) -> str:
    """A SPARQL expression for the lexical form, as written, of the term in ``variable``."""
    return f"IF({_is_marked(variable)}, SUBSTR(STR({variable}), 2), STR({variable}))"


def value_expression(variable: str) -> str:
    """A SPARQL expression for the term in ``variable`` that compares by value: a marked
    literal read again, by Oxigraph, from its lexical form and datatype."""
    return (f"IF({_is_marked(variable)}, STRDT(SUBSTR(STR({variable}), 2), DATATYPE({variable})), "
            f"{variable})")


def _is_marked(variable: str) -> str:
    return (f"(isLITERAL({variable}) && STRSTARTS(STR({variable}), \"{MARK}\") && "
            f"STRSTARTS(STR(DATATYPE({variable})), \"{XSD}\") && "
            f"!sameTerm(DATATYPE({variable}), <{_XSD_STRING}>))")
