"""Case-log use cases: saving events and requests against the reference lists, editing the
lists, and the statistics of a period."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import replace
from datetime import date

from domain.caselog import (
    AreaTable,
    CaseEvent,
    CaseStatistics,
    Guardian,
    GuardianRequest,
    ReferenceKind,
    ReferenceValue,
    RequestCounts,
    area_table,
    check_reference_name,
    check_references,
    request_counts,
    tallies,
)
from domain.errors import ConcurrentChange, ValidationError
from domain.i18n import _
from domain.records import reordered
from services.records import delete_record, delete_records, own_rules, save_record
from storage.database import Database
from storage.uow import UnitOfWork

# --------------------------------------------------------------------------- case events


def check_case_event(
    uow: UnitOfWork,
    event: CaseEvent,
    *,
    allow_retired: bool = False,
    values: Mapping[str, ReferenceValue] | None = None,
    validated: bool = False,
) -> None:
    """The event's own rules, then its classifications against the lists.

    A retired value is accepted when the stored event already had it (editing an old event
    keeps it), or everywhere when ``allow_retired`` (a workbook bringing old rows back).
    ``values`` are the lists when the caller has read them already (an import checks
    thousands of events against one reading)."""
    if not validated:  # an import has tidied and validated its rows already
        event.tidy()
        event.validate()
    values = values if values is not None else uow.references.by_id()
    kept: AbstractSet[str]
    if allow_retired:
        kept = values.keys()  # not a set of its own: an import asks this of every row
    else:
        stored = uow.case_events.get(event.id)
        kept = {i for ids in stored.reference_ids().values() for i in ids} if stored else set()
    check_references(event, values, allow_retired=kept)
    if event.ombudsman_id and uow.staff.get(event.ombudsman_id) is None:
        raise ValidationError("ombudsman_id", _("The staff member no longer exists"))


def save_case_event(
    db: Database, event: CaseEvent, original: CaseEvent | None, *, overwrite: bool = False
) -> CaseEvent:
    """Add an event (``original`` None) or change the stored one, its reasons and measures
    with it; returns what was stored (``overwrite``: over another user's change since
    ``original`` was read)."""
    return save_record(
        db, lambda uow: uow.case_events, event, original, check_case_event, overwrite=overwrite
    )


def delete_case_event(db: Database, event: CaseEvent | str) -> bool:
    return delete_record(db, lambda uow: uow.case_events, event)


def delete_case_events(db: Database, events: Sequence[CaseEvent]) -> None:
    """Delete the events as shown, in one transaction: all, or none when one changed."""
    delete_records(db, lambda uow: uow.case_events, events)


def case_areas(uow: UnitOfWork, start: date, end: date) -> AreaTable:
    """Case events per area, social welfare and health care side by side (the served areas
    always listed), counted by SQL."""
    return area_table(
        uow.case_events.area_sector_counts(start, end), uow.settings.organisation().areas
    )


def case_statistics(uow: UnitOfWork, start: date, end: date) -> CaseStatistics:
    """Every count of the statistics view for a period, each asked of SQL."""
    repo = uow.case_events
    values = uow.references.by_id()

    def one(column: str, kind: ReferenceKind):
        return tallies(repo.value_counts(column, start, end), values, kind)

    return CaseStatistics(
        start=start,
        end=end,
        areas=case_areas(uow, start, end),
        service_areas=one("service_area_id", ReferenceKind.SERVICE_AREA),
        natures=one("nature_id", ReferenceKind.NATURE),
        reasons=tallies(
            repo.choice_counts(ReferenceKind.REASON, start, end), values, ReferenceKind.REASON
        ),
        measures=tallies(
            repo.choice_counts(ReferenceKind.MEASURE, start, end), values, ReferenceKind.MEASURE
        ),
        contacts_by=one("contact_by_id", ReferenceKind.CONTACT_BY),
        channels=one("channel_id", ReferenceKind.CHANNEL),
        minutes=repo.minutes_by_sector(start, end),
    )


# --------------------------------------------------------------------------- reference lists


def add_reference(db: Database, value: ReferenceValue) -> ReferenceValue:
    """Add a value at the end of its list."""
    value.tidy()
    value.validate()
    with db.unit_of_work() as uow:
        check_reference_name(value, uow.references.of_kind(value.kind, with_retired=True))
        value.position = uow.references.next_position(value.kind, value.sector)
        uow.references.add(value)
        uow.commit()
    return value


def rename_reference(
    db: Database,
    value: ReferenceValue | str,
    name_fi: str,
    name_en: str,
    *,
    overwrite: bool = False,
) -> ReferenceValue:
    """Rename a value: every event that names it shows the new name, in old statistics too.

    Given the value as shown, one another user changed or deleted since is refused with
    ConcurrentChange (``overwrite``: rename theirs all the same); given an ID, the stored
    one is renamed."""
    shown = None if isinstance(value, str) else value
    value_id = value if isinstance(value, str) else value.id
    with db.unit_of_work() as uow:
        stored = uow.references.get(value_id)
        if stored is None:
            if shown is not None:
                raise ConcurrentChange(None)
            raise ValidationError("name_fi", _("The value was deleted meanwhile"))
        renamed = replace(stored, name_fi=name_fi, name_en=name_en)
        renamed.tidy()
        renamed.validate()
        check_reference_name(renamed, uow.references.of_kind(renamed.kind, with_retired=True))
        stored = uow.references.update(renamed, shown or stored, overwrite=overwrite)
        uow.commit()
        uow.references.same_version(renamed, stored)
    return renamed


def set_retired(db: Database, value_id: str, retired: bool) -> None:
    """Retire a value (no longer offered; kept on old rows) or bring it back."""
    with db.unit_of_work() as uow:
        value = uow.references.get(value_id)
        if value is not None:
            value.retired = retired
            value.validate()
            uow.references.update(value)
            uow.commit()


def move_reference(db: Database, value_id: str, step: int) -> None:
    """Move a value up (−1) or down (+1) in its list; lists and statistics follow this order."""
    with db.unit_of_work() as uow:
        value = uow.references.get(value_id)
        if value is None:
            return
        siblings = [
            v
            for v in uow.references.of_kind(value.kind, with_retired=True)
            if v.sector is value.sector
        ]
        moved = reordered(siblings, value_id, step)
        if moved is None:
            return
        for position, v in enumerate(moved, start=1):
            v.position = position
            uow.references.update(v)
        uow.commit()


def _unused_value(uow: UnitOfWork, value_id: str) -> None:
    used = uow.references.usage(value_id)
    if used:
        raise ValidationError(
            "", _("The value is used by {n} records: retire it instead").format(n=used)
        )


def delete_reference(db: Database, value: ReferenceValue | str) -> bool:
    """Delete a value that nothing names (a typing mistake); a used value can only be retired."""
    return delete_record(db, lambda uow: uow.references, value, _unused_value)


# --------------------------------------------------------------------------- guardians


def save_guardian(
    db: Database, guardian: Guardian, original: Guardian | None, *, overwrite: bool = False
) -> Guardian:
    return save_record(
        db, lambda uow: uow.guardians, guardian, original, own_rules, overwrite=overwrite
    )


def _unnamed_in_requests(uow: UnitOfWork, guardian_id: str) -> None:
    n = uow.guardians.request_count(guardian_id)
    if n:
        raise ValidationError(
            "",
            _(
                "The guardian is named in {n} requests and cannot be deleted; mark them inactive instead"
            ).format(n=n),
        )


def delete_guardian(db: Database, guardian: Guardian | str) -> bool:
    """A guardian named in requests stays in the bank (marked inactive), so the counts stay true."""
    return delete_record(db, lambda uow: uow.guardians, guardian, _unnamed_in_requests)


def delete_guardians(db: Database, guardians: Sequence[Guardian]) -> None:
    """Delete the guardians as shown, all or none; one named in requests refuses them all."""
    delete_records(db, lambda uow: uow.guardians, guardians, _unnamed_in_requests)


def check_request(
    uow: UnitOfWork,
    request: GuardianRequest,
    *,
    allow_retired: bool = False,
    values: Mapping[str, ReferenceValue] | None = None,
    validated: bool = False,
) -> None:
    """The request's own rules, its requester against the list, its guardian against the bank.

    A newly named guardian must be active; one the stored request already named may have
    become inactive since."""
    if not validated:  # an import has tidied and validated its rows already
        request.tidy()
        request.validate()
    values = values if values is not None else uow.references.by_id()
    stored = uow.guardian_requests.get(request.id)
    kept = (
        set(values)
        if allow_retired
        else ({stored.requester_id} if stored and stored.requester_id else set())
    )
    check_references(request, values, allow_retired=kept)
    if request.guardian_id:
        guardian = uow.guardians.get(request.guardian_id)
        if guardian is None:
            raise ValidationError("guardian_id", _("The guardian is not in the bank"))
        if (
            not guardian.active
            and not (stored and stored.guardian_id == guardian.id)
            and not allow_retired
        ):
            raise ValidationError(
                "guardian_id",
                _("{name} is not active in the guardian bank").format(name=guardian.full_name),
            )


def save_request(
    db: Database,
    request: GuardianRequest,
    original: GuardianRequest | None,
    *,
    overwrite: bool = False,
) -> GuardianRequest:
    return save_record(
        db, lambda uow: uow.guardian_requests, request, original, check_request, overwrite=overwrite
    )


def delete_request(db: Database, request: GuardianRequest | str) -> bool:
    return delete_record(db, lambda uow: uow.guardian_requests, request)


def delete_requests(db: Database, requests: Sequence[GuardianRequest]) -> None:
    delete_records(db, lambda uow: uow.guardian_requests, requests)


def yearly_request_counts(uow: UnitOfWork, year: int) -> RequestCounts:
    return request_counts(year, uow.guardian_requests.in_year(year), uow.references.by_id())
