"""One exception type for invalid data, carrying the field and a message a person understands."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


class ValidationError(Exception):
    """Invalid data. Carries every problem found, each with the field it concerns.

    ``ValidationError(field="end", message="...")`` for one problem, or
    ``ValidationError(errors=[...])`` for several found at once, so a form can mark
    every faulty field in one go.
    """

    def __init__(
        self,
        field: str | None = None,
        message: str | None = None,
        *,
        errors: list[FieldError] | tuple[FieldError, ...] | None = None,
    ) -> None:
        found = list(errors or [])
        if message is not None:
            found.insert(0, FieldError(field or "", message))
        if not found:
            raise ValueError("ValidationError needs at least one problem")
        self.errors: tuple[FieldError, ...] = tuple(found)
        super().__init__("; ".join(e.message for e in self.errors))

    @property
    def field(self) -> str:
        return self.errors[0].field

    @property
    def message(self) -> str:
        return self.errors[0].message

    def by_field(self) -> dict[str, str]:
        """The first message for each field."""
        out: dict[str, str] = {}
        for e in self.errors:
            out.setdefault(e.field, e.message)
        return out


class Problems:
    """Collects field errors while a record is checked, then raises them together."""

    def __init__(self) -> None:
        self._errors: list[FieldError] = []

    def add(self, field: str, message: str) -> None:
        self._errors.append(FieldError(field, message))

    def has(self, field: str) -> bool:
        return any(e.field == field for e in self._errors)

    def __bool__(self) -> bool:
        return bool(self._errors)

    def raise_if_any(self) -> None:
        if self._errors:
            raise ValidationError(errors=self._errors)
