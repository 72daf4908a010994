"""SIGTERM ends a kit command the way Ctrl-C does: through an exception, so clean-up code runs.

Python's default for SIGTERM ends the process on the spot, skipping every ``finally`` and ``except
BaseException``: a stopped ``kit redact detect`` left its ``.OUT.jsonl.*.tmp`` behind. With
:func:`exit_on_sigterm` the signal raises :class:`Terminated` (a ``SystemExit`` with code 143, what a shell
reports for SIGTERM) in the main thread, and the writers' own clean-up removes what they had started.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from typing import Any

SIGTERM_EXIT = 128 + signal.SIGTERM  # 143
REDELIVER_AFTER_S = 0.01


class Terminated(SystemExit):
    """Raised by SIGTERM in a process that called :func:`exit_on_sigterm`."""


def exit_on_sigterm() -> None:
    """Install the SIGTERM handler in this (main) thread; call once, first thing in a command's process.

    A second SIGTERM kills at once (clean-up may be what hangs). A signal that lands inside ``__del__`` or
    a weakref callback, where Python prints and drops any exception, is delivered again a moment later.
    Forked worker processes inherit the handler; they die as they would without it.
    """
    owner = os.getpid()
    previous_hook = sys.unraisablehook

    def on_sigterm(signum: int, frame: Any) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        if os.getpid() != owner:
            os.kill(os.getpid(), signal.SIGTERM)
            return
        raise Terminated(SIGTERM_EXIT)

    def on_unraisable(unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, Terminated):
            previous_hook(unraisable)
            return
        # Re-arm, then signal from another thread: raising here, inside the hook, would be dropped too.
        signal.signal(signal.SIGTERM, on_sigterm)
        threading.Timer(REDELIVER_AFTER_S, os.kill, (owner, signal.SIGTERM)).start()

    sys.unraisablehook = on_unraisable
    signal.signal(signal.SIGTERM, on_sigterm)
