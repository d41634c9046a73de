"""Column types that keep the domain's values exact in any database.

Money is stored as integer cents and percentages as integer hundredths: never a float."""

from __future__ import annotations

import enum
from decimal import Decimal

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.types import TypeDecorator


class _Scaled(TypeDecorator[Decimal]):
    """A Decimal with at most two decimals, stored exactly as an integer of hundredths."""

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        scaled = Decimal(value) * 100
        if scaled != scaled.to_integral_value():
            raise ValueError(f"More than two decimals: {value}")
        return int(scaled)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return self.shown(Decimal(int(value)) / 100)

    def shown(self, value: Decimal) -> Decimal:
        return value


class Hundredths(_Scaled):
    """A percentage with at most two decimals, stored as an integer of hundredths."""

    cache_ok = True

    def shown(self, value: Decimal) -> Decimal:
        # 80.00 is shown as 80, 62.50 as 62.5: normalise without going to exponent form
        return (
            value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
        )


class Cents(_Scaled):
    """Money (a Decimal in euros) stored as an integer number of cents."""

    impl = BigInteger
    cache_ok = True

    def shown(self, value: Decimal) -> Decimal:
        return value.quantize(Decimal("0.01"))


class EnumValue(TypeDecorator[enum.Enum]):
    """An enum stored by its value, so the database reads the same whatever the member names."""

    impl = String(40)
    cache_ok = True

    def __init__(self, enum_class: type[enum.Enum]) -> None:
        super().__init__()
        self.enum_class = enum_class

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return self.enum_class(value).value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return self.enum_class(value)
