"""The case log's and the ledger's search read a trigram index (storage/search_index.py)
and find exactly the rows the plain search finds: every row whose folded text contains
each word typed, whatever its case, Finnish letters, hyphens and short words."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from domain.caselog import CaseEvent, Sector
from domain.finance import CategoryKind, Transaction
from services.caselog import save_case_event
from services.finance import delete_transaction, save_transaction
from storage import orm
from storage.database import open_database
from storage.orm import search_key
from storage.repositories import CaseEventQuery, TransactionQuery
from storage.search_index import BULK_ROWS
from tests.databases import ON_SERVER, SERVER_URL, empty_url

SUMMARIES = [
    "Päijät-Häme: asiakas kysyi päätöksestä",
    "ÄÄNEKOSKI soitti, MAKSUPÄÄTÖS viivästyi",
    "Åbo Akademi – ruotsinkielinen palvelu",
    "Straße-asia ja kotihoidon maksu 50 % alennus",
    'Lainausmerkit "näin" ja kenoviiva \\ sekä alaviiva a_b',
    "ko-ulu: lyhyt sana ö",
    "Öljylasku ja hoitoon pääsy",
    "kotihoito",
    "ohjattiin kanteluun",
]
AREAS = ["Eksote", "Päijät-Häme", "Keski-Suomi"]
MUNICIPALITIES = ["Äänekoski", "Lahti", "", "Jyväskylä"]

# Searches as typed: Finnish letters in any case, hyphens, parts of words, short words
# (answered without the index), words the text has only apart, and no match at all
SEARCHES = [
    "päätös",
    "PÄÄTÖS",
    "Päijät-häme",
    "ijät-h",
    "äänekoski",
    "ÄÄN",
    "åbo",
    "ÅBO akademi",
    "strasse",
    "straße",
    "50 %",
    "%",
    "a_b",
    "_",
    '"näin"',
    "\\",
    "ko",
    "ö",
    "ko ulu",
    "ko-ulu",
    "öljy pääsy",
    "kotihoito maksu",
    "hoito",
    "hoitoon pääsy ö",
    "sy",
    "zzzz",
    "kotihoidon zzzz",
    "a",
    "  lahti  ",
    "keski-suomi jyväskylä",
]


def _add_events(db) -> list[CaseEvent]:
    events = [
        CaseEvent(
            day=date(2025, 1, 1 + i),
            area=AREAS[i % len(AREAS)],
            sector=Sector.SOCIAL,
            municipality=MUNICIPALITIES[i % len(MUNICIPALITIES)],
            summary=summary,
        )
        for i, summary in enumerate(SUMMARIES)
    ]
    for event in events:
        save_case_event(db, event, None)
    return events


def _plain(texts: dict[str, str], search: str) -> set[str]:
    """What the search has always found: each word, folded, in the folded text."""
    words = search.casefold().split()
    return {record_id for record_id, key in texts.items() if all(w in key for w in words)}


def _found(db, query) -> set[str]:
    with db.unit_of_work() as uow:
        repo = uow.case_events if isinstance(query, CaseEventQuery) else uow.transactions
        rows = repo.page(query, 0, 1000)
        assert repo.count(query) == len(rows)
    return {r.id for r in rows}


@pytest.mark.parametrize("search", SEARCHES)
def test_the_case_log_search_finds_what_the_plain_search_finds(db, search):
    events = _add_events(db)
    texts = {e.id: search_key(e.area, e.municipality, e.summary) for e in events}
    assert _found(db, CaseEventQuery(text=search)) == _plain(texts, search)


def _book(db, description: str, customer: str = "", voucher: str = "") -> Transaction:
    with db.unit_of_work() as uow:
        category = next(c for c in uow.categories.all() if c.kind is CategoryKind.EXPENSE)
    transaction = Transaction(
        day=date(2025, 3, 1),
        category_id=category.id,
        amount=Decimal("12.50"),
        description=description,
        customer=customer,
        voucher=voucher,
    )
    return save_transaction(db, transaction, None)


@pytest.mark.parametrize("search", SEARCHES)
def test_the_ledger_search_finds_what_the_plain_search_finds(db, search):
    booked = [
        _book(db, summary, customer, f"2025-{i:04d}")
        for i, (summary, customer) in enumerate(
            zip(SUMMARIES, ["Äänekosken kaupunki", "", "ÅBO AKADEMI"] * 3, strict=True)
        )
    ]
    texts = {t.id: search_key(t.description, t.customer, t.voucher) for t in booked}
    assert _found(db, TransactionQuery(text=search)) == _plain(texts, search)


def test_a_voucher_number_is_found_by_its_digits(db):
    wanted = _book(db, "Junaliput", voucher="2025-0113")
    _book(db, "Hotelli", voucher="2025-0114")
    assert _found(db, TransactionQuery(text="0113")) == {wanted.id}


def test_an_event_is_found_by_its_new_summary_once_changed_and_not_by_the_old(db):
    event = _add_events(db)[0]
    with db.unit_of_work() as uow:
        stored = uow.case_events.get(event.id)
    assert stored is not None
    changed = replace(stored, summary="Uusi teksti omaishoidosta")
    save_case_event(db, changed, stored)
    assert _found(db, CaseEventQuery(text="omaishoido")) == {event.id}
    assert _found(db, CaseEventQuery(text="päätöksestä")) == set()


def test_a_deleted_transaction_is_no_longer_found(db):
    kept = _book(db, "Toimitilan vuokra maaliskuu")
    gone = _book(db, "Toimitilan vuokra huhtikuu")
    delete_transaction(db, gone)
    assert _found(db, TransactionQuery(text="vuokra")) == {kept.id}


def test_events_added_in_bulk_are_found(db):
    events = [
        CaseEvent(day=date(2025, 5, 1), area="Eksote", sector=Sector.HEALTH, summary=f"Erä {i}")
        for i in range(3)
    ] + [CaseEvent(day=date(2025, 5, 2), area="Eksote", sector=Sector.HEALTH, summary="muu")]
    with db.unit_of_work() as uow:
        uow.case_events.add_all(events)
        uow.commit()
    assert _found(db, CaseEventQuery(text="erä")) == {e.id for e in events[:3]}


def _many_events(count: int, summary) -> list[CaseEvent]:
    return [
        CaseEvent(day=date(2025, 6, 1), area="Eksote", sector=Sector.HEALTH, summary=summary(i))
        for i in range(count)
    ]


def test_many_events_added_together_are_found_by_their_words(db):
    # As many as an import adds: SQLite indexes them together after the insert
    events = _many_events(BULK_ROWS + 1, lambda i: f"Tapaus {i:04d} kotihoito")
    with db.unit_of_work() as uow:
        uow.case_events.add_all(events)
        uow.commit()
    assert _found(db, CaseEventQuery(text=f"tapaus {BULK_ROWS:04d}")) == {events[-1].id}
    assert len(_found(db, CaseEventQuery(text="kotihoito"))) == BULK_ROWS + 1


def test_an_event_saved_after_many_added_together_is_found(db):
    with db.unit_of_work() as uow:
        uow.case_events.add_all(_many_events(BULK_ROWS, lambda i: "vanha"))
        uow.commit()
    event = _add_events(db)[0]
    assert _found(db, CaseEventQuery(text="päätöksestä")) == {event.id}


def test_many_events_added_and_then_rolled_back_leave_the_index_as_it_was(db):
    kept = _add_events(db)
    with db.unit_of_work() as uow:
        uow.case_events.add_all(_many_events(BULK_ROWS, lambda i: "peruttu kotihoito"))
        # no commit: the unit of work rolls back
    assert _found(db, CaseEventQuery(text="peruttu")) == set()
    assert _found(db, CaseEventQuery(text="kotihoito")) == {
        e.id for e in kept if "kotihoito" in e.summary.casefold()
    }
    new = _add_events(db)[0]  # and the index still follows new events
    assert new.id in _found(db, CaseEventQuery(text="päätöksestä"))


def test_the_search_reads_the_index_not_every_row(db):
    _add_events(db)
    with db.unit_of_work() as uow:
        repo = uow.case_events
        conn = repo.session.connection()
        stmt = (
            select(func.count())
            .select_from(orm.case_events)
            .where(*repo._where(CaseEventQuery(text="päätös")))
        )
        compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
        if conn.dialect.name == "sqlite":
            plan = " ".join(
                str(r[-1]) for r in conn.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))
            )
            assert "case_events_fts VIRTUAL TABLE INDEX" in plan
        else:
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
            plan = " ".join(r[0] for r in conn.execute(text(f"EXPLAIN {compiled}")))
            assert "ix_case_events_search_trgm" in plan


def test_the_upgrade_indexes_the_rows_already_there(tmp_path):
    url = empty_url(tmp_path / "old.sqlite")
    open_database(url, upgrade_to="0011").close()
    engine = create_engine(url, poolclass=NullPool)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO case_events (id, version, changed_at, changed_by, day, area, "
                "municipality, sector, summary, search_key) VALUES (:id, 1, '2025-01-01', '', "
                "'2025-01-01', 'Eksote', '', 'social welfare', :summary, :key)"
            ),
            {"id": "e1", "summary": "Hoitoon pääsy", "key": search_key("Eksote", "Hoitoon pääsy")},
        )
    engine.dispose()
    db = open_database(url)
    try:
        assert _found(db, CaseEventQuery(text="PÄÄSY")) == {"e1"}
    finally:
        db.close()


@pytest.mark.skipif(not ON_SERVER, reason="a role of the PostgreSQL server")
def test_a_role_that_may_not_create_the_extension_still_searches(tmp_path):
    """Without pg_trgm the upgrade goes on and the search reads every row, as before."""
    assert SERVER_URL is not None
    role = f"oske_notrgm_{uuid.uuid4().hex[:8]}"
    target = make_url(empty_url(Path("unused")))
    admin = create_engine(SERVER_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    admin_db = create_engine(
        target.set(username=make_url(SERVER_URL).username, password=make_url(SERVER_URL).password),
        isolation_level="AUTOCOMMIT",
        poolclass=NullPool,
    )
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE ROLE {role} LOGIN PASSWORD 'heikko'")
    try:
        with admin_db.connect() as conn:
            conn.exec_driver_sql(f"GRANT CREATE ON SCHEMA public TO {role}")
            conn.exec_driver_sql(
                f"GRANT TEMPORARY, CONNECT ON DATABASE {target.database} TO {role}"
            )
        url = target.set(username=role, password="heikko").render_as_string(hide_password=False)
        db = open_database(url)
        try:
            events = _add_events(db)
            texts = {e.id: search_key(e.area, e.municipality, e.summary) for e in events}
            assert _found(db, CaseEventQuery(text="päätös")) == _plain(texts, "päätös")
            with db.engine.connect() as conn:
                indexes = conn.exec_driver_sql(
                    "SELECT indexname FROM pg_indexes WHERE tablename = 'case_events'"
                ).scalars()
                assert "ix_case_events_search_trgm" not in set(indexes)
        finally:
            db.close()
    finally:
        with admin_db.connect() as conn:
            conn.exec_driver_sql(f"DROP OWNED BY {role}")
        admin_db.dispose()
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP ROLE {role}")
        admin.dispose()


@pytest.mark.parametrize("search", ["a", "ko", "hoito", "äänekoski", "päätös zzzz", "lahti"])
@pytest.mark.parametrize("descending", [False, True], ids=["oldest first", "newest first"])
def test_a_search_read_a_page_at_a_time_lists_its_rows_in_date_order(db, search, descending):
    events = _add_events(db) + _add_events(db)
    texts = {e.id: search_key(e.area, e.municipality, e.summary) for e in events}
    day = {e.id: e.day for e in events}
    wanted = sorted(_plain(texts, search), key=lambda i: (day[i], i), reverse=descending)
    query = CaseEventQuery(text=search, sort="day", descending=descending)
    listed: list[str] = []
    with db.unit_of_work() as uow:
        while page := uow.case_events.page(query, len(listed), 3):
            listed += [e.id for e in page]
    assert listed == wanted
