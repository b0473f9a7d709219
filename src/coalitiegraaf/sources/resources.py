"""Find the data files (ontology, graph, shapes, queries) in a wheel or in a clone.

In a wheel they are installed inside the package; in a clone (editable install) they are
the top-level folders of the repository. This is the only place that knows both.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

from coalitiegraaf.errors import InputError

DATA_FOLDERS = ("ontology", "graph", "shapes", "queries")


def data_dir(name: str) -> Path:
    """Return the folder holding the shipped ``ontology``, ``graph``, ``shapes`` or ``queries``."""
    if name not in DATA_FOLDERS:
        raise ValueError(f"unknown data folder {name!r}")
    packaged = Path(str(files("coalitiegraaf"))) / name
    if packaged.is_dir():
        return packaged
    clone = Path(__file__).resolve().parents[3] / name
    if clone.is_dir():
        return clone
    raise InputError(key="data_folder_missing", name=name)


@cache
def shipped_query(path: str) -> str:
    """The text of a shipped query or update, by its path in ``queries/`` (``analysis/efforts.rq``),
    read once per process."""
    return (data_dir("queries") / path).read_text(encoding="utf-8")


def load_yaml(text: str, untrusted: bool = False) -> object:
    """Safe YAML loading, by libyaml when PyYAML has it (ten times faster than pure Python).

    ``untrusted`` text (a user's query header) is refused over COALITIEGRAAF_MAX_YAML_BYTES,
    and so are its aliases (``*name``), before anything is built from them: nested, they expand
    a few hundred bytes into gigabytes. Both are a ``yaml.YAMLError``, as bad YAML is."""
    import yaml

    from coalitiegraaf.limits import limits, raise_with

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    if untrusted:
        size, bound = len(text.encode("utf-8", "surrogatepass")), limits().max_yaml_bytes
        if size > bound:
            raise yaml.YAMLError(f"{size:,} bytes of YAML, over the limit of {bound:,}"
                                 f"{raise_with('max_yaml_bytes')}")
        for event in yaml.parse(text, Loader=loader):  # events only: nothing is expanded yet
            if isinstance(event, yaml.AliasEvent):
                raise yaml.MarkedYAMLError(problem="aliases (*name) are not allowed",
                                           problem_mark=event.start_mark)
    return yaml.load(text, Loader=loader)
