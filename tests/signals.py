"""How the tests start a program that a reader stops with Ctrl-C."""

from __future__ import annotations

import signal


def ctrl_c_as_in_a_terminal() -> None:
    """``preexec_fn`` of a program the test interrupts: SIGINT at its default, as a
    terminal's foreground job has it. A test run started as a shell's background job
    (``... &``) ignores SIGINT, and its children inherit that."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
