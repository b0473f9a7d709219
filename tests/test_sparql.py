"""Reading the form of coalitiegraaf's own queries without parsing them."""

from __future__ import annotations

import pytest

from coalitiegraaf.errors import QueryError
from coalitiegraaf.store.sparql import own_form


@pytest.mark.parametrize(("sparql", "form"), [
    ("SELECT ?s WHERE { ?s ?p ?o }", "select"),
    ("# ASK is not the form\nPREFIX ask: <http://example.org/select#>\nconstruct { ?s ask:p ?o } "
     "WHERE { ?s ?p ?o }", "construct"),
    ("BASE <http://example.org/describe/>\nPREFIX select: <x:>\nAsk { ?s select:p ?o }", "ask"),
    ("DESCRIBE <http://example.org/a>", "describe"),
])
def test_the_form_is_the_first_keyword_after_the_prologue(sparql, form):
    assert own_form(sparql) == form


def test_text_without_a_form_is_refused():
    with pytest.raises(QueryError, match="no SELECT"):
        own_form("PREFIX cg: <https://w3id.org/coalitiegraaf/def#>")
