"""One writer per output folder: a lock file holding the writer's pid.

Every command that writes a folder (``ingest``, ``build``, ``tokenize``,
``train``, ``index``, ``forget``) holds ``FOLDER/.townsquare.lock`` while it
runs. A second run on the same folder is refused with one line naming the
holder (``FolderLocked``), instead of both writing the same temporary files.

The lock is an ``flock`` on that file, so the kernel releases it when its
holder dies, however it dies (``kill -9``, the OOM killer): a lock file left
behind by a dead process is simply taken over, and its pid, kept only to name
the holder, is overwritten. Where ``flock`` is unavailable (some network file
systems) the pid in the file is checked instead. Locks are re-entrant within
one process (``forget`` holds the index's lock and calls the index's own
forget).
"""

from __future__ import annotations

import errno
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from townsquare.errors import FolderLocked, InputError

__all__ = ["LOCK_NAME", "FolderLocked", "output_lock", "holder"]

LOCK_NAME = ".townsquare.lock"
_held: dict[str, int] = {}  # resolved folder -> depth, for re-entry within this process


def holder(folder: str | Path) -> dict | None:
    """What the lock file of ``folder`` says (pid, command, started), or None."""
    try:
        return json.loads((Path(folder) / LOCK_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def _refuse(folder: Path, command: str) -> FolderLocked:
    info = holder(folder) or {}
    who = f"townsquare {info.get('command', '?')} (pid {info.get('pid', '?')})"
    return FolderLocked(
        f"{folder} is in use by {who}; wait for it to finish or stop it, then rerun townsquare {command}"
    )


def _acquire(folder: Path, command: str) -> int:
    """Open and lock the lock file; returns its descriptor, or raises FolderLocked."""
    import fcntl

    path = folder / LOCK_NAME
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise _refuse(folder, command) from None
        except OSError as exc:
            if exc.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS):
                os.close(fd)
                raise
            info = holder(folder)  # no flock here: believe the pid
            if info and isinstance(info.get("pid"), int) and info["pid"] != os.getpid() and _alive(info["pid"]):
                os.close(fd)
                raise _refuse(folder, command) from None
        try:  # the holder may have removed the file between our open and our lock: lock the file now there
            if os.fstat(fd).st_ino == os.stat(path).st_ino:
                return fd
        except FileNotFoundError:
            pass
        os.close(fd)


@contextmanager
def output_lock(folder: str | Path, command: str, enabled: bool = True) -> Iterator[Path]:
    """Hold ``folder``'s lock for the block (creating the folder; removed again if it stays empty).

    ``enabled=False`` is a no-op, for the processes of a distributed run that do not write.
    """
    folder = Path(folder)
    if not enabled:
        yield folder
        return
    created = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create {folder}: {exc.strerror or exc}") from exc
    key = str(folder.resolve())
    if key in _held:
        _held[key] += 1
        try:
            yield folder
        finally:
            _held[key] -= 1
        return
    fd = _acquire(folder, command)
    try:
        os.ftruncate(fd, 0)
        os.write(
            fd,
            json.dumps(
                {"pid": os.getpid(), "command": command, "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
            ).encode(),
        )
        _held[key] = 1
        yield folder
    finally:
        _held.pop(key, None)
        try:
            (folder / LOCK_NAME).unlink(missing_ok=True)  # before closing: nobody can lock the old file then
        finally:
            os.close(fd)
        if created:
            try:
                folder.rmdir()  # a run refused before writing leaves no empty folder behind
            except OSError:
                pass
