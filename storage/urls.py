"""A SQLite file's database URL, without loading SQLAlchemy: the window's frame is shown
before the database opens."""

from __future__ import annotations

from pathlib import Path


def sqlite_url(path: Path | str) -> str:
    return f"sqlite:///{Path(path).expanduser().resolve()}"
