"""The one write path: every record a form, an import or the demo saves passes here.

``save_record`` checks a record in the transaction that stores it (its own rules, then
those against the other records), adds it when it is new or stores it over the original,
and commits; ``delete_record`` deletes one after an optional check. ``store`` is the step
they share, for a use case that writes several records in one transaction (a board term
with the terms it closes). A check on every write — which version was read, who changed
what — belongs here, so no record reaches its repository another way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from domain.errors import ValidationError
from storage.database import Database
from storage.repositories import Repository
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
    repository: Repository[R], record: R, original: R | None, *, gone: str | None = None
) -> None:
    """Add ``record`` (``original`` None) or store it over the original, keeping its ID.
    With ``gone``, an original deleted meanwhile is refused with that message instead of
    being written back."""
    if original is None:
        repository.add(record)
        return
    record.id = original.id
    if gone is not None and repository.get(original.id) is None:
        raise ValidationError("", gone)
    repository.update(record)


def save_record(
    db: Database,
    repository: RepositoryOf[R],
    record: R,
    original: R | None,
    check: Callable[[UnitOfWork, R], None],
    *,
    gone: str | None = None,
) -> R:
    """Check and store one record in a transaction of its own; returns what was stored.
    Raises ValidationError, and stores nothing, when the record breaks a rule."""
    if original is not None:
        record.id = original.id  # the checks compare it with the others by its ID
    with db.unit_of_work() as uow:
        check(uow, record)
        store(repository(uow), record, original, gone=gone)
        uow.commit()
    return record


def delete_record(
    db: Database,
    repository: RepositoryOf[R],
    record_id: str,
    check: Callable[[UnitOfWork, str], None] | None = None,
) -> None:
    """Delete one record; ``check`` raises ValidationError when it may not be deleted."""
    with db.unit_of_work() as uow:
        if check is not None:
            check(uow, record_id)
        repository(uow).delete(record_id)
        uow.commit()
