"""The refusal of a save over another user's change says who and when, in Finnish time."""

from datetime import UTC, datetime

from domain.errors import ConcurrentChange

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)  # 14.00 in Helsinki


def test_a_change_today_is_told_by_its_time_in_finland():
    change = ConcurrentChange(
        object(), "marjo (TOIMISTO-3)", datetime(2026, 12, 5, 12, 32, tzinfo=UTC)
    )
    assert change.when(NOW) == "14.32"
    assert change.describe(NOW) == "marjo (TOIMISTO-3) muutti tätä tietuetta klo 14.32."


def test_a_change_another_day_is_told_with_its_date():
    change = ConcurrentChange(object(), "marjo", datetime(2026, 7, 1, 5, 4, tzinfo=UTC))
    assert change.when(NOW) == "1.7.2026 8.04"  # summer time: UTC+3


def test_a_deletion_says_so():
    assert (
        ConcurrentChange(None).describe()
        == "Toinen käyttäjä on sillä välin poistanut tämän tietueen."
    )
