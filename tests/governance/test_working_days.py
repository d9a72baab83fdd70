"""Working days in England (stp.workingdays), and the papers deadline they give a meeting."""

from datetime import date

import pytest

from governance.models import Board, Meeting
from stp.workingdays import (
    add_working_days,
    is_working_day,
    working_days_before,
    working_days_between,
)
from tests.governance_factories import at


def test_weekends_and_bank_holidays_are_not_working_days():
    assert not is_working_day(date(2026, 11, 28))  # Saturday
    assert not is_working_day(date(2026, 12, 25))  # Christmas Day, a Friday
    assert not is_working_day(date(2026, 12, 28))  # Boxing Day falls on Saturday: Monday off
    assert not is_working_day(date(2026, 4, 3))  # Good Friday
    assert not is_working_day(date(2026, 4, 6))  # Easter Monday
    assert is_working_day(date(2026, 12, 29))


def test_counting_back_over_christmas_skips_the_bank_holidays():
    # 2027: Christmas Day and Boxing Day fall at the weekend; Monday 27 and Tuesday 28 are off.
    assert working_days_before(date(2027, 12, 30), 3) == date(2027, 12, 23)
    assert working_days_before(date(2026, 12, 31), 5) == date(2026, 12, 22)


def test_counting_back_over_easter_skips_good_friday_and_easter_monday():
    # Thursday 9 April 2026: 8, 7, (6, 5, 4, 3 off), 2, 1 April, then Tuesday 31 March.
    assert working_days_before(date(2026, 4, 9), 5) == date(2026, 3, 31)


def test_counting_forward_and_between_dates():
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)
    assert working_days_between(date(2026, 12, 24), date(2026, 12, 31)) == 3
    assert working_days_between(date(2026, 12, 31), date(2026, 12, 24)) == -3


@pytest.mark.parametrize("days, due", [(5, date(2026, 3, 31)), (7, date(2026, 3, 27))])
def test_a_meetings_papers_deadline_follows_its_boards_rule(days, due):
    board = Board(name="Programme Board", code="PB", papers_due_working_days=days)
    meeting = Meeting(board=board, starts_at=at(date(2026, 4, 9), 14))
    assert meeting.papers_due == due


def test_a_meeting_early_in_the_morning_uk_time_counts_from_its_uk_date():
    board = Board(name="Programme Board", code="PB", papers_due_working_days=1)
    # 00:30 on Tuesday 2 June 2026 in London is still Monday 1 June in UTC.
    meeting = Meeting(board=board, starts_at=at(date(2026, 6, 2), 0, 30))
    assert meeting.papers_due == date(2026, 6, 1)
