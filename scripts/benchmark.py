"""How fast the staff tab and the case-event list open and filter with many rows
(a benchmark, not a test).

    QT_QPA_PLATFORM=offscreen uv run scripts/benchmark.py [ROWS] [--only=staff|case-events] [--analyze]

Staff: a temporary database with ROWS staff members (default 200 000), then times opening
the tab (count + first batch + headcount), a search as typed, the "all" filter, a sort by
start date, and scrolling to the end of the first few batches.

Case events: a temporary database with ROWS case events over six years (with one or two
reasons and a measure each), then times opening the page's model (count + first page) and
the whole page, a text filter, an area filter, a sort by date ascending and more, and
prints the query plans of the list's queries (EXPLAIN QUERY PLAN).
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


def timed(label: str, action) -> float:
    started = time.perf_counter()
    action()
    elapsed = 1000 * (time.perf_counter() - started)
    print(f"{label:<48} {elapsed:8.1f} ms")
    return elapsed


def staff_benchmark(rows: int) -> None:
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


# --------------------------------------------------------------------------- case events

AREAS = ["Eksote", "Kymsote", "Pirkanmaa", "Satakunta", "Päijät-Häme", "Keski-Suomi"]
MUNICIPALITIES = ["Lappeenranta", "Imatra", "Kotka", "Kouvola", "Tampere", "Nokia", "Pori", "Rauma",
                  "Lahti", "Heinola", "Jyväskylä", "Äänekoski", "Luumäki", "Hamina", ""]
WORDS = ["asiakas", "soitti", "kysyi", "muistutuksesta", "päätöksestä", "omainen", "hoitoon", "pääsystä",
         "kuraattori", "kotihoito", "maksu", "laskusta", "viivästyi", "neuvottiin", "ohjattiin", "kanteluun"]


def fill_case_events(db, rows: int) -> None:
    """``rows`` events over the current year and the five before it, inserted in bulk."""
    import random

    from domain.caselog import Language, Provider, ReferenceKind, Sector
    from storage.orm import case_event_choices, case_events, search_key

    rng = random.Random(6)
    ombudsmen = [StaffMemberRow(i) for i in range(8)]
    with db.unit_of_work() as uow:
        for member in ombudsmen:
            uow.session.add(member.record)
        uow.commit()
        kinds = {kind: uow.references.of_kind(kind) for kind in ReferenceKind}
    service_areas = {sector: [v.id for v in kinds[ReferenceKind.SERVICE_AREA] if v.sector is sector]
                     for sector in Sector}
    pick = {kind: [v.id for v in values] for kind, values in kinds.items()}
    first = date(date.today().year - 5, 1, 1)
    span = (date(date.today().year, 12, 31) - first).days + 1
    events, choices = [], []
    with db.engine.begin() as conn:
        for i in range(rows):
            sector = Sector.SOCIAL if i % 3 else Sector.HEALTH
            area, municipality = AREAS[i % len(AREAS)], MUNICIPALITIES[i % len(MUNICIPALITIES)]
            summary = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 9)))
            event_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            events.append({
                "id": event_id, "day": first + timedelta(days=rng.randrange(span)),
                "ombudsman_id": ombudsmen[i % len(ombudsmen)].record.id, "area": area,
                "municipality": municipality, "sector": sector,
                "service_area_id": rng.choice(service_areas[sector]),
                "nature_id": rng.choice(pick[ReferenceKind.NATURE]),
                "contact_by_id": rng.choice(pick[ReferenceKind.CONTACT_BY]),
                "channel_id": rng.choice(pick[ReferenceKind.CHANNEL]),
                "provider": Provider.PUBLIC if i % 5 else Provider.PRIVATE,
                "language": Language.FINNISH if i % 9 else Language.SWEDISH,
                "minutes": rng.choice([5, 10, 15, 20, 30, 45, 60, 90]),
                "summary": summary, "search_key": search_key(area, municipality, summary),
            })
            chosen = rng.sample(pick[ReferenceKind.REASON], rng.randint(1, 2)) + [rng.choice(pick[ReferenceKind.MEASURE])]
            choices.extend({"event_id": event_id, "value_id": v} for v in chosen)
            if len(events) == 5000:
                conn.execute(case_events.insert(), events)
                conn.execute(case_event_choices.insert(), choices)
                events, choices = [], []
        if events:
            conn.execute(case_events.insert(), events)
            conn.execute(case_event_choices.insert(), choices)


class StaffMemberRow:
    """An ombudsman for the generated events."""

    def __init__(self, i: int) -> None:
        from domain.staff import StaffMember

        self.record = StaffMember(f"Asiamies{i}", "Anna", "sosiaali- ja potilasasiavastaava")


def explain(db, label: str, stmt) -> None:
    """Print SQLite's plan of a query the list asks."""
    from sqlalchemy import text

    with db.engine.connect() as conn:
        compiled = stmt.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True})
        plan = conn.execute(text(f"EXPLAIN QUERY PLAN {compiled}")).fetchall()
    print(f"  plan of {label}:")
    for row in plan:
        print(f"    {row[-1]}")


def case_event_benchmark(rows: int, plans: bool = True) -> None:
    from dataclasses import replace

    from PySide6.QtCore import Qt
    from sqlalchemy import func, select

    from storage.database import open_database, sqlite_url
    from storage.repositories import CaseEventRepository, ListQuery
    from ui.application import create_application
    from ui.case_events_page import CaseEventsPage, CaseEventTableModel
    from ui.forms.case_event_form import CaseEventDialog

    app = create_application()
    path = Path(tempfile.mkdtemp()) / "bench-caselog.sqlite"
    db = open_database(sqlite_url(path))
    started = time.perf_counter()
    fill_case_events(db, rows)
    print(f"filled {rows} case events in {time.perf_counter() - started:.1f} s")
    if "--analyze" in sys.argv:  # the application never runs ANALYZE: by default, time it without statistics
        with db.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
    year = date.today().year
    this_year = ListQuery(sort="day", descending=True, start=date(year, 1, 1), end=date(year, 12, 31))

    model = CaseEventTableModel(db)
    timed("open the model (count + first page, this year)", lambda: model.set_query(this_year))
    timed("open the model (count + first page, all years)",
          lambda: model.set_query(replace(this_year, start=None, end=None)))
    holder: dict = {}
    timed("open the whole page (filters, count, first page)", lambda: holder.setdefault("page", CaseEventsPage(db)))
    page: CaseEventsPage = holder["page"]
    page.resize(1200, 700)
    page.show()
    app.processEvents()
    print(f"  this year: {page.model.total} events")
    timed("text filter 'kuraattori' (this year)", lambda: (page.search.setText("kuraattori"), page.apply_filters()))
    print(f"  matching: {page.model.total}")
    timed("text filter 'kuraattori kotihoito'",
          lambda: (page.search.setText("kuraattori kotihoito"), page.apply_filters()))
    timed("clear the text filter", lambda: (page.search.setText(""), page.apply_filters()))
    timed("area filter 'Kymsote'",
          lambda: page.area_filter.setCurrentIndex(page.area_filter.findData("Kymsote")))
    print(f"  matching: {page.model.total}")
    timed("sort by date ascending (area filter on)",
          lambda: page.view.sortByColumn(CaseEventTableModel.COL_DAY, Qt.SortOrder.AscendingOrder))
    timed("area filter back to all", lambda: page.area_filter.setCurrentIndex(0))
    timed("sort by date ascending (no area filter)",
          lambda: page.view.sortByColumn(CaseEventTableModel.COL_DAY, Qt.SortOrder.DescendingOrder)
          or page.view.sortByColumn(CaseEventTableModel.COL_DAY, Qt.SortOrder.AscendingOrder))
    timed("sort by service area", lambda: page.view.sortByColumn(CaseEventTableModel.COL_SERVICE_AREA,
                                                                 Qt.SortOrder.AscendingOrder))
    timed("sort by date descending again",
          lambda: page.view.sortByColumn(CaseEventTableModel.COL_DAY, Qt.SortOrder.DescendingOrder))
    timed("sector + service area filter", lambda: (
        page.sector_filter.setCurrentIndex(1),
        page.service_area_filter.setCurrentIndex(1)))
    timed("sector and service area back to all", lambda: (
        page.sector_filter.setCurrentIndex(0), page.service_area_filter.setCurrentIndex(0)))
    timed("period: all six years (both dates empty)", lambda: (
        page.start.setText(""), page.end.setText(""), page._period_changed()))
    print(f"  matching: {page.model.total}")
    timed("text filter 'kuraattori' (all years)", lambda: (page.search.setText("kuraattori"), page.apply_filters()))
    timed("text filter with no match (all years)", lambda: (page.search.setText("zzzz"), page.apply_filters()))
    timed("clear the text filter (all years)", lambda: (page.search.setText(""), page.apply_filters()))
    timed("sector filter (all years)", lambda: page.sector_filter.setCurrentIndex(2))
    timed("service area filter (all years)", lambda: page.service_area_filter.setCurrentIndex(1))
    timed("sector and service area back to all (all years)", lambda: (
        page.sector_filter.setCurrentIndex(0), page.service_area_filter.setCurrentIndex(0)))
    timed("fetch 10 more batches (scrolling)", lambda: [page.model.fetchMore() for _ in range(10)])
    timed("refresh (as when the page comes into view)", page.refresh)
    timed("open the quick-entry dialog", lambda: holder.setdefault("dialog", CaseEventDialog(db)))
    print(f"rows matching: {page.model.total}, loaded: {page.model.rowCount()}")

    if plans:
        repo = CaseEventRepository
        from storage import orm

        def page_stmt(query: ListQuery):
            stmt = select(orm.case_events).where(*repo(None)._where(query))  # type: ignore[arg-type]
            return repo(None)._ordered(stmt, query).limit(200)  # type: ignore[arg-type]

        def count_stmt(query: ListQuery):
            return select(func.count()).select_from(orm.case_events).where(*repo(None)._where(query))  # type: ignore[arg-type]

        print("query plans:")
        explain(db, "count, this year", count_stmt(this_year))
        explain(db, "page, this year, newest first", page_stmt(this_year))
        explain(db, "count, text 'kuraattori' this year", count_stmt(replace(this_year, text="kuraattori")))
        explain(db, "page, area 'Kymsote' this year", page_stmt(replace(this_year, area="Kymsote")))
        explain(db, "page, area 'Kymsote', date ascending",
                page_stmt(replace(this_year, area="Kymsote", descending=False)))
        explain(db, "page, sector + service area this year",
                page_stmt(replace(this_year, sector="social welfare", service_area_id="x")))
        explain(db, "page, sorted by service area", page_stmt(replace(this_year, sort="service_area")))
    page.close()
    db.close()


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    only = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--only=")), None)
    rows = int(args[0]) if args else 200_000
    if only in (None, "staff"):
        staff_benchmark(rows)
    if only in (None, "case-events"):
        case_event_benchmark(rows)


if __name__ == "__main__":
    main()
