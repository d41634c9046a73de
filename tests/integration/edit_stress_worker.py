"""One workstation of the edit stress test (tests/integration/test_edit_stress.py).

Run as ``python -m tests.integration.edit_stress_worker URL WORKER SECONDS SEED LOG``, it
opens the database, prints "ready" and waits for a line on its input (so that all the
workers start together, however long their imports took); then for SECONDS it reads a random shared record as a form would, changes a field or two to values
no other save uses, and saves through the application's own save; a save refused as a
concurrent change is either retried over the record as it is now or saved over it
(``overwrite``), at random. Now and then it adds a record or deletes one (the version it
read). Every save the application acknowledged is written to LOG as a JSON line: the
record, its kind, the action, the version it was stored as and every field's value as the
history writes it. Any error other than ConcurrentChange or ValidationError is written
there too, and the worker exits with 1.
"""

from __future__ import annotations

import json
import random
import sys
import time
import traceback
from dataclasses import fields
from datetime import date
from decimal import Decimal
from typing import Any

from domain.caselog import CaseEvent, Sector
from domain.errors import ConcurrentChange, ValidationError
from domain.finance import Transaction, next_voucher
from domain.history import canonical
from domain.staff import StaffMember
from services.caselog import delete_case_event, save_case_event
from services.finance import book_transaction, delete_transaction
from services.staff import delete_staff_member, save_staff_member
from storage import orm
from storage.database import Database, open_database
from storage.types import Cents

YEAR = 2026
KINDS = {"staff": StaffMember, "transactions": Transaction, "case_events": CaseEvent}


def record_values(kind: str, record: Any) -> dict[str, str | None]:
    """Every recorded field of a record as the history writes it (an empty text as None:
    an added record's entry leaves empty fields out)."""
    table = orm.metadata.tables[kind]
    values = {}
    for column in table.c:
        name = column.name
        if name == "id" or name.endswith("_key") or name in orm.VERSION_COLUMNS:
            continue
        value = canonical(getattr(record, name), cents=isinstance(column.type, Cents))
        values[name] = value or None
    return values


def _repository(uow, kind: str):
    return getattr(uow, kind)


def _typed(kind: str, shown: Any, changes: dict[str, Any]) -> Any:
    """What a form builds from the record it shows: a new record with the typed values."""
    cls = KINDS[kind]
    typed = {f.name: getattr(shown, f.name) for f in fields(cls) if f.name != "id"}
    return cls(**{**typed, **changes})


class Worker:
    def __init__(self, db: Database, number: int, seed: int, log) -> None:
        self.db = db
        self.number = number
        self.rnd = random.Random(seed)
        self.log = log
        self.iteration = 0
        with db.unit_of_work() as uow:
            self.category_id = next(c.id for c in uow.categories.all() if not c.retired)

    # --- what is written down ---------------------------------------------------
    def acknowledged(self, kind: str, record: Any, action: str, version: int) -> None:
        entry = {
            "kind": kind,
            "id": record.id,
            "action": action,
            "version": version,
            "values": record_values(kind, record),
        }
        self.log.write(json.dumps(entry) + "\n")
        self.log.flush()

    def counted(self, what: str) -> None:
        self.log.write(json.dumps({"count": what}) + "\n")

    # --- reading as a form does -------------------------------------------------
    def pick(self, kind: str) -> Any | None:
        with self.db.unit_of_work() as uow:
            ids = [r.id for r in _repository(uow, kind).all()]
        if not ids:
            return None
        with self.db.unit_of_work() as uow:
            return _repository(uow, kind).get(self.rnd.choice(ids))

    def staff_ids(self) -> list[str]:
        with self.db.unit_of_work() as uow:
            return [m.id for m in uow.staff.all()]

    # --- the edits --------------------------------------------------------------
    def changes(self, kind: str) -> dict[str, Any]:
        tag = f"w{self.number}-i{self.iteration}"
        rnd = self.rnd
        if kind == "staff":
            changes: dict[str, Any] = {"phone": tag}
            if rnd.random() < 0.5:
                changes[rnd.choice(["title", "notes"])] = tag
            return changes
        if kind == "transactions":
            cents = Decimal(rnd.randrange(1, 100)) / 100
            changes = {"amount": Decimal(self.number * 100_000 + self.iteration) + cents}
            if rnd.random() < 0.5:
                changes["description"] = tag
            if rnd.random() < 0.1:  # a voucher typed by hand: may be another's, refused
                changes["voucher"] = f"{YEAR}-{rnd.randrange(1, 40):04d}"
            return changes
        changes = {"municipality": tag}
        if rnd.random() < 0.5:
            changes["minutes"] = rnd.randrange(0, 600)
        if rnd.random() < 0.3:
            staff = self.staff_ids()
            changes["ombudsman_id"] = rnd.choice(staff) if staff else None
        return changes

    def save(self, kind: str, record: Any, original: Any | None, overwrite: bool) -> Any:
        if kind == "staff":
            return save_staff_member(self.db, record, original, overwrite=overwrite)
        if kind == "transactions":
            proposed = ""
            if original is None:
                with self.db.unit_of_work() as uow:
                    proposed = next_voucher(uow.transactions.last_voucher(YEAR))
                record.voucher = proposed
            return book_transaction(
                self.db, record, original, proposed, overwrite=overwrite
            ).transaction
        assert not overwrite  # case events have no overwrite (their form does not offer it)
        return save_case_event(self.db, record, original)

    def edit(self, kind: str) -> None:
        original = self.pick(kind)
        if original is None:
            return
        changes = self.changes(kind)
        overwrite = False
        for _attempt in range(6):
            try:
                saved = self.save(kind, _typed(kind, original, changes), original, overwrite)
            except ConcurrentChange as change:
                self.counted("conflict")
                if change.current is None:  # deleted meanwhile: nothing to save over
                    self.counted("refused")
                    return
                if kind != "case_events" and self.rnd.random() < 0.5:
                    overwrite = True  # save over theirs, from the version first read
                else:
                    original, overwrite = change.current, False  # take theirs, then mine
                continue
            except ValidationError:
                self.counted("invalid")
                return
            action = "overwrite" if overwrite else "update"
            self.acknowledged(kind, saved, action, saved._version)
            return
        self.counted("gave up")

    def add(self, kind: str) -> None:
        tag = f"w{self.number}-i{self.iteration}"
        record: Any
        if kind == "staff":
            record = StaffMember(last_name=f"W{self.number}", first_name=tag, title="t")
        elif kind == "transactions":
            amount = Decimal(self.number * 100_000 + self.iteration) + Decimal("0.05")
            record = Transaction(date(YEAR, 3, 1), self.category_id, amount, description=tag)
        else:
            record = CaseEvent(date(YEAR, 3, 1), area=tag, sector=Sector.SOCIAL)
        try:
            saved = self.save(kind, record, None, False)
        except ValidationError:
            self.counted("invalid")
            return
        self.acknowledged(kind, saved, "insert", saved._version)

    def delete(self, kind: str) -> None:
        shown = self.pick(kind)
        if shown is None:
            return
        remove = {
            "staff": delete_staff_member,
            "transactions": delete_transaction,
            "case_events": delete_case_event,
        }[kind]
        try:
            deleted = remove(self.db, shown)
        except ConcurrentChange:
            self.counted("delete refused")
            return
        except ValidationError:
            self.counted("invalid")
            return
        if not deleted:
            # Another worker deleted it meanwhile, perhaps after changing it: gone as
            # wanted, but the history's deletion is theirs (of their version), not this
            # one's of the version shown, so it is no acknowledged delete of ours.
            self.counted("deleted meanwhile")
            return
        self.acknowledged(kind, shown, "delete", shown._version)

    def run(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        slowest = 0.0
        while (started := time.monotonic()) < deadline:
            self.iteration += 1
            kind = self.rnd.choice(
                ["staff", "staff", "transactions", "transactions", "case_events"]
            )
            roll = self.rnd.random()
            if roll < 0.05:
                self.add(kind)
            elif roll < 0.08:
                self.delete(kind)
            else:
                self.edit(kind)
            slowest = max(slowest, time.monotonic() - started)
        self.log.write(json.dumps({"slowest": slowest}) + "\n")


def main(url: str, number: str, seconds: str, seed: str, log_path: str) -> int:
    db = open_database(url)
    print("ready", flush=True)
    sys.stdin.readline()
    with open(log_path, "w", encoding="utf-8") as log:
        try:
            Worker(db, int(number), int(seed), log).run(float(seconds))
        except Exception:
            log.write(json.dumps({"error": traceback.format_exc()}) + "\n")
            return 1
        finally:
            db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
