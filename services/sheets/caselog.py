"""The case-log sheets: the case events, the guardian bank and the guardian requests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.caselog import CaseEvent
from domain.errors import ValidationError
from exports.sheets import SheetSpec
from exports.workbook import RecordProblem
from services.caselog import check_case_event, check_request
from services.sheets.base import ImportContext, SheetHandler
from storage.uow import UnitOfWork


class CaseEventsSheet(SheetHandler):
    """Events with their reasons and measures. The events a sheet adds are written
    together when the sheet is in (a few executemany statements, their history entries
    too): a flush and two statements per row would make a sheet of 200 000 events take
    many minutes."""

    builds_fast = True

    def rows(self, uow: UnitOfWork) -> list[Any]:
        return uow.case_events.export_rows()

    def read_ahead(self, ctx: ImportContext, ids: list[str]) -> dict[str, Any | None]:
        # An event this import added (a row repeating its ID is an error) is not written
        # yet: it is the one in hand, with its choices.
        found = self.stored_with_ids(ctx, ids)
        new = self._new_events(ctx)
        return {i: found.get(i) or new.get(i) for i in ids}

    def add(self, ctx: ImportContext, record: CaseEvent) -> None:
        self._new_events(ctx)[record.id] = record  # written in check

    def update(self, ctx: ImportContext, record: CaseEvent, changes: dict[str, Any]) -> None:
        """Written with the next rows (no flush per event); changed reasons and measures
        are stored for all the sheet's events together when the sheet is in."""
        lists_changed = bool({"reason_ids", "measure_ids"} & changes.keys())
        for key, value in changes.items():
            setattr(record, key, value)
        ctx.uow.case_events.update_in_batch(record, lists_changed=lists_changed)
        if lists_changed:
            self._changed_lists(ctx).append(record)

    def check(
        self, ctx: ImportContext, records: list[Any], columns: set[str]
    ) -> list[RecordProblem]:
        new = self._new_events(ctx)
        ctx.uow.case_events.add_all(new.values())
        new.clear()
        changed = self._changed_lists(ctx)
        ctx.uow.case_events.replace_choices(changed)
        changed.clear()
        return _check_each(ctx, self.spec, records, check_case_event)

    def _changed_lists(self, ctx: ImportContext) -> list[CaseEvent]:
        """The stored events whose reasons or measures this import changed, until the
        sheet's end stores them."""
        return ctx.state(f"{self.key}:lists", list)

    def _new_events(self, ctx: ImportContext) -> dict[str, CaseEvent]:
        """The events this import added, by ID, until the sheet's end writes them."""
        return ctx.state(self.key, dict)


class GuardiansSheet(SheetHandler):
    """The guardian bank, found by name for the requests that name a guardian."""

    def people_named(self, uow: UnitOfWork, full_name: str) -> list[Any]:
        return uow.guardians.by_full_name(full_name)


class GuardianRequestsSheet(SheetHandler):
    def check(
        self, ctx: ImportContext, records: list[Any], columns: set[str]
    ) -> list[RecordProblem]:
        return _check_each(ctx, self.spec, records, check_request)


def _check_each(
    ctx: ImportContext, spec: SheetSpec, records: list[Any], check: Callable[..., None]
) -> list[RecordProblem]:
    """The services' checks of each event or request; retired values are accepted,
    since a workbook brings old rows back. The import has tidied and validated each row's
    record; one its row leaves as stored is not checked again."""
    if not records:
        return []
    values = ctx.reference_lists().by_id
    keys = {c.key for c in spec.columns}
    problems = []
    for record in records:
        if record.id in ctx.unchanged:
            continue
        try:
            check(ctx.uow, record, allow_retired=True, values=values, validated=True)
        except ValidationError as exc:
            problems += [
                RecordProblem(
                    record.id, e.field if e.field in keys else spec.columns[0].key, e.message
                )
                for e in exc.errors
            ]
    return problems
