"""Per-cent shares as the reports print them."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction


def largest_remainder(amounts: Sequence[int | Decimal], total: int = 100) -> list[int]:
    """Whole per cents of ``amounts`` that add up to exactly ``total`` (largest-remainder method).

    Each share is first rounded down; the points left over go to the largest remainders
    (the earlier row on a tie), so a printed share column always sums to 100. Exact for
    counts and for money (Decimal), never through a float."""
    whole = sum((Fraction(a) for a in amounts), Fraction(0))
    if whole <= 0:
        return [0 for _a in amounts]
    exact = [Fraction(a) * total / whole for a in amounts]
    shares = [int(e) for e in exact]
    left = total - sum(shares)
    by_remainder = sorted(range(len(amounts)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in by_remainder[:left]:
        shares[i] += 1
    return shares


def rounded_percent(part: int | Decimal, whole: int | Decimal) -> int:
    """A per cent rounded half up (for shares that need not add up to 100)."""
    if whole <= 0:
        return 0
    return int((Fraction(part) * 100 / Fraction(whole) + Fraction(1, 2)) // 1)
