"""The output folder, written safely: one writer at a time, swapped whole, nothing left over.

A build writes its site into a staging folder beside the output and swaps it
in only when everything succeeded, so ``output/`` is always one whole build:

- ``output_lock``: one build (or publish) at a time writes an output folder.
  A second one refuses at once with a line naming the first (its PID and
  command, kept in the lock file ``.<output>.lock`` beside it while it runs).
  The lock is the kernel's (``flock``): it ends with its process however that
  process ends, so the lock file a killed build left is simply taken over.
- ``clear_leftovers``: what a killed build left beside the output (its
  staging folder, the previous output it was about to delete, a publish
  candidate) is removed by the next build, which holds the lock, so no live
  build owns any of it. An output a build was killed in the middle of
  swapping is put back first (``recover_output``).
- ``replace_dir``: the swap itself, one ``renameat2(RENAME_EXCHANGE)`` on
  Linux: at every instant the output is the old build or the new one, whole.
- ``stop_on_signals``: SIGTERM is met like Ctrl-C (``Interrupted``), so that
  either unwinds the build: workers stopped, staging removed, one line said.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import json
import os
import re
import shutil
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

__all__ = ["BuildLocked", "Interrupted", "clear_leftovers", "output_lock", "recover_output",
           "replace_dir", "stop_on_signals", "staging_dir"]

# The folders a build or a publish writes beside ``<output>``: ``<output>.<kind>-<pid>``.
_LEFTOVER = re.compile(r"(staging|old|publish)-\d+")
# renameat2(2): exchange two paths atomically; AT_FDCWD: paths relative to the cwd.
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class BuildLocked(RuntimeError):
    """Another build is writing the output folder; the message names it."""


class Interrupted(BaseException):
    """The build was asked to stop (SIGTERM); Ctrl-C is KeyboardInterrupt, as always.

    A BaseException, like KeyboardInterrupt, so that no ``except Exception`` of
    the build (or of Pelican) swallows it.
    """


def staging_dir(output: Path) -> Path:
    """Where this process builds the next ``output``."""
    return output.with_name(f"{output.name}.staging-{os.getpid()}")


def _lock_file(output: Path) -> Path:
    return output.with_name(f".{output.name}.lock")


@contextlib.contextmanager
def output_lock(output: Path) -> Iterator[None]:
    """Hold ``output``'s lock for the block; BuildLocked at once if another build holds it.

    The lock file exists only while a build holds it: it is removed (still
    locked) when the build ends, and a build that locked a file removed under
    it meanwhile tries again with the file now there.
    """
    path = _lock_file(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            raise BuildLocked(_holder_of(path, output)) from None
        try:
            if os.stat(path).st_ino == os.fstat(descriptor).st_ino:
                break
        except FileNotFoundError:
            pass
        os.close(descriptor)  # the holder before removed that file: lock the one there now
    try:
        # Said in the file for the next build's message; the lock itself is the flock.
        holder = {"pid": os.getpid(), "command": _command_line(),
                  "started": time.strftime("%Y-%m-%d %H:%M:%S")}
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, json.dumps(holder).encode(), 0)
        yield
    finally:
        path.unlink(missing_ok=True)
        os.close(descriptor)  # releases the flock


def _holder_of(lock: Path, output: Path) -> str:
    try:
        holder = json.loads(lock.read_text(encoding="utf-8"))
        who = (f"pid {holder['pid']} ({holder['command']}), started {holder['started']}; "
               f"wait for it to end, or stop it (kill {holder['pid']})")
    except (OSError, ValueError, KeyError, TypeError):
        who = f"its lock {lock} is held; wait for it to end"
    return f"another build is writing {output}: {who}"


def _command_line() -> str:
    try:
        arguments = Path("/proc/self/cmdline").read_bytes().rstrip(b"\0").split(b"\0")
        words = [Path(arguments[0].decode()).name] + [a.decode() for a in arguments[1:]]
    except OSError:
        words = [Path(sys.executable).name, *sys.argv]
    text = " ".join(words)
    return text if len(text) <= 160 else text[:157] + "..."


def recover_output(output: Path) -> None:
    """Put back the output a build was killed in the middle of swapping (held lock only).

    Only the two-rename swap (where ``renameat2`` is missing) has such a moment:
    the old output renamed aside, the new one not yet in place.
    """
    if output.exists():
        return
    aside = sorted((path for path in output.parent.glob(f"{output.name}.old-*")
                    if path.is_dir()), key=lambda path: path.stat().st_mtime)
    if aside:
        os.replace(aside[-1], output)


def clear_leftovers(output: Path) -> list[Path]:
    """Remove what killed builds left beside ``output`` (held lock only); the paths removed."""
    recover_output(output)
    removed = []
    prefix = f"{output.name}."
    for path in sorted(output.parent.glob(f"{output.name}.*")):
        if _LEFTOVER.fullmatch(path.name[len(prefix):]) and path.is_dir() \
                and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    # A publish's candidate had a lock of its own beside it.
    for path in output.parent.glob(f".{output.name}.publish-*.lock"):
        path.unlink(missing_ok=True)
    return removed


def replace_dir(new: Path, target: Path) -> None:
    """Put ``new`` where ``target`` is: the two folders exchanged in one step, then the
    old one removed; a reader (or a kill) sees the old output or the new one, whole."""
    if target.exists() and _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # now the old output
        return
    # No atomic exchange here: two renames; recover_output mends a kill between them.
    old = target.with_name(f"{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths with ``renameat2(RENAME_EXCHANGE)``; False where it is unavailable."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)  # glibc 2.28 and later
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                 _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EXDEV, errno.ENOTSUP):
        return False  # the file system cannot: fall back to two renames
    raise OSError(code, os.strerror(code), str(first), None, str(second))


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Meet SIGTERM like Ctrl-C, with ``Interrupted``, for the block."""

    def interrupt(number: int, frame: FrameType | None) -> None:
        del frame
        raise Interrupted(signal.Signals(number).name)

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
