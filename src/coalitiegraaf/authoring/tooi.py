"""Government organisations from KOOP's TOOI value lists, for intake to recognise by name.

The lists themselves (JSON-LD, about 1.4 MB) are not needed at run time: ``data/tooi.csv`` holds
the organisations that exist (no end date), with name, name without its kind and abbreviation,
made by :func:`extract` from the lists in ``../shared/vocab/tooi/`` (see data/TOOI.md for the
versions and the licence). A test makes it again and compares.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

LISTS = (
    "rwc_ministeries_compleet_1",
    "rwc_overige_overheidsorganisaties_compleet_3",
    "rwc_provincies_compleet_1",
    "rwc_waterschappen_compleet_1",
    "rwc_gemeenten_compleet_4",
    "rwc_caribische_openbare_lichamen_compleet_1",
)
_ONT = "https://identifier.overheid.nl/tooi/def/ont/"
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
HEADER = ("iri", "kind", "name", "short_name", "abbreviation")


@dataclass(frozen=True)
class Organisation:
    """A government organisation with its TOOI IRI."""

    iri: str
    kind: str  # ministerie, oorg, provincie, waterschap, gemeente, col
    name: str  # "ministerie van Binnenlandse Zaken en Koninkrijksrelaties"
    short_name: str  # "Binnenlandse Zaken en Koninkrijksrelaties"
    abbreviation: str


def extract(folder: Path) -> bytes:
    """The CSV of current organisations from the TOOI lists in ``folder``."""
    rows = []
    for name in LISTS:
        for entry in json.loads((folder / f"{name}.json").read_text(encoding="utf-8")):
            if (
                _LABEL not in entry
                or f"{_ONT}einddatum" in entry
                or _ONT + "HistorischeVersie" in entry["@type"]
            ):
                continue
            rows.append(
                (
                    entry["@id"],
                    entry["@id"].split("/")[-2],
                    _value(entry, _LABEL),
                    _value(entry, f"{_ONT}voorkeursnaamExclSoort"),
                    _value(entry, f"{_ONT}afkorting"),
                )
            )
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(sorted(rows))
    return out.getvalue().encode("utf-8")


def _value(entry: dict, key: str) -> str:
    values = entry.get(key) or [{}]
    return str(values[0].get("@value", ""))


@cache
def organisations() -> tuple[Organisation, ...]:
    """The shipped extract."""
    text = files("coalitiegraaf.authoring").joinpath("data/tooi.csv").read_text(encoding="utf-8")
    return tuple(Organisation(*row) for row in list(csv.reader(io.StringIO(text)))[1:])
