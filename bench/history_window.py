"""How fast File → Change history opens and filters a log of a million entries, beside a
floor: a bare QTableView over the same page read with plain sqlite3 (a benchmark, not a
test; issue 19, item 6).

    uv run bench/history_window.py [--entries N] [--repeat R]

1. Makes a SQLite database with Oske's schema and inserts N history entries (default
   1 000 000) straight into the table with sqlite3: five years of changes by a dozen
   people over every record kind, each with two or three changed fields; one entry in
   ten thousand names "Harvinainen" (a rare word).
2. Times, R times each (default 3, the median shown), our window against the floor:
   opening it (the first page of 200 and the person list), scrolling ten pages further,
   and each filter — a common word, a rare word, a person, a record kind, a month three
   years back. The floor runs the same SQL (keyset pages: ``id < last``, no OFFSET, no
   COUNT) with sqlite3 and fills a QStandardItemModel in a plain QTableView.
3. Prints the figures as a Markdown table; the ratio is ours over the floor.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import json
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="oske-bench-history-"))
atexit.register(shutil.rmtree, TMP, ignore_errors=True)
os.environ["XDG_CONFIG_HOME"] = str(TMP / "config")
os.environ["XDG_DATA_HOME"] = str(TMP / "data")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PAGE = 200  # the window's page (HistoryLogModel.BATCH)
LOGINS = [f"user{n:02d}" for n in range(12)]
KINDS = ["transactions", "case_events", "staff", "projects", "board_seats", "guardians"]
RARE = "Harvinainen"


def say(text: str) -> None:
    print(text, flush=True)


def fill(path: Path, n: int) -> None:
    """N entries, oldest first, written in batches by sqlite3."""
    rng = random.Random(19)
    start = datetime(2021, 1, 1)
    step = timedelta(days=5 * 365) / n
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    sql = (
        "INSERT INTO history (at, login, host, database_user, kind, record_id, label, action,"
        " changes) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?)"
    )
    batch: list[tuple[Any, ...]] = []
    for i in range(n):
        kind = rng.choice(KINDS)
        login = rng.choice(LOGINS)
        action = rng.choices(["insert", "update", "delete"], [3, 6, 1])[0]
        label = f"{RARE} {i}" if i % 10_000 == 5_000 else f"2024-{i % 9999:04d} Kantola"
        amount = f"{rng.randint(1, 99999)}.{rng.randint(0, 99):02d}"
        changes = [
            ["amount", amount, f"{rng.randint(1, 99999)}.50"],
            ["description", "Lasku", "Korjattu lasku"],
        ]
        if action != "update":
            changes = [
                [c[0], None, c[2]] if action == "insert" else [c[0], c[1], None] for c in changes
            ]
        at = (start + step * i).isoformat(sep=" ")
        batch.append(
            (
                at,
                login,
                f"TOIMISTO-{LOGINS.index(login)}",
                kind,
                f"rec-{i % 50_000}",
                label,
                action,
                json.dumps(changes, ensure_ascii=False),
            )
        )
        if len(batch) == 50_000:
            conn.executemany(sql, batch)
            batch.clear()
    conn.executemany(sql, batch)
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()


def median_seconds(
    action: Callable[[], Any], repeat: int, reset: Callable[[], Any] | None = None
) -> float:
    """The median wall-clock seconds of ``action``; ``reset``, untimed, runs before each."""
    times = []
    for _ in range(repeat):
        if reset is not None:
            reset()
        gc.collect()
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


class Floor:
    """The least a window can do: the same SQL by sqlite3, the rows in a plain table."""

    def __init__(self, path: Path) -> None:
        from PySide6.QtGui import QStandardItemModel
        from PySide6.QtWidgets import QTableView

        self.conn = sqlite3.connect(path)
        self.model = QStandardItemModel()
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.resize(1100, 640)
        self.last: int | None = None

    def page(self, where: str = "", args: tuple[Any, ...] = (), *, more: bool = False) -> None:
        from PySide6.QtGui import QStandardItem

        conditions = [where] if where else []
        params = list(args)
        if more and self.last is not None:
            conditions.append("id < ?")
            params.append(self.last)
        sql = "SELECT id, at, login, host, kind, label, action, changes FROM history"
        if conditions:
            sql += " WHERE " + " AND ".join(f"({c})" for c in conditions)
        sql += " ORDER BY id DESC LIMIT ?"
        rows = self.conn.execute(sql, (*params, PAGE)).fetchall()
        if not more:
            self.model.clear()
        for row in rows:
            self.model.appendRow([QStandardItem(str(v)) for v in row[1:]])
        self.last = rows[-1][0] if rows else None

    def open(self) -> None:
        self.page()
        self.conn.execute("SELECT DISTINCT login FROM history").fetchall()
        self.view.show()
        self.view.grab()

    def words(self, word: str) -> None:
        pattern = f"%{word.lower()}%"
        self.page("lower(label) LIKE ? OR lower(changes) LIKE ?", (pattern, pattern))
        self.view.grab()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=1_000_000, help="entries (1 000 000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each step (3)")
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from domain.history import utc_start
    from domain.i18n import set_language
    from storage.database import open_database, sqlite_url
    from ui.history.log_window import HistoryWindow

    app = QApplication([])
    set_language("fi")
    path = TMP / "history.sqlite"
    open_database(sqlite_url(path)).close()  # the schema, migrated
    say(f"filling {args.entries:_} history entries …".replace("_", " "))
    started = time.perf_counter()
    fill(path, args.entries)
    say(f"  filled in {time.perf_counter() - started:.1f} s")
    db = open_database(sqlite_url(path))
    floor = Floor(path)
    rows: list[tuple[str, float, float]] = []
    windows: list[HistoryWindow] = []

    def opened() -> HistoryWindow:
        window = HistoryWindow(db)
        window.show()
        window.grab()
        app.processEvents()
        windows.append(window)
        return window

    rows.append(
        (
            "open the window (first page, people)",
            median_seconds(opened, args.repeat),
            median_seconds(floor.open, args.repeat),
        )
    )
    window = windows[-1]

    def scroll() -> None:
        window.apply_filters()
        for _ in range(10):
            window.model.fetchMore()

    def floor_scroll() -> None:
        floor.page()
        for _ in range(10):
            floor.page(more=True)

    rows.append(
        (
            "scroll ten pages further",
            median_seconds(scroll, args.repeat),
            median_seconds(floor_scroll, args.repeat),
        )
    )

    def everything() -> None:
        window.person.setCurrentIndex(0)
        window.kind.setCurrentIndex(0)
        window.search.setText("")
        window.start.set_date(None)
        window.end.set_date(None)
        window.apply_filters()

    def text(word: str) -> Callable[[], None]:
        def run() -> None:
            window.search.setText(word)
            window.apply_filters()
            window.view.grab()

        return run

    for word, note in (("Korjattu", "a common word"), (RARE, "a rare word")):
        ours = median_seconds(text(word), args.repeat, everything)
        theirs = median_seconds(lambda w=word: floor.words(w), args.repeat)
        rows.append((f"text filter: {note}", ours, theirs))

    def person() -> None:
        window.person.setCurrentIndex(window.person.findData("user07"))
        window.view.grab()

    rows.append(
        (
            "person filter",
            median_seconds(person, args.repeat, everything),
            median_seconds(lambda: floor.page("login = ?", ("user07",)), args.repeat),
        )
    )

    def kind() -> None:
        window.kind.setCurrentIndex(window.kind.findData("guardians"))
        window.view.grab()

    rows.append(
        (
            "record kind filter",
            median_seconds(kind, args.repeat, everything),
            median_seconds(lambda: floor.page("kind = ?", ("guardians",)), args.repeat),
        )
    )

    month = (date(2023, 3, 1), date(2023, 3, 31))

    def period() -> None:
        window.start.set_date(month[0])
        window.end.set_date(month[1])
        window.period.settle()
        window.view.grab()

    bounds = (
        utc_start(month[0]).isoformat(sep=" "),
        utc_start(month[1] + timedelta(days=1)).isoformat(sep=" "),
    )
    rows.append(
        (
            "period filter: a month",
            median_seconds(period, args.repeat, everything),
            median_seconds(lambda: floor.page("at >= ? AND at < ?", bounds), args.repeat),
        )
    )

    say("")
    say(f"{args.entries:_} entries, the median of {args.repeat} runs".replace("_", " "))
    say("")
    say("| step | ours (s) | floor (s) | ratio |")
    say("|---|---:|---:|---:|")
    for step, ours, theirs in rows:
        ratio = ours / theirs if theirs else float("nan")
        say(f"| {step} | {ours:.3f} | {theirs:.3f} | {ratio:.1f} |")
    for w in windows:
        w.close()
    db.close()
    app.quit()


if __name__ == "__main__":
    main()
