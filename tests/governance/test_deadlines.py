"""When a workstream's monthly update is due: the papers deadline of the next meeting of a board
that oversees it, else a fixed number of working days after the month (governance.deadlines)."""

from datetime import date

import pytest

from governance.deadlines import default_deadline, update_deadlines
from tests.governance_factories import BoardFactory, MeetingFactory, at
from tests.programme_factories import ProgrammeFactory, WorkstreamFactory

pytestmark = pytest.mark.django_db
OCTOBER = date(2026, 10, 1)


@pytest.fixture(autouse=True)
def _ten_working_days(settings):
    settings.UPDATE_DUE_WORKING_DAYS = 10


@pytest.fixture
def programme(partnership):
    return ProgrammeFactory(partnership=partnership, name="Urgent and emergency care")


@pytest.fixture
def discharge(programme):
    return WorkstreamFactory(programme=programme, name="Discharge to assess")


@pytest.fixture
def board(partnership):
    return BoardFactory(partnership=partnership, papers_due_working_days=5)


def test_an_update_no_board_calls_for_is_due_ten_working_days_after_the_month(discharge):
    assert default_deadline(OCTOBER) == date(2026, 11, 13)
    assert update_deadlines([discharge], OCTOBER) == {discharge.pk: date(2026, 11, 13)}


def test_the_fallback_follows_the_setting(settings, discharge):
    settings.UPDATE_DUE_WORKING_DAYS = 3
    assert update_deadlines([discharge], OCTOBER)[discharge.pk] == date(2026, 11, 4)


def test_the_next_meeting_of_a_board_overseeing_the_programme_sets_the_date(
        board, programme, discharge):
    board.remit_programmes.add(programme)
    MeetingFactory(board=board, starts_at=at(date(2026, 11, 26)))
    assert update_deadlines([discharge], OCTOBER) == {discharge.pk: date(2026, 11, 19)}


def test_a_board_overseeing_the_workstream_alone_sets_its_date(board, programme, discharge):
    other = WorkstreamFactory(programme=programme, name="Frailty")
    board.remit_workstreams.add(discharge)
    MeetingFactory(board=board, starts_at=at(date(2026, 11, 26)))
    due = update_deadlines([discharge, other], OCTOBER)
    assert due == {discharge.pk: date(2026, 11, 19), other.pk: date(2026, 11, 13)}


def test_the_first_meeting_after_the_month_ends_is_the_one_that_counts(
        board, programme, discharge):
    board.remit_programmes.add(programme)
    MeetingFactory(board=board, starts_at=at(date(2026, 10, 22)))  # within the month itself
    MeetingFactory(board=board, starts_at=at(date(2026, 12, 17)))
    MeetingFactory(board=board, starts_at=at(date(2026, 11, 26)))
    assert update_deadlines([discharge], OCTOBER)[discharge.pk] == date(2026, 11, 19)


def test_a_meeting_more_than_a_quarter_away_calls_for_a_later_update(
        board, programme, discharge):
    board.remit_programmes.add(programme)
    MeetingFactory(board=board, starts_at=at(date(2027, 2, 4)))
    assert update_deadlines([discharge], OCTOBER)[discharge.pk] == date(2026, 11, 13)


def test_the_boards_own_papers_deadline_is_used(partnership, programme, discharge):
    board = BoardFactory(partnership=partnership, papers_due_working_days=7)
    board.remit_programmes.add(programme)
    MeetingFactory(board=board, starts_at=at(date(2026, 11, 26)))
    assert update_deadlines([discharge], OCTOBER)[discharge.pk] == date(2026, 11, 17)


def test_no_workstreams_no_deadlines(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert update_deadlines([], OCTOBER) == {}


@pytest.mark.parametrize("size", [2, 12])
def test_deadlines_cost_three_queries_however_many_workstreams_and_meetings(
        partnership, programme, board, size, django_assert_max_num_queries):
    board.remit_programmes.add(programme)
    workstreams = [WorkstreamFactory(programme=programme) for _ in range(size)]
    for n in range(size):
        MeetingFactory(board=board, starts_at=at(date(2026, 11, 2 + n)))
    with django_assert_max_num_queries(3):
        due = update_deadlines(workstreams, OCTOBER)
    assert len(due) == size
