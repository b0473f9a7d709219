"""Build the distributable dataset: validate, then write it in the four main RDF formats and as
CSV tables of nodes and edges, describe it (VoID and DCAT) for catalogues, and document the
ontology as HTML."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from coalitiegraaf.publish.description import DEFAULT_ENDPOINT, describe, write_description
from coalitiegraaf.publish.exports import export, extension
from coalitiegraaf.publish.ontology_docs import ontology_page
from coalitiegraaf.sources.files import write_atomic
from coalitiegraaf.store import Store
from coalitiegraaf.validation.validator import ValidationReport, validate

BUILD_FORMATS = ("ttl", "nt", "trig", "jsonld", "nodes-csv", "edges-csv")
BUILD_NAME = "coalitiegraaf"


@dataclass
class BuildResult:
    """The validation report and the files written (none when there were violations)."""

    report: ValidationReport
    written: list[Path] = field(default_factory=list)


def build(store: Store, out: Path | str, lang: str = "nl",
          endpoint_url: str = DEFAULT_ENDPOINT) -> BuildResult:
    """Validate ``store``; if it has no violations, write it to ``out`` in every build format,
    with its JSON-LD context, its catalogue description and the ontology's documentation."""
    from coalitiegraaf.sources.resources import data_dir

    report = validate(store, lang=lang)
    result = BuildResult(report)
    if report.fails("violation"):
        return result
    for fmt in BUILD_FORMATS:
        result.written.append(export(store, fmt, Path(out) / f"{BUILD_NAME}{extension(fmt)}"))
    description = write_description(describe(store, result.written, endpoint_url))
    context = (data_dir("ontology") / "context.jsonld").read_bytes()
    result.written.append(write_atomic(Path(out) / "context.jsonld", context))
    result.written.append(write_atomic(Path(out) / "void.ttl", description))
    result.written.append(write_atomic(Path(out) / "ontology.html", ontology_page(store)))
    return result
