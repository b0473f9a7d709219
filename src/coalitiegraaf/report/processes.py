"""Work shared with processes forked from this one: the report's pages written by several
(:func:`in_parallel`), and a step done beside the others (:class:`Beside`: the validation
while the analyses run). A forked process starts at once with everything this one holds, the
loaded store included, where a pool's workers would have to be sent it.

Whatever a child does, this process can do too: where fork is not available, where this
process may use one core, or where a child fails, this process does the child's work itself,
and so raises the error itself if there is one to raise.

And the garbage collector while a report is made (:func:`collections_paused`), which a process
that ends with its command (:func:`ends_with_command`) spares the report's objects at the end.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
from collections.abc import Callable, Iterator
from functools import partial
from typing import Generic, TypeVar

T = TypeVar("T")
_ENDS_WITH_COMMAND = False  # see ends_with_command
PARALLEL_FROM = 2_000  # pages: below this a report is written by one process
LATER_NICENESS = 10  # a child whose answer is wanted last: it takes what the others leave
MOST_WORKERS = 4


def cores() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def can_fork() -> bool:
    return hasattr(os, "fork") and cores() > 1


def in_parallel(jobs: list[T], work: Callable[[list[T]], None], workers: int | None = None) -> None:
    """Do ``work`` on ``jobs``, shared among ``workers`` processes (as many as the cores this
    process may use, at most ``MOST_WORKERS``, unless told) forked from this one, each taking
    every n-th job, so that heavy and light pages spread evenly. The work must not depend on
    which process does it: each job's result is the same whoever makes it.

    One process does it all where fork is not available, or with fewer than ``PARALLEL_FROM``
    jobs (a fork, and the memory its children copy, cost more than a small report takes)."""
    count = workers or _workers(len(jobs))
    if count < 2 or not hasattr(os, "fork"):
        work(jobs)
        return
    children: dict[int, int] = {}
    try:
        for k in range(1, count):
            children[_child(partial(work, jobs[k::count]))] = k
        work(jobs[0::count])
    finally:
        failed = [k for pid, k in children.items() if not _succeeded(pid)]
    for k in failed:
        work(jobs[k::count])


def _workers(jobs: int) -> int:
    if jobs < PARALLEL_FROM:
        return 1
    return max(1, min(cores(), MOST_WORKERS))


class Beside(Generic[T]):
    """``make()``, made by a process forked from this one while this one goes on: ``result()``
    waits for it and returns it (pickled by the child, unpickled here), or makes it here where
    no child could (``beside`` false, no fork, one core) or the child failed. ``close()`` stops a
    child whose result is no longer wanted; use it as a context manager, so that one is never
    left behind. ``make`` must not change what this process holds: a child's changes stay in
    the child."""

    def __init__(self, make: Callable[[], T], beside: bool = True, later: bool = False) -> None:
        self._make = make
        self._child: tuple[int, int] | None = _forked(make, later) if beside and can_fork() else None

    def result(self) -> T:
        if self._child is not None:
            pid, answer = self._child
            self._child = None
            with os.fdopen(answer, "rb") as pipe:
                data = pipe.read()  # before waiting: a child blocks on a full pipe until it is read
            if _succeeded(pid):
                return pickle.loads(data)
        return self._make()

    def close(self) -> None:
        if self._child is not None:
            pid, answer = self._child
            self._child = None
            os.close(answer)
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)

    def __enter__(self) -> Beside[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _forked(make: Callable[[], object], later: bool = False) -> tuple[int, int]:
    """A child making ``make()`` and writing it, pickled, into a pipe: its id and the pipe's end
    to read. ``later``: the answer is wanted after the others, and the child gives way to the
    processes whose work is wanted sooner (a higher nice value)."""
    read_end, write_end = os.pipe()

    def answer() -> None:
        os.close(read_end)
        if later:
            os.nice(LATER_NICENESS)
        with os.fdopen(write_end, "wb") as pipe:
            pickle.dump(make(), pipe, protocol=pickle.HIGHEST_PROTOCOL)

    pid = _child(answer)
    os.close(write_end)
    return pid, read_end


def _child(run: Callable[[], None]) -> int:
    """A process forked from this one that does ``run()`` and ends, its exit status 0 if
    ``run`` returned and 1 if it raised, without the parent's clean-up; its id."""
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            run()
            status = 0
        finally:
            os._exit(status)
    return pid


def _succeeded(pid: int) -> bool:
    """Whether the child ``pid`` ended with status 0, once it has ended (and is reaped)."""
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0


@contextlib.contextmanager
def collections_paused() -> Iterator[None]:
    """The cyclic garbage collector paused, as it was again afterwards. A large report makes
    millions of objects that live until it is written, and the collector would look at each of
    them again and again (7 s of a 56 s report at a million statements, for 3 % more peak
    memory without it). What the report leaves behind is in cycles (its site and facts keep
    bound methods of their own, in the templates' globals and in caches), freed by the first
    collection after the pause: 3 s at a million statements, which a process that ends with its
    command leaves to its end (:func:`ends_with_command`). A forked child inherits the pause,
    and so leaves the pages of memory it shares alone."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if _ENDS_WITH_COMMAND:
            gc.freeze()
        if enabled:
            gc.enable()


def ends_with_command() -> None:
    """Say that this process ends when its command does, as the console script's does: the
    objects made while collections were paused are then kept out of the collector's sight
    (``gc.freeze``) and their memory goes back to the system at once when the process ends,
    rather than object by object before it (3 s after a report of a million statements). Not
    for a process that goes on (a notebook, a server, the tests): what a report leaves for the
    collector would stay."""
    global _ENDS_WITH_COMMAND
    _ENDS_WITH_COMMAND = True
