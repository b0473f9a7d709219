"""The tool's own words, one language per run: help, messages, table headers and footers
(``messages.yaml``, Dutch first, English beside). The words of findings live in
``analysis/words.yaml`` and of the report in ``report/messages.yaml``; labels of nodes come
from the graph.

The language of a run is ``--lang`` when given, else ``COALITIEGRAAF_LANG``, else the
locale's (``LC_ALL``, ``LC_MESSAGES``, ``LANG``) when it is one coalitiegraaf speaks, else
Dutch.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

LANGUAGES = ("nl", "en")
DEFAULT = "nl"


@cache
def catalogue() -> dict[str, dict[str, str]]:
    from coalitiegraaf.sources.resources import shipped_yaml

    return shipped_yaml(Path(__file__).parent / "messages.yaml")


def say(key: str, lang: str, **values: object) -> str:
    """The words for ``key`` in ``lang``, with ``values`` filled in; a value that can be said
    (:class:`Words`, or anything with a ``said(lang)``) is said in ``lang`` too."""
    entry = catalogue()[key]
    return (entry.get(lang) or entry[DEFAULT]).format(**{name: in_language(value, lang)
                                                         for name, value in values.items()})


def in_language(value: object, lang: str) -> object:
    """``value`` said in ``lang``: words that can be said (:class:`Words`, or anything with a
    ``said(lang)``), or words given in every language (a mapping from language to text, such
    as the labels of a node), so that an error raised in a library says them in the language
    of the run that reports it; any other value as it is."""
    if hasattr(value, "said"):
        return value.said(lang)
    if isinstance(value, Mapping) and value and set(value) <= set(LANGUAGES):
        return value.get(lang) or value.get(DEFAULT) or next(iter(value.values()))
    return value


def say_count(key: str, count: int, lang: str, **values: object) -> str:
    """``key``'s words for ``count`` things: ``KEY_one`` for one, ``KEY`` for none or more."""
    return say(f"{key}_one" if count == 1 else key, lang, count=count, **values)


class Words:
    """Words of the catalogue to be said later, in the language of whoever says them: part of
    a message built where the language is not known (``how to raise a limit``)."""

    def __init__(self, key: str, **values: object) -> None:
        self.key = key
        self.values = values

    def said(self, lang: str) -> str:
        return say(self.key, lang, **self.values)

    def __str__(self) -> str:
        return self.said(language())

    def __repr__(self) -> str:
        return f"Words({self.key!r})"


def language(arguments: Sequence[str] = (), environ: dict[str, str] | None = None) -> str:
    """The language of a run: ``--lang X`` or ``--lang=X`` among ``arguments`` (the last one,
    as the command line reads it), else the environment's."""
    given = None
    for position, argument in enumerate(arguments):
        if argument == "--lang" and position + 1 < len(arguments):
            value = arguments[position + 1]
        elif argument.startswith("--lang="):
            value = argument.split("=", 1)[1]
        else:
            continue
        if value in LANGUAGES:
            given = value
    if given:
        return given
    environ = os.environ if environ is None else environ
    chosen = environ.get("COALITIEGRAAF_LANG", "")
    if chosen in LANGUAGES:
        return chosen
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        locale = environ.get(variable, "")
        if locale:
            code = locale.split("_")[0].split(".")[0].lower()
            return code if code in LANGUAGES else DEFAULT
    return DEFAULT
