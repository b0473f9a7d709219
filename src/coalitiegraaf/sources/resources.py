"""Find the data files (ontology, graph, shapes, queries) in a wheel or in a clone.

In a wheel they are installed inside the package; in a clone (editable install) they are
the top-level folders of the repository. This is the only place that knows both.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
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


def shipped_yaml(path: Path, text: str | None = None) -> object:
    """The YAML of a file shipped with the package (its words; ``text`` where only part of the
    file is YAML: a query's header), parsed once per install rather than once per run.
    Importing PyYAML and parsing the command line's words take 35 to 60 ms of every command;
    JSON reads them in a millisecond. The parse is kept as JSON, with the checksum of what was
    parsed, in the ``__pycache__`` folder beside the file, where Python keeps a module's
    bytecode: as trusted as the code, and written by whoever may write the code. A changed file
    is parsed again. Only content that JSON gives back exactly is kept (text, numbers, lists,
    mappings with text keys)."""
    source = path.read_bytes() if text is None else text.encode("utf-8")
    checksum = hashlib.sha256(source).hexdigest()
    kept = path.parent / "__pycache__" / f"{path.name}.json"
    with contextlib.suppress(OSError, ValueError):
        cached = json.loads(kept.read_bytes())
        if isinstance(cached, dict) and cached.get("sha256") == checksum and "content" in cached:
            return cached["content"]
    content = load_yaml(source.decode("utf-8"))
    _keep(kept, checksum, content)
    return content


def _keep(kept: Path, checksum: str, content: object) -> None:
    try:
        text = json.dumps({"sha256": checksum, "content": content}, ensure_ascii=False)
    except (TypeError, ValueError):  # a date, a set: not JSON
        return
    if json.loads(text)["content"] != content:  # a number as a key, a tuple: not given back
        return
    from coalitiegraaf.sources.files import write_atomic

    # a read-only install, a full disk: parsed again next run, no more
    with contextlib.suppress(OSError):
        kept.parent.mkdir(exist_ok=True)
        write_atomic(kept, text.encode("utf-8"))
