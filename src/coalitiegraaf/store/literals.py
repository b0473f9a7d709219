"""Literals as written, in a store that keeps values.

Oxigraph stores a literal of an XML Schema datatype as its value and writes it back in its
canonical form: ``"5"^^xsd:int`` comes back as ``"5"^^xsd:integer``, ``"012"^^xsd:byte`` as
``"12"^^xsd:integer``, ``"4.0"^^xsd:decimal`` as ``"4"``, ``"1"^^xsd:boolean`` as ``"true"``,
and two such literals with one value become one statement. It keeps a literal it cannot read
as a value (``"abc"^^xsd:integer``) exactly as written.

So a literal that Oxigraph would rewrite is stored with :data:`MARK` before its lexical form:
no XML Schema datatype accepts that form, so Oxigraph keeps it, with its datatype, as written;
and every way out of the store takes the mark off again (:func:`unmarked`). Which literals
Oxigraph rewrites is asked of Oxigraph itself (a scratch store), so the answer cannot fall
behind its canonical forms; only the plainest canonical forms, which a test checks against
Oxigraph, are known kept without asking. A literal written with the mark already in front is
marked once more, so that taking one mark off always gives back what was written.

What it costs: in SPARQL on Oxigraph, a marked literal is a term of its own datatype
(``DATATYPE``, ``sameTerm``, ``isLiteral`` answer as written), but it compares as an ill-typed
literal (``<``, ``=`` and arithmetic on it are errors), and ``STR`` shows the mark. The
compiled validator, which writes its own SPARQL, takes the mark off where it compares values
(:func:`lexical_expression`, :func:`value_expression`); rdflib's store (``--store memory``)
keeps literals as written by itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import pyoxigraph as ox

MARK = "\ue000"  # a character of Unicode's private use area: in no datatype's lexical space
XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = XSD + "string"
_TYPED = '"^^<' + XSD
# lexical forms Oxigraph keeps as written, by datatype: its canonical forms, without escapes
_KEPT = {
    "integer": re.compile(r"0|-?[1-9][0-9]*"),
    "date": re.compile(r"(?!0000)[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])Z?"),
    "dateTime": re.compile(r"(?!0000)[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3])"
                           r":[0-5][0-9]:[0-5][0-9](\.[0-9]*[1-9])?Z?"),
    "boolean": re.compile(r"true|false"),
    "gYear": re.compile(r"(?!0000)[0-9]{4}"),
}


def candidate(literal: ox.Literal) -> bool:
    """Whether Oxigraph might store ``literal`` as a value: a typed literal of XML Schema."""
    datatype = literal.datatype.value
    return datatype.startswith(XSD) and datatype != _XSD_STRING


def rewritten(literals: Iterable[ox.Literal | str]) -> set[str]:
    """The literals among ``literals`` (terms, or their N-Triples form) that Oxigraph would not
    give back as written, and those written with the mark in front: the literals to mark, in
    N-Triples form. The forms in :data:`_KEPT` (checked against Oxigraph in the tests) need
    not be asked."""
    texts = dict.fromkeys(text for text in map(str, literals) if _TYPED in text)
    asked = [text for text in texts if not _kept(text)]
    if not asked:
        return set()
    scratch = ox.Store()
    scratch.bulk_load("".join(f"<urn:coalitiegraaf:{i}> <urn:coalitiegraaf:p> {text} .\n"
                              for i, text in enumerate(asked)).encode(), format=ox.RdfFormat.N_TRIPLES)
    kept = set()
    for line in scratch.dump(format=ox.RdfFormat.N_QUADS).decode().splitlines():
        number, _, rest = line.removeprefix("<urn:coalitiegraaf:").partition("> <urn:coalitiegraaf:p> ")
        kept.add((int(number), rest.removesuffix(" .")))
    return {text for i, text in enumerate(asked) if (i, text) not in kept or text.startswith(f'"{MARK}')}


def marked_text(text: str) -> str:
    """A literal in N-Triples form, marked."""
    return f'"{MARK}{text[1:]}'


def _kept(text: str) -> bool:
    lexical, _, datatype = text[1:].rpartition('"^^<' + XSD)
    pattern = _KEPT.get(datatype[:-1])
    return pattern is not None and pattern.fullmatch(lexical) is not None


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
