"""Several workstations (processes) edit the same few records at random for a few seconds
through the application's own save; afterwards the change history explains every stored
value, and no save the application acknowledged is missing from it."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from domain.caselog import CaseEvent, Sector
from domain.finance import Transaction
from domain.history import Action, Entry, HistoryFilter
from domain.staff import StaffMember
from services.caselog import save_case_event
from services.finance import save_transaction
from services.staff import save_staff_member
from storage import orm
from storage.database import Database, open_database
from tests.databases import new_database_url
from tests.integration.edit_stress_worker import KINDS, YEAR, record_values

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 4
SECONDS = 3.0
MODULE = "tests.integration.edit_stress_worker"


@dataclass
class Run:
    db: Database
    acks: list[dict[str, Any]]  # every acknowledged save, in no particular order
    counts: Counter[str]
    seconds: float


def _set_up(db: Database) -> None:
    with db.unit_of_work() as uow:
        category = next(c.id for c in uow.categories.all() if not c.retired)
    staff = [
        save_staff_member(db, StaffMember(f"Henkilö{n}", "Anni", "suunnittelija"), None)
        for n in range(5)
    ]
    for n in range(5):
        money = Decimal(f"{100 + n}.25")
        save_transaction(
            db,
            Transaction(date(YEAR, 2, 1), category, money, voucher=f"{YEAR}-{n + 1:04d}"),
            None,
        )
    for n in range(2):
        event = CaseEvent(
            date(YEAR, 2, 2), area=f"alue {n}", sector=Sector.SOCIAL, ombudsman_id=staff[n].id
        )
        save_case_event(db, event, None)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    """One stress run, shared by the tests below (each checks one thing of its outcome)."""
    folder = tmp_path_factory.mktemp("stress")
    url = new_database_url(folder / "shared.sqlite")
    db = open_database(url)
    _set_up(db)
    logs = [folder / f"worker{n}.jsonl" for n in range(WORKERS)]
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", MODULE, url, str(n), str(SECONDS), str(1000 + n), str(logs[n])],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(WORKERS)
    ]
    for worker in workers:  # every one has imported and opened the database
        assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
    started = time.monotonic()
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
    failures = []
    for n, worker in enumerate(workers):
        _out, err = worker.communicate(timeout=SECONDS + 60)
        if worker.returncode:
            failures.append(f"worker {n} exited with {worker.returncode}: {err[-3000:]}")
    seconds = time.monotonic() - started
    acks: list[dict[str, Any]] = []
    counts: Counter[str] = Counter()
    slowest = 0.0
    for path in logs:
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            if "error" in item:
                failures.append(item["error"])
            elif "slowest" in item:
                slowest = max(slowest, item["slowest"])
            elif "count" in item:
                counts[item["count"]] += 1
            else:
                acks.append(item)
                counts[item["action"]] += 1
    assert not failures, "\n".join(failures)
    print(
        f"\n{db.engine.dialect.name}: {len(acks)} saves in {seconds:.1f} s (slowest step {slowest:.2f} s), {dict(counts)}"
    )
    yield Run(db, acks, counts, seconds)
    db.close()


def _history(db: Database) -> dict[tuple[str, str], list[Entry]]:
    """Every record's history entries, oldest first."""
    found: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    with db.unit_of_work() as uow:
        for entry in uow.history.oldest_first(HistoryFilter()):
            if entry.kind in KINDS:
                found[entry.kind, entry.record_id].append(entry)
    return found


def _replayed(entries: list[Entry]) -> list[dict[str, str | None] | None]:
    """The record's values after each entry (None: deleted)."""
    states: list[dict[str, str | None] | None] = []
    values: dict[str, str | None] | None = None
    for entry in entries:
        if entry.action is Action.INSERT:
            values = {c.field: c.new or None for c in entry.changes}
        elif entry.action is Action.DELETE:
            values = None
        else:
            assert values is not None, f"{entry} changes a record not there"
            values = {**values, **{c.field: c.new or None for c in entry.changes}}
        states.append(values)
    return states


def _filled(values: dict[str, str | None] | None) -> dict[str, str | None] | None:
    return None if values is None else {k: v for k, v in values.items() if v is not None}


def test_the_stress_run_made_saves_and_conflicts(run):
    assert run.counts["update"] + run.counts["overwrite"] >= 20
    assert run.counts["conflict"] > 0


def test_every_stored_value_is_explained_by_the_history(run):
    history = _history(run.db)
    with run.db.unit_of_work() as uow:
        stored = {
            (kind, r.id): record_values(kind, r) for kind in KINDS for r in getattr(uow, kind).all()
        }
    for key, entries in history.items():
        final = _replayed(entries)[-1]
        assert _filled(stored.get(key)) == _filled(final), key
    assert set(stored) <= set(history)


def test_every_acknowledged_save_is_in_the_history_at_its_version(run):
    history = _history(run.db)
    for ack in run.acks:
        entries = history[ack["kind"], ack["id"]]
        states = _replayed(entries)
        position = ack["version"] - 1  # version 1 is the insert's entry
        if ack["action"] == "delete":
            position = len(entries) - 1
            assert entries[position].action is Action.DELETE, ack
            assert _filled(states[position - 1]) == _filled(ack["values"]), ack
            continue
        expected = {
            "insert": Action.INSERT,
            "update": Action.UPDATE,
            "overwrite": Action.OVERWRITE,
        }[ack["action"]]
        assert entries[position].action is expected, ack
        assert _filled(states[position]) == _filled(ack["values"]), ack


def test_refused_saves_left_no_entry(run):
    """Every entry is an acknowledged save, the set-up's, or a case event losing its
    ombudsman to the acknowledged delete of that staff member."""
    history = _history(run.db)
    explained = {
        (ack["kind"], ack["id"], ack["version"] if ack["action"] != "delete" else -1)
        for ack in run.acks
    }
    deleted_staff = {a["id"] for a in run.acks if (a["kind"], a["action"]) == ("staff", "delete")}
    unexplained = []
    for (kind, record_id), entries in history.items():
        for position, entry in enumerate(entries, start=1):
            version = -1 if entry.action is Action.DELETE else position
            if entry.action is Action.INSERT and (kind, record_id, 1) not in explained:
                continue  # the set-up's
            if (kind, record_id, version) in explained:
                continue
            changes = [(c.field, c.old, c.new) for c in entry.changes]
            if (
                kind == "case_events"
                and entry.action is Action.UPDATE
                and len(changes) == 1
                and changes[0][0] == "ombudsman_id"
                and changes[0][1] in deleted_staff
                and changes[0][2] is None
            ):
                continue
            unexplained.append(entry)
    assert unexplained == []
    set_up = 5 + 5 + 2
    inserts = sum(e.action is Action.INSERT for es in history.values() for e in es)
    assert inserts == set_up + run.counts["insert"]


def test_no_two_transactions_of_a_year_share_a_voucher(run):
    # every transaction of the run is of YEAR
    c = orm.transactions.c
    with run.db.engine.connect() as conn:
        shared = conn.execute(
            select(c.voucher, func.count())
            .where(c.voucher != "")
            .group_by(c.voucher)
            .having(func.count() > 1)
        ).all()
    assert shared == []
