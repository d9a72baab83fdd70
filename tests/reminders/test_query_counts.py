"""Working out what is due costs the same number of queries however much there is."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes.models import PID
from reminders.due import due_on
from stp.models import RoleAssignment
from tests.governance_factories import ActionFactory, AgendaItemFactory
from tests.programme_factories import (
    KPIFactory,
    MilestoneFactory,
    PIDFactory,
    RiskFactory,
    WorkstreamFactory,
)
from tests.reminders.conftest import holding

pytestmark = pytest.mark.django_db
Role = RoleAssignment.Role
DAY = date(2026, 11, 24)


def grow(world, n, start=0):
    """`n` more workstreams, each with its lead and SRO, a late milestone, an action due, an
    overdue risk review, a KPI without its actual, a PID awaiting a decision and a paper due."""
    for i in range(start, start + n):
        workstream = WorkstreamFactory(programme=world.programme, name=f"Workstream {i}")
        lead = holding(Role.WORKSTREAM_LEAD, world.partnership, f"Lead{i} P", workstream)
        holding(Role.SRO, world.partnership, f"Sro{i} P", workstream)
        MilestoneFactory(workstream=workstream, owner=lead, baseline_date=date(2026, 11, 2),
                         forecast_date=date(2026, 11, 2))
        ActionFactory(meeting=world.meeting, owner=lead, due_date=date(2026, 11, 27))
        RiskFactory(workstream=workstream, owner=lead, review_date=date(2026, 11, 1))
        KPIFactory(workstream=workstream)
        PIDFactory(workstream=workstream, status=PID.Status.SUBMITTED)
        AgendaItemFactory(meeting=world.meeting, presenter=lead)


def counted(day):
    with CaptureQueriesContext(connection) as queries:
        found = due_on(day)
    return len(found), len(queries)


def test_what_is_due_costs_the_same_queries_for_every_partnership_however_much_is_owed(
    world, settings
):
    settings.REMINDER_PAPERS_LEAD_DAYS = 5
    grow(world, 2)
    due_on(DAY)  # content types are looked up once a process
    small, small_queries = counted(DAY)

    grow(world, 12, start=2)
    large, large_queries = counted(DAY)

    assert large > small + 12 * 6
    assert small_queries == large_queries <= 15
