"""The run lock: one `archive run` at a time per database, held with flock on a `<db>.lock` file beside it."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from archiver.errors import ArchiverError


class Locked(ArchiverError):
    """Another run holds the archive's run lock."""


@contextmanager
def run_lock(db_path: str | Path) -> Iterator[None]:
    """Hold the archive's run lock (a file beside it); raise Locked if another process has it.

    flock is released by the kernel when the holder dies, so a killed run never leaves a stale lock.
    """
    path = Path(f"{db_path}.lock")
    handle = path.open("a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            raise Locked(f"another archive run (pid {handle.read().strip() or '?'}) holds {path}") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()
