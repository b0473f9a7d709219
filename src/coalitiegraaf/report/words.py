"""The report's words (``messages.yaml``): its pages', and the command line's where it names
what the report shows (a finding's kind, a strength). A module of their own, so that the
command line can say them without importing the pages (Jinja2, the validation)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from coalitiegraaf.sources.resources import shipped_yaml


@cache
def messages() -> dict[str, dict[str, str]]:
    return shipped_yaml(Path(__file__).parent / "messages.yaml")


def translate(key: str, lang: str, **values: object) -> str:
    """The report's text for ``key`` in ``lang`` (Dutch where it has none, the key where
    neither), with ``values`` filled in."""
    text = messages().get(key, {}).get(lang) or messages().get(key, {}).get("nl") or key
    return text.format(**values) if values else text
