"""JSON-LD 1.1 with the published context: named graphs kept, every term compacted.

The writer compacts with exactly the three features the context uses, each only where it
is exact: a property's term (``"theme"``), its ``"@type": "@id"`` (the value an IRI written as
a string), and the labels' ``"@language"`` map; any value that does not fit its term is
written under the property's compact IRI (``"cg:theme"``) in full, so nothing is lost.
rdflib's compacting writer was used before: it drops blank nodes that a coerced property
points to (every ``owl:Restriction`` of the ontology). pyLD compacts correctly but takes
seconds on the letter; the tests expand every export with pyLD and compare it quad for quad
with the N-Quads export.

The context is ``ontology/context.jsonld``, shipped in the package and published beside the
dataset at :data:`CONTEXT_IRI`; each export carries it inline, so that reading one never
needs the network.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from coalitiegraaf.store.terms import triple_term_refused

CONTEXT_IRI = "https://w3id.org/coalitiegraaf/context.jsonld"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def context_document() -> dict:
    """The published context document (``{"@context": …}``)."""
    from coalitiegraaf.sources.resources import data_dir

    return json.loads((data_dir("ontology") / "context.jsonld").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class _Term:
    name: str
    iri_values: bool
    language_map: bool


class _Context:
    def __init__(self, context: dict) -> None:
        self.prefixes = {name: value for name, value in context.items()
                         if isinstance(value, str) and not name.startswith("@") and value[-1:] in "/#"}
        self.terms: dict[str, _Term] = {}
        for name, value in context.items():
            if isinstance(value, dict) and "@id" in value:
                self.terms[self.expand(value["@id"])] = _Term(
                    name, value.get("@type") == "@id", value.get("@container") == "@language")

    def expand(self, compact: str) -> str:
        prefix, _, local = compact.partition(":")
        return self.prefixes[prefix] + local if prefix in self.prefixes else compact

    def compact(self, iri: str) -> str:
        """The shortest ``prefix:local`` for ``iri`` that reads back as ``iri``, else ``iri``."""
        best = iri
        for prefix, namespace in self.prefixes.items():
            local = iri[len(namespace):]
            if iri.startswith(namespace) and local and not local.startswith("//") \
                    and len(prefix) + 1 + len(local) < len(best):
                best = f"{prefix}:{local}"
        return best


def write(quads: Iterable[ox.Quad]) -> bytes:
    """Sorted, canonical ``quads`` as a JSON-LD document with the published context inline:
    one ``@graph`` entry per named graph, the default graph's nodes at the top."""
    document = context_document()
    context = _Context(document["@context"])
    graphs: dict[str, dict] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for quad in quads:
        if isinstance(quad.object, ox.Triple):
            raise triple_term_refused(quad.object)
        graph = "" if isinstance(quad.graph_name, ox.DefaultGraph) else _id(quad.graph_name, context)
        graphs[graph][_id(quad.subject, context)][quad.predicate.value].append(quad.object)
    top: list[dict] = []
    for graph, nodes in sorted(graphs.items()):
        objects = [_node(subject, properties, context) for subject, properties in sorted(nodes.items())]
        top.extend(objects if graph == "" else [{"id": graph, "@graph": objects}])
    text = json.dumps({"@context": document["@context"], "@graph": top}, ensure_ascii=False, indent=2,
                      sort_keys=True)
    return (text + "\n").encode("utf-8")


def _node(subject: str, properties: dict[str, list], context: _Context) -> dict:
    node: dict[str, object] = {"id": subject}
    for predicate, values in sorted(properties.items()):
        if predicate == RDF_TYPE and all(isinstance(v, ox.NamedNode) for v in values):
            node["type"] = _one_or_many([context.compact(v.value) for v in values])
            continue
        term = context.terms.get(predicate)
        if term and term.language_map and all(isinstance(v, ox.Literal) and v.language for v in values):
            languages: dict[str, list[str]] = defaultdict(list)
            for value in values:
                languages[value.language].append(value.value)
            node[term.name] = {lang: texts[0] if len(texts) == 1 else sorted(texts)
                               for lang, texts in sorted(languages.items())}
        elif term and term.iri_values and all(isinstance(v, ox.NamedNode | ox.BlankNode) for v in values):
            node[term.name] = _one_or_many(sorted(_id(v, context) for v in values))
        elif term and not term.iri_values and not term.language_map:
            node[term.name] = _one_or_many([_value(v, context) for v in values])
        else:
            node[context.compact(predicate)] = _one_or_many([_value(v, context) for v in values])
    return node


def _id(term: ox.NamedNode | ox.BlankNode, context: _Context) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else context.compact(term.value)


def _value(term: ox.NamedNode | ox.BlankNode | ox.Literal, context: _Context) -> object:
    """A value as the term without coercion reads it (a string is an ``xsd:string``)."""
    if not isinstance(term, ox.Literal):
        return {"@id": _id(term, context)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == XSD_STRING:
        return term.value
    return {"@value": term.value, "@type": context.compact(term.datatype.value)}


def _one_or_many(values: list) -> object:
    ordered = sorted(values, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return ordered[0] if len(ordered) == 1 else ordered
