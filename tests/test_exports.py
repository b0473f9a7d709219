"""Exports: every format parses back to the same graph, output is byte-identical from run to
run, and a file is written atomically."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from coalitiegraaf.errors import ExportError, InputError
from coalitiegraaf.publish.exports import FORMATS, export, serialize
from coalitiegraaf.store.namespaces import SHAPES_GRAPH
from coalitiegraaf.validation.validator import shapes_graph

RDFLIB_FORMAT = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig",
                 "jsonld": "json-ld", "xml": "xml"}


@pytest.mark.parametrize("fmt", ["ttl", "nt", "xml"])
def test_a_graph_format_round_trips(memory_store, fmt):
    parsed = rdflib.Graph().parse(data=serialize(memory_store, fmt), format=RDFLIB_FORMAT[fmt])
    assert isomorphic(parsed, memory_store.graph())


@pytest.mark.parametrize("fmt", ["nq", "trig", "jsonld"])
def test_a_dataset_format_round_trips_graph_by_graph(memory_store, fmt):
    parsed = rdflib.Dataset()
    parsed.parse(data=serialize(memory_store, fmt), format=RDFLIB_FORMAT[fmt])
    assert {g.identifier for g in parsed.graphs() if len(g)} == set(memory_store.graph_names())
    for name in memory_store.graph_names():
        assert isomorphic(parsed.graph(name), memory_store.dataset().graph(name)), name


def test_the_shapes_come_along_when_asked_for(memory_store):
    parsed = rdflib.Dataset()
    parsed.parse(data=serialize(memory_store, "trig", include_shapes=True), format="trig")
    assert isomorphic(parsed.graph(SHAPES_GRAPH), shapes_graph())


def test_json_ld_expanded_by_pyld_with_the_shipped_context_gives_the_n_quads_exactly(memory_store):
    """What an integrator's JSON-LD processor reads is what the N-Quads export says, quad for
    quad, named graphs kept; and nearly every key is a term of the published context."""
    import json

    import pyoxigraph as ox
    from pyld import jsonld

    from coalitiegraaf.publish.exports import canonical
    from coalitiegraaf.publish.jsonld import CONTEXT_IRI
    from tests.conftest import ROOT

    shipped = json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))
    document = json.loads(serialize(memory_store, "jsonld"))
    assert document["@context"] == shipped["@context"]
    document["@context"] = CONTEXT_IRI  # as a publisher that links the context would write it

    def loader(url, options=None):
        assert url == CONTEXT_IRI
        return {"contextUrl": None, "documentUrl": url, "document": shipped}

    expanded = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": loader})
    quads = canonical(ox.parse(expanded.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    assert ox.serialize(quads, format=ox.RdfFormat.N_QUADS) == serialize(memory_store, "nq")
    keys: set[str] = set()

    def collect(value):
        if isinstance(value, dict):
            keys.update(value)
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    collect(document["@graph"])
    assert len({key for key in keys if ":" in key}) < 5, sorted(key for key in keys if ":" in key)


def test_both_backends_export_the_same_bytes(memory_store):
    from coalitiegraaf.project import load

    oxigraph = load(store="oxigraph")
    for fmt in FORMATS:
        assert serialize(oxigraph, fmt) == serialize(memory_store, fmt), fmt


def test_exports_are_byte_identical_across_processes(tmp_path: Path):
    script = ("import sys, coalitiegraaf\n"
              "store = coalitiegraaf.load()\n"
              "for fmt in ('ttl', 'nt', 'nq', 'trig', 'jsonld', 'xml'):\n"
              "    coalitiegraaf.export(store, fmt, sys.argv[1] + '/out.' + fmt)\n")
    digests = []
    for seed in ("1", "2"):
        folder = tmp_path / seed
        folder.mkdir()
        subprocess.run([sys.executable, "-c", script, str(folder)], check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        digests.append({p.name: p.read_bytes() for p in folder.iterdir()})
    assert digests[0] == digests[1]


def test_a_write_that_cannot_happen_is_an_error(memory_store, tmp_path: Path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(ExportError, match="kan niet schrijven"):
        export(memory_store, "ttl", blocker / "out.ttl")
    assert blocker.read_text() == "a file where a folder should be"


def test_an_interrupted_serialisation_leaves_no_partial_file(memory_store, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch):
    import coalitiegraaf.sources.files

    target = tmp_path / "out.ttl"
    target.write_text("previous")

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(coalitiegraaf.sources.files.os, "fsync", full_disk)
    with pytest.raises(ExportError, match="No space left on device"):
        export(memory_store, "ttl", target)
    assert target.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


def test_an_unknown_format_is_refused(memory_store):
    with pytest.raises(InputError, match="exportformaat 'yaml' bestaat niet"):
        serialize(memory_store, "yaml")


@pytest.mark.parametrize("fmt", [*FORMATS, "graphml", "gexf", "nodes-csv", "edges-csv"])
def test_two_exports_on_different_days_are_byte_identical(oxigraph_store, fmt, monkeypatch):
    from tests.conftest import set_clock

    def exported_on(day: str) -> bytes:
        set_clock(monkeypatch, day)
        return serialize(oxigraph_store, fmt, include_shapes=True)

    assert exported_on("2030-01-01") == exported_on("2031-06-15")
