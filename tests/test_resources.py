"""The package's YAML (its words, the queries' headers) parsed once per install: kept as JSON
beside the file, given back exactly as PyYAML parses it, and parsed again whenever the file
changed or the kept copy cannot be trusted."""

from __future__ import annotations

import dataclasses
import datetime
import shutil
from pathlib import Path

import pytest

from coalitiegraaf import catalogue
from coalitiegraaf.errors import ParseError
from coalitiegraaf.sources import resources
from coalitiegraaf.sources.resources import data_dir, load_yaml, shipped_yaml
from tests.conftest import ROOT

WORDS = [ROOT / "src" / "coalitiegraaf" / name
         for name in ("messages.yaml", "analysis/words.yaml", "report/messages.yaml")]


def kept(path: Path) -> Path:
    return path.parent / "__pycache__" / f"{path.name}.json"


def refused(*_args: object, **_kwargs: object) -> None:
    """In place of PyYAML: whatever is returned comes from the kept copy."""
    raise AssertionError("parsed again")


@pytest.mark.parametrize("source", WORDS, ids=lambda p: str(p.relative_to(ROOT / "src")))
def test_the_words_come_back_from_the_kept_copy_as_parsed(source, tmp_path, monkeypatch):
    copy = tmp_path / source.name
    shutil.copy(source, copy)
    parsed = load_yaml(source.read_text(encoding="utf-8"))
    assert shipped_yaml(copy) == parsed
    assert kept(copy).is_file()
    monkeypatch.setattr(resources, "load_yaml", refused)
    assert shipped_yaml(copy) == parsed


def test_a_changed_file_is_parsed_again(tmp_path):
    words = tmp_path / "words.yaml"
    words.write_text("greeting: {nl: hallo, en: hello}\n", encoding="utf-8")
    assert shipped_yaml(words) == {"greeting": {"nl": "hallo", "en": "hello"}}
    words.write_text("greeting: {nl: dag, en: bye}\n", encoding="utf-8")
    assert shipped_yaml(words) == {"greeting": {"nl": "dag", "en": "bye"}}


@pytest.mark.parametrize("copy", [b"\x00garbage", b"[1, 2]", b'{"sha256": "0", "content": {}}',
                                  b'{"content": {"greeting": "planted"}}'])
def test_a_kept_copy_that_cannot_be_trusted_is_parsed_again_and_replaced(copy, tmp_path):
    words = tmp_path / "words.yaml"
    words.write_text("greeting: hallo\n", encoding="utf-8")
    kept(words).parent.mkdir()
    kept(words).write_bytes(copy)
    assert shipped_yaml(words) == {"greeting": "hallo"}
    assert b'"sha256"' in kept(words).read_bytes() and b"hallo" in kept(words).read_bytes()


@pytest.mark.parametrize("text, content", [("1: een\n", {1: "een"}),
                                           ("date: 2023-07-07\n", {"date": datetime.date(2023, 7, 7)})])
def test_what_json_cannot_give_back_is_not_kept(text, content, tmp_path):
    words = tmp_path / "words.yaml"
    words.write_text(text, encoding="utf-8")
    assert shipped_yaml(words) == content
    assert not kept(words).exists()


def test_where_nothing_can_be_kept_the_file_is_parsed_each_time(tmp_path):
    words = tmp_path / "words.yaml"
    words.write_text("greeting: hallo\n", encoding="utf-8")
    (tmp_path / "__pycache__").write_text("a file where the folder would be")
    assert shipped_yaml(words) == {"greeting": "hallo"}
    assert shipped_yaml(words) == {"greeting": "hallo"}


@pytest.mark.parametrize("path", sorted(data_dir("queries").glob("*.rq")), ids=lambda p: p.stem)
def test_a_shipped_query_reads_its_header_as_any_query_does(path, monkeypatch):
    text = path.read_text(encoding="utf-8")
    parsed = catalogue.parse_query(text, path)
    catalogue.get(path.stem)  # the kept copy made, if it was not there
    monkeypatch.setattr(resources, "load_yaml", refused)
    shipped = catalogue.parse_query(text, path, shipped=True)
    assert dataclasses.replace(shipped, shipped=False) == parsed


def test_a_shipped_query_with_a_broken_header_says_where(tmp_path):
    query = tmp_path / "broken.rq"
    query.write_text("#+ title: {nl: een, en: one}\n#+ question: [\nSELECT * WHERE { ?s ?p ?o }\n",
                     encoding="utf-8")
    with pytest.raises(ParseError) as raised:
        catalogue.parse_query(query.read_text(encoding="utf-8"), query, shipped=True)
    assert raised.value.key == "header_bad_yaml" and raised.value.line == 3
