"""Oske's own corners of the data folder: the private folder for temporary files, the
sweep of what killed runs left behind, and the error log.

The data folder is the user's application-data folder for Oske (platformdirs:
``~/.local/share/Oske`` on Linux, ``%LOCALAPPDATA%\\Oske`` on Windows), where the default
database lives too. Temporary files (openpyxl's sheet XML while a workbook is written)
go into ``tmp/`` there, a folder only its owner may open, not into the system's shared
temporary folder; what a killed run left there is swept at the next start. A workbook or
report is written beside its target under a hidden ``.oske-`` name and renamed into
place; such a partial file older than a few minutes is a killed run's, and is swept when
the next export or report writes into that folder.

Unexpected errors are written with their details (the traceback) to ``oske.log`` in the
data folder (rotated, readable by its owner only); the person sees one line.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from domain.about import APP_NAME

TEMP_FOLDER = "tmp"
LOG_FILE = "oske.log"
LOG_BYTES, LOG_BACKUPS = 1_000_000, 3  # oske.log and three older ones, a megabyte each
PARTIAL_PREFIX = ".oske-"  # a workbook or report being written beside its target
PARTIAL_SUFFIXES = (".xlsx", ".pdf")
STALE_SECONDS = 10 * 60  # older than this, a partial or temporary file is a killed run's

_temp_lock = threading.Lock()
_log_lock = threading.Lock()


def data_folder() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False, ensure_exists=True)


def temp_folder() -> Path:
    """The private folder for temporary files (made when missing, mode 0700)."""
    folder = data_folder() / TEMP_FOLDER
    folder.mkdir(mode=0o700, exist_ok=True)
    with contextlib.suppress(OSError):
        os.chmod(folder, 0o700)
    return folder


def _newest_change(path: Path) -> float:
    """When anything in ``path`` (a file, or a folder and what it holds) last changed."""
    newest = path.lstat().st_mtime
    if path.is_dir() and not path.is_symlink():
        for inner in path.rglob("*"):
            with contextlib.suppress(OSError):
                newest = max(newest, inner.lstat().st_mtime)
    return newest


def sweep_temp(now: float | None = None) -> int:
    """Remove what runs killed meanwhile left in the private temporary folder: whatever
    has not changed for ``STALE_SECONDS`` (a running export keeps writing to its own).
    Returns how many entries went."""
    now = time.time() if now is None else now
    removed = 0
    try:
        entries = list(temp_folder().iterdir())
    except OSError:
        return 0
    for entry in entries:
        try:
            if now - _newest_change(entry) < STALE_SECONDS:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            removed += 1
        except OSError:
            continue
    return removed


def sweep_partials(folder: Path, now: float | None = None) -> int:
    """Remove the hidden partial workbooks and reports (``.oske-*.xlsx``, ``.oske-*.pdf``)
    that killed runs left in ``folder``, once older than ``STALE_SECONDS`` (a run writing
    there now has a younger one). Returns how many went."""
    now = time.time() if now is None else now
    removed = 0
    try:
        candidates = list(folder.glob(f"{PARTIAL_PREFIX}*"))
    except OSError:
        return 0
    for path in candidates:
        if path.suffix not in PARTIAL_SUFFIXES or not path.is_file() or path.is_symlink():
            continue
        try:
            if now - path.stat().st_mtime >= STALE_SECONDS:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed


@contextlib.contextmanager
def private_temp() -> Iterator[Path]:
    """A fresh folder inside the private temporary folder, made Python's temporary folder
    (``tempfile.tempdir``, which openpyxl uses) for the block's duration, then removed.
    One at a time per process: the setting is the process's."""
    with _temp_lock:
        run = Path(tempfile.mkdtemp(prefix="run-", dir=temp_folder()))
        before = tempfile.tempdir
        tempfile.tempdir = str(run)
        try:
            yield run
        finally:
            tempfile.tempdir = before
            shutil.rmtree(run, ignore_errors=True)


def folder_size(folder: Path) -> int:
    """The bytes of the files in ``folder`` (and below it)."""
    total = 0
    for path in folder.rglob("*"):
        with contextlib.suppress(OSError):
            if path.is_file():
                total += path.stat().st_size
    return total


# ---------------------------------------------------------------------------- the error log


def log_path() -> Path:
    return data_folder() / LOG_FILE


def log_error(exc: BaseException, where: str) -> Path | None:
    """Write an unexpected error with its traceback to the error log; the log's path, or
    None when it could not be written (the person still gets the one line)."""
    path = log_path()
    try:
        with _log_lock:
            if not path.exists():
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600))
            os.chmod(path, 0o600)
            handler = _PrivateRotatingHandler(
                path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
            )
            handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
            record = logging.LogRecord(
                "oske", logging.ERROR, __file__, 0, where, None, (type(exc), exc, exc.__traceback__)
            )
            try:
                handler.emit(record)
            finally:
                handler.close()
    except OSError:
        return None
    return path


class _PrivateRotatingHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose every file stays readable by its owner only."""

    def doRollover(self) -> None:
        super().doRollover()
        for n in range(LOG_BACKUPS + 1):
            rotated = Path(self.baseFilename + (f".{n}" if n else ""))
            with contextlib.suppress(OSError):
                os.chmod(rotated, 0o600)

    def _open(self) -> Any:
        stream = super()._open()
        with contextlib.suppress(OSError):
            os.chmod(self.baseFilename, 0o600)
        return stream


def report_unexpected(exc: BaseException, where: str) -> str:
    """Log an unexpected error with its details and return the one line a person sees:
    where it happened and where the details are, never the error's own text (it may hold
    SQL or a record's data). An ``UnexpectedError`` names its own place."""
    from domain.i18n import _
    from exports.tasks import UnexpectedError

    cause: BaseException = exc
    if isinstance(exc, UnexpectedError):
        where = exc.where
        cause = exc.__cause__ or exc
    logged = log_error(cause, where)
    line = _("An unexpected error stopped the work at {where}; nothing was changed.").format(
        where=where
    )
    if logged is not None:
        line += " " + _("The details are in the log {log}.").format(log=logged)
    return line
