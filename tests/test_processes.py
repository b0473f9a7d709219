"""Work shared with forked processes (coalitiegraaf.report.processes): whatever a child does,
the parent could have done, and does where the child fails."""

from __future__ import annotations

import gc
import importlib
import os
import signal
import time
import weakref

import pytest

from coalitiegraaf.report import processes
from coalitiegraaf.report.processes import Beside, collections_paused, in_parallel

needs_fork = pytest.mark.skipif(not processes.can_fork(), reason="needs fork and two cores")


def test_a_failed_child_process_leaves_its_share_to_the_parent(tmp_path):
    done = tmp_path / "done"
    done.mkdir()
    parent = os.getpid()

    def work(share: list[int]) -> None:
        if os.getpid() != parent and 1 in share:
            raise RuntimeError("a child fails")
        for job in share:
            (done / f"{job}-{os.getpid() == parent}").touch()

    in_parallel(list(range(6)), work, workers=2)
    assert sorted(p.name for p in done.iterdir()) == [
        "0-True", "1-True", "2-True", "3-True", "4-True", "5-True"]


@needs_fork
def test_a_result_made_beside_comes_back_from_the_child():
    parent = os.getpid()
    with Beside(lambda: {"made by": os.getpid(), "rows": [(n, str(n)) for n in range(100_000)]}) as made:
        mine = os.getpid()
        found = made.result()
    assert mine == parent
    assert found["made by"] != parent  # a child made it, and it came back whole through the pipe
    assert found["rows"] == [(n, str(n)) for n in range(100_000)]


@needs_fork
def test_a_child_whose_answer_is_wanted_later_gives_way_and_this_process_does_not():
    mine = os.nice(0)
    with Beside(lambda: (os.getpid(), os.nice(0)), later=True) as later, \
            Beside(lambda: (os.getpid(), os.nice(0))) as sooner:
        (later_pid, later_niceness), (sooner_pid, sooner_niceness) = later.result(), sooner.result()
    assert os.getpid() not in (later_pid, sooner_pid)
    assert (later_niceness, sooner_niceness) == (min(19, mine + processes.LATER_NICENESS), mine)
    assert os.nice(0) == mine


@needs_fork
def test_what_a_child_fails_to_make_the_parent_makes():
    parent = os.getpid()

    def make() -> int:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return 42

    with Beside(make) as made:
        assert made.result() == 42


def test_an_error_in_the_work_is_raised_by_the_parent():
    with Beside(lambda: 1 / 0) as made, pytest.raises(ZeroDivisionError):
        made.result()


def test_without_fork_the_parent_makes_it(monkeypatch):
    monkeypatch.setattr(processes, "can_fork", lambda: False)
    with Beside(os.getpid) as made:
        assert made.result() == os.getpid()


@needs_fork
def test_a_child_whose_result_is_not_wanted_is_stopped():
    started = time.monotonic()
    with Beside(lambda: time.sleep(600)) as made:
        pid = made._child[0]
    assert time.monotonic() - started < 60
    with pytest.raises(ChildProcessError):  # stopped, and reaped: no process is left behind
        os.waitpid(pid, os.WNOHANG)


def test_collections_pause_and_come_back_as_they_were():
    assert gc.isenabled()
    with collections_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collections_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # paused by someone else: left so
    finally:
        gc.enable()


class _Cyclic:
    def __init__(self) -> None:
        self.itself = self  # garbage only the collector can free


def test_what_a_pause_made_is_collected_afterwards_unless_the_process_ends_with_its_command(monkeypatch):
    def made() -> list[weakref.ref]:
        return [weakref.ref(_Cyclic()) for _ in range(1_000)]

    with collections_paused():
        kept = made()
    gc.collect()
    assert gc.get_freeze_count() == 0
    assert all(ref() is None for ref in kept)  # freed by the collector, as in a notebook

    monkeypatch.setattr(processes, "_ENDS_WITH_COMMAND", True)
    try:
        with collections_paused():
            kept = made()
        assert gc.isenabled()
        gc.collect()
        assert all(ref() is not None for ref in kept)  # out of the collector's sight
    finally:
        gc.unfreeze()
    gc.collect()
    assert all(ref() is None for ref in kept)


def test_the_console_script_says_its_process_ends_with_its_command(monkeypatch):
    console = importlib.import_module("coalitiegraaf.cli.app")
    seen = []
    monkeypatch.setattr(processes, "_ENDS_WITH_COMMAND", False)
    monkeypatch.setattr(console, "app", lambda: seen.append(processes._ENDS_WITH_COMMAND))
    handler = signal.getsignal(signal.SIGTERM)
    try:
        console.main()
    finally:
        signal.signal(signal.SIGTERM, handler)
    assert seen == [True]
