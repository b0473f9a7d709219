"""coalitiegraaf build"""

from __future__ import annotations

import pytest
import rdflib

from tests.cli_helpers import run
from tests.conftest import FIXTURES

NAMES = ["coalitiegraaf.edges.csv", "coalitiegraaf.jsonld", "coalitiegraaf.nodes.csv", "coalitiegraaf.nt",
         "coalitiegraaf.trig", "coalitiegraaf.ttl", "context.jsonld", "ontology.html", "void.ttl"]
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DATASET = rdflib.URIRef("https://w3id.org/coalitiegraaf/id/dataset/coalitiegraaf")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    result = run("build", "--out", str(out))
    assert result.exit_code == 0
    return out, result


def test_build_writes_the_formats_tables_and_ontology_page(built):
    out, result = built
    assert sorted(p.name for p in out.iterdir()) == NAMES
    assert "0 overtredingen, 30 waarschuwingen, 8 meldingen" in result.stdout
    turtle = rdflib.Graph().parse(out / "coalitiegraaf.ttl")
    jsonld = rdflib.Dataset().parse(out / "coalitiegraaf.jsonld", format="json-ld")
    assert len(turtle) == len({(s, p, o) for s, p, o, _ in jsonld.quads()}) > 4000


def test_build_writes_nothing_when_there_are_violations(tmp_path):
    out = tmp_path / "dist"
    result = run("build", "--out", str(out), "--data", str(FIXTURES / "shapes" / "broken.ttl"))
    assert result.exit_code == 1
    assert "Niet geschreven: de validatie vond overtredingen" in result.stdout
    assert not out.exists()


def test_void_conforms_to_dcat_ap_nl(built):
    import pyshacl

    from tests.conftest import VOCAB

    if not VOCAB.exists():
        pytest.skip("../shared/vocab is not present")
    out, _ = built
    shapes = rdflib.Graph().parse(VOCAB / "dcat-ap-nl" / "dcat-ap-nl-SHACL.ttl")
    conforms, _, text = pyshacl.validate(rdflib.Graph().parse(out / "void.ttl"), shacl_graph=shapes)
    assert conforms, text


def test_void_counts_every_dump_exactly(built):
    out, _ = built
    description = rdflib.Graph().parse(out / "void.ttl")
    for name in ("coalitiegraaf.ttl", "coalitiegraaf.nt"):
        assert len(rdflib.Graph().parse(out / name)) == int(description.value(DATASET, VOID.triples)), name
    subsets = {str(description.value(s, rdflib.URIRef("http://www.w3.org/ns/sparql-service-description#name"))):
               int(description.value(s, VOID.triples)) for s in description.objects(DATASET, VOID.subset)}
    for name, fmt in (("coalitiegraaf.trig", "trig"), ("coalitiegraaf.jsonld", "json-ld")):
        dataset = rdflib.Dataset().parse(out / name, format=fmt)
        assert {str(g.identifier): len(g) for g in dataset.graphs() if len(g)} == subsets, name


def test_every_file_written_is_a_distribution_with_its_size_and_checksum(built):
    import hashlib

    out, _ = built
    description = rdflib.Graph().parse(out / "void.ttl")
    spdx = rdflib.Namespace("http://spdx.org/rdf/terms#")
    found = {}
    for distribution in description.objects(DATASET, DCAT.distribution):
        url = description.value(distribution, DCAT.downloadURL)
        path = out / str(url).rsplit("/", 1)[-1]
        assert str(url) == path.as_uri()  # relative: resolved against where void.ttl is
        data = path.read_bytes()
        checksum = description.value(distribution, spdx.checksum)
        found[path.name] = (int(description.value(distribution, DCAT.byteSize)),
                            str(description.value(checksum, spdx.checksumValue)))
        assert found[path.name] == (len(data), hashlib.sha256(data).hexdigest())
    assert sorted(found) == [n for n in NAMES if n.startswith("coalitiegraaf.")]
    service = next(description.subjects(DCAT.servesDataset, DATASET))
    assert description.value(service, DCAT.endpointURL) == rdflib.URIRef("http://127.0.0.1:7878/query")


def test_the_description_and_the_ontology_page_carry_no_date(built, oxigraph_store, monkeypatch):
    """The dumps are checked day by day in test_exports.py; these are the files build adds."""
    from coalitiegraaf.publish.description import describe, write_description
    from coalitiegraaf.publish.ontology_docs import ontology_page
    from tests.conftest import set_clock

    out, _ = built
    dumps = sorted(out.glob("coalitiegraaf.*"))

    def written_on(day: str) -> tuple[bytes, bytes]:
        set_clock(monkeypatch, day)
        return write_description(describe(oxigraph_store, dumps)), ontology_page(oxigraph_store)

    assert written_on("2030-01-01") == written_on("2031-06-15") == ((out / "void.ttl").read_bytes(),
                                                                    (out / "ontology.html").read_bytes())


def test_build_documents_the_ontology_in_both_languages(built):
    out, _ = built
    page = (out / "ontology.html").read_text(encoding="utf-8")
    assert '<section class="term" id="cg:Coalition">' in page
    coalition = page.split('id="cg:Coalition">')[1].split("</section>")[0]
    assert "coalitie" in coalition and "coalition" in coalition
    assert "org:OrganizationalCollaboration" in coalition
    assert page.count('<section class="term"') > 56 + 64


def test_the_csv_tables_hold_every_node_and_link(built):
    import csv

    out, _ = built
    with (out / "coalitiegraaf.nodes.csv").open(encoding="utf-8") as handle:
        nodes = {row["node"]: row for row in csv.DictReader(handle)}
    vng = nodes["https://w3id.org/coalitiegraaf/id/actor/vng"]
    assert (vng["labelNl"], vng["labelEn"]) == ("Vereniging van Nederlandse Gemeenten", "Association of Netherlands Municipalities")
    with (out / "coalitiegraaf.edges.csv").open(encoding="utf-8") as handle:
        edges = {(r["source"], r["relation"], r["target"]) for r in csv.DictReader(handle)}
    assert ("https://w3id.org/coalitiegraaf/id/membership/digitale-ethiek--vng", "http://www.w3.org/ns/org#member",
            "https://w3id.org/coalitiegraaf/id/actor/vng") in edges
    assert {s for s, _, _ in edges} | {t for _, _, t in edges} <= set(nodes)


def test_the_ontology_page_states_every_axiom_in_both_languages(built, memory_store):
    import html
    import re

    from rdflib.namespace import OWL, RDF, RDFS

    from coalitiegraaf.analysis.labels import short_iri
    from coalitiegraaf.store.namespaces import ONTOLOGY_GRAPH

    out, _ = built
    page = (out / "ontology.html").read_text(encoding="utf-8")
    ontology = memory_store.dataset().graph(ONTOLOGY_GRAPH)

    def section(term) -> str:
        text = page.split(f'id="{short_iri(term)}">', 1)[1].split("</section>", 1)[0]
        return html.unescape(re.sub(r"<[^>]+>", "", text))

    restrictions = list(ontology.subjects(RDF.type, OWL.Restriction))
    assert len(restrictions) >= 11
    for restriction in restrictions:
        (owner,) = ontology.subjects(RDFS.subClassOf, restriction)
        on, filler = short_iri(ontology.value(restriction, OWL.onProperty)), short_iri(ontology.value(restriction, OWL.allValuesFrom))
        text = section(owner)
        assert f"elke waarde van {on} is een {filler} / is a subclass of: every value of {on} is a {filler}" in text
    for left, right in ontology.subject_objects(OWL.inverseOf):
        assert f"is het omgekeerde van {short_iri(right)} / is the inverse of {short_iri(right)}" in section(left)
        assert f"is het omgekeerde van {short_iri(left)} / is the inverse of {short_iri(left)}" in section(right)
    for kind, words in ((OWL.TransitiveProperty, "is transitief / is transitive"),
                        (OWL.SymmetricProperty, "is symmetrisch / is symmetric")):
        properties = list(ontology.subjects(RDF.type, kind))
        assert properties
        for prop in properties:
            assert words in section(prop)


def test_the_ontology_page_links_only_to_http_and_mailto(tmp_path):
    from rdflib.namespace import DCTERMS, OWL, RDF

    from coalitiegraaf.project import load
    from coalitiegraaf.publish.ontology_docs import ontology_page
    from coalitiegraaf.store.namespaces import ONTOLOGY_GRAPH

    store = load(store="memory")
    ontology = store.dataset().graph(ONTOLOGY_GRAPH)
    (iri,) = ontology.subjects(RDF.type, OWL.Ontology)
    ontology.set((iri, DCTERMS.license, rdflib.URIRef("javascript:alert(document.cookie)")))
    page = ontology_page(store).decode("utf-8")
    assert "javascript:alert(document.cookie)" in page
    assert 'href="javascript:' not in page
    import re

    assert {href.split(":", 1)[0] for href in re.findall(r'href="([^"#][^"]*)"', page)} <= {"http", "https", "mailto"}
