"""SHACL validation with two engines (pySHACL, and the shapes compiled to SPARQL in
:mod:`.shacl`) and the readable report (:mod:`.validator`)."""

from coalitiegraaf.validation.validator import ValidationReport, validate

__all__ = ["ValidationReport", "validate"]
