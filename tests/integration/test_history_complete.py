"""The change history leaves nothing out (a SQLite file, or PostgreSQL with
OSKE_TEST_DATABASE_URL): a case event's reasons and measures, the children a deletion takes
with it, the retention setting, the demo, an import, copies and bulk statements."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import create_engine, update
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from domain.board import BoardRole, BoardSeat, BoardTerm
from domain.caselog import CaseEvent, ReferenceKind, Sector
from domain.errors import ValidationError
from domain.finance import BudgetLine, Transaction
from domain.history import Action, Entry, FieldChange, HistoryFilter
from domain.organisation import Organisation
from domain.projects import FundingLine, OurRole, Project, ProjectAssignment, ProjectPartner
from domain.staff import StaffMember, Trainee, TraineeKind
from services.board import delete_term, save_term
from services.caselog import delete_case_event, save_case_event, set_retired
from services.demo import load_demo
from services.finance import copy_budget, save_transaction, set_category_retired
from services.history import keep_years, purge_history, set_keep_years
from services.projects import (
    delete_project,
    save_assignment,
    save_funding,
    save_partner,
    save_project,
)
from services.settings import save_organisation
from services.staff import delete_staff_member, save_staff_member, save_trainee
from services.workbook import export_database, import_file
from storage import orm
from storage.database import Database, open_database
from tests.databases import ON_SERVER, new_database, new_database_url

D = Decimal


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = new_database(tmp_path / "oske.sqlite")
    yield database
    database.close()


def _all(db: Database, **filters) -> list[Entry]:
    with db.unit_of_work() as uow:
        return uow.history.page(HistoryFilter(**filters), 0, 100_000)[::-1]


def _changed(entry: Entry) -> dict[str, tuple[str | None, str | None]]:
    return {c.field: (c.old, c.new) for c in entry.changes}


def _values(db: Database, kind: ReferenceKind) -> list[str]:
    with db.unit_of_work() as uow:
        return [v.id for v in uow.references.of_kind(kind)]


def _event(db: Database, **fields) -> CaseEvent:
    event = CaseEvent(date(2025, 3, 4), "Pirkanmaa", Sector.SOCIAL, **fields)
    return save_case_event(db, event, None)


# ------------------------------------------------------------ reasons and measures


def test_a_new_case_event_lists_its_reasons_and_measures_sorted(db):
    reasons, measures = _values(db, ReferenceKind.REASON), _values(db, ReferenceKind.MEASURE)
    chosen = [reasons[2], reasons[0]]
    event = _event(db, reason_ids=chosen, measure_ids=[measures[1]])
    (entry,) = _all(db, kind="case_events", record_id=event.id)
    changed = _changed(entry)
    assert changed["reason_ids"] == (None, ", ".join(sorted(chosen)))
    assert changed["measure_ids"] == (None, measures[1])


def test_changing_only_the_reasons_of_an_event_is_an_update_of_the_event(db):
    reasons = _values(db, ReferenceKind.REASON)
    event = _event(db, reason_ids=[reasons[0]])
    save_case_event(db, replace(event, reason_ids=[reasons[0], reasons[1]]), event)
    entry = _all(db, kind="case_events", record_id=event.id)[-1]
    assert entry.action == Action.UPDATE
    assert entry.changes == (FieldChange("reason_ids", reasons[0], ", ".join(sorted(reasons[:2]))),)


def test_an_event_changed_without_its_reasons_lists_no_reasons(db):
    reasons = _values(db, ReferenceKind.REASON)
    event = _event(db, reason_ids=[reasons[0]], minutes=30)
    save_case_event(db, replace(event, minutes=45), event)
    entry = _all(db, kind="case_events", record_id=event.id)[-1]
    assert entry.changes == (FieldChange("minutes", "30", "45"),)


def test_removing_every_measure_records_the_old_ones(db):
    measures = _values(db, ReferenceKind.MEASURE)
    event = _event(db, measure_ids=[measures[0]])
    save_case_event(db, replace(event, measure_ids=[]), event)
    entry = _all(db, kind="case_events", record_id=event.id)[-1]
    assert entry.changes == (FieldChange("measure_ids", measures[0], None),)


def test_a_deleted_case_event_keeps_no_values_not_even_its_reasons(db):
    event = _event(db, reason_ids=_values(db, ReferenceKind.REASON)[:1])
    delete_case_event(db, event.id)
    entry = _all(db, kind="case_events", record_id=event.id)[-1]
    assert (entry.action, entry.changes) == (Action.DELETE, ())


# ------------------------------------------------------------ what a deletion takes along


def _project_with_children(db: Database) -> tuple[Project, StaffMember]:
    member = save_staff_member(db, StaffMember("Kantola", "Marjo", "Suunnittelija"), None)
    project = Project(
        "TULLAS", "Tulevaisuuden lastensuojelu", OurRole.CO_IMPLEMENTER, start=date(2025, 1, 1)
    )
    save_project(db, project, None)
    save_partner(db, ProjectPartner(project.id, "Tampereen yliopisto"), None)
    save_funding(db, FundingLine(project.id, "STEA", amount=D("12000.5")), None)
    save_assignment(db, ProjectAssignment(project.id, member.id, "Projektipäällikkö"), None)
    return project, member


def test_deleting_a_project_records_each_partner_funding_line_and_role_it_took(db):
    project, _member = _project_with_children(db)
    before = len(_all(db))
    delete_project(db, project.id)
    entries = _all(db)[before:]
    assert {(e.kind, e.action) for e in entries} == {
        ("projects", Action.DELETE),
        ("project_partners", Action.DELETE),
        ("project_funding", Action.DELETE),
        ("project_assignments", Action.DELETE),
    }
    assert len(entries) == 4
    funding = next(e for e in entries if e.kind == "project_funding")
    assert FieldChange("amount", "12000.50", None) in funding.changes


def test_deleting_a_staff_member_records_their_roles_and_the_trainees_left_unsupervised(db):
    _project, member = _project_with_children(db)
    trainee = Trainee(
        "Lahti", "Lotta", TraineeKind.INTERNSHIP, start=date(2025, 2, 1), supervisor_id=member.id
    )
    save_trainee(db, trainee, None)
    before = len(_all(db))
    delete_staff_member(db, member.id)
    entries = _all(db)[before:]
    assert sorted((e.kind, e.action) for e in entries) == [
        ("project_assignments", Action.DELETE),
        ("staff", Action.DELETE),
        ("trainees", Action.UPDATE),
    ]
    emptied = next(e for e in entries if e.kind == "trainees")
    assert emptied.record_id == trainee.id
    assert emptied.changes == (FieldChange("supervisor_id", member.id, None),)


def test_deleting_a_board_term_records_each_seat_it_took(db):
    term, _closed = save_term(db, BoardTerm(date(2024, 1, 1)))
    with db.unit_of_work() as uow:
        uow.board_seats.add_all(
            [
                BoardSeat(term.id, BoardRole.CHAIR, "Virtanen", "Ville"),
                BoardSeat(term.id, BoardRole.MEMBER, "Mäkelä", "Maija"),
            ]
        )
        uow.commit()
    before = len(_all(db))
    delete_term(db, term.id)
    entries = _all(db)[before:]
    seats = sorted(e.label for e in entries if (e.kind, e.action) == ("board_seats", Action.DELETE))
    assert seats == ["Mäkelä Maija", "Virtanen Ville"]
    assert [e.kind for e in entries].count("board_terms") == 1


# ------------------------------------------------------------ the retention setting


def test_changing_the_retention_period_is_itself_an_entry(db):
    set_keep_years(db, 7)
    set_keep_years(db, 3)
    first, second = _all(db)
    assert (first.kind, first.action) == ("settings", Action.UPDATE)
    assert first.changes == (FieldChange("keep_years", "5", "7"),)
    assert second.changes == (FieldChange("keep_years", "7", "3"),)
    assert keep_years(db) == 3


def test_setting_the_same_retention_period_again_writes_nothing(db):
    set_keep_years(db, 5)
    assert _all(db) == []


def test_a_change_of_the_organisation_lists_each_detail_changed(db):
    save_organisation(db, Organisation(name="Pikassos Oy", business_id="1572860-0"))
    save_organisation(db, Organisation(name="Pikassos Oy", business_id="1572860-0", areas=["A"]))
    first, second = _all(db)
    assert (first.kind, first.record_id, first.action) == (
        "settings",
        "organisation",
        Action.UPDATE,
    )
    assert FieldChange("name", None, "Pikassos Oy") in first.changes
    assert second.changes == (FieldChange("areas", "", "A"),)


# ------------------------------------------------------------ the demo and an import


def test_the_demo_lists_each_case_events_reasons_as_it_stored_them(db):
    load_demo(db)
    with db.unit_of_work() as uow:
        event = next(e for e in uow.case_events.all() if len(e.reason_ids) > 1)
    (entry,) = _all(db, kind="case_events", record_id=event.id)
    assert entry.action == Action.INSERT
    assert _changed(entry)["reason_ids"] == (None, ", ".join(sorted(event.reason_ids)))


def test_the_demo_writes_one_insert_per_record_it_created(db):
    added = load_demo(db)
    records = [e for e in _all(db) if e.kind != "settings"]
    assert len(records) == added
    assert len({(e.kind, e.record_id) for e in records}) == added
    assert {e.action for e in records} == {Action.INSERT}
    # and the demo organisation's details, as a change of the settings
    (organisation,) = _all(db, kind="settings")
    assert organisation.record_id == "organisation"


def test_an_import_that_changes_an_events_reasons_records_old_and_new(db, tmp_path):
    reasons = _values(db, ReferenceKind.REASON)
    event = _event(db, reason_ids=[reasons[0]])
    with db.unit_of_work() as uow:
        names = {v.id: v.name_fi for v in uow.references.all()}
    book = tmp_path / "kirja.xlsx"
    export_database(db, book)
    wb = load_workbook(book)
    ws = wb["Asiatapahtumat"]
    headers = [c.value for c in ws[1]]
    ws.cell(row=2, column=headers.index("Syy") + 1, value=names[reasons[1]])
    wb.save(book)
    assert import_file(db, book).ok
    entry = _all(db, kind="case_events", record_id=event.id)[-1]
    assert entry.action == Action.UPDATE
    assert entry.changes == (FieldChange("reason_ids", reasons[0], reasons[1]),)


def test_an_import_records_each_row_it_inserts(db, tmp_path):
    book = tmp_path / "kirja.xlsx"
    save_staff_member(db, StaffMember("Kantola", "Marjo", "Toiminnanjohtaja"), None)
    export_database(db, book)
    wb = load_workbook(book)
    ws = wb["Henkilöstö"]
    headers = [c.value for c in ws[1]]
    row = [None] * len(headers)
    row[headers.index("Sukunimi")] = "Lahti"
    row[headers.index("Etunimi")] = "Lotta"
    row[headers.index("Tehtävänimike")] = "Sihteeri"
    ws.append(row)
    wb.save(book)
    before = len(_all(db))
    assert import_file(db, book).ok
    (entry,) = _all(db)[before:]
    assert (entry.kind, entry.action, entry.label) == ("staff", Action.INSERT, "Lahti Lotta")


def test_an_import_that_changes_an_amount_and_a_day_records_them_exact(db, tmp_path):
    with db.unit_of_work() as uow:
        category = uow.categories.all()[0]
    t = Transaction(date(2022, 3, 1), category.id, D("1234.50"), "Lasku", voucher="2022-0113")
    save_transaction(db, t, None)
    book = tmp_path / "kirja.xlsx"
    export_database(db, book)
    wb = load_workbook(book)
    ws = wb["Kirjaukset"]
    headers = [c.value for c in ws[1]]
    ws.cell(row=2, column=headers.index("Summa €") + 1, value=1234.56)
    ws.cell(row=2, column=headers.index("Päivämäärä") + 1, value=date(2022, 3, 2))
    wb.save(book)
    assert import_file(db, book).ok
    entry = _all(db, kind="transactions", record_id=t.id)[-1]
    assert entry.action == Action.UPDATE
    assert _changed(entry) == {
        "amount": ("1234.50", "1234.56"),
        "day": ("2022-03-01", "2022-03-02"),
    }


# ------------------------------------------------------------ copies and list values


def test_copying_a_budget_records_each_line_with_its_amount_exact(db):
    with db.unit_of_work() as uow:
        category = uow.categories.all()[0]
        uow.budget.add(BudgetLine(2025, category.id, D("1500")))
        uow.commit()
    before = len(_all(db))
    assert copy_budget(db, 2025, 2026) == 1
    (entry,) = _all(db)[before:]
    assert (entry.kind, entry.action) == ("budget_lines", Action.INSERT)
    assert _changed(entry)["amount"] == (None, "1500.00")
    assert _changed(entry)["year"] == (None, "2026")


def test_retiring_a_list_value_and_a_category_are_updates(db):
    reason = _values(db, ReferenceKind.REASON)[0]
    set_retired(db, reason, True)
    with db.unit_of_work() as uow:
        category = uow.categories.all()[0]
    set_category_retired(db, category.id, True)
    value, retired = _all(db)
    assert (value.kind, value.record_id, value.changes) == (
        "reference_values",
        reason,
        (FieldChange("retired", "false", "true"),),
    )
    assert (retired.kind, retired.record_id) == ("categories", category.id)


# ------------------------------------------------------------ exact values on bulk paths


def test_a_bulk_insert_records_money_with_two_decimals_and_days_in_iso(db):
    with db.unit_of_work() as uow:
        category = uow.categories.all()[0]
        uow.transactions.add_all(
            [Transaction(date(2022, 3, 1), category.id, D("12.5"), "Kahvit", work_days=D("1.50"))]
        )
        uow.commit()
    (entry,) = _all(db)
    changed = _changed(entry)
    assert changed["amount"] == (None, "12.50")
    assert changed["day"] == (None, "2022-03-01")
    assert changed["work_days"] == (None, "1.5")  # a number of days as the record shows it


def test_events_added_in_bulk_record_that_they_had_a_summary_not_what_it_said(db):
    event = CaseEvent(date(2022, 3, 1), "Eksote", Sector.SOCIAL, summary="Luottamuksellinen")
    with db.unit_of_work() as uow:
        uow.case_events.add_all([event])
        uow.commit()
    (entry,) = _all(db, kind="case_events")
    changed = _changed(entry)
    assert changed["summary"] == (None, None)
    assert changed["area"] == (None, "Eksote")
    assert changed["sector"] == (None, Sector.SOCIAL.value)
    assert (entry.record_id, entry.action) == (event.id, Action.INSERT)
    assert "Eksote" in entry.label


def test_a_core_update_sent_through_the_session_is_recorded(db):
    with db.unit_of_work() as uow:
        category = uow.categories.all()[0]
        t = Transaction(date(2022, 3, 1), category.id, D("12.50"), "Kahvit")
        uow.transactions.add(t)
        uow.commit()
    with db.unit_of_work() as uow:
        table = orm.transactions
        uow._session.execute(update(table).where(table.c.id == t.id).values(amount=D("13")))
        uow.commit()
    entry = _all(db)[-1]
    assert (entry.action, entry.record_id) == (Action.UPDATE, t.id)
    assert entry.changes == (FieldChange("amount", "12.50", "13.00"),)


# ------------------------------------------------------------ a workstation may not purge


@pytest.mark.skipif(not ON_SERVER, reason="roles exist on a PostgreSQL server only")
def test_a_role_that_may_only_add_to_the_history_is_told_it_may_not_purge(tmp_path):
    url = make_url(new_database_url(tmp_path / "oske.sqlite"))
    role = f"oske_hc_{tmp_path.name[-8:].replace('-', '_').lower()}"
    admin = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE ROLE {role} LOGIN PASSWORD 'ws-secret'")
        conn.exec_driver_sql(f'GRANT CONNECT ON DATABASE "{url.database}" TO {role}')
        conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA public TO {role}")
        conn.exec_driver_sql(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"
        )
        conn.exec_driver_sql(f"REVOKE UPDATE, DELETE, TRUNCATE ON history FROM {role}")
        conn.exec_driver_sql(f"GRANT USAGE ON SEQUENCE history_id_seq TO {role}")
    try:
        workstation = open_database(
            url.set(username=role, password="ws-secret").render_as_string(hide_password=False)
        )
        try:
            set_keep_years(workstation, 2)
            later = date.today().replace(year=date.today().year + 3)
            with pytest.raises(ValidationError, match="Pyydä ylläpitäjää"):
                purge_history(workstation, today=later)
            assert [e.kind for e in _all(workstation)] == ["settings"]
        finally:
            workstation.close()
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'REVOKE ALL ON DATABASE "{url.database}" FROM {role}')
            conn.exec_driver_sql(f"DROP OWNED BY {role}")
            conn.exec_driver_sql(f"DROP ROLE {role}")
        admin.dispose()
