"""Read input files within bounds, and write files and folders atomically: a reader sees the
old one or the new one, never half of either."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import signal
import stat
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO, TextIO

from coalitiegraaf.errors import ExportError, InputError, ParseError
from coalitiegraaf.messages import Words

_KINDS = {stat.S_IFIFO: "file_kind_fifo", stat.S_IFCHR: "file_kind_character_device",
          stat.S_IFBLK: "file_kind_block_device", stat.S_IFSOCK: "file_kind_socket",
          stat.S_IFDIR: "file_kind_folder"}


def read_input(path: Path | str, max_bytes: int, pipes: bool = False, limit_hint: str = "") -> bytes:
    """The bytes of the file at ``path``, refused (:class:`ParseError`) if there are more than
    ``max_bytes``. A pipe, device or socket is refused unless ``pipes`` is true, and then read
    up to the bound too: neither a pipe without a writer nor ``/dev/zero`` (or a link to it)
    can make a read wait or grow for ever. ``limit_hint`` says how to raise the bound."""
    path = Path(path)
    try:
        kind = stat.S_IFMT(path.stat().st_mode)
        if kind == stat.S_IFDIR:
            raise ParseError(path, key="read_folder")
        if kind != stat.S_IFREG and not pipes:
            raise ParseError(path, key="read_not_a_file", kind=Words(_KINDS.get(kind, "file_kind_other")))
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY)
    except FileNotFoundError:
        raise ParseError(path, key="read_no_such_file") from None
    except OSError as error:
        raise ParseError(path, error.strerror or str(error)) from None
    with open(descriptor, "rb", buffering=0) as handle:  # noqa: PTH123 - a descriptor, not a path
        try:
            info = os.fstat(descriptor)
            if stat.S_IFMT(info.st_mode) != kind:  # replaced between the look and the open
                raise ParseError(path, key="changed_while_opened")
            if kind == stat.S_IFREG and info.st_size > max_bytes:
                raise ParseError(path, key="read_too_large", size=f"{info.st_size:,}", limit=f"{max_bytes:,}",
                                 hint=limit_hint)
            os.set_blocking(descriptor, True)  # a pipe the user named: wait for its writer
            # a regular file in one read of its size (and one more byte, to see it did not grow
            # past the bound): no pieces to join, which copied a large file once more
            size = info.st_size + 1 if kind == stat.S_IFREG else 0
            return read_stream(handle, max_bytes, path, limit_hint, size)
        except OSError as error:
            raise ParseError(path, error.strerror or str(error)) from None


def read_stream(stream: BinaryIO, max_bytes: int, name: Path | str, limit_hint: str = "",
                expected: int = 0) -> bytes:
    """What ``stream`` (``name`` in messages) gives until its end, refused if that is more
    than ``max_bytes``: no more than one byte beyond the bound is ever read. ``expected``, how
    much the stream is likely to hold, is read at once."""
    pieces, left = [], max_bytes + 1
    chunk = max(expected, 1 << 20)
    while left > 0:
        piece = stream.read(min(left, chunk))
        if not piece:
            break
        pieces.append(piece)
        left -= len(piece)
    if left <= 0:
        raise ParseError(name, key="read_over_limit", limit=f"{max_bytes:,}", hint=limit_hint)
    return b"".join(pieces)


def write_atomic(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename (see
    :func:`write_atomic_stream` for targets that are not files)."""
    with _output(path, binary=True) as handle:
        handle.write(data)
    return Path(path)


def write_atomic_stream(path: Path | str) -> contextlib.AbstractContextManager[TextIO]:
    """A text file to write in pieces; it replaces ``path`` only when the block ends normally.

    What ``path`` is decides how: a new file or a regular one is replaced atomically (through a
    link, the file it links to, and the link stays); a character device or a pipe
    (``/dev/stdout``, ``/dev/null``, a FIFO) is written through, never replaced; a folder, a
    block device or a socket is refused."""
    return _output(path, binary=False)


@contextlib.contextmanager
def _output(path: Path | str, binary: bool) -> Iterator:
    target = Path(path)
    replaced = _replaced_file(target)
    if replaced is None:
        yield from _written_through(target, binary)
        return
    try:
        replaced.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=f".{replaced.name}.", suffix=".tmp",
                                                 dir=replaced.parent)
    except OSError as error:
        raise ExportError(key="cannot_write", path=target, reason=error.strerror or error) from None
    try:
        text = {} if binary else {"encoding": "utf-8", "newline": "\n"}
        with os.fdopen(descriptor, "wb" if binary else "w", **text) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        Path(temporary).chmod(0o644)
        Path(temporary).replace(replaced)
    except OSError as error:
        raise ExportError(key="cannot_write", path=target, reason=error.strerror or error) from None
    finally:
        Path(temporary).unlink(missing_ok=True)


def _replaced_file(target: Path) -> Path | None:
    """The file to replace atomically for ``target``, or None to write through ``target``."""
    try:
        kind = stat.S_IFMT(target.stat().st_mode)
    except FileNotFoundError:
        if target.is_symlink():
            raise InputError(key="write_dangling_link", path=target) from None
        return target
    except OSError as error:
        raise ExportError(key="cannot_write", path=target, reason=error.strerror or error) from None
    if kind == stat.S_IFREG:
        return target.resolve() if target.is_symlink() else target
    if kind in (stat.S_IFCHR, stat.S_IFIFO):
        return None
    raise InputError(key="write_not_a_file", path=target, kind=Words(_KINDS.get(kind, "file_kind_other")))


def _written_through(target: Path, binary: bool) -> Iterator:
    """A handle on the device or pipe ``target`` itself (opened without creating or
    truncating anything)."""
    try:
        descriptor = os.open(target, os.O_WRONLY | os.O_CLOEXEC | os.O_NOCTTY)
        if stat.S_IFMT(os.fstat(descriptor).st_mode) not in (stat.S_IFCHR, stat.S_IFIFO):
            os.close(descriptor)
            raise ExportError(key="write_changed_while_opened", path=target)
        text = {} if binary else {"encoding": "utf-8", "newline": "\n"}
        with os.fdopen(descriptor, "wb" if binary else "w", **text) as handle:
            yield handle
    except OSError as error:
        raise ExportError(key="cannot_write", path=target, reason=error.strerror or error) from None


@contextlib.contextmanager
def staged_folder(path: Path | str, marker: str) -> Iterator[Path]:
    """Fill a fresh folder beside ``path``, then swap it in whole: readers and concurrent runs
    see the old folder or the new one. ``marker`` is a file that identifies folders this
    program made; a folder without it is someone else's and is never replaced, and neither is
    the current folder or one that holds it."""
    target = Path(path)
    if target.resolve() in (Path.cwd().resolve(), *Path.cwd().resolve().parents):
        raise InputError(key="folder_is_current", path=target)
    if target.exists() and not (target / marker).exists() and (not target.is_dir() or any(target.iterdir())):
        raise ExportError(key="folder_not_ours", path=target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    except OSError as error:
        raise ExportError(key="cannot_write", path=target, reason=error.strerror or error) from None
    try:
        yield staging
        (staging / marker).write_bytes(b"")
        staging.chmod(0o755)
        _swap(staging, target)
    except OSError as error:
        raise ExportError(key="cannot_write", path=target, reason=error.strerror or error) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap(staging: Path, target: Path) -> None:
    """Put ``staging`` where ``target`` is, under a lock so that two runs take turns."""
    signals = {signal.SIGINT, signal.SIGTERM}
    with _lock_file(target.parent / f".{target.name}.lock") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        # between the two renames there is no folder at all: finish them before a signal lands
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
        try:
            _rename_into_place(staging, target)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _lock_file(path: Path):
    """The lock file at ``path``, opened without following a link (which could make it
    truncate or lock someone else's file) and without truncating it; not a regular file is
    refused (a FIFO would block the open)."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC,
                             0o644)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.ENXIO):
            raise ExportError(key="lock_file_link", path=path) from None
        raise
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise ExportError(key="lock_file_not_regular", path=path)
    return os.fdopen(descriptor, "w")


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
    remove_folder(retired)


def remove_folder(folder: Path, workers: int = 8) -> None:
    """``shutil.rmtree(folder)``, its subfolders two levels down each removed by a thread of
    its own. Removing files is waiting for the disk (on a file system mounted with ``discard``
    each one is trimmed), and several removals at once finish sooner: the report of a million
    statements, 45,845 files, in 2.4 s rather than 5.2. Each removal is ``shutil.rmtree``'s,
    which follows no link (nor does this: a link in ``folder``'s place is left, as rmtree
    leaves it); what cannot be removed is left, as before."""
    outers = [] if folder.is_symlink() else _folders_in(folder)
    nested = [inner for outer in outers for inner in _folders_in(outer)]
    if len(nested) > 1:
        with ThreadPoolExecutor(min(workers, len(nested))) as pool:
            for inner in nested:
                pool.submit(shutil.rmtree, inner, ignore_errors=True)
    shutil.rmtree(folder, ignore_errors=True)


def _folders_in(folder: Path) -> list[Path]:
    try:
        with os.scandir(folder) as entries:
            return [Path(e.path) for e in entries if e.is_dir(follow_symlinks=False)]
    except OSError:
        return []
