"""Staff and trainee use cases: each record checked by the domain, then stored."""

from __future__ import annotations

from collections.abc import Sequence

from domain.errors import ValidationError
from domain.i18n import _
from domain.staff import StaffMember, Trainee
from services.records import delete_record, delete_records, own_rules, save_record
from storage.database import Database
from storage.uow import UnitOfWork


def save_staff_member(
    db: Database, member: StaffMember, original: StaffMember | None, *, overwrite: bool = False
) -> StaffMember:
    """Add a staff member (``original`` None) or change the stored one; returns what was
    saved. Raises ValidationError and stores nothing when the record breaks a rule, and
    ConcurrentChange when another user changed or deleted it since ``original`` was read
    (``overwrite``: store it over their change)."""
    return save_record(db, lambda uow: uow.staff, member, original, own_rules, overwrite=overwrite)


def delete_staff_member(db: Database, member: StaffMember | str) -> bool:
    """Delete a staff member: their project roles go with them; the trainees they supervised
    are left without a supervisor. Given the record as shown, one changed since is refused
    with ConcurrentChange; False: another user deleted them meanwhile (``delete_record``)."""
    return delete_record(db, lambda uow: uow.staff, member)


def delete_staff_members(db: Database, members: Sequence[StaffMember]) -> None:
    """Delete the staff members as shown, in one transaction: all, or none when one changed."""
    delete_records(db, lambda uow: uow.staff, members)


def check_trainee(uow: UnitOfWork, trainee: Trainee) -> None:
    """The trainee's own rules, then the project and the supervisor it names."""
    trainee.tidy()
    trainee.validate()
    if trainee.project_id and uow.projects.get(trainee.project_id) is None:
        raise ValidationError("project_id", _("The project no longer exists"))
    if trainee.supervisor_id and uow.staff.get(trainee.supervisor_id) is None:
        raise ValidationError("supervisor_id", _("The staff member no longer exists"))


def save_trainee(
    db: Database, trainee: Trainee, original: Trainee | None, *, overwrite: bool = False
) -> Trainee:
    """Add a trainee (``original`` None) or change the stored one; returns what was saved."""
    return save_record(
        db, lambda uow: uow.trainees, trainee, original, check_trainee, overwrite=overwrite
    )


def delete_trainee(db: Database, trainee: Trainee | str) -> bool:
    return delete_record(db, lambda uow: uow.trainees, trainee)


def delete_trainees(db: Database, trainees: Sequence[Trainee]) -> None:
    delete_records(db, lambda uow: uow.trainees, trainees)
