"""The one write path: every record a form, an import or the demo saves passes here.

``save_record`` checks a record in the transaction that stores it (its own rules, then
those against the other records), adds it when it is new or stores it over the original,
and commits; ``delete_record`` deletes one after an optional check, ``delete_records``
several in one transaction (all or none). ``store`` is the step
they share, for a use case that writes several records in one transaction (a board term
with the terms it closes). Every update and delete states the version it read (the
original's): a record another user changed or deleted since is refused with
ConcurrentChange, so nothing is overwritten or brought back unnoticed. A save waits for
another workstation's save of the same kind of record to end before its checks read the
others (``UnitOfWork.one_writer``): two people pressing Save at once cannot both pass a
check across records (one seat per person in a term) and both be stored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from domain.errors import ConcurrentChange
from storage.database import Database
from storage.repositories import Repository
from storage.repositories.base import changed_meanwhile
from storage.uow import UnitOfWork


class Identified(Protocol):
    id: str


class SelfChecking(Identified, Protocol):
    def tidy(self) -> None: ...
    def validate(self) -> None: ...


R = TypeVar("R", bound=Identified)
S = TypeVar("S", bound=SelfChecking)

RepositoryOf = Callable[[UnitOfWork], Repository[R]]


def own_rules(uow: UnitOfWork, record: SelfChecking) -> None:
    """The check of a record that no other record constrains: tidied, then validated."""
    record.tidy()
    record.validate()


def store(
    repository: Repository[R], record: R, original: R | None, *, overwrite: bool = False
) -> R:
    """Add ``record`` (``original`` None) or store it over the original, keeping its ID.

    The original is the record as the form (or the use case) read it: when the stored one
    has changed since, or was deleted, ConcurrentChange refuses the write; a deleted one
    is never written back. ``overwrite`` stores it over the changed one all the same, the
    user's explicit choice. Returns the record as the session holds it."""
    if original is None:
        repository.add(record)
        return record
    record.id = original.id
    return repository.update(record, original, overwrite=overwrite)


def save_record(
    db: Database,
    repository: RepositoryOf[R],
    record: R,
    original: R | None,
    check: Callable[[UnitOfWork, R], None],
    *,
    overwrite: bool = False,
) -> R:
    """Check and store one record in a transaction of its own; returns what was stored.
    Raises ValidationError, and stores nothing, when the record breaks a rule, and its
    ConcurrentChange when another user changed or deleted the original since it was read
    (``overwrite``: store it over their change, as the user chose)."""
    if original is not None:
        record.id = original.id  # the checks compare it with the others by its ID
    try:
        with db.unit_of_work() as uow:
            # the other records the check reads stay as read until this one is stored
            uow.one_writer(repository(uow).table.name)
            check(uow, record)
            stored = store(repository(uow), record, original, overwrite=overwrite)
            uow.commit()
            # what was saved is what the form holds now: the version it was stored as
            repository(uow).same_version(record, stored)
    except ConcurrentChange as change:
        if original is None or change.current is not None:
            raise
        raise _as_stored_now(db, repository, original.id) from change
    return record


def _as_stored_now(db: Database, repository: RepositoryOf[R], record_id: str) -> ConcurrentChange:
    """The refusal of a write that lost a race at the very UPDATE: the record as another
    transaction left it (None: deleted), and who changed it when."""
    with db.unit_of_work() as uow:
        stored = repository(uow).get(record_id)
        return ConcurrentChange(None) if stored is None else changed_meanwhile(stored)


def delete_record(
    db: Database,
    repository: RepositoryOf[R],
    record: R | str,
    check: Callable[[UnitOfWork, str], None] | None = None,
) -> bool:
    """Delete one record; ``check`` raises ValidationError when it may not be deleted.

    Given the record as it was shown, only that version is deleted: one changed since is
    refused with ConcurrentChange, whose ``current`` is the stored record; deleting that
    one is the "delete all the same" the user confirms. Given only an ID, whatever is
    stored is deleted. Returns False when another user deleted it meanwhile: it is gone,
    as wanted, but the deletion in the history is theirs (of the version they deleted,
    perhaps one changed since this one was shown), not this one's."""
    read = None if isinstance(record, str) else record
    record_id = record if isinstance(record, str) else record.id
    with db.unit_of_work() as uow:
        if check is not None:
            check(uow, record_id)
        deleted = repository(uow).delete(record_id, read)
        uow.commit()
    return deleted


def delete_records(
    db: Database,
    repository: RepositoryOf[R],
    records: Sequence[R],
    check: Callable[[UnitOfWork, str], None] | None = None,
) -> None:
    """Delete several records, each as it was shown, in one transaction: all or none.

    ``check`` raises ValidationError when one may not be deleted. A record another user
    changed since it was shown is refused with ConcurrentChange (``current`` the stored
    one), and so is one deleted meanwhile (``current`` None): the selection is no longer
    what the user saw, so nothing is deleted and they look again."""
    with db.unit_of_work() as uow:
        repo = repository(uow)
        for record in records:
            if check is not None:
                check(uow, record.id)
            if not repo.delete(record.id, record):
                raise ConcurrentChange(None)  # the unit of work rolls the others back
        uow.commit()
