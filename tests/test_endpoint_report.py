"""The analyses and the report on data held by a real Oxigraph server (``--endpoint``) find
what they find on the same data in this process: nothing is lost or changed on the way."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from coalitiegraaf.analysis.findings import analyse, findings_as_rows
from coalitiegraaf.report import write_report
from coalitiegraaf.sources.resources import data_dir
from coalitiegraaf.store import EndpointStore, Store
from coalitiegraaf.store.terms import Blank, Text
from tests.cli_helpers import run

NOW = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)


@pytest.fixture(scope="module")
def endpoint(oxigraph_server) -> EndpointStore:
    return EndpointStore(f"{oxigraph_server}/query", timeout=60)


# the letter's one overlap is implied (IPO and VNG in brackets at the geodata foundation)
IMPLIED = ("implied",)


@pytest.mark.parametrize(("name", "node", "include"), [
    ("duplicates", None, ()), ("gaps", None, ()), ("overlaps", None, IMPLIED), ("organisation", "EZK", ()),
    ("organisation", "VNG", ()), ("impact", None, ()), ("brokers", None, ()), ("communities", None, ())])
def test_an_analysis_finds_the_same_on_an_endpoint(endpoint: EndpointStore, oxigraph_store: Store,
                                                   name: str, node: str | None, include: tuple[str, ...]) -> None:
    here = analyse(oxigraph_store, name, node=node, include=include)
    there = analyse(endpoint, name, node=node, include=include)
    assert here, f"{name} finds nothing on the letter: the comparison would prove nothing"
    assert findings_as_rows(there) == findings_as_rows(here)
    assert [(f.kind, f.strength, f.nodes, f.evidence) for f in there] == \
        [(f.kind, f.strength, f.nodes, f.evidence) for f in here]


def test_light_terms_are_the_same_from_every_store(endpoint: EndpointStore, memory_store: Store,
                                                  oxigraph_store: Store) -> None:
    sparql = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    answers = []
    for store in (memory_store, oxigraph_store, endpoint):
        variables, rows = store.select_terms(sparql)
        assert variables == ["s", "p", "o"]
        # blank nodes are named differently by each store
        answers.append(sorted(tuple("_:" if isinstance(t, Blank) else t for t in row) for row in rows))
    assert answers[0] == answers[1] == answers[2]
    objects = [row[2] for row in answers[0]]
    assert any(isinstance(o, Text) and o.language == "nl" and o.datatype is None for o in objects)
    assert any(isinstance(o, Text) and o.datatype == "http://www.w3.org/2001/XMLSchema#integer" for o in objects)
    assert any(isinstance(o, str) and o.startswith("https://w3id.org/coalitiegraaf/id/") for o in objects)
    assert not any(isinstance(o, Text) and o.datatype == "http://www.w3.org/2001/XMLSchema#string"
                   for o in objects), "a plain string has no datatype, as rdflib has it"


def test_the_report_asks_an_endpoint_for_each_statement_once(endpoint: EndpointStore, monkeypatch) -> None:
    sent: list[str] = []
    original = EndpointStore._send

    def send(self, sparql, form, fmt):
        sent.append(sparql)
        return original(self, sparql, form, fmt)

    monkeypatch.setattr(EndpointStore, "_send", send)
    from coalitiegraaf.analysis import collect
    from coalitiegraaf.report.model import build_index

    facts = collect(endpoint)
    build_index(endpoint, "nl", facts.evidence_statements)
    evidence = (data_dir("queries") / "analysis" / "evidence.rq").read_text(encoding="utf-8")
    assert sum(sparql.endswith(evidence.split("SELECT", 1)[1]) for sparql in sent) == 1
    assert not any("GRAPH ?g { ?s ?p ?o }" in sparql for sparql in sent), "never every statement"


def files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file()}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_report_is_the_same_on_an_endpoint(endpoint: EndpointStore, oxigraph_store: Store,
                                               tmp_path: Path, lang: str) -> None:
    here = write_report(oxigraph_store, tmp_path / "here", lang=lang, now=NOW)
    there = write_report(endpoint, tmp_path / "there", lang=lang, now=NOW)
    assert (there.pages, there.counts, there.validation, there.findings) == \
        (here.pages, here.counts, here.validation, here.findings)
    assert here.pages > 100 and here.counts["coalition"] == 4
    written_here, written_there = files(tmp_path / "here"), files(tmp_path / "there")
    assert sorted(written_there) == sorted(written_here)
    different = [name for name in written_here if written_here[name] != written_there[name]]
    assert different == []


def test_the_cli_reports_on_an_endpoint(oxigraph_server, tmp_path: Path) -> None:
    result = run("--endpoint", f"{oxigraph_server}/query", "report", "--out", str(tmp_path / "report"))
    assert result.exit_code == 0, result.output
    assert "4 coalities" in result.output
    assert (tmp_path / "report" / "id" / "coalition").is_dir()
