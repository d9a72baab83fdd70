"""Working days in England: weekends and bank holidays (from the `holidays` library) excluded."""

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _bank_holidays(year):
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def working_days_before(day: date, count: int) -> date:
    """The working day `count` working days before `day` (the day itself not counted)."""
    current = day
    remaining = count
    while remaining > 0:
        current -= timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def add_working_days(day: date, count: int) -> date:
    """The working day `count` working days after `day`."""
    current = day
    remaining = count
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (negative if end is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    return sum(is_working_day(start + timedelta(days=n)) for n in range(1, (end - start).days + 1))
