"""A report's text as an independent reader (pypdf) extracts it, for the report tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader


def normalised(text: str) -> str:
    """Whitespace as a reader sees it: no-break and other spaces, line breaks, runs → one space.

    ReportLab writes the bullet • as code 0x7F of WinAnsiEncoding, which PDF viewers show as a
    bullet (PDF 32000-1, Annex D, note 3 of the encoding table); pypdf returns the code as is."""
    return " ".join(text.replace("\x7f", "\u2022").replace("\u00a0", " ").split())


@dataclass(frozen=True)
class Pdf:
    path: Path
    raw: list[str]  # each page's text as extracted

    @property
    def pages(self) -> list[str]:
        return [normalised(t) for t in self.raw]

    @property
    def text(self) -> str:
        return " ".join(self.pages)

    def between(self, start: str, end: str) -> str:
        """The text from the heading ``start`` to the next heading ``end``."""
        text = self.text
        first = text.index(start)
        return text[first : text.index(end, first)]


def read(path: Path) -> Pdf:
    return Pdf(path, [page.extract_text() for page in PdfReader(path).pages])
