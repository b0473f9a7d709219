"""Portability: push, query and pull against a second real store, OpenLink Virtuoso 7 (Debian's
``virtuoso-opensource``). Skipped where it is not installed; ``.ci/run`` does not install it."""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.request

import pytest

from coalitiegraaf import catalogue
from coalitiegraaf.publish.push import Service, push
from coalitiegraaf.store import EndpointStore
from tests.cli_helpers import run
from tests.conftest import free_port
from tests.test_catalogue import NAMES, PARAMETERS, golden, normalised

pytestmark = [pytest.mark.slow, pytest.mark.virtuoso,
              pytest.mark.skipif(shutil.which("virtuoso-t") is None, reason="virtuoso-opensource is not installed")]
LETTER_GRAPH = "https://w3id.org/coalitiegraaf/graph/kst-26643-1055"
CONFIG = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DirsAllowed = ., {dir}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 1000000
"""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory, memory_store):
    folder = tmp_path_factory.mktemp("virtuoso")
    sql, http = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(CONFIG.format(dir=folder, sql=sql, http=http))
    process = subprocess.Popen(["virtuoso-t", "+foreground", "+configfile", str(folder / "virtuoso.ini")],
                               cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{http}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/sparql?query=ASK%7B%7D", timeout=2).read()
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("Virtuoso did not start")
            time.sleep(0.3)
    # let the anonymous SPARQL user update and use the Graph Store Protocol
    subprocess.run(["isql-vt", str(sql), "dba", "dba",
                    "exec=GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"],
                   check=True, capture_output=True, timeout=60)
    service = Service.at(f"{base}/sparql", update=f"{base}/sparql", graph_store=f"{base}/sparql-graph-crud")
    result = push(memory_store, service, replace=True)
    yield service, result
    process.terminate()
    process.wait(timeout=30)


def test_push_to_virtuoso_is_checked(virtuoso, memory_store):
    _, result = virtuoso
    assert result.graphs == {str(g): len(memory_store.dataset().graph(g)) for g in memory_store.graph_names()}


# Virtuoso 7.2 gives EXISTS {…} as the integers 0 and 1, not as xsd:boolean (normalised below)
BOOLEAN_COLUMNS = {"themes": 4, "find-node": 2}


@pytest.mark.parametrize("name", NAMES)
def test_every_catalogue_query_answers_the_same_on_virtuoso(virtuoso, name):
    service, _ = virtuoso
    result = catalogue.run(EndpointStore(service.query), catalogue.get(name), PARAMETERS.get(name, {}))
    rows = normalised(result)
    if name in BOOLEAN_COLUMNS:
        column = BOOLEAN_COLUMNS[name]
        rows = sorted(tuple({"0": "false", "1": "true"}.get(v, v) if i == column else v for i, v in enumerate(row))
                      for row in rows)
    variables, expected = golden(name)
    assert (result.variables, rows) == (variables, expected)


def test_pull_from_virtuoso(virtuoso, memory_store, tmp_path):
    import rdflib

    service, _ = virtuoso
    target = tmp_path / "letter.ttl"
    result = run("--endpoint", service.query, "pull", "--out", str(target), "--graph", LETTER_GRAPH, "--format", "ttl")
    assert result.exit_code == 0
    # every statement of the letter's graph comes back
    assert len(rdflib.Graph().parse(target)) == len(memory_store.dataset().graph(rdflib.URIRef(LETTER_GRAPH)))
