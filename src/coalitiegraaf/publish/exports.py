"""Serialise the dataset deterministically: the same data gives byte-identical files.

Graph formats (Turtle, N-Triples, RDF/XML) hold the union of all named graphs; dataset formats
(N-Quads, TriG, JSON-LD) keep one named graph per source and the ontology's (the SHACL shapes
too, when asked for). The catalogue description (:mod:`.description`) counts exactly these.
Statements are written in sorted order and blank nodes, if a user file brought any,
get canonical labels (RDFC-1.0), so output never depends on load order, backend or hash seed.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from coalitiegraaf.errors import InputError
from coalitiegraaf.formats import rdf_format
from coalitiegraaf.messages import Words
from coalitiegraaf.sources.files import write_atomic
from coalitiegraaf.store import Store
from coalitiegraaf.store.canonical import canonicalized
from coalitiegraaf.store.namespaces import PREFIXES, SHAPES_GRAPH
from coalitiegraaf.store.terms import to_oxigraph

FORMATS: dict[str, tuple[ox.RdfFormat, str]] = {
    "ttl": (ox.RdfFormat.TURTLE, ".ttl"),
    "nt": (ox.RdfFormat.N_TRIPLES, ".nt"),
    "nq": (ox.RdfFormat.N_QUADS, ".nq"),
    "trig": (ox.RdfFormat.TRIG, ".trig"),
    "jsonld": (ox.RdfFormat.JSON_LD, ".jsonld"),
    "xml": (ox.RdfFormat.RDF_XML, ".rdf"),
}
DATASET_FORMATS = ("nq", "trig", "jsonld")
SKOLEM_BASE = "https://w3id.org/coalitiegraaf/.well-known/genid/"
NETWORK_FORMATS = {"graphml": ".graphml", "gexf": ".gexf"}  # for Gephi and Cytoscape
TABLE_FORMATS = {"nodes-csv": ".nodes.csv", "edges-csv": ".edges.csv"}  # for spreadsheets
_INSTANCE_TYPES = ("action-line", "actor", "agenda", "axis", "barrier", "certainty", "challenge",
                   "coalition", "collaboration", "dependency", "document", "domain", "driver",
                   "goal", "initiative", "membership", "passage", "pole", "scenario", "section",
                   "technology", "theme", "topic")


def prefixes() -> dict[str, str]:
    """The prefixes written into Turtle, TriG, RDF/XML and the JSON-LD context."""
    bound = dict(PREFIXES)
    for name in _INSTANCE_TYPES:
        bound[name.replace("-", "")] = f"https://w3id.org/coalitiegraaf/id/{name}/"
    return bound


def extension(fmt: str) -> str:
    """The file extension of an export format, with the dot."""
    fmt = rdf_format(fmt)
    return {**NETWORK_FORMATS, **TABLE_FORMATS}.get(fmt) or _format(fmt)[1]


def serialize(store: Store, fmt: str, include_shapes: bool = False, network: str = "actors",
              skolemise: bool = False, excel: bool = False) -> bytes:
    """The whole dataset in ``fmt`` (ttl, nt, nq, trig, jsonld or xml), deterministically; for
    graphml and gexf, the ``network`` (actors or dependencies) for network tools; for nodes-csv
    and edges-csv, the nodes or the links between them as a table (``excel``: as Excel
    expects it, see :func:`coalitiegraaf.store.results.to_spreadsheet`). Other names of a
    format (turtle, n-triples, json-ld) are taken too."""
    fmt = rdf_format(fmt)
    if fmt in TABLE_FORMATS:
        return _table(store, fmt.removesuffix("-csv"), excel)
    if excel:
        raise InputError(key="excel_needs_csv", option="--format", formats="nodes-csv, edges-csv")
    if fmt in NETWORK_FORMATS:
        from coalitiegraaf.analysis.findings import network_file

        return network_file(store, network, fmt)
    if fmt in DATASET_FORMATS:
        quads = list(store.quads())
        if include_shapes:
            quads += _shapes_quads()
        return _dataset_bytes(canonical(quads, skolemise), fmt)
    return _graph_bytes(canonical(_union(store.quads()), skolemise), fmt)


def _dataset_bytes(quads: list[ox.Quad], fmt: str) -> bytes:
    if fmt == "jsonld":
        from coalitiegraaf.publish import jsonld

        return jsonld.write(quads)
    return ox.serialize(quads, format=_format(fmt)[0], prefixes=prefixes())


def _graph_bytes(quads: list[ox.Quad], fmt: str, name: str | None = None) -> bytes:
    """Canonical, sorted quads of one graph in ``fmt``; in a dataset format, as the graph ``name``."""
    oxigraph_format, _ = _format(fmt)
    if fmt in DATASET_FORMATS:
        return _dataset_bytes([ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(name or ""))
                               for q in quads], fmt)
    triples = [q.triple for q in quads]
    if fmt == "nt":
        return ox.serialize(triples, format=oxigraph_format)
    return ox.serialize(triples, format=oxigraph_format, prefixes=prefixes())


def export(store: Store, fmt: str, path: Path | str, include_shapes: bool = False,
           network: str = "actors", skolemise: bool = False, excel: bool = False) -> Path:
    """Write the dataset (or a network) in ``fmt`` to ``path``, atomically."""
    return write_atomic(path, serialize(store, fmt, include_shapes, network, skolemise, excel))


def canonical(quads: Iterable[ox.Quad], skolemise: bool = False) -> list[ox.Quad]:
    """``quads`` sorted, their blank nodes labelled by RDF Dataset Canonicalization (RDFC-1.0),
    so that the same data gives the same labels whatever the load order, backend or hash seed;
    with ``skolemise``, each blank node replaced by a stable IRI under SKOLEM_BASE, for stores
    that cannot merge blank nodes."""
    dataset = ox.Dataset(quads)
    if any(isinstance(term, ox.BlankNode) for q in dataset for term in (q.subject, q.object)):
        dataset = canonicalized(dataset)  # RDFC-1.0 within a time bound
        if skolemise:
            dataset = ox.Dataset(ox.Quad(_skolem(q.subject), q.predicate, _skolem(q.object), q.graph_name)
                                 for q in dataset)
    return sorted(dataset, key=_sort_key)


def _skolem(term):
    return ox.NamedNode(SKOLEM_BASE + term.value) if isinstance(term, ox.BlankNode) else term


def _union(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The statements of all graphs as one graph (the default graph), each once."""
    return [ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads]


def _table(store: Store, name: str, excel: bool = False) -> bytes:
    """The nodes or edges as CSV for spreadsheets: values as written, but a cell a spreadsheet
    would take for a formula starts with an apostrophe (labels come from other people's files)."""
    from coalitiegraaf.sources.resources import shipped_query
    from coalitiegraaf.store.results import result_rows, to_spreadsheet

    return to_spreadsheet(*result_rows(store.query_own(shipped_query(f"export/{name}.rq"))), excel=excel)


def _format(fmt: str) -> tuple[ox.RdfFormat, str]:
    try:
        return FORMATS[fmt]
    except KeyError:
        known = ", ".join([*FORMATS, *NETWORK_FORMATS, *TABLE_FORMATS])
        raise InputError(key="unknown_choice", what=Words("what_export_format"), value=fmt,
                         choices=known) from None


def _shapes_quads() -> list[ox.Quad]:
    from coalitiegraaf.validation.validator import shapes_graph

    graph = ox.NamedNode(str(SHAPES_GRAPH))
    return [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph) for s, p, o in shapes_graph()]


def _sort_key(quad: ox.Quad) -> tuple[str, str]:
    return str(quad.graph_name), str(quad.triple)


def pull(store: Store, path: Path | str, fmt: str = "trig", graph: str | None = None) -> Path:
    """Bring what a (remote) store holds into a local file, atomically: the whole dataset, or
    one named graph (written as the dataset format's single graph, or as a graph format)."""
    fmt = rdf_format(fmt)
    if graph is None:
        return export(store, fmt, path)
    from coalitiegraaf.errors import StoreError

    names = [str(name) for name in store.graph_names()]
    if graph not in names:
        raise StoreError(key="no_such_graph", graph=graph, graphs=", ".join(names) or "-")
    quads = [q for q in store.quads() if q.graph_name.value == graph]
    return write_atomic(path, _graph_bytes(canonical(_union(quads)), fmt, graph))
