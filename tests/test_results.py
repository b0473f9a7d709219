"""Query results for analysts: rows as dictionaries with numbers as numbers, and a DataFrame."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from coalitiegraaf.project import load

VALUES = """SELECT ?count ?share ?flag ?day ?text ?label ?iri ?broken ?missing WHERE {
  VALUES (?count ?share ?flag ?day ?text ?label ?iri ?broken ?missing) {
    (3 0.5 true "2023-07-07"^^<http://www.w3.org/2001/XMLSchema#date> "vrij" "VNG"@nl <https://example.org/a>
     "drie"^^<http://www.w3.org/2001/XMLSchema#integer> UNDEF)
  }
}"""


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def result(request):
    return load(store=request.param).query(VALUES)


def test_records_give_python_values(result):
    assert result.records() == [{"count": 3, "share": Decimal("0.5"), "flag": True,
                                 "day": datetime.date(2023, 7, 7), "text": "vrij", "label": "VNG",
                                 "iri": "https://example.org/a", "broken": "drie"}]


def test_a_dataframe_has_a_column_per_variable(result):
    frame = result.to_dataframe()
    assert list(frame.columns) == result.variables
    assert frame["count"].iloc[0] == 3 and frame["broken"].iloc[0] == "drie"
