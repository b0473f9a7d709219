"""coalitiegraaf queries"""

from __future__ import annotations

import json

from tests.cli_helpers import run
from tests.test_catalogue import NAMES


def test_queries_lists_the_catalogue():
    result = run("queries", "--lang", "en")
    assert result.exit_code == 0
    for name in NAMES:
        assert name in result.stdout


def test_queries_as_json_has_titles_and_parameters():
    listing = {q["name"]: q for q in json.loads(run("queries", "--format", "json").stdout)}
    assert sorted(listing) == NAMES
    assert listing["overlap"]["parameters"] == {"min": {"type": "integer", "default": "2", "required": False}}
    assert listing["members"]["title"] == "Deelnemers per coalitie en samenwerkingsverband"
