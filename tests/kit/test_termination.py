"""SIGTERM raises Terminated (exit 143) in the kit's process, so clean-up code runs (issue 16)."""

import os
import signal
import sys
import time

import pytest

from kit.cli.termination import SIGTERM_EXIT, Terminated, exit_on_sigterm


@pytest.fixture
def handler():
    """Install the kit's SIGTERM handling in this process for one test; put the previous one back after."""
    previous, previous_hook = signal.getsignal(signal.SIGTERM), sys.unraisablehook
    exit_on_sigterm()
    yield
    signal.signal(signal.SIGTERM, previous)
    sys.unraisablehook = previous_hook


def test_sigterm_raises_terminated_with_exit_code_143(handler):
    with pytest.raises(Terminated) as stopped:
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(2)  # the handler runs here, in the main thread
    assert isinstance(stopped.value, SystemExit) and stopped.value.code == SIGTERM_EXIT == 143
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # a second SIGTERM kills at once


def test_when_sigterm_lands_inside_del_then_it_is_delivered_again_in_ordinary_code(handler):
    class SignalledWhileFinalized:
        def __del__(self) -> None:
            os.kill(os.getpid(), signal.SIGTERM)  # Terminated is raised here, where Python drops it

    started = time.monotonic()
    with pytest.raises(Terminated):
        SignalledWhileFinalized()
        time.sleep(2)
    assert time.monotonic() - started < 1.5
