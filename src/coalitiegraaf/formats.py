"""The names of the RDF formats coalitiegraaf writes, and the other names people give them
(``turtle`` for ttl, ``json-ld`` for jsonld): light enough for the CLI to list them in its help
without loading an RDF library."""

from __future__ import annotations

RDF_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld", "xml")
RDF_ALIASES = {
    "turtle": "ttl",
    "ntriples": "nt",
    "n-triples": "nt",
    "nquads": "nq",
    "n-quads": "nq",
    "json-ld": "jsonld",
    "rdfxml": "xml",
    "rdf/xml": "xml",
    "rdf-xml": "xml",
    "rdf": "xml",
}


def rdf_format(name: str) -> str:
    """The format ``name`` means: ``ttl`` for ttl, Turtle or turtle; any other name as it is
    (the caller refuses what it does not know)."""
    return RDF_ALIASES.get(name.strip().lower(), name)
