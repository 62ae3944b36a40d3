"""Render processes end with the process that started them.

A build killed with SIGKILL cannot stop its workers, and a worker killed so
cannot stop the children it forked for plays (``play_sharing``): without
this, they would render on, for ever with a scene that never ends, and hold
their cores. Linux sends a process the signal it asked for with
``prctl(PR_SET_PDEATHSIG)`` when its parent ends; the call is made through
``ctypes`` (the standard library has no binding, and a package for one call
would be a dependency for nothing else). Elsewhere there is no such call and
nothing is done: the driver's own clean-up (Ctrl-C, SIGTERM) still applies.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

__all__ = ["die_with_parent"]

# prctl(2): the option that sets the parent-death signal.
_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Get SIGKILL as soon as ``parent`` (the process that started this one) ends.

    A parent that ended before the call is caught by its pid: the process has
    been handed to another parent by then, and ends here at once.
    """
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)
