"""Load coalitiegraaf's dataset: the ontology, the graph of every source, and user files.

Named graphs: the ontology and its vocabularies go into ``graph/ontology``; each folder
``graph/<source>/`` into ``graph/<source>`` (one named graph per source document, so later
updates of the agenda sit beside this letter); a user's Turtle or JSON-LD file into
``graph/data/<file name>``, while a user's TriG or N-Quads file keeps its own graphs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox

from coalitiegraaf.errors import InputError
from coalitiegraaf.sources.parsing import MAX_FILE_BYTES, RdfFile
from coalitiegraaf.sources.resources import data_dir
from coalitiegraaf.store import EndpointStore, OxigraphStore, Store, open_store
from coalitiegraaf.store.namespaces import GRAPH, ONTOLOGY_GRAPH, USER_DATA_GRAPH


def ontology_files() -> list[RdfFile]:
    """The ontology and its controlled vocabularies."""
    graph = ox.NamedNode(str(ONTOLOGY_GRAPH))
    return [RdfFile(path, graph) for path in sorted(data_dir("ontology").glob("*.ttl"))]


def source_files() -> list[RdfFile]:
    """The shipped graph: every ``graph/<source>/*.ttl`` into the named graph of its source."""
    files = []
    for folder in sorted(p for p in data_dir("graph").iterdir() if p.is_dir()):
        graph = ox.NamedNode(str(GRAPH[folder.name]))
        files.extend(RdfFile(path, graph) for path in sorted(folder.glob("*.ttl")))
    return files


def user_files(paths: Iterable[Path | str], base_iri: str | None = None,
               max_bytes: int = MAX_FILE_BYTES, pipes: bool = False) -> list[RdfFile]:
    """User files, each in a named graph of its own (TriG and N-Quads keep theirs); pipes and
    devices among them are read only if ``pipes``."""
    return [RdfFile(Path(p), ox.NamedNode(f"{USER_DATA_GRAPH}{_slug(Path(p).name)}"), base_iri, max_bytes,
                    pipes) for p in paths]


def rules() -> list[Path]:
    """The SPARQL Update rules that derive direct triples, in the order they run."""
    return sorted((data_dir("ontology") / "rules").glob("*.ru"))


def load(data: Sequence[Path | str] = (), store: str = "oxigraph", base_iri: str | None = None,
         include_shipped: bool = True, endpoint: str | None = None,
         max_file_bytes: int = MAX_FILE_BYTES, location: str | None = None,
         standalone: bool = False, pipes: bool = False) -> Store:
    """Load the ontology, the shipped graph (unless ``include_shipped`` is false) and ``data``
    into a new store of kind ``store``, then apply the derivation rules. A file larger than
    ``max_file_bytes`` is refused, and so is a pipe or device unless ``pipes``. With
    ``location``, the store is an Oxigraph store on disk in that folder. ``standalone`` loads
    ``data`` and nothing else: no ontology, no shipped graph, no derived statements.

    With ``endpoint``, nothing is loaded: the store is the remote endpoint and its data.
    """
    if endpoint:
        if data:
            raise InputError(key="data_with_endpoint")
        if standalone:
            raise InputError(key="standalone_with_endpoint")
        return EndpointStore(endpoint)
    target = OxigraphStore(location) if location else open_store(store)
    if standalone:
        if not data:
            raise InputError(key="standalone_without_files")
        target.load(user_files(data, base_iri, max_file_bytes, pipes))
        return target
    files = ontology_files() + (source_files() if include_shipped else [])
    target.load(files + user_files(data, base_iri, max_file_bytes, pipes))
    for rule in rules():
        target.update(rule.read_text(encoding="utf-8"))
    return target


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9.-]+", "-", name.lower()).strip("-") or "data"
