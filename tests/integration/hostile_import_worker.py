"""Imports hostile workbooks one after another in a process of its own, for the memory
test of tests/integration/test_workbook_hostile_files.py.

Run as ``python -m tests.integration.hostile_import_worker URL FILE…``: each file goes
through the application's own import (``services.workbook.import_file``); after each it
prints a line ``peak <kilobytes> <file name>``, the process's peak memory so far, so a
file that raised it past the bound is named. A refused file is expected; any other
exception ends the process with its traceback.
"""

from __future__ import annotations

import contextlib
import resource
import sys
from pathlib import Path

from exports.workbook import WorkbookError
from services.workbook import import_file
from storage.database import open_database


def peak_kilobytes() -> int:
    """The process's peak resident memory so far. Linux's VmHWM belongs to the program
    now running; ``ru_maxrss`` is kept across the exec that started it, so a worker
    started by a large pytest process would report its parent's size from the start."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(url: str, files: list[str]) -> int:
    db = open_database(url)
    try:
        for name in files:
            with contextlib.suppress(WorkbookError):  # refused, as expected
                import_file(db, name)
            peak = peak_kilobytes()
            print(f"peak {peak} {Path(name).name}", flush=True)
    finally:
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
