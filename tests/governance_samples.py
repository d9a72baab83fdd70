"""Governance records for tests: one of each for the URL walk, and a board with its people and a
meeting for the boards-and-meetings pages."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from governance.meetings import add_item, schedule_meeting
from governance.models import AgendaItem, BoardMembership
from stp.models import Organisation, RoleAssignment
from tests.factories import OrganisationFactory, person_with_role
from tests.governance_factories import (
    ActionFactory,
    AgendaItemFactory,
    BoardFactory,
    BoardMembershipFactory,
    InterestFactory,
    MeetingFactory,
    at,
)
from tests.samples import sample_builder

Role = RoleAssignment.Role
Seat = BoardMembership.Role
Kind = Organisation.Kind


@sample_builder
def governance_records(partnership, kwargs):
    board = BoardFactory(partnership=partnership, name="Sample meetings board", code="SMB")
    meeting = MeetingFactory(board=board)
    item = AgendaItemFactory(meeting=meeting)
    kwargs.update(
        board=board.pk,
        meeting=meeting.pk,
        item=item.pk,
        action=ActionFactory(meeting=meeting, item=item).pk,
        interest=InterestFactory(partnership=partnership).pk,
    )


# A board with its people, for the pages' tests ---------------------------------------------------

@dataclass
class Governance:
    """A programme board of the partnership, everyone who sits on it, and one meeting."""

    partnership: object
    board: object
    pmo: object
    chair: object  # independent chair, voting
    vice_chair: object  # from the council
    ccg: object  # member from the CCG
    council: object  # member from the council
    trust: object  # member from a trust
    attendee: object  # the programme director, in attendance (reads part 2)
    observer: object  # NHS England observer (does not read part 2)
    seats: dict = field(default_factory=dict)  # person -> BoardMembership
    meeting: object = None


def governance(partnership, pmo, *, days_from_now=10, **board_fields):
    """The Programme Board with seven seats and a meeting scheduled `days_from_now` days away
    (negative: in the past), with its standing items, one part 1 and one part 2 paper."""
    defaults = {"name": "Programme Board", "code": "PB", "quorum_minimum": 3,
                "quorum_constituencies": [Kind.COMMISSIONER, Kind.LOCAL_AUTHORITY, Kind.TRUST],
                "quorum_needs_chair": True, "deputies_count": True}
    board = BoardFactory(partnership=partnership, **{**defaults, **board_fields})
    organisations = {
        kind: OrganisationFactory(name=name, kind=kind) for kind, name in [
            (Kind.OTHER, "Midlands and Lancashire Commissioning Support Unit"),
            (Kind.COMMISSIONER, "Stafford and Surrounds CCG"),
            (Kind.LOCAL_AUTHORITY, "Staffordshire County Council"),
            (Kind.TRUST, "University Hospitals of North Midlands NHS Trust"),
            (Kind.NHSE_REGION, "NHS England Midlands"),
        ]
    }
    people = {}
    seats = {}
    for key, name, kind, seat, voting in [
        ("chair", "Chris Chair", None, Seat.CHAIR, True),  # independent: no organisation
        ("vice_chair", "Val Vice", Kind.LOCAL_AUTHORITY, Seat.VICE_CHAIR, True),
        ("ccg", "Cora Commissioner", Kind.COMMISSIONER, Seat.MEMBER, True),
        ("council", "Colin Council", Kind.LOCAL_AUTHORITY, Seat.MEMBER, True),
        ("trust", "Tara Trust", Kind.TRUST, Seat.MEMBER, True),
        ("attendee", "Dana Director", Kind.OTHER, Seat.ATTENDEE, False),
        ("observer", "Oscar Observer", Kind.NHSE_REGION, Seat.OBSERVER, False),
    ]:
        person = person_with_role(partnership, Role.BOARD_MEMBER, full_name=name)
        seats[person] = BoardMembershipFactory(
            board=board, person=person, organisation=organisations.get(kind), role=seat,
            voting=voting, start_date=date(2024, 4, 1),
        )
        people[key] = person
    scenario = Governance(partnership=partnership, board=board, pmo=pmo, seats=seats, **people)
    day = timezone.localdate() + timedelta(days=days_from_now)
    scenario.meeting = schedule_meeting(
        board, pmo, starts_at=at(day, 14), location="Room 1, Stafford", held_in_public=True
    )
    add_paper(scenario.meeting, "Urgent care recovery plan", part=AgendaItem.Part.PUBLIC)
    add_paper(scenario.meeting, "Community services procurement", part=AgendaItem.Part.PRIVATE)
    return scenario


def add_paper(meeting, title, part=AgendaItem.Part.PUBLIC, **fields):
    """An item added after the standing ones, in its part (as add_item places it)."""
    return add_item(meeting, None, AgendaItem(
        title=title, purpose=fields.pop("purpose", AgendaItem.Purpose.DISCUSSION), part=part,
        minutes_allotted=fields.pop("minutes_allotted", 15), **fields,
    ))


def past_meeting(board, days_ago, pmo=None):
    """A meeting of `board` that took place `days_ago` days ago (standing items only)."""
    day = timezone.localdate() - timedelta(days=days_ago)
    return schedule_meeting(board, pmo, starts_at=at(day, 10), location="Stafford")

