"""What the long exports, imports and reports share: the progress callback, the cancel they
answer to, and the error of a file that is no workbook. Light to import: the window needs
these at start-up, the readers and writers only when they are used."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]  # (rows done, rows in all)


class Cancelled(Exception):
    """The user cancelled a long export, import or report; nothing was written or changed."""


class WorkbookError(Exception):
    """A file that cannot be read as a workbook at all."""


class UnexpectedError(Exception):
    """An error nobody foresaw, met while handling ``where`` (a sheet and row, a record, a
    report). The original is its ``__cause__``: its details go to the error log
    (``exports.datafolder.report_unexpected``), never to the screen or the terminal."""

    def __init__(self, where: str) -> None:
        super().__init__(where)
        self.where = where
