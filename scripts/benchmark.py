"""How fast the staff tab and the case-event list open and filter with many rows
(a benchmark, not a test).

    QT_QPA_PLATFORM=offscreen uv run scripts/benchmark.py [ROWS] [--only=staff|case-events|transactions] [--analyze] [--server] [--memory]

``--server`` builds each database on the PostgreSQL server named by
``OSKE_TEST_DATABASE_URL`` (a new database, dropped at the end) instead of a SQLite file.
``--memory`` scrolls the case-event list to its end and prints the process's memory.

Staff: a temporary database with ROWS staff members (default 200 000), then times opening
the tab (count + first batch + headcount), a search as typed, the "all" filter, a sort by
start date, and scrolling to the end of the first few batches.

Case events: a temporary database with ROWS case events over six years (with one or two
reasons and a measure each), then times opening the page's model (count + first page) and
the whole page, a text filter, an area filter, a sort by date ascending and more; the last
page and a middle one by OFFSET and by key side by side, Ctrl+End and a row shown in the
middle after it; and prints the query plans of the list's queries (EXPLAIN QUERY PLAN).

Transactions: a temporary database with ROWS transactions (default 100 000 for this part)
over six years in the default categories, a tenth of them booked to 20 projects and the
sales to 40 customers, then times what the financials tab asks of the database: opening
the transactions list (count + first page + the page's running totals + the totals), the
category, project, customer and text filters, and the tables budget versus actual,
funding sources, sales per customer and project finances; then the whole transactions
page, and the plans of the queries.
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

    lasts = [
        "Virtanen",
        "Korhonen",
        "Mäkinen",
        "Nieminen",
        "Mäkelä",
        "Hämäläinen",
        "Laine",
        "Heikkinen",
    ]
    firsts = ["Anna", "Juha", "Maria", "Mikko", "Aino", "Eero", "Liisa", "Timo"]
    titles = ["suunnittelija", "erikoissuunnittelija", "projektipäällikkö", "koordinaattori"]
    batch = []
    with db.engine.begin() as conn:
        for i in range(rows):
            last, first, title = lasts[i % 8] + str(i), firsts[(i // 8) % 8], titles[i % 4]
            start = date(2000, 1, 1) + timedelta(days=i % 9000)
            batch.append(
                {
                    "id": str(uuid.UUID(int=i)),
                    "last_name": last,
                    "first_name": first,
                    "title": title,
                    "employment": "permanent",
                    "fte_percent": 100,
                    "start": start,
                    "end": start + timedelta(days=365 * 3) if i % 3 else None,
                    "email": "",
                    "phone": "",
                    "notes": "",
                    "search_key": f"{last} {first} {title}".casefold(),
                }
            )
            if len(batch) == 5000:
                conn.execute(staff.insert().execution_options(render_nulls=True), batch)
                batch = []
        if batch:
            conn.execute(staff.insert(), batch)


def bench_url(name: str) -> str:
    """Where a benchmark's database is: a new SQLite file, or with ``--server`` a new
    database on the server of ``OSKE_TEST_DATABASE_URL`` (dropped by ``drop_made``)."""
    from storage.database import sqlite_url

    if "--server" not in sys.argv:
        return sqlite_url(Path(tempfile.mkdtemp()) / f"{name}.sqlite")
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import NullPool

    server = make_url(os.environ["OSKE_TEST_DATABASE_URL"])
    database = f"oske_bench_{name.replace('-', '_')}_{uuid.uuid4().hex[:8]}"
    engine = create_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{database}" TEMPLATE template0')
    MADE.append(database)
    return server.set(database=database).render_as_string(hide_password=False)


MADE: list[str] = []


def drop_made() -> None:
    if not MADE:
        return
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    engine = create_engine(
        os.environ["OSKE_TEST_DATABASE_URL"], isolation_level="AUTOCOMMIT", poolclass=NullPool
    )
    with engine.connect() as conn:
        for database in MADE:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    MADE.clear()


def analyze(db) -> None:
    """Statistics for the planner: PostgreSQL's autovacuum gathers them by itself soon after
    a bulk load; SQLite's are gathered only with ``--analyze`` (the application never runs
    ANALYZE there)."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    elif "--analyze" in sys.argv:
        with db.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")


def memory_mb() -> float:
    """The process's resident memory now, in megabytes (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def timed(label: str, action) -> float:
    """Run ``action`` and print its time: the wall clock, and this process's CPU time,
    which on a busy machine says more (on SQLite the database works in this process; a
    server's work is not in it)."""
    started, cpu = time.perf_counter(), time.process_time()
    action()
    elapsed = 1000 * (time.perf_counter() - started)
    print(f"{label:<48} {elapsed:8.1f} ms  (cpu {1000 * (time.process_time() - cpu):6.1f} ms)")
    return elapsed


def staff_benchmark(rows: int) -> None:
    from PySide6.QtCore import Qt

    from storage.database import open_database, sqlite_url
    from ui.app.application import create_application
    from ui.staff.tab import StaffTab

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
    timed(
        "sort by start, descending",
        lambda: tab.staff_view.sortByColumn(
            tab.staff_model.column("start"), Qt.SortOrder.DescendingOrder
        ),
    )
    timed(
        "fetch 10 more batches (scrolling)",
        lambda: [tab.staff_model.fetchMore() for _ in range(10)],
    )
    print(f"rows matching: {tab.staff_model.total}, loaded: {tab.staff_model.rowCount()}")
    tab.close()
    db.close()


# --------------------------------------------------------------------------- case events

AREAS = ["Eksote", "Kymsote", "Pirkanmaa", "Satakunta", "Päijät-Häme", "Keski-Suomi"]
MUNICIPALITIES = [
    "Lappeenranta",
    "Imatra",
    "Kotka",
    "Kouvola",
    "Tampere",
    "Nokia",
    "Pori",
    "Rauma",
    "Lahti",
    "Heinola",
    "Jyväskylä",
    "Äänekoski",
    "Luumäki",
    "Hamina",
    "",
]
WORDS = [
    "asiakas",
    "soitti",
    "kysyi",
    "muistutuksesta",
    "päätöksestä",
    "omainen",
    "hoitoon",
    "pääsystä",
    "kuraattori",
    "kotihoito",
    "maksu",
    "laskusta",
    "viivästyi",
    "neuvottiin",
    "ohjattiin",
    "kanteluun",
]


def fill_case_events(db, rows: int) -> None:
    """``rows`` events over the current year and the five before it, inserted in bulk."""
    import random

    from domain.caselog import Language, Provider, ReferenceKind, Sector
    from storage.orm import case_event_choices, case_events, search_key

    rng = random.Random(6)
    ombudsmen = [StaffMemberRow(i) for i in range(8)]
    with db.unit_of_work() as uow:
        for member in ombudsmen:
            uow.staff.add(member.record)
        uow.commit()
        kinds = {kind: uow.references.of_kind(kind) for kind in ReferenceKind}
    service_areas = {
        sector: [v.id for v in kinds[ReferenceKind.SERVICE_AREA] if v.sector is sector]
        for sector in Sector
    }
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
            events.append(
                {
                    "id": event_id,
                    "day": first + timedelta(days=rng.randrange(span)),
                    "ombudsman_id": ombudsmen[i % len(ombudsmen)].record.id,
                    "area": area,
                    "municipality": municipality,
                    "sector": sector,
                    "service_area_id": rng.choice(service_areas[sector]),
                    "nature_id": rng.choice(pick[ReferenceKind.NATURE]),
                    "contact_by_id": rng.choice(pick[ReferenceKind.CONTACT_BY]),
                    "channel_id": rng.choice(pick[ReferenceKind.CHANNEL]),
                    "provider": Provider.PUBLIC if i % 5 else Provider.PRIVATE,
                    "language": Language.FINNISH if i % 9 else Language.SWEDISH,
                    "minutes": rng.choice([5, 10, 15, 20, 30, 45, 60, 90]),
                    "summary": summary,
                    "search_key": search_key(area, municipality, summary),
                }
            )
            chosen = [
                *rng.sample(pick[ReferenceKind.REASON], rng.randint(1, 2)),
                rng.choice(pick[ReferenceKind.MEASURE]),
            ]
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

    how = "EXPLAIN QUERY PLAN" if db.engine.dialect.name == "sqlite" else "EXPLAIN"
    with db.engine.connect() as conn:
        compiled = stmt.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True})
        plan = conn.execute(text(f"{how} {compiled}")).fetchall()
    print(f"  plan of {label}:")
    for row in plan:
        print(f"    {row[-1]}")


def case_event_benchmark(rows: int, plans: bool = True) -> None:
    from dataclasses import replace

    from PySide6.QtCore import Qt
    from sqlalchemy import func, select

    from storage.database import open_database
    from storage.repositories import CaseEventQuery, CaseEventRepository, ListQuery
    from ui.app.application import create_application
    from ui.caselog.case_events_page import CaseEventsPage, CaseEventTableModel
    from ui.forms.case_event import CaseEventDialog

    app = create_application()
    db = open_database(bench_url("bench-caselog"))
    print(f"case events on {db.engine.dialect.name}")
    started = time.perf_counter()
    fill_case_events(db, rows)
    print(f"filled {rows} case events in {time.perf_counter() - started:.1f} s")
    analyze(db)
    year = date.today().year
    this_year = CaseEventQuery(
        sort="day", descending=True, start=date(year, 1, 1), end=date(year, 12, 31)
    )

    model = CaseEventTableModel(db)
    timed("open the model (count + first page, this year)", lambda: model.set_query(this_year))
    timed(
        "open the model (count + first page, all years)",
        lambda: model.set_query(replace(this_year, start=None, end=None)),
    )
    holder: dict = {}
    timed(
        "open the whole page (filters, count, first page)",
        lambda: holder.setdefault("page", CaseEventsPage(db)),
    )
    page: CaseEventsPage = holder["page"]
    page.resize(1200, 700)
    page.show()
    app.processEvents()
    print(f"  this year: {page.model.total} events")
    timed(
        "text filter 'kuraattori' (this year)",
        lambda: (page.search.setText("kuraattori"), page.apply_filters()),
    )
    print(f"  matching: {page.model.total}")
    timed(
        "text filter 'kuraattori kotihoito'",
        lambda: (page.search.setText("kuraattori kotihoito"), page.apply_filters()),
    )
    timed("clear the text filter", lambda: (page.search.setText(""), page.apply_filters()))
    timed(
        "area filter 'Kymsote'",
        lambda: page.area_filter.setCurrentIndex(page.area_filter.findData("Kymsote")),
    )
    print(f"  matching: {page.model.total}")
    timed(
        "sort by date ascending (area filter on)",
        lambda: page.view.sortByColumn(page.model.column("day"), Qt.SortOrder.AscendingOrder),
    )
    timed("area filter back to all", lambda: page.area_filter.setCurrentIndex(0))
    timed(
        "sort by date ascending (no area filter)",
        lambda: (
            page.view.sortByColumn(page.model.column("day"), Qt.SortOrder.DescendingOrder)
            or page.view.sortByColumn(page.model.column("day"), Qt.SortOrder.AscendingOrder)
        ),
    )
    for column, label in (
        ("service_area", "service area"),
        ("ombudsman", "ombudsman"),
        ("area", "area"),
    ):
        timed(
            f"sort by {label}",
            lambda column=column: page.view.sortByColumn(
                page.model.column(column), Qt.SortOrder.AscendingOrder
            ),
        )
    timed(
        "sort by date descending again",
        lambda: page.view.sortByColumn(page.model.column("day"), Qt.SortOrder.DescendingOrder),
    )
    timed(
        "sector + service area filter",
        lambda: (
            page.sector_filter.setCurrentIndex(1),
            page.service_area_filter.setCurrentIndex(1),
        ),
    )
    timed(
        "sector and service area back to all",
        lambda: (
            page.sector_filter.setCurrentIndex(0),
            page.service_area_filter.setCurrentIndex(0),
        ),
    )
    timed(
        "period: all six years (both dates empty)",
        lambda: (page.start.setText(""), page.end.setText(""), page.period.settle()),
    )
    print(f"  matching: {page.model.total}")
    timed(
        "text filter 'kuraattori' (all years)",
        lambda: (page.search.setText("kuraattori"), page.apply_filters()),
    )
    timed(
        "text filter with no match (all years)",
        lambda: (page.search.setText("zzzz"), page.apply_filters()),
    )
    timed(
        "text filter 'pääsy' (all years)",
        lambda: (page.search.setText("pääsy"), page.apply_filters()),
    )
    print(f"  matching: {page.model.total}")
    timed(
        "text filter 'ko' (two letters, all years)",
        lambda: (page.search.setText("ko"), page.apply_filters()),
    )
    print(f"  matching: {page.model.total}")
    timed(
        "text filter 'kotihoito lasku' (all years)",
        lambda: (page.search.setText("kotihoito lasku"), page.apply_filters()),
    )
    print(f"  matching: {page.model.total}")
    timed(
        "clear the text filter (all years)", lambda: (page.search.setText(""), page.apply_filters())
    )
    timed("sector filter (all years)", lambda: page.sector_filter.setCurrentIndex(2))
    timed("service area filter (all years)", lambda: page.service_area_filter.setCurrentIndex(1))
    timed(
        "sector and service area back to all (all years)",
        lambda: (
            page.sector_filter.setCurrentIndex(0),
            page.service_area_filter.setCurrentIndex(0),
        ),
    )
    timed("fetch 10 more batches (scrolling)", lambda: [page.model.fetchMore() for _ in range(10)])
    timed("refresh (as when the page comes into view)", page.refresh)
    pages_by_key(db, replace(this_year, start=None, end=None))
    timed("Ctrl+End (all years)", page.model.fetch_to_end)
    timed(
        "a row in the middle shown after Ctrl+End",
        lambda: page.model.record(page.model.rowCount() // 2),
    )
    timed("refresh at the end", page.refresh)
    timed("open the quick-entry dialog", lambda: holder.setdefault("dialog", CaseEventDialog(db)))
    print(f"rows matching: {page.model.total}, loaded: {page.model.rowCount()}")

    if plans:
        from storage import orm

        plan_uow = db.unit_of_work().__enter__()
        repo: CaseEventRepository = plan_uow.case_events

        def page_stmt(query: ListQuery):
            stmt = select(orm.case_events).where(*repo._where(query))
            return repo._ordered(stmt, query).limit(200)

        def count_stmt(query: ListQuery):
            return select(func.count()).select_from(orm.case_events).where(*repo._where(query))

        print("query plans:")
        explain(db, "count, this year", count_stmt(this_year))
        explain(db, "page, this year, newest first", page_stmt(this_year))
        explain(
            db,
            "count, text 'kuraattori' this year",
            count_stmt(replace(this_year, text="kuraattori")),
        )
        explain(db, "page, area 'Kymsote' this year", page_stmt(replace(this_year, area="Kymsote")))
        explain(
            db,
            "page, area 'Kymsote', date ascending",
            page_stmt(replace(this_year, area="Kymsote", descending=False)),
        )
        explain(
            db,
            "page, sector + service area this year",
            page_stmt(replace(this_year, sector="social welfare", service_area_id="x")),
        )
        explain(
            db, "page, sorted by service area", page_stmt(replace(this_year, sort="service_area"))
        )
        every = replace(this_year, start=None, end=None)
        explain(db, "count, text 'zzzz' all years", count_stmt(replace(every, text="zzzz")))
        explain(db, "page, text 'pääsy' all years", page_stmt(replace(every, text="pääsy")))
        plan_uow.__exit__(None, None, None)
    page.close()
    if "--memory" in sys.argv:
        memory_probe(db.url)
    db.close()


def pages_by_key(db, every) -> None:
    """The last page and a page in the middle read by OFFSET (as before keyset paging)
    and by the sort key of their neighbour row, side by side, in several orders."""
    from dataclasses import replace

    with db.unit_of_work() as uow:
        repo = uow.case_events
        n = repo.count(every)
        for sort in ("day", "area", "service_area", "ombudsman"):
            q = replace(every, sort=sort)
            timed(f"last page by OFFSET, sorted by {sort}", lambda q=q: repo.ids(q, n - 200, 200))
            timed(
                f"last page by key, sorted by {sort}",
                lambda q=q: repo.ids_after(q, None, 200, backwards=True),
            )
        middle = repo.ids(every, n // 2, 1)[0]
        timed("page after the middle row by OFFSET", lambda: repo.ids(every, n // 2 + 1, 200))
        timed(
            "page after the middle row by key",
            lambda: repo.ids_after(every, repo.sort_key(every, middle), 200),
        )


def memory_probe(url: str) -> None:
    """In a new process: the window on the case log, all years, scrolled to the end."""
    import subprocess

    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, __file__, f"--memory-probe={url}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    print(out.rstrip())
    print(f"  (the probe took {time.perf_counter() - started:.1f} s)")


def run_memory_probe(url: str) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from storage.database import open_database
    from ui.app.application import create_application
    from ui.app.main_window import MainWindow

    app = create_application()
    db = open_database(url)
    window = MainWindow(db, "benchmark")
    window.resize(1920, 1080)
    window.show()
    app.processEvents()
    page = window.open_tab("caselog_tab").events_page
    app.processEvents()
    page.start.setText("")
    page.end.setText("")
    page.period.settle()
    app.processEvents()
    before = memory_mb()
    started = time.perf_counter()
    QTest.keyClick(page.view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    app.processEvents()
    jumped = time.perf_counter() - started
    at_end = memory_mb()
    QTest.keyClick(page.view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    page.model.set_query(page.model.query)  # the first rows only: now scroll batch by batch
    app.processEvents()
    started = time.perf_counter()
    while page.model.canFetchMore():
        page.view.scrollToBottom()
        app.processEvents()
    page.view.scrollToBottom()
    app.processEvents()
    elapsed = time.perf_counter() - started
    print(f"window, case log of {page.model.rowCount()} events")
    print(f"{'memory before':<48} {before:8.1f} MB")
    print(f"{'Ctrl+End: the last row shown after':<48} {1000 * jumped:8.1f} ms")
    print(f"{'memory after Ctrl+End':<48} {at_end:8.1f} MB")
    print(f"{'memory scrolled to the end batch by batch':<48} {memory_mb():8.1f} MB")
    print(f"{'scrolling to the end batch by batch took':<48} {elapsed:8.1f} s")
    window.close()
    db.close()


# --------------------------------------------------------------------------- transactions

DESCRIPTIONS = [
    "Palkat",
    "Henkilösivukulut",
    "Toimitilan vuokra",
    "Junaliput",
    "Hotelli",
    "Matkalasku",
    "Microsoft 365",
    "Puhelinliittymät",
    "Kirjanpitopalvelut",
    "Tilintarkastus",
    "Kokoustarjoilu",
    "Toimistotarvikkeet",
    "Työpajan fasilitointi",
    "Seminaari",
    "Asiantuntijapalvelut",
    "Koulutus",
]
CUSTOMERS = [
    f"Asiakas {i:02d} {kind}"
    for i, kind in enumerate(
        ["hyvinvointialue", "kaupunki", "kunta", "yliopisto", "ammattikorkeakoulu"] * 8
    )
]


def fill_transactions(db, rows: int) -> dict:
    """``rows`` transactions over the current year and the five before it, inserted in bulk."""
    import random
    from decimal import Decimal

    from domain.finance import SALES_CATEGORY, BudgetLine, CategoryKind
    from domain.projects import OurRole, Project
    from storage.orm import search_key, transactions

    rng = random.Random(7)
    projects = [
        Project(
            f"HANKE{i:02d}",
            f"Kehittämishanke {i}",
            OurRole.ADMINISTRATOR,
            our_budget=Decimal(rng.randrange(50, 900) * 1000),
        )
        for i in range(20)
    ]
    with db.unit_of_work() as uow:
        for project in projects:
            uow.projects.add(project)
        categories = uow.categories.all()
        first = date(date.today().year - 5, 1, 1)
        for year in range(first.year, date.today().year + 1):
            for c in categories:
                uow.budget.add(BudgetLine(year, c.id, Decimal(rng.randrange(10, 400) * 1000)))
        uow.commit()
    sales = next(c for c in categories if c.name == SALES_CATEGORY)
    expenses = [c for c in categories if c.kind is CategoryKind.EXPENSE]
    income = [c for c in categories if c.kind is CategoryKind.INCOME and c is not sales]
    span = (date(date.today().year, 12, 31) - first).days + 1
    batch = []
    with db.engine.begin() as conn:
        for i in range(rows):
            roll = rng.random()
            customer, work_days = "", None
            if roll < 0.15:
                category = sales
                customer = rng.choice(CUSTOMERS)
                work_days = Decimal(rng.randint(1, 40)) / 2
            elif roll < 0.25:
                category = rng.choice(income)
            else:
                category = rng.choice(expenses)
            day = first + timedelta(days=rng.randrange(span))
            description = f"{rng.choice(DESCRIPTIONS)} {day.month}/{day.year}"
            voucher = f"{day.year}-{i:06d}"
            batch.append(
                {
                    "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    "day": day,
                    "category_id": category.id,
                    "amount": Decimal(rng.randint(-2000, 2_000_000) or 1).scaleb(-2),
                    "description": description,
                    "project_id": rng.choice(projects).id if rng.random() < 0.1 else None,
                    "customer": customer,
                    "work_days": work_days,
                    "voucher": voucher,
                    "search_key": search_key(description, customer, voucher),
                    "customer_key": customer.casefold(),
                }
            )
            if len(batch) == 5000:
                conn.execute(transactions.insert(), batch)
                batch = []
        if batch:
            conn.execute(transactions.insert(), batch)
    return {
        "sales": sales,
        "expense": expenses[0],
        "project": projects[3],
        "customer": CUSTOMERS[5],
    }


def transaction_benchmark(rows: int, plans: bool = True) -> None:
    from dataclasses import replace

    from sqlalchemy import func, select
    from sqlalchemy.exc import DBAPIError

    from domain.finance import CategoryKind
    from services.finance import (
        budget_comparison,
        customer_sales,
        funding_sources,
        project_finances,
    )
    from storage import orm
    from storage.database import open_database
    from storage.repositories import ListQuery, TransactionQuery

    db = open_database(bench_url("bench-finance"))
    print(f"transactions on {db.engine.dialect.name}")
    started = time.perf_counter()
    picks = fill_transactions(db, rows)
    print(f"filled {rows} transactions in {time.perf_counter() - started:.1f} s")
    analyze(db)
    today = date.today()
    year = today.year
    this_year = TransactionQuery(
        sort="day", descending=True, start=date(year, 1, 1), end=date(year, 12, 31)
    )
    all_years = replace(this_year, start=None, end=None)
    income, expense = CategoryKind.INCOME, CategoryKind.EXPENSE

    def open_list(query: ListQuery, offset: int = 0) -> tuple[int, int]:
        """What the list asks when it opens: count, a page, the page's running totals, the totals."""
        with db.unit_of_work() as uow:
            repo = uow.transactions
            total = repo.count(query)
            page = repo.page(query, offset, 200)
            net = not query.category_id and not query.kind
            totals = repo.totals(query)  # the list hands their figure to the running total
            whole = sum(totals.values()) if not net else totals[income] - totals[expense]
            repo.running_totals(query, [t.id for t in page], net=net, whole=whole)
        return total, len(page)

    def sort_list(query: ListQuery) -> tuple[int, int]:
        """What a header click asks when the sums are known: count, a page, its running totals."""
        with db.unit_of_work() as uow:
            repo = uow.transactions
            total = repo.count(query)
            page = repo.page(query, 0, 200)
            repo.running_totals(query, [t.id for t in page], net=True, whole=whole_sum)
        return total, len(page)

    def time_list(label: str, query: ListQuery, offset: int = 0) -> None:
        holder = {}
        try:
            timed(label, lambda: holder.setdefault("n", open_list(query, offset)))
        except DBAPIError as exc:  # report a failing query and go on with the rest
            print(f"{label:<48}   FAILED: {str(exc.orig).strip()}")
            return
        print(f"  matching: {holder['n'][0]}")

    time_list("open the list (this year)", this_year)
    time_list("open the list (all years)", all_years)
    time_list("next page at row 2 000 (all years)", all_years, 2000)
    time_list("category filter (this year)", replace(this_year, category_id=picks["expense"].id))
    time_list("category filter (all years)", replace(all_years, category_id=picks["expense"].id))
    time_list("expenses only (all years)", replace(all_years, kind="expense"))
    time_list("project filter (all years)", replace(all_years, project_id=picks["project"].id))
    time_list("customer filter (all years)", replace(all_years, customer=picks["customer"]))
    time_list("text 'vuokra' (this year)", replace(this_year, text="vuokra"))
    time_list("text 'vuokra' (all years)", replace(all_years, text="vuokra"))
    time_list("text with no match (all years)", replace(all_years, text="zzzz"))
    time_list("sorted by amount (all years)", replace(all_years, sort="amount"))
    time_list(
        "sorted by category (all years)", replace(all_years, sort="category", descending=False)
    )
    with db.unit_of_work() as uow:
        sums = uow.transactions.totals(all_years)
    whole_sum = sums[income] - sums[expense]
    for sort in ("amount", "category"):
        for descending in (False, True):
            label = f"click: by {sort} {'descending' if descending else 'ascending'} (all years)"
            query = replace(all_years, sort=sort, descending=descending)
            timed(label, lambda query=query: sort_list(query))

    def report(label: str, action) -> None:
        def run():
            with db.unit_of_work() as uow:
                action(uow)

        timed(label, run)

    report("budget versus actual to today", lambda uow: budget_comparison(uow, today))
    report("funding sources of the year", lambda uow: funding_sources(uow, year))
    report("sales per customer of the year", lambda uow: customer_sales(uow, year))
    report("project finances to today", lambda uow: project_finances(uow, today))

    try:
        from ui.app.application import create_application
        from ui.finance.transactions_page import TransactionsPage
    except ImportError:
        TransactionsPage = None
    if TransactionsPage is not None:
        app = create_application()
        holder: dict = {}
        timed(
            "open the whole transactions page (this year)",
            lambda: holder.setdefault("page", TransactionsPage(db)),
        )
        page = holder["page"]
        page.resize(1200, 700)
        page.show()
        app.processEvents()
        timed(
            "fetch 10 more batches (scrolling)", lambda: [page.model.fetchMore() for _ in range(10)]
        )
        page.close()

    if plans:
        plan_uow = db.unit_of_work().__enter__()
        repo = plan_uow.transactions
        t = orm.transactions

        def page_stmt(query: ListQuery):
            return repo._ordered(select(t).where(*repo._where(query)), query).limit(200)

        def count_stmt(query: ListQuery):
            return select(func.count()).select_from(t).where(*repo._where(query))

        def running_stmt(query: ListQuery):
            """The running total's pass: what is shown before a page's first day."""
            before = repo._beyond(query.sort, [t.c.day], [today], "before")
            return select(func.sum(repo._signed())).where(*repo._where(query), before)

        print("query plans:")
        explain(db, "count, this year", count_stmt(this_year))
        explain(db, "page, this year, newest first", page_stmt(this_year))
        explain(db, "page, by amount", page_stmt(replace(all_years, sort="amount")))
        explain(
            db,
            "page, by category: one category's rows",
            select(t.c.id).where(t.c.category_id == "x").order_by(t.c.day, t.c.id).limit(200),
        )
        explain(db, "running totals, this year", running_stmt(this_year))
        explain(db, "running totals, all years", running_stmt(all_years))
        explain(db, "page, project, all years", page_stmt(replace(all_years, project_id="x")))
        explain(db, "page, customer, all years", page_stmt(replace(all_years, customer="x")))
        explain(db, "page, category, all years", page_stmt(replace(all_years, category_id="x")))
        explain(db, "page, expenses, all years", page_stmt(replace(all_years, kind="expense")))
        plan_uow.__exit__(None, None, None)
    db.close()


def main() -> None:
    probe = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--memory-probe=")), "")
    if probe:
        run_memory_probe(probe)
        return
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    only = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--only=")), None)
    rows = int(args[0]) if args else None
    try:
        if only in (None, "staff"):
            staff_benchmark(rows or 200_000)
        if only in (None, "case-events"):
            case_event_benchmark(rows or 200_000)
        if only in (None, "transactions"):
            transaction_benchmark(rows or 100_000)
    finally:
        drop_made()


if __name__ == "__main__":
    main()
