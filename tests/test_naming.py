"""The names people type for nodes: one resolver for the catalogue and the analyses."""

from __future__ import annotations

import pytest

from coalitiegraaf import analysis, catalogue, naming
from coalitiegraaf.errors import QueryError
from coalitiegraaf.project import load
from tests.cli_helpers import run
from tests.conftest import ID

COLLABORATION = ID + "collaboration/geodatafundament"
INFRASTRUCTURE = ID + "initiative/geodatafundament"


def _error(store, text, node_class=None, option="--node ") -> QueryError:
    with pytest.raises(QueryError) as raised:
        naming.resolve(store, text, node_class, option)
    return raised.value


def test_an_ambiguous_name_lists_labels_and_kinds_and_how_to_pick(store):
    # the letter has a collaboration (p56) and an infrastructure of that name
    error = _error(store, "geodata")
    assert error.text("nl") == (
        "2 knopen hebben een label als 'geodata': Geodatafundament (infrastructuur); Geodatafundament "
        "voor het fysieke domein (samenwerkingsverband). Kies er één zoals het hier staat, met de "
        'soort, bijv. --node "Geodatafundament (infrastructuur)"')
    assert error.text("en") == (
        "2 nodes have a label like 'geodata': Geodata foundation (infrastructure); Geodata foundation "
        "for the physical domain (collaboration). Pick one as written here, with its kind, e.g. "
        '--node "Geodata foundation (infrastructure)"')


@pytest.mark.parametrize(("text", "node"), [
    ("Geodatafundament voor het fysieke domein (samenwerkingsverband)", COLLABORATION),
    ("geodatafundament (samenwerkingsverband)", COLLABORATION),
    ("Geodata foundation (collaboration)", COLLABORATION),
    ("Geodatafundament (infrastructuur)", INFRASTRUCTURE),
    ("geodatafundament (initiatief)", INFRASTRUCTURE),  # a kind it has through its superclass
    ("collaboration/geodatafundament", COLLABORATION),
    ("VNG", ID + "actor/vng"),
])
def test_a_name_with_its_kind_or_an_id_path_resolves(store, text, node):
    assert str(naming.resolve(store, text)) == node


def test_every_name_an_error_offers_resolves_to_its_node(store):
    error = _error(store, "Minister van")
    offered = error.text("nl").split(": ", 1)[1].split(". Kies")[0].split("; ")
    assert len(offered) == 4
    assert {str(naming.resolve(store, name)) for name in offered} == {
        ID + f"actor/minister-{short}" for short in ("jenv", "ezk", "ienw", "vws")}


def test_a_name_of_the_wrong_kind_says_what_it_is_and_what_fits(store):
    error = _error(store, "VNG", naming.CG + "Coalition", "--param coalition=")
    assert error.text("en") == (
        "'VNG' names no coalition: it names Association of Netherlands Municipalities (public "
        "organisation). What fits: coalitiegraaf query organisation --param organisation=VNG, "
        "coalitiegraaf analyse organisation --node VNG, coalitiegraaf query describe --param node=VNG")
    assert error.text("nl").startswith("'VNG' is geen coalitie: zo heet Vereniging van Nederlandse "
                                       "Gemeenten (overheidsorganisatie).")


def test_a_theme_given_as_an_actor_points_to_the_theme_query(store):
    error = _error(store, "digitale ethiek", naming.CG + "Actor")
    assert error.text("nl") == (
        "'digitale ethiek' is geen actor: zo heet Digitale ethiek (thema). Wat wel past: coalitiegraaf "
        'query documents --param theme="digitale ethiek", coalitiegraaf query describe --param '
        'node="digitale ethiek"')


def test_the_organisation_query_takes_actors_only(store):
    error = _error(store, "digitale ethiek", catalogue.get("organisation").parameters[0].node_class)
    assert error.text("en").startswith("'digitale ethiek' names no actor: it names Digital ethics (theme).")
    assert str(catalogue.resolve_node(store, "EZK", naming.ACTOR)) == ID + "actor/ezk"


def test_an_unknown_name(store):
    assert _error(store, "Atlantis").text("en") == "no node has a label like 'Atlantis'"


def test_the_catalogue_and_the_analyses_resolve_alike(store):
    facts = analysis.collect(store)
    for text in ("BDI", "geodatafundament (samenwerkingsverband)", "actor/ezk"):
        assert facts.resolve(text) == str(catalogue.resolve_node(store, text))


def test_the_cli_lists_the_candidates_in_the_language_of_the_run(monkeypatch):
    monkeypatch.setenv("COALITIEGRAAF_LANG", "en")
    result = run("analyse", "impact", "--node", "geodata")
    assert result.exit_code == 2
    assert "Geodata foundation for the physical domain (collaboration)" in result.stderr
    result = run("query", "members", "--param", "coalition=VNG")
    assert result.exit_code == 2
    assert "'VNG' names no coalition" in result.stderr
    assert "query describe --param node=VNG" in result.stderr


def test_the_cli_takes_the_name_it_offered():
    picked = run("analyse", "impact", "--node", "Geodatafundament (infrastructuur)", "--format", "json")
    by_iri = run("analyse", "impact", "--node", INFRASTRUCTURE, "--format", "json")
    assert picked.exit_code == 0
    assert picked.stdout == by_iri.stdout


def test_an_iri_or_a_prefixed_name_is_taken_as_it_is(store):
    assert str(naming.resolve(store, "cg:Coalition")) == naming.CG + "Coalition"
    assert str(naming.resolve(store, f"<{COLLABORATION}>")) == COLLABORATION
    assert _error(store, "https://exa mple.org/x").text("en") == "no node has a label like 'https://exa mple.org/x'"
    assert _error(store, "https://[bad/x").text("en").startswith("'https://[bad/x' is not an absolute IRI: ")


# beside the letter's VNG (prefLabel "VNG"@nl), a node named like it in another case, and one
# that has the letter's abbreviation BDI as written
NAMED_ALIKE = """
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://example.org/vng-lowercase> skos:prefLabel "Vng"@nl .
<https://example.org/bdi-too> skos:altLabel "BDI" .
"""


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def named_alike(request, tmp_path_factory):
    data = tmp_path_factory.mktemp("named-alike") / "alike.ttl"
    data.write_text(NAMED_ALIKE, encoding="utf-8")
    return load([data], store=request.param)


def test_a_name_as_written_wins_over_one_that_differs_in_case(named_alike):
    assert naming.as_written(named_alike, "VNG") == [ID + "actor/vng"]
    assert str(naming.resolve(named_alike, "VNG")) == ID + "actor/vng"
    assert str(naming.resolve(named_alike, "Vng")) == "https://example.org/vng-lowercase"
    # written as neither, the name is compared ignoring case: both nodes have it
    assert _error(named_alike, "vng").text("en").startswith("2 nodes have a label like 'vng': ")


def test_a_name_two_nodes_have_as_written_is_ambiguous(named_alike):
    assert len(naming.as_written(named_alike, "BDI")) == 2
    assert _error(named_alike, "BDI").text("en").startswith("2 nodes have a label like 'BDI': ")


def test_a_name_as_written_is_found_among_the_class_asked_for_only(store):
    # VNG as written is an organisation: asked among coalitions, resolve compares it ignoring case
    assert naming.as_written(store, "VNG", naming.CG + "Coalition") == []
    assert naming.as_written(store, "VNG", naming.ACTOR) == [ID + "actor/vng"]
    assert naming.as_written(store, "Digitale ethiek") == [ID + "theme/digitale-ethiek"]
    assert naming.as_written(store, "Digital ethics") == [ID + "theme/digitale-ethiek"]
