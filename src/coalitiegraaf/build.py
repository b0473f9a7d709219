"""Build the distributable dataset: validate, then write it in the four main formats."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from coalitiegraaf.exports import export, extension
from coalitiegraaf.store import Store
from coalitiegraaf.validation import ValidationReport, validate

BUILD_FORMATS = ("ttl", "nt", "trig", "jsonld")
BUILD_NAME = "coalitiegraaf"


@dataclass
class BuildResult:
    """The validation report and the files written (none when there were violations)."""

    report: ValidationReport
    written: list[Path] = field(default_factory=list)


def build(store: Store, out: Path | str, lang: str = "nl") -> BuildResult:
    """Validate ``store``; if it has no violations, write it to ``out`` in every build format."""
    report = validate(store, lang=lang)
    result = BuildResult(report)
    if report.fails("violation"):
        return result
    for fmt in BUILD_FORMATS:
        result.written.append(export(store, fmt, Path(out) / f"{BUILD_NAME}{extension(fmt)}"))
    return result
