"""Board pack records for tests: a published pack for the URL walk, and a board whose remit
holds workstreams with updates, milestones, KPIs and risks, meeting after a held meeting."""

import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from governance.models import (
    Action,
    ActionNote,
    AgendaItem,
    Attendance,
    BoardMembership,
    BoardPack,
    Meeting,
)
from programmes.models import RAG, Milestone, StatusUpdate
from stp.models import RoleAssignment
from tests.factories import OrganisationFactory, RoleAssignmentFactory, UserFactory
from tests.governance_factories import (
    ActionFactory,
    AgendaItemFactory,
    AttendanceFactory,
    BoardFactory,
    BoardMembershipFactory,
    DecisionFactory,
    MeetingFactory,
    at,
)
from tests.programme_factories import (
    KPIActualFactory,
    KPIFactory,
    KPITrajectoryPointFactory,
    MilestoneFactory,
    PIDFactory,
    ProgrammeFactory,
    RiskFactory,
    RiskScoreFactory,
    StatusUpdateFactory,
    WorkstreamFactory,
    appointed,
)
from tests.samples import sample_builder

Confidence = StatusUpdate.Confidence
Role = BoardMembership.Role


@sample_builder
def pack_records(partnership, kwargs):
    board = BoardFactory(partnership=partnership, name="Sample pack board", code="SPB")
    meeting = MeetingFactory(board=board, status=Meeting.Status.PACK_PUBLISHED)
    pack = BoardPack.objects.create(
        meeting=meeting, version=1, html="<html></html>", public_html="<html></html>",
        sections=[{"slug": "cover", "title": "Cover", "level": 1, "html": ""}],
        public_sections=[{"slug": "cover", "title": "Cover", "level": 1, "html": ""}],
        content_hash="0" * 64,
    )
    kwargs.setdefault("meeting", meeting.pk)
    kwargs.update(version=pack.version, section="cover")


# A board, its remit and its meetings, for the pack's tests ------------------------------------

@dataclass
class PackScenario:
    partnership: object
    board: object
    meeting: object  # the meeting the pack is for, held in public
    previous: object  # the meeting before, held, with minutes in both parts
    month: date  # the month the highlight reports report on
    discharge: object  # workstream: approved updates this month and last
    frailty: object  # workstream: this month's update only submitted
    crisis: object  # workstream in the remit by itself: no update at all
    estates: object  # workstream outside the remit
    chair: object
    member: object
    observer: object
    attendee: object
    director: object  # programme director of the programme in the remit
    items: dict = field(default_factory=dict)
    kpi: object = None
    risk: object = None


def months_before(month, n):
    index = month.year * 12 + month.month - 1 - n
    return date(index // 12, index % 12 + 1, 1)


def pack_scenario(partnership, meeting_day=None):
    """The Programme Board meeting in public in ten days, after a meeting held a month ago.

    Its remit: the Urgent and emergency care programme (Discharge to assess, Frailty) and
    Mental health's Crisis care workstream. Estates (Enablers) is outside it.
    """
    today = timezone.localdate()
    meeting_day = meeting_day or today + timedelta(days=10)
    month = months_before(meeting_day.replace(day=1), 1)
    uec = ProgrammeFactory(partnership=partnership, name="Urgent and emergency care")
    mental_health = ProgrammeFactory(partnership=partnership, name="Mental health")
    enablers = ProgrammeFactory(partnership=partnership, name="Enablers")
    discharge = WorkstreamFactory(programme=uec, name="Discharge to assess")
    frailty = WorkstreamFactory(programme=uec, name="Frailty")
    crisis = WorkstreamFactory(programme=mental_health, name="Crisis care")
    estates = WorkstreamFactory(programme=enablers, name="Estates")
    board = BoardFactory(partnership=partnership, name="Programme Board", code="PB",
                         quorum_minimum=2, quorum_constituencies=[])
    board.remit_programmes.add(uec)
    board.remit_workstreams.add(crisis)
    people = {}
    for role, name in ((Role.CHAIR, "Chris Chair"), (Role.MEMBER, "Mo Member"),
                       (Role.OBSERVER, "Olu Observer"), (Role.ATTENDEE, "Ada Attendee")):
        person = UserFactory(full_name=name)
        RoleAssignmentFactory(person=person, partnership=partnership,
                              role=RoleAssignment.Role.VIEWER)
        BoardMembershipFactory(board=board, person=person, role=role,
                               organisation=OrganisationFactory(), voting=role in (
                                   Role.CHAIR, Role.MEMBER))
        people[role] = person
    director = appointed(RoleAssignment.Role.PROGRAMME_DIRECTOR, uec, full_name="Dana Director")
    appointed(RoleAssignment.Role.SRO, discharge, full_name="Sam Okafor")

    sro = people[Role.CHAIR]
    StatusUpdateFactory(workstream=discharge, period=months_before(month, 1),
                        status=StatusUpdate.Status.APPROVED, approved_at=timezone.now(),
                        approved_by=sro, delivery_confidence=Confidence.AMBER,
                        summary="Last month's summary.")
    StatusUpdateFactory(workstream=discharge, period=month, status=StatusUpdate.Status.APPROVED,
                        approved_at=timezone.now(), approved_by=sro,
                        delivery_confidence=Confidence.AMBER_RED, milestones_rating=RAG.RED,
                        summary="The discharge hub opens late; beds are short.",
                        decisions_requested="Agree to extend the discharge pilot to March.")
    StatusUpdateFactory(workstream=frailty, period=months_before(month, 1),
                        status=StatusUpdate.Status.APPROVED, approved_at=timezone.now(),
                        delivery_confidence=Confidence.GREEN)
    StatusUpdateFactory(workstream=frailty, period=month, status=StatusUpdate.Status.SUBMITTED,
                        delivery_confidence=Confidence.GREEN, summary="Submitted, not approved.")
    StatusUpdateFactory(workstream=estates, period=month, status=StatusUpdate.Status.APPROVED,
                        approved_at=timezone.now(), summary="Estates: outside the remit.")

    MilestoneFactory(workstream=discharge, title="Discharge hub open",
                     baseline_date=today - timedelta(days=40),
                     forecast_date=today - timedelta(days=5))
    MilestoneFactory(workstream=discharge, title="Trusted assessor in post",
                     baseline_date=meeting_day + timedelta(days=20))
    MilestoneFactory(workstream=discharge, title="Business case agreed",
                     baseline_date=today - timedelta(days=30), status=Milestone.Status.COMPLETE,
                     forecast_date=today - timedelta(days=30),
                     completed_on=today - timedelta(days=3))
    kpi = add_kpi(discharge, "Discharges before noon", months=24)
    risk = RiskFactory(workstream=discharge, title="Care home capacity", likelihood=4,
                       consequence=4)
    RiskScoreFactory(risk=risk, scored_on=today - timedelta(days=30), likelihood=3,
                     consequence=4)
    RiskScoreFactory(risk=risk, scored_on=today)
    RiskFactory(workstream=frailty, title="Workforce gaps", likelihood=3, consequence=3,
                escalated=True)
    RiskFactory(workstream=frailty, title="Minor data quality", likelihood=2, consequence=2)
    RiskFactory(workstream=estates, title="Estates backlog", likelihood=5, consequence=5)

    previous = MeetingFactory(board=board, starts_at=at(meeting_day - timedelta(days=28)),
                              status=Meeting.Status.HELD)
    winter = AgendaItemFactory(meeting=previous, order=1, title="Winter plan",
                               minutes="The board discussed the winter plan.",
                               reference="PB/2026/01/1")
    DecisionFactory(item=winter, resolution="The Board approved the winter plan.")
    beds = AgendaItemFactory(meeting=previous, order=2, title="Award of the beds contract",
                             part=AgendaItem.Part.PRIVATE, reference="PB/2026/01/2",
                             minutes="The board compared the three confidential bids.")
    DecisionFactory(item=beds, resolution="The Board awarded the beds contract to Acme Beds.")
    for seat in board.memberships.all():
        AttendanceFactory(meeting=previous, membership=seat,
                          status=Attendance.Status.PRESENT)
    carried = ActionFactory(meeting=previous, item=winter, owner=people[Role.MEMBER],
                            description="Bring the revised winter trajectory.",
                            due_date=meeting_day + timedelta(days=7))
    ActionNote.objects.create(action=carried, text="Draft trajectory shared with finance.")
    ActionFactory(meeting=previous, item=beds, owner=people[Role.MEMBER],
                  description="Negotiate the price of the Acme beds.",
                  due_date=meeting_day + timedelta(days=7))
    ActionFactory(meeting=previous, item=winter, owner=people[Role.CHAIR],
                  description="Circulate the winter communications plan.",
                  status=Action.Status.DONE, closed_on=previous.local_start.date()
                  + timedelta(days=2), due_date=previous.local_start.date())

    meeting = MeetingFactory(board=board, starts_at=at(meeting_day), held_in_public=True)
    pid = PIDFactory(workstream=frailty, status="submitted")
    items = {
        "welcome": AgendaItemFactory(meeting=meeting, order=1, title="Welcome and apologies",
                                     purpose=AgendaItem.Purpose.INFORMATION),
        "discharge": AgendaItemFactory(
            meeting=meeting, order=2, title="Discharge to assess: progress report",
            purpose=AgendaItem.Purpose.ASSURANCE, author="Lee Lead", sponsor="Sam Okafor",
            summary="The hub opens in six weeks.", recommendations="Note the progress.",
        ),
        "pid": AgendaItemFactory(meeting=meeting, order=3, title="Frailty PID",
                                 purpose=AgendaItem.Purpose.APPROVAL, pid=pid,
                                 recommendations="Approve the Frailty PID."),
        "beds": AgendaItemFactory(
            meeting=meeting, order=4, title="Procurement of community beds",
            part=AgendaItem.Part.PRIVATE, purpose=AgendaItem.Purpose.DECISION,
            summary="Confidential commercial terms from three bidders.",
            recommendations="Award the beds contract to the preferred bidder.",
        ),
    }
    return PackScenario(
        partnership=partnership, board=board, meeting=meeting, previous=previous, month=month,
        discharge=discharge, frailty=frailty, crisis=crisis, estates=estates,
        chair=people[Role.CHAIR], member=people[Role.MEMBER],
        observer=people[Role.OBSERVER], attendee=people[Role.ATTENDEE], director=director,
        items=items, kpi=kpi, risk=risk,
    )


def add_kpi(workstream, name, months=24, start=None):
    """A monthly percentage KPI with a trajectory and `months` actuals to last month."""
    start = start or months_before(timezone.localdate().replace(day=1), months)
    kpi = KPIFactory(workstream=workstream, name=name, target_value=Decimal("35"))
    for n in range(months):
        period = months_before(start, -n)
        KPITrajectoryPointFactory(kpi=kpi, period=period, value=Decimal("30") + n % 3)
        KPIActualFactory(kpi=kpi, period=period, value=Decimal("28") + (n * 7) % 5)
    return kpi


def grow(scenario, n):
    """`n` more workstreams in the remit, each with updates, key milestones, a KPI with two
    years of actuals, and risks; and `n` more open actions."""
    today = timezone.localdate()
    for i in range(n):
        workstream = WorkstreamFactory(programme=scenario.discharge.programme)
        pid = PIDFactory(workstream=workstream, status="approved")
        for back in (0, 1):
            StatusUpdateFactory(workstream=workstream, period=months_before(scenario.month, back),
                                status=StatusUpdate.Status.APPROVED,
                                approved_at=timezone.now(), approved_by=UserFactory(),
                                pid=pid,
                                delivery_confidence=Confidence.AMBER)
        for j in range(3):
            MilestoneFactory(workstream=workstream, title=f"Milestone {i}.{j}",
                             baseline_date=today + timedelta(days=5 + 20 * j))
        add_kpi(workstream, f"KPI {i}", months=24)
        for j in range(3):
            risk = RiskFactory(workstream=workstream, title=f"Risk {i}.{j}", likelihood=4,
                               consequence=4 if j else 2)
            RiskScoreFactory(risk=risk, scored_on=today)
        ActionFactory(meeting=scenario.previous, owner=scenario.member,
                      description=f"Extra action {i}.")


def pdf_paper(text, pages=2):
    """A small PDF whose pages say `text` and their number: an uploaded paper."""
    writer = PdfWriter()
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
    }))
    for n in range(1, pages + 1):
        page = writer.add_blank_page(width=595, height=842)
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 18 Tf 72 700 Td ({text} page {n}) Tj ET".encode())
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject({
            NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})
        })
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def attach_paper(item, content, name):
    item.paper.save(name, ContentFile(content), save=False)
    item.paper_name = name
    item.save(update_fields=["paper", "paper_name"])
    return item
