"""Write files and folders atomically: a reader sees the old one or the new one, never half of either."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from coalitiegraaf.errors import ExportError


def write_atomic(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                                 dir=target.parent)
    except OSError as error:
        raise ExportError(f"{target}: cannot write: {error.strerror or error}") from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temporary).chmod(0o644)
        Path(temporary).replace(target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise ExportError(f"{target}: cannot write: {error.strerror or error}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


@contextlib.contextmanager
def write_atomic_stream(path: Path | str) -> Iterator[TextIO]:
    """A text file to write in pieces; it replaces ``path`` only when the block ends normally."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise ExportError(f"{target}: cannot write: {error.strerror or error}") from None
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        Path(temporary).chmod(0o644)
        Path(temporary).replace(target)
    except OSError as error:
        raise ExportError(f"{target}: cannot write: {error.strerror or error}") from None
    finally:
        Path(temporary).unlink(missing_ok=True)


@contextlib.contextmanager
def staged_folder(path: Path | str, marker: str) -> Iterator[Path]:
    """Fill a fresh folder beside ``path``, then swap it in whole: readers and concurrent runs
    see the old folder or the new one. ``marker`` is a file that identifies folders this
    program made; a folder without it is someone else's and is never replaced."""
    target = Path(path)
    if target.exists() and not (target / marker).exists() and (not target.is_dir() or any(target.iterdir())):
        raise ExportError(f"{target}: exists and was not made by coalitiegraaf; choose another folder")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    except OSError as error:
        raise ExportError(f"{target}: cannot write: {error.strerror or error}") from None
    try:
        yield staging
        (staging / marker).write_bytes(b"")
        staging.chmod(0o755)
        _swap(staging, target)
    except OSError as error:
        raise ExportError(f"{target}: cannot write: {error.strerror or error}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap(staging: Path, target: Path) -> None:
    """Put ``staging`` where ``target`` is, under a lock so that two runs take turns."""
    signals = {signal.SIGINT, signal.SIGTERM}
    with (target.parent / f".{target.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        # between the two renames there is no folder at all: finish them before a signal lands
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
        try:
            _rename_into_place(staging, target)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _rename_into_place(staging: Path, target: Path) -> None:
    retired = target.with_name(f".{target.name}.{os.getpid()}.old")
    if target.exists():
        target.rename(retired)
    try:
        staging.rename(target)
    except OSError:
        if retired.exists():
            retired.rename(target)
        raise
    shutil.rmtree(retired, ignore_errors=True)
