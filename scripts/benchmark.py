"""How fast the staff tab opens and filters with many rows (a benchmark, not a test).

    QT_QPA_PLATFORM=offscreen uv run scripts/benchmark.py [ROWS]

Creates a temporary database with ROWS staff members (default 200 000), then times:
opening the tab (count + first batch + headcount), a search as typed, the "all" filter,
a sort by start date, and scrolling to the end of the first few batches.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp()


def fill(db, rows: int) -> None:
    from storage.orm import staff

    lasts = ["Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen"]
    firsts = ["Anna", "Juha", "Maria", "Mikko", "Aino", "Eero", "Liisa", "Timo"]
    titles = ["suunnittelija", "erikoissuunnittelija", "projektipäällikkö", "koordinaattori"]
    batch = []
    with db.engine.begin() as conn:
        for i in range(rows):
            last, first, title = lasts[i % 8] + str(i), firsts[(i // 8) % 8], titles[i % 4]
            start = date(2000, 1, 1) + timedelta(days=i % 9000)
            batch.append({
                "id": str(uuid.UUID(int=i)), "last_name": last, "first_name": first, "title": title,
                "employment": "permanent", "fte_percent": 100, "start": start,
                "end": start + timedelta(days=365 * 3) if i % 3 else None,
                "email": "", "phone": "", "notes": "",
                "search_key": f"{last} {first} {title}".casefold(),
            })
            if len(batch) == 5000:
                conn.execute(staff.insert().execution_options(render_nulls=True), batch)
                batch = []
        if batch:
            conn.execute(staff.insert(), batch)


def timed(label: str, action) -> None:
    started = time.perf_counter()
    action()
    print(f"{label:<40} {1000 * (time.perf_counter() - started):8.1f} ms")


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    from PySide6.QtCore import Qt

    from storage.database import open_database, sqlite_url
    from ui.application import create_application
    from ui.staff_tab import StaffTab, StaffTableModel

    app = create_application()
    path = Path(tempfile.mkdtemp()) / "bench.sqlite"
    db = open_database(sqlite_url(path))
    started = time.perf_counter()
    fill(db, rows)
    print(f"filled {rows} staff rows in {time.perf_counter() - started:.1f} s")
    holder: dict = {}
    timed("open the staff tab", lambda: holder.setdefault("tab", StaffTab(db)))
    tab: StaffTab = holder["tab"]
    tab.show()
    app.processEvents()
    timed("search 'mäkelä12'", lambda: (tab.search.setText("mäkelä12"), tab.apply_filters()))
    timed("clear the search", lambda: (tab.search.setText(""), tab.apply_filters()))
    timed("show all (no date filter)", lambda: tab.all_dates.setChecked(True))
    timed("sort by start, descending",
          lambda: tab.staff_view.sortByColumn(StaffTableModel.COL_START, Qt.SortOrder.DescendingOrder))
    timed("fetch 10 more batches (scrolling)",
          lambda: [tab.staff_model.fetchMore() for _ in range(10)])
    print(f"rows matching: {tab.staff_model.total}, loaded: {tab.staff_model.rowCount()}")
    tab.close()
    db.close()


if __name__ == "__main__":
    main()
