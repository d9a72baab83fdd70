"""A partnership's people and work on fixed dates, for the reminders' tests.

The Urgent and emergency care programme has one workstream, Discharge to assess, led by Ann
Lead, directed by Dan Director (for the programme) and with Sam Sro as its SRO. The Programme
Board oversees the programme and meets on Thursday 3 December 2026 at 14:00; its papers are due
five working days before, on Thursday 26 November 2026: so is the October 2026 update.
"""

from dataclasses import dataclass
from datetime import date

import pytest

from stp.models import RoleAssignment
from tests.factories import RoleAssignmentFactory, UserFactory
from tests.governance_factories import BoardFactory, MeetingFactory, at
from tests.programme_factories import ProgrammeFactory, WorkstreamFactory

Role = RoleAssignment.Role
SINCE = date(2025, 1, 1)
MEETING_DAY = date(2026, 12, 3)
PAPERS_DUE = date(2026, 11, 26)


@dataclass
class World:
    partnership: object
    programme: object
    workstream: object
    lead: object
    director: object
    sro: object
    pmo: object
    board: object
    meeting: object


def holding(role, partnership, name, scope=None):
    """A new person holding `role` (for `scope`) since January 2025."""
    person = UserFactory(full_name=name, email=f"{name.split()[0].lower()}@example.nhs.uk")
    RoleAssignmentFactory(person=person, partnership=partnership, role=role, scope=scope,
                          start_date=SINCE)
    return person


def build_world(partnership):
    programme = ProgrammeFactory(partnership=partnership, name="Urgent and emergency care")
    workstream = WorkstreamFactory(programme=programme, name="Discharge to assess")
    board = BoardFactory(partnership=partnership, name="Programme Board", code="PB",
                         papers_due_working_days=5)
    board.remit_programmes.add(programme)
    return World(
        partnership=partnership, programme=programme, workstream=workstream,
        lead=holding(Role.WORKSTREAM_LEAD, partnership, "Ann Lead", workstream),
        director=holding(Role.PROGRAMME_DIRECTOR, partnership, "Dan Director", programme),
        sro=holding(Role.SRO, partnership, "Sam Sro", workstream),
        pmo=holding(Role.PMO, partnership, "Pat Pmo"),
        board=board, meeting=MeetingFactory(board=board, starts_at=at(MEETING_DAY, 14)),
    )


@pytest.fixture
def world(partnership):
    return build_world(partnership)


@pytest.fixture
def eager_tasks():
    """Celery tasks run in-process, as without Redis (the PostgreSQL pass sets REDIS_URL)."""
    from stp.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = before
