"""Two workstations pressing Save at the same moment (the fixtures ``a`` and ``b``: two
Database objects on one URL). A rule across records — one seat per person in a term,
terms that do not overlap, a code used once — holds although both checks run before
either record is stored; a key another workstation took between the check and the write
is refused by its field, not as an unexpected error; settings changed on two
workstations keep both changes."""

from __future__ import annotations

import threading
import time
from datetime import date
from pathlib import Path

import pytest

from domain.board import BoardRole, BoardSeat, BoardTerm
from domain.errors import ValidationError
from domain.i18n import set_language
from domain.organisation import Organisation
from domain.projects import OurRole, Project
from domain.staff import StaffMember
from services.board import save_seat, save_term
from services.settings import save_organisation
from services.staff import save_staff_member
from storage.database import Database
from tests.databases import ON_SERVER

HELD_S = 0.5  # how long workstation A holds its save open while B saves


@pytest.fixture(autouse=True)
def english() -> None:
    """The messages are read in English here; their Finnish is checked by the catalogue."""
    set_language("en")


def save_while_held(a: Database, kind: str, write, b_saves) -> BaseException | None:
    """A takes the write turn for ``kind`` as a save does and holds it while B saves (on
    a thread); then A writes with ``write(uow)`` and commits. Returns what B's save
    raised (None: it saved)."""
    outcome: list[BaseException | None] = []

    def on_b() -> None:
        try:
            b_saves()
        except BaseException as exc:
            outcome.append(exc)
        else:
            outcome.append(None)

    with a.unit_of_work() as uow:
        uow.one_writer(kind)
        other = threading.Thread(target=on_b)
        other.start()
        time.sleep(HELD_S)  # B's save has begun: without the turn it has checked by now
        write(uow)
        uow.commit()
    other.join(timeout=30)
    return outcome[0]


def seat_for(term: BoardTerm, role: BoardRole = BoardRole.MEMBER) -> BoardSeat:
    return BoardSeat(term.id, role, "Levonen", "Mari")


def test_the_same_person_seated_on_two_workstations_at_once_gets_one_seat(a, b):
    term = BoardTerm(date(2029, 1, 1), date(2030, 12, 31))
    save_term(a, term)
    refused = save_while_held(
        a,
        "board_seats",
        lambda uow: uow.board_seats.add(seat_for(term)),
        lambda: save_seat(b, seat_for(term), None),
    )
    assert isinstance(refused, ValidationError)
    assert "Levonen Mari" in refused.message
    with a.unit_of_work() as uow:
        assert len(uow.board_seats.of_term(term.id)) == 1


def test_overlapping_terms_saved_on_two_workstations_at_once_store_one(a, b):
    refused = save_while_held(
        a,
        "board_terms",
        lambda uow: uow.board_terms.add(BoardTerm(date(2029, 1, 1), date(2031, 12, 31))),
        lambda: save_term(b, BoardTerm(date(2029, 6, 1), date(2031, 12, 31))),
    )
    assert isinstance(refused, ValidationError)
    with a.unit_of_work() as uow:
        assert [t.start for t in uow.board_terms.all()] == [date(2029, 1, 1)]


def test_a_project_code_taken_just_before_the_write_is_refused_by_the_code_field(db):
    """What the write path answers when the unique key refuses a record whose check
    passed (another workstation stored the code after it): the code field and why."""
    with db.unit_of_work() as uow:
        uow.projects.add(Project("MONNI", "Monialainen", OurRole.ADMINISTRATOR))
        uow.commit()
    with pytest.raises(ValidationError) as caught, db.unit_of_work() as uow:
        uow.projects.add(Project("monni", "Toinen", OurRole.CO_IMPLEMENTER))
        uow.commit()
    assert caught.value.errors[0].field == "code"
    assert "code" in caught.value.message
    with db.unit_of_work() as uow:
        assert [p.name for p in uow.projects.all()] == ["Monialainen"]


def organisation(db: Database) -> Organisation:
    with db.unit_of_work() as uow:
        return uow.settings.organisation()


@pytest.fixture
def named(a: Database) -> None:
    save_organisation(a, Organisation(name="Sosiaalialan osaamiskeskus Oy"))


def test_settings_changed_on_two_workstations_keep_both_changes(a, b, named):
    shown_on_a, shown_on_b = organisation(a), organisation(b)
    renamed = Organisation(**{**vars(shown_on_a), "name": "Pikassos Oy"})
    save_organisation(a, renamed, shown_on_a)
    capped = Organisation(**{**vars(shown_on_b), "board_seat_cap": 9})
    save_organisation(b, capped, shown_on_b)
    stored = organisation(a)
    assert (stored.name, stored.board_seat_cap) == ("Pikassos Oy", 9)


def test_a_setting_changed_on_two_workstations_refuses_the_later_save(a, b, named):
    shown_on_a, shown_on_b = organisation(a), organisation(b)
    save_organisation(a, Organisation(**{**vars(shown_on_a), "name": "Pikassos Oy"}), shown_on_a)
    with pytest.raises(ValidationError) as caught:
        save_organisation(b, Organisation(**{**vars(shown_on_b), "name": "Toinen Oy"}), shown_on_b)
    assert caught.value.errors[0].field == "name"
    assert "Pikassos Oy" in caught.value.message
    assert organisation(a).name == "Pikassos Oy"


@pytest.mark.skipif(not ON_SERVER, reason="on SQLite the import holds the file's write lock")
def test_a_save_on_another_workstation_during_an_import_is_said_so(a, b, tmp_path: Path):
    from dataclasses import fields

    import openpyxl

    import services.workbook_store as store
    from services.workbook import export_database, import_file

    anni = save_staff_member(a, StaffMember("Mäkelä", "Anni", "suunnittelija"), None)
    path = tmp_path / "tyokirja.xlsx"
    export_database(a, path)
    book = openpyxl.load_workbook(path)
    sheet = book["Henkilöstö"]
    headers = [c.value for c in sheet[1]]
    sheet.cell(2, headers.index("Puhelin") + 1, "050 222")
    book.save(path)

    update = store.WorkbookStore.update
    saved_on_b: list[str] = []

    def b_saves_first(self, *args, **kwargs):
        # B saves Anni after A's import read her row, before it writes her
        if not saved_on_b:
            with b.unit_of_work() as uow:
                shown = uow.staff.get(anni.id)
            typed = {f.name: getattr(shown, f.name) for f in fields(StaffMember) if f.name != "id"}
            save_staff_member(b, StaffMember(**{**typed, "title": "asiantuntija"}), shown)
            saved_on_b.append(anni.id)
        return update(self, *args, **kwargs)

    store.WorkbookStore.update = b_saves_first  # type: ignore[method-assign]
    try:
        with pytest.raises(ValidationError, match="while the import ran"):
            import_file(a, path)
    finally:
        store.WorkbookStore.update = update  # type: ignore[method-assign]
    with a.unit_of_work() as uow:
        stored = uow.staff.get(anni.id)
    assert stored is not None
    assert (stored.title, stored.phone) == ("asiantuntija", "")
