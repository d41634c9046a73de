"""The Qt binding itself: a version with a known crash must not come back in an upgrade."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication


def test_waiting_on_the_event_loop_does_not_use_up_none(qapp):
    # PySide6 6.12.0 dropped a reference to None on every processEvents(); after a few
    # thousand calls (a progress loop, a test waiting for a thread) Python aborted with
    # "none_dealloc". The count of references to None must be where it was.
    before = sys.getrefcount(None)
    for _ in range(1000):
        QApplication.processEvents()
    assert sys.getrefcount(None) >= before - 10
