"""Every bound coalitiegraaf puts on what it reads, in one place.

Each bound stops an input before the step it would make expensive: a parser that recurses
until the stack overflows, a query planner whose work grows with the fourth power of a
query's patterns, an expansion that turns a kilobyte into gigabytes. The defaults are far
above what real data and real queries need (the measurements behind them are in the README,
"Errors and exit codes"); each can be raised with an environment variable of the same name in
capitals, e.g. ``COALITIEGRAAF_MAX_QUERY_PATTERNS=200``, and the file size also with
``--max-file-mb``.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, fields

from coalitiegraaf.errors import InputError
from coalitiegraaf.messages import Words

_PREFIX = "COALITIEGRAAF_"


@dataclass(frozen=True)
class Limits:
    """The bounds; the README explains each."""

    max_file_bytes: int = 512 * 1024 * 1024
    max_query_bytes: int = 1024 * 1024
    max_query_tokens: int = 4_000
    max_query_depth: int = 400
    max_query_patterns: int = 64
    max_json_depth: int = 256
    max_jsonld_term_chain: int = 64
    max_triple_term_depth: int = 100
    max_xml_depth: int = 1_000
    max_xml_entity_bytes: int = 1024 * 1024
    max_canonical_seconds: int = 5
    max_yaml_bytes: int = 64 * 1024


def limits() -> Limits:
    """The bounds in force: the defaults, each replaced by its environment variable if set."""
    chosen = {}
    for field in fields(Limits):
        name = _PREFIX + field.name.upper()
        text = os.environ.get(name)
        if text is not None:
            chosen[field.name] = whole_number(text, name)
    return Limits(**chosen)


def raise_with(name: str) -> str:
    """The end of an English message that a bound was exceeded: how to raise it (a message
    said in the run's language takes ``limit_hint``)."""
    return limit_hint(name).said("en")


def limit_hint(name: str) -> Words:
    """How to raise the bound ``name``, in the words of whoever says it."""
    return Words("limit_hint", variable=f"{_PREFIX}{name.upper()}")


def whole_number(text: str | float, name: str) -> int:
    """``text`` as a positive whole number, or an :class:`InputError` that names ``name``."""
    try:
        value = float(text)
    except ValueError:
        raise InputError(key="not_a_number", name=name, value=text) from None
    if not math.isfinite(value) or value <= 0 or value > 2**62:
        raise InputError(key="not_a_positive_number", name=name, value=text)
    return int(value)
