"""Writes that respect what the target is (issue 21): a device or pipe given as --out is written
through and never replaced, a folder is refused, a lock file is never opened through a link.

Devices are never the machine's own: a test that needs one runs the command in a private
mount namespace (``unshare -m``) where a temporary file has /dev/null or /dev/full bind-mounted
on it, or where /dev itself is a fresh tmpfs; it is skipped where namespaces are not allowed."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from coalitiegraaf.errors import ExportError, InputError
from coalitiegraaf.sources.files import staged_folder, write_atomic
from tests.cli_helpers import run

PYTHON = shlex.quote(sys.executable)


def _namespaces_allowed() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c",
                            "mount -t tmpfs none /mnt"], capture_output=True)
    return probe.returncode == 0


needs_namespace = pytest.mark.skipif(not _namespaces_allowed(), reason="no private mount namespaces here")


def in_private_namespace(script: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run ``script`` (sh) in a mount namespace of its own: its mounts vanish with it."""
    return subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", script],
                          capture_output=True, text=True, timeout=120, cwd=cwd)


@needs_namespace
def test_a_character_device_as_out_is_written_through_and_stays_a_device(tmp_path):
    out = tmp_path / "out.ttl"
    out.write_bytes(b"")
    done = in_private_namespace(
        f"mount --bind /dev/null {out} && {PYTHON} -m coalitiegraaf export --out {out} "
        f"&& stat -c %F {out}", tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "character special file\n"
    assert done.stderr == f"Wrote {out}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl"]  # no file left beside it


@needs_namespace
def test_a_full_device_as_out_is_a_one_line_error_and_stays_a_device(tmp_path):
    out = tmp_path / "out.ttl"
    out.write_bytes(b"")
    done = in_private_namespace(
        f"mount --bind /dev/full {out}; {PYTHON} -m coalitiegraaf export --out {out}; "
        f"echo $?; stat -c %F {out}", tmp_path)
    assert done.stdout == "3\ncharacter special file\n"
    assert done.stderr == f"Error: {out}: cannot write: No space left on device\n"


@needs_namespace
def test_dev_stdout_as_out_writes_to_standard_output(tmp_path):
    # /dev is a fresh tmpfs in the namespace: if the link were replaced, only that copy would be
    done = in_private_namespace(
        "mount -t tmpfs none /dev && ln -s /proc/self/fd/1 /dev/stdout && touch /dev/null && "
        f"{PYTHON} -m coalitiegraaf export --format nt --out /dev/stdout | wc -l && "
        "stat -c %F /dev/stdout", tmp_path)
    assert done.returncode == 0, done.stderr
    lines, kind = done.stdout.split("\n")[:2]
    assert int(lines) > 4000
    assert kind == "symbolic link"


def test_a_fifo_as_out_is_written_through_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "out.nt"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run("export", "--format", "nt", "--out", str(fifo))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert received[0].count(b"\n") > 4000
    assert fifo.is_fifo()


def test_a_link_to_a_file_as_out_keeps_the_link(tmp_path):
    real = tmp_path / "real.ttl"
    real.write_text("old")
    link = tmp_path / "link.ttl"
    link.symlink_to(real)
    write_atomic(link, b"new")
    assert link.is_symlink() and real.read_text() == "new"


@pytest.mark.parametrize("args", [("export", "--out", "."), ("export", "--out", "/"), ("report", "--out", ".")])
def test_a_folder_as_out_file_or_the_current_folder_as_report_is_refused(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "keep.txt").write_text("mine")
    result = run(*args)
    assert result.exit_code == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]


def test_the_current_folder_is_never_swapped_out(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for target in (".", tmp_path, tmp_path.parent):
        with pytest.raises(InputError, match="is the current folder or holds it"), staged_folder(target, ".mark"):
            pass


@pytest.mark.parametrize("kind", ["link", "fifo"])
def test_a_lock_file_is_never_opened_through_a_link_or_a_pipe(tmp_path, kind):
    victim = tmp_path / "someone-elses.txt"
    victim.write_text("precious")
    lock = tmp_path / ".report.lock"
    if kind == "link":
        lock.symlink_to(victim)
    else:
        os.mkfifo(lock)
    with pytest.raises(ExportError, match="the lock file is a link or a pipe"), \
            staged_folder(tmp_path / "report", ".mark") as folder:
        (folder / "index.html").write_text("new")
    assert victim.read_text() == "precious"
    assert not (tmp_path / "report").exists()
    with contextlib.suppress(FileNotFoundError):
        assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())
