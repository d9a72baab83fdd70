"""Factories for governance records: boards, seats, meetings, agenda items, decisions, actions."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import factory
from factory.django import DjangoModelFactory

from governance.models import (
    Action,
    AgendaItem,
    Attendance,
    Board,
    BoardMembership,
    Decision,
    Declaration,
    Interest,
    Meeting,
)
from stp.models import Organisation
from tests.factories import OrganisationFactory, PartnershipFactory, UserFactory

LONDON = ZoneInfo("Europe/London")


def at(day, hour=14, minute=0):
    """An aware datetime in UK time, as meetings are scheduled."""
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


class BoardFactory(DjangoModelFactory):
    class Meta:
        model = Board

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Programme Board {n}")
    code = factory.Sequence(lambda n: f"PB{n}")
    kind = Board.Kind.PROGRAMME_BOARD
    terms_of_reference = "Holds the partnership's programmes to account for delivery."
    quorum_minimum = 3
    quorum_constituencies = [Organisation.Kind.COMMISSIONER, Organisation.Kind.TRUST]
    quorum_needs_chair = True
    deputies_count = True
    papers_due_working_days = 5


class BoardMembershipFactory(DjangoModelFactory):
    class Meta:
        model = BoardMembership

    board = factory.SubFactory(BoardFactory)
    person = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = BoardMembership.Role.MEMBER
    voting = True
    start_date = date(2025, 4, 1)


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    board = factory.SubFactory(BoardFactory)
    starts_at = factory.Sequence(lambda n: at(date(2026, 12, 3) + timedelta(days=28 * n)))
    location = "Room 1, Stafford Education and Enterprise Park"


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Agenda item {n}")
    purpose = AgendaItem.Purpose.DISCUSSION
    minutes_allotted = 15


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    membership = factory.SubFactory(BoardMembershipFactory)
    status = Attendance.Status.PRESENT


class DecisionFactory(DjangoModelFactory):
    class Meta:
        model = Decision

    item = factory.SubFactory(AgendaItemFactory)
    meeting = factory.LazyAttribute(lambda o: o.item.meeting)
    reference = factory.Sequence(lambda n: f"PB/2026/12/D{n}")
    resolution = "The Board noted the report."


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = Action

    meeting = factory.SubFactory(MeetingFactory)
    board = factory.LazyAttribute(lambda o: o.meeting.board)
    reference = factory.Sequence(lambda n: f"PB/2026/12/A{n}")
    description = "Bring the revised discharge trajectory to the next meeting."
    owner = factory.SubFactory(UserFactory)
    due_date = date(2027, 1, 7)


class InterestFactory(DjangoModelFactory):
    class Meta:
        model = Interest

    partnership = factory.SubFactory(PartnershipFactory)
    person = factory.SubFactory(UserFactory)
    category = Interest.Category.FINANCIAL
    description = "Shareholder in a domiciliary care provider."
    organisation = "Acme Home Care Ltd"
    declared_on = date(2026, 4, 1)
    management = "Leaves the meeting for items on domiciliary care procurement."


class DeclarationFactory(DjangoModelFactory):
    class Meta:
        model = Declaration

    item = factory.SubFactory(AgendaItemFactory)
    person = factory.SubFactory(UserFactory)
    description = "Shareholder in a domiciliary care provider."
