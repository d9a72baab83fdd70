"""The meeting page, the minutes, the board page, the action log and the register of interests
cost the same number of queries however much there is on them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance.models import ActionNote, AgendaItem, Attendance
from stp.models import RoleAssignment
from tests.factories import OrganisationFactory, person_with_role
from tests.governance_factories import (
    ActionFactory,
    AttendanceFactory,
    BoardMembershipFactory,
    DecisionFactory,
    DeclarationFactory,
    InterestFactory,
    MeetingFactory,
    at,
)
from tests.governance_samples import add_paper, governance
from tests.programme_factories import ProgrammeFactory, RiskFactory, WorkstreamFactory

pytestmark = pytest.mark.django_db
Role = RoleAssignment.Role
SMALL, LARGE = 2, 10


@pytest.fixture
def scenario(partnership, pmo):
    return governance(partnership, pmo, days_from_now=-1)


def grow(scenario, n):
    """`n` more of everything: papers with risks, declarations, decisions and actions with
    notes, members with attendance, past meetings, and register entries."""
    meeting = scenario.meeting
    workstream = WorkstreamFactory(programme=ProgrammeFactory(partnership=scenario.partnership))
    for i in range(n):
        for part in (AgendaItem.Part.PUBLIC, AgendaItem.Part.PRIVATE):
            item = add_paper(meeting, f"Paper {i}.{part}", part=part,
                             presenter=scenario.attendee)
            item.risks.add(RiskFactory(workstream=workstream))
            DeclarationFactory(item=item, person=scenario.trust)
            DecisionFactory(item=item, meeting=meeting)
            action = ActionFactory(meeting=meeting, item=item, owner=scenario.attendee,
                                   due_date=timezone.localdate() - timedelta(days=i))
            ActionNote.objects.create(action=action, text=f"Progress {i}")
        person = person_with_role(scenario.partnership, Role.BOARD_MEMBER)
        seat = BoardMembershipFactory(board=scenario.board, person=person,
                                      organisation=OrganisationFactory())
        AttendanceFactory(meeting=meeting, membership=seat, status=Attendance.Status.PRESENT)
        InterestFactory(partnership=scenario.partnership, person=person)
        InterestFactory(partnership=scenario.partnership, person=person, published=False,
                        withheld_reason="Privacy")
        step = 7 * (scenario.board.meetings.count() + 2)
        MeetingFactory(board=scenario.board,
                       starts_at=at(timezone.localdate() - timedelta(days=step)))
        MeetingFactory(board=scenario.board,
                       starts_at=at(timezone.localdate() + timedelta(days=step)))


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def same_at_two_sizes(scenario, client, url):
    grow(scenario, SMALL)
    client.get(url)  # warm what every request shares (content types, sessions ...)
    small = queries(client, url)
    grow(scenario, LARGE)
    large = queries(client, url)
    assert small == large, f"{small} queries with a little data, {large} with more"
    return small


def _meeting_url(name, scenario):
    return reverse(name, kwargs={"partnership": scenario.partnership.slug,
                                 "meeting": scenario.meeting.pk})


@pytest.mark.parametrize("who", ["pmo", "trust", "observer"])
def test_the_meeting_page_costs_the_same_however_long_the_agenda(scenario, client_for, who):
    client = client_for(getattr(scenario, who))
    same_at_two_sizes(scenario, client, scenario.meeting.get_absolute_url())


def test_the_minutes_cost_the_same_however_much_was_minuted(scenario, client_for):
    client = client_for(scenario.trust)
    same_at_two_sizes(scenario, client, _meeting_url("meeting_minutes", scenario))


def test_the_board_page_costs_the_same_however_many_members_and_meetings(scenario, client_for):
    client = client_for(scenario.pmo)
    same_at_two_sizes(scenario, client, scenario.board.get_absolute_url())


def test_the_action_log_costs_the_same_however_many_actions(scenario, client_for, viewer):
    url = reverse("action_log", kwargs={"partnership": scenario.partnership.slug})
    same_at_two_sizes(scenario, client_for(scenario.trust), url)
    assert queries(client_for(viewer), url) <= queries(client_for(scenario.trust), url)


@pytest.mark.parametrize("who", ["pmo", "viewer"])
def test_the_register_costs_the_same_however_many_entries(scenario, client_for, viewer, who):
    person = viewer if who == "viewer" else scenario.pmo
    url = reverse("interest_register", kwargs={"partnership": scenario.partnership.slug})
    same_at_two_sizes(scenario, client_for(person), url)


def test_the_item_minutes_page_costs_the_same_however_much_is_recorded(scenario, client_for):
    item = scenario.meeting.items.get(title="Urgent care recovery plan")
    url = reverse("item_minutes", kwargs={"partnership": scenario.partnership.slug,
                                          "meeting": scenario.meeting.pk, "item": item.pk})

    def more(n):
        for _ in range(n):
            DeclarationFactory(item=item, person=scenario.trust)
            DecisionFactory(item=item, meeting=scenario.meeting)
            ActionFactory(meeting=scenario.meeting, item=item, owner=scenario.attendee)

    client = client_for(scenario.pmo)
    more(SMALL)
    client.get(url)
    small = queries(client, url)
    more(LARGE)
    assert queries(client, url) == small
