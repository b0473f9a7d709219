"""coalitiegraaf: the knowledge graph of the agenda "Coalities voor de digitale samenleving".

A notebook needs only a few entry points::

    import coalitiegraaf
    store = coalitiegraaf.load()                       # ontology + shipped graph
    coalitiegraaf.validate(store).counts()             # {'violation': 0, 'warning': …}
    store.query("SELECT ?c WHERE { ?c a cg:Coalition }").rows
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coalitiegraaf.errors import (
    CoalitiegraafError,
    ExportError,
    InputError,
    ParseError,
    QueryError,
    StoreError,
)

__version__ = "0.1.0"

if TYPE_CHECKING:
    from coalitiegraaf.analysis.statistics import stats
    from coalitiegraaf.project import load
    from coalitiegraaf.publish.exports import export, serialize
    from coalitiegraaf.validation.validator import validate

_LAZY = {
    "load": "coalitiegraaf.project",
    "validate": "coalitiegraaf.validation.validator",
    "export": "coalitiegraaf.publish.exports",
    "serialize": "coalitiegraaf.publish.exports",
    "stats": "coalitiegraaf.analysis.statistics",
}


def __getattr__(name: str) -> Any:
    # the entry points pull in rdflib and pyoxigraph; importing them lazily keeps
    # `import coalitiegraaf` (and so `coalitiegraaf --help`) fast
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'coalitiegraaf' has no attribute {name!r}")


__all__ = [
    "CoalitiegraafError",
    "ExportError",
    "InputError",
    "ParseError",
    "QueryError",
    "StoreError",
    "__version__",
    "export",
    "load",
    "serialize",
    "stats",
    "validate",
]
