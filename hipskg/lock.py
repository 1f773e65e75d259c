"""Exclusive locks for everything that writes: a data folder, a store, a release folder.

A lock is an ``flock`` on a small file that names its holder. The kernel releases it when the
holder exits, however it exits, so a killed command never leaves a lock behind; the holder also
removes the file when it is done, so no lock file stays in a data folder. A second command waits
up to ``wait`` seconds for the lock, then stops with a message saying who holds it.
"""

import fcntl
import json
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from hipskg.errors import HipskgError

LOCK_FILE = ".hipskg.lock"
_POLL_SECONDS = 0.1


class LockError(HipskgError):
    """Another command holds the lock for longer than the caller would wait."""


def lock_file_of(folder: Path) -> Path:
    """The lock file guarding a folder that a command writes into (a data folder, a store)."""
    return folder / LOCK_FILE


def lock_file_beside(target: Path) -> Path:
    """The lock file guarding a folder that is replaced whole (a release), kept in its parent."""
    return target.parent / f".{target.name}.lock"


@contextmanager
def exclusive(lock_file: Path, *, holder: str, wait: float = 0) -> Iterator[None]:
    """Hold the lock ``lock_file`` for the block; ``holder`` (e.g. "hipskg ingest") is shown to anyone who waits."""
    descriptor = _acquire(lock_file, holder, wait)
    try:
        yield
    finally:
        lock_file.unlink(missing_ok=True)  # before the unlock: a waiter re-checks the file it locked
        os.close(descriptor)


def _acquire(lock_file: Path, holder: str, wait: float) -> int:
    deadline = time.monotonic() + wait
    while True:
        descriptor = _open(lock_file)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            held_by = _holder(descriptor)
            os.close(descriptor)
            if time.monotonic() >= deadline:
                raise LockError(_busy(lock_file, held_by, wait)) from None
            time.sleep(min(_POLL_SECONDS, max(0.0, deadline - time.monotonic())))
            continue
        if _still_there(descriptor, lock_file):
            _write_holder(descriptor, holder)
            return descriptor
        os.close(descriptor)  # the last holder removed the file after we opened it: lock the new one


def _open(lock_file: Path) -> int:
    try:
        return os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise LockError(
            f"{lock_file.parent}: cannot write there ({error.strerror}): check that the folder exists "
            "and that you may write to it"
        ) from None


def _still_there(descriptor: int, lock_file: Path) -> bool:
    """True when ``lock_file`` is still the file open as ``descriptor``."""
    try:
        on_disk = lock_file.stat()
    except FileNotFoundError:
        return False
    opened = os.fstat(descriptor)
    return (on_disk.st_dev, on_disk.st_ino) == (opened.st_dev, opened.st_ino)


def _write_holder(descriptor: int, holder: str) -> None:
    since = datetime.now(UTC).replace(microsecond=0).isoformat()
    record = json.dumps({"holder": holder, "pid": os.getpid(), "host": socket.gethostname(), "since": since})
    os.ftruncate(descriptor, 0)
    os.pwrite(descriptor, (record + "\n").encode("utf-8"), 0)


def _holder(descriptor: int) -> dict[str, object]:
    try:
        return json.loads(os.pread(descriptor, 4096, 0).decode("utf-8"))
    except (OSError, ValueError):
        return {}  # the holder has not written its name yet


def _busy(lock_file: Path, held_by: dict[str, object], wait: float) -> str:
    who = ", ".join(f"{key} {held_by[key]}" for key in ("pid", "host", "since") if key in held_by)
    name = held_by.get("holder", "another hipskg command")
    waited = f"after waiting {wait:g} s" if wait else "at once"
    return (
        f"{lock_file.parent}: in use by {name} ({who or 'starting'}), which holds {lock_file.name}; gave up {waited}: "
        "let it finish, or give --wait SECONDS to wait for it"
    )
