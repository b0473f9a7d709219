"""The ontology with the graph infers nothing false, and a standard OWL 2 DL reasoner opens it.

Three checks, from cheap to thorough:

- the OWL 2 DL conditions that matter, checked on the triples: every property used is declared
  with exactly one kind and used as that kind, no IRI is both a class, a property and an
  individual, and every datatype in a logical axiom is in the OWL 2 datatype map;
- an OWL RL closure (owlrl) of ontology and graph with the vocabularies whose domains and ranges
  can make something an organisation or a concept (ORG and SKOS): no person, office or web page
  becomes an organisation, a concept or a letter, and nothing becomes owl:Nothing;
- HermiT (shipped with owlready2, needs Java) loads and classifies ontology and graph, with
  persons and offices declared disjoint from organisations, concepts and letters.
"""

from __future__ import annotations

import shutil

import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import SKOS

from coalitiegraaf.store.namespaces import CG, ONTOLOGY_GRAPH
from tests.conftest import ID, LETTER_GRAPH, VOCAB, requires_vocab

ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
# The OWL 2 datatype map (OWL 2 Structural Specification, section 4), and rdf:langString,
# which is how RDF 1.1 writes OWL 2's language-tagged plain literals
OWL2_DATATYPES = {RDF.PlainLiteral, RDF.XMLLiteral, RDF.langString, RDFS.Literal, OWL.real, OWL.rational} | {
    XSD[name] for name in (
        "decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger", "negativeInteger",
        "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
        "double", "float", "string", "normalizedString", "token", "language", "Name", "NCName", "NMTOKEN",
        "boolean", "hexBinary", "base64Binary", "anyURI", "dateTime", "dateTimeStamp")}
KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
# OWL's and RDF's own vocabulary, which needs no declaration
BUILT_IN_ANNOTATIONS = {RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.versionInfo,
                        OWL.priorVersion, OWL.backwardCompatibleWith, OWL.incompatibleWith, OWL.deprecated}
BUILT_IN = (str(RDF), str(RDFS), str(OWL))


@pytest.fixture(scope="module")
def combined(memory_store) -> rdflib.Graph:
    """The ontology graph and the letter's graph, with the rules' derived triples, as one graph."""
    dataset = memory_store.dataset()
    graph = rdflib.Graph()
    for name in (ONTOLOGY_GRAPH, LETTER_GRAPH):
        for triple in dataset.graph(name):
            graph.add(triple)
    return graph


def _kinds(graph: rdflib.Graph) -> dict[URIRef, set[URIRef]]:
    kinds: dict[URIRef, set[URIRef]] = {}
    for kind in KINDS:
        for prop in graph.subjects(RDF.type, kind):
            kinds.setdefault(prop, set()).add(kind)
    for prop in BUILT_IN_ANNOTATIONS:
        kinds.setdefault(prop, set()).add(OWL.AnnotationProperty)
    return kinds


# --- OWL 2 DL conditions ----------------------------------------------------------------------------

def test_every_property_is_declared_with_one_kind_and_used_as_that_kind(combined):
    kinds = _kinds(combined)
    assert sorted(str(p) for p, k in kinds.items() if len(k) > 1) == []
    undeclared, misused = set(), set()
    for _, p, o in combined:
        if str(p).startswith(BUILT_IN) and p not in BUILT_IN_ANNOTATIONS:
            continue
        kind = next(iter(kinds.get(p, set())), None)
        if kind is None:
            undeclared.add(str(p))
        elif (kind == OWL.ObjectProperty and isinstance(o, Literal)) or (
                kind == OWL.DatatypeProperty and not isinstance(o, Literal)):
            misused.add(str(p))
    assert sorted(undeclared) == []
    assert sorted(misused) == []


def test_no_iri_is_both_a_class_a_property_and_an_individual(combined):
    kinds = _kinds(combined)
    properties = set(kinds)
    classes = {c for c in combined.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    classes |= {c for c in combined.objects(None, RDF.type) if isinstance(c, URIRef) and not str(c).startswith(BUILT_IN)}
    annotation = {p for p, k in kinds.items() if OWL.AnnotationProperty in k}
    individuals = set()
    for s, p, o in combined:
        if p in annotation or (str(p).startswith(BUILT_IN) and p != OWL.sameAs):
            if p == RDF.type and not str(o).startswith(BUILT_IN):
                individuals.add(s)  # a typed subject, unless a class or property (checked below)
            continue
        individuals.add(s)
        if OWL.ObjectProperty in kinds.get(p, set()) or p == OWL.sameAs:
            individuals.add(o)
    individuals = {i for i in individuals if isinstance(i, URIRef)}
    # the ontology's own IRI is neither
    individuals -= set(combined.subjects(RDF.type, OWL.Ontology))
    punned = (classes & properties) | (classes & individuals) | (properties & individuals)
    assert sorted(str(i) for i in punned) == []


def test_every_datatype_in_a_logical_axiom_is_in_the_owl2_datatype_map(combined):
    kinds = _kinds(combined)
    annotation = {p for p, k in kinds.items() if OWL.AnnotationProperty in k}
    used = {o.datatype for s, p, o in combined
            if isinstance(o, Literal) and o.datatype is not None and p not in annotation}
    used |= {r for p in combined.subjects(RDF.type, OWL.DatatypeProperty) for r in combined.objects(p, RDFS.range)}
    assert XSD.integer in used
    assert sorted(str(d) for d in used - OWL2_DATATYPES) == []


def test_dates_are_annotations_so_that_xsd_date_stays_out_of_the_logic(combined):
    # OWL 2 has no xsd:date or xsd:gYear; the datatype map does not constrain annotations
    kinds = _kinds(combined)
    for prop in (URIRef("http://purl.org/dc/terms/date"), CG.deadline, CG.horizonYear):
        assert kinds[prop] == {OWL.AnnotationProperty}
    assert (None, URIRef("http://purl.org/dc/terms/date"), Literal("2023-07-07", datatype=XSD.date)) in combined


# --- OWL RL closure ----------------------------------------------------------------------------------

PERSONS_AND_POSTS = (CG.Person, CG.Office)
NOT_THEM = (ORG.Organization, ORG.FormalOrganization, CG.Organisation, SKOS.Concept, SKOS.ConceptScheme,
            CG.Letter, CG.PolicyDocument)


def _closure(graph: rdflib.Graph, *vocabularies: tuple[str, str]) -> rdflib.Graph:
    import owlrl

    closed = rdflib.Graph()
    for triple in graph:
        closed.add(triple)
    for name, fmt in vocabularies:
        closed.parse(VOCAB / name, format=fmt)
    # literals of properties without a domain carry no types: leaving them out keeps owlrl fast
    domains = set(closed.subjects(RDFS.domain, None))
    for s, p, o in list(closed):
        if isinstance(o, Literal) and p not in domains:
            closed.remove((s, p, o))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(closed)
    return closed


def _web_pages(graph: rdflib.Graph) -> set[URIRef]:
    pages = {o for p in (RDFS.seeAlso, URIRef("http://purl.org/dc/terms/source")) for o in graph.objects(None, p)}
    # web addresses; not our own IRIs, nor TOOI's, which identify organisations
    return {p for p in pages if isinstance(p, URIRef) and str(p).startswith("http")
            and not str(p).startswith((ID, "https://identifier.overheid.nl/"))}


def _false_types(closed: rdflib.Graph, original: rdflib.Graph) -> list[tuple[str, str]]:
    watched = {x for cls in PERSONS_AND_POSTS for x in original.subjects(RDF.type, cls)} | _web_pages(original)
    return sorted((str(x), str(cls)) for x in watched for cls in NOT_THEM if (x, RDF.type, cls) in closed)


@requires_vocab
def test_an_owl_rl_closure_infers_nothing_false(combined):
    closed = _closure(combined, ("w3c/org.ttl", "turtle"), ("w3c/skos.rdf", "xml"))
    assert len(closed) > len(combined) // 2  # the closure ran and added what it could
    assert len(_web_pages(combined)) >= 15 and len(list(combined.subjects(RDF.type, CG.Person))) == 5
    assert _false_types(closed, combined) == []
    assert list(closed.subjects(RDF.type, OWL.Nothing)) == []
    errors = [o for o in closed.objects(None, RDFS.comment) if "violat" in str(o).lower() or "error" in str(o).lower()]
    assert errors == []


@requires_vocab
def test_the_closure_would_catch_actor_type_as_an_org_classification():
    # what issue 16 found: as a subproperty of org:classification (domain org:Organization),
    # cg:actorType made persons and offices organisations
    graph = rdflib.Graph()
    person = URIRef(ID + "actor/someone")
    graph.add((person, RDF.type, CG.Person))
    graph.add((person, CG.actorType, URIRef(ID + "actor-type/person")))
    graph.add((CG.actorType, RDFS.subPropertyOf, ORG.classification))
    closed = _closure(graph, ("w3c/org.ttl", "turtle"))
    assert _false_types(closed, graph) == [(str(person), str(ORG.Organization))]


# --- HermiT --------------------------------------------------------------------------------------------

@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java (Debian: default-jre-headless)")
def test_hermit_loads_and_classifies_ontology_and_graph(combined, tmp_path, java_without_files):
    owlready2 = pytest.importorskip("owlready2", reason="owlready2 ships HermiT")
    graph = rdflib.Graph()
    for triple in combined:
        graph.add(triple)
    # persons and offices are neither organisations, concepts nor letters: a model that made one
    # so would now be inconsistent
    for person in PERSONS_AND_POSTS:
        for other in (ORG.Organization, SKOS.Concept, CG.Letter):
            graph.add((person, OWL.disjointWith, other))
    path = tmp_path / "coalitiegraaf.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    ontology = world.get_ontology(path.as_uri()).load(format="ntriples")
    with ontology:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)  # raises if inconsistent
    assert list(world.inconsistent_classes()) == []
    vng = world[ID + "actor/vng"]
    assert vng is not None and world[str(CG.PublicOrganisation)] in vng.is_a
