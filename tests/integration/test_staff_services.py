"""Staff and trainee use cases on a real SQLite database: every save checked by the domain."""

from datetime import date
from decimal import Decimal

import pytest

from domain.errors import ValidationError
from domain.projects import OurRole, Project
from domain.staff import StaffMember, Trainee, TraineeKind
from services.projects import save_project
from services.staff import delete_staff_member, delete_trainee, save_staff_member, save_trainee


def member(**kw) -> StaffMember:
    return StaffMember(
        **{"last_name": "Mäkelä", "first_name": "Anni", "title": "suunnittelija", **kw}
    )


def trainee(**kw) -> Trainee:
    fields = {
        "last_name": "Laine",
        "first_name": "Pekka",
        "kind": TraineeKind.INTERNSHIP,
        "start": date(2024, 1, 8),
    }
    return Trainee(**{**fields, **kw})


def test_a_new_staff_member_is_tidied_and_stored(db):
    saved = save_staff_member(db, member(last_name="  Mäkelä ", title="suunnittelija  "), None)
    with db.unit_of_work() as uow:
        stored = uow.staff.get(saved.id)
    assert (stored.last_name, stored.title) == ("Mäkelä", "suunnittelija")


def test_a_staff_member_who_breaks_a_rule_is_refused_field_by_field_and_not_stored(db):
    with pytest.raises(ValidationError) as caught:
        save_staff_member(
            db,
            member(
                last_name=" ",
                fte_percent=Decimal(120),
                end=date(2020, 1, 1),
                start=date(2021, 1, 1),
            ),
            None,
        )
    assert {"last_name", "fte_percent", "end"} <= set(caught.value.by_field())
    with db.unit_of_work() as uow:
        assert uow.staff.all() == []


def test_editing_a_staff_member_keeps_the_id_and_is_checked_too(db):
    original = save_staff_member(db, member(), None)
    edited = save_staff_member(db, member(title="erikoissuunnittelija"), original)
    assert edited.id == original.id
    with pytest.raises(ValidationError) as caught:
        save_staff_member(db, member(title=""), original)
    assert caught.value.field == "title"
    with db.unit_of_work() as uow:
        assert [(s.id, s.title) for s in uow.staff.all()] == [(original.id, "erikoissuunnittelija")]


def test_deleting_a_staff_member_leaves_their_trainees_without_a_supervisor(db):
    supervisor = save_staff_member(db, member(), None)
    saved = save_trainee(db, trainee(supervisor_id=supervisor.id), None)
    delete_staff_member(db, supervisor.id)
    with db.unit_of_work() as uow:
        assert uow.staff.all() == []
        assert uow.trainees.get(saved.id).supervisor_id is None


def test_a_trainee_without_a_start_is_refused_beside_the_start(db):
    with pytest.raises(ValidationError) as caught:
        save_trainee(db, trainee(start=None), None)
    assert list(caught.value.by_field()) == ["start"]
    with db.unit_of_work() as uow:
        assert uow.trainees.all() == []


def test_a_trainee_naming_a_missing_supervisor_or_project_is_refused(db):
    with pytest.raises(ValidationError) as caught:
        save_trainee(db, trainee(supervisor_id="no-such-person"), None)
    assert caught.value.field == "supervisor_id"
    with pytest.raises(ValidationError) as caught:
        save_trainee(db, trainee(project_id="no-such-project"), None)
    assert caught.value.field == "project_id"
    with db.unit_of_work() as uow:
        assert uow.trainees.all() == []


def test_a_trainee_is_stored_changed_and_deleted(db):
    project = Project("TulLas", "Tulevaisuuden lastensuojelu", OurRole.LEAD_IMPLEMENTER)
    save_project(db, project, None)
    supervisor = save_staff_member(db, member(), None)
    original = save_trainee(db, trainee(project_id=project.id), None)
    edited = save_trainee(
        db, trainee(institution=" Tampereen yliopisto ", supervisor_id=supervisor.id), original
    )
    assert edited.id == original.id
    with db.unit_of_work() as uow:
        stored = uow.trainees.get(original.id)
        assert (stored.institution, stored.supervisor_id, stored.project_id) == (
            "Tampereen yliopisto",
            supervisor.id,
            None,
        )
    delete_trainee(db, original.id)
    with db.unit_of_work() as uow:
        assert uow.trainees.all() == []
