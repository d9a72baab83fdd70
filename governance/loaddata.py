"""Synthetic governance for the benchmarks: a board overseeing every programme, its meetings.

At scale 1 the board's pack is a realistic one (20 highlight reports, 60 KPIs with their SPC
charts, 200 risks); at scale 10 everything is ten times that. The partnership's assurance report
for its reporting month is a draft, for the benchmark to compile.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from governance.models import (
    Action,
    AgendaItem,
    AssuranceReport,
    Attendance,
    Board,
    BoardMembership,
    Decision,
    Meeting,
)
from programmes.models import Programme, StatusUpdate
from programmes.pages import reporting_month
from stp.datasets import load_data_builder

Purpose = AgendaItem.Purpose
SEATS = 20
ITEMS = 10
ACTIONS_PER_SCALE = 30


@load_data_builder
def build(context, scale):
    partnership, people = context["partnership"], context["people"]
    board = Board.objects.create(
        partnership=partnership, name="Programme Board", code="PB",
        kind=Board.Kind.PROGRAMME_BOARD, quorum_minimum=7,
        terms_of_reference="Synthetic terms of reference.",
    )
    board.remit_programmes.set(Programme.objects.filter(partnership=partnership))
    seats = BoardMembership.objects.bulk_create(
        BoardMembership(
            board=board, person=person, organisation=person.organisation,
            role=BoardMembership.Role.CHAIR if i == 0 else BoardMembership.Role.MEMBER,
            voting=True, start_date=date(2024, 4, 1),
        )
        for i, person in enumerate(people[:SEATS])
    )
    BoardMembership.objects.create(
        board=board, person=context["bench_user"], role=BoardMembership.Role.ATTENDEE,
        voting=False, start_date=date(2024, 4, 1),
    )
    # The pack reports on last month's updates, so the meeting is this month: today.
    today = timezone.localdate()
    previous = _meeting(board, today - timedelta(days=28), Meeting.Status.HELD)
    upcoming = _meeting(board, today, Meeting.Status.SCHEDULED)
    for meeting in (previous, upcoming):
        AgendaItem.objects.bulk_create(
            AgendaItem(
                meeting=meeting, order=i + 1, title=f"Synthetic item {i + 1}",
                purpose=Purpose.DECISION if i % 3 == 0 else Purpose.DISCUSSION,
                part=AgendaItem.Part.PRIVATE if i >= ITEMS - 2 else AgendaItem.Part.PUBLIC,
                presenter=people[i], author=people[i].full_name,
                summary="Synthetic executive summary of the paper. " * 8,
                recommendations="Note the report.\nApprove the recommendation.",
                minutes="Synthetic minutes of the discussion. " * 6 if meeting is previous else "",
            )
            for i in range(ITEMS)
        )
    Attendance.objects.bulk_create(
        Attendance(meeting=previous, membership=seat, status=Attendance.Status.PRESENT)
        for seat in seats
    )
    items = list(previous.items.all())
    Decision.objects.bulk_create(
        Decision(meeting=previous, item=item, reference=f"PB/D{i + 1}",
                 resolution="The Board noted the report.")
        for i, item in enumerate(items)
    )
    Action.objects.bulk_create(
        Action(board=board, meeting=previous, item=items[i % len(items)],
               reference=f"PB/A{i + 1}", description=f"Synthetic action {i + 1}.",
               owner=people[i % len(people)], due_date=today + timedelta(days=i % 40 - 10))
        for i in range(ACTIONS_PER_SCALE * scale)
    )
    context["board"] = board
    context["upcoming_meeting"] = upcoming


def _meeting(board, day, status):
    starts_at = timezone.make_aware(datetime.combine(day, time(14)))
    return Meeting.objects.create(board=board, starts_at=starts_at, location="Room 1",
                                  status=status)


@load_data_builder
def build_assurance(context, scale):
    """A draft assurance report for the month just ended, its assessment written."""
    report = AssuranceReport.objects.create(
        partnership=context["partnership"], month=reporting_month(timezone.localdate()),
        overall_rating=StatusUpdate.Confidence.AMBER_GREEN,
        narrative="Synthetic narrative of the month by the programme director. " * 6,
        oversight_segment=AssuranceReport.Segment.TWO, support="Synthetic support asked.",
    )
    context["assurance_report"] = report
