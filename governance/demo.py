"""Demo data for governance: Staffordshire's Programme Board, a year of its meetings, packs.

The Board's seats follow the 2016 strategic framework (an independent chair, NHS England's
operational lead, the medical director, Healthwatch, and the chief officers of six CCGs, two
councils and five trusts). It meets on the fourth Thursday of the month (the third in
December) in public, and takes commercial business in private. Every past meeting has its
attendance, minutes, decisions and actions; each published its pack on its papers deadline.
Loading twice writes nothing: records are found by natural keys, and a meeting that has a pack
is not published again. The monthly assurance reports for NHS England are published for May to
October 2026 (August corrected once), and South East London's for October.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from governance.assurance import report_for
from governance.assurance_publishing import (
    publish_report,
    reopen_report,
    save_assessment,
    sign_off_report,
)
from governance.deadlines import default_deadline, update_deadlines
from governance.models import (
    Action,
    ActionNote,
    AgendaItem,
    Attendance,
    Board,
    BoardMembership,
    BoardPack,
    Decision,
    Declaration,
    Interest,
    Meeting,
)
from governance.publishing import publish_pack, queue_pdf
from programmes.demo import DEMO_TODAY, PMO_EMAIL, _clock
from programmes.models import PID, Programme, StatusUpdate, Workstream
from stp.datasets import demo_loader
from stp.demo import upsert
from stp.models import Organisation, RoleAssignment, User
from stp.workingdays import add_working_days, working_days_before

LONDON = ZoneInfo("Europe/London")
Kind = Organisation.Kind
Purpose = AgendaItem.Purpose
SeatRole = BoardMembership.Role
Confidence = StatusUpdate.Confidence
Role = RoleAssignment.Role
SEATS_SINCE = date(2024, 4, 1)
PLACE = "Board Room, Stafford Education and Enterprise Park, Weston Road, Stafford"

TERMS = (
    "The Programme Board leads Together We're Better, the Staffordshire and Stoke-on-Trent "
    "partnership. Its members are jointly responsible for moving the system to a clinically and "
    "financially sustainable model of care, while each keeps its own statutory duties.\n\n"
    "The Board approves each workstream's Project Initiation Document and any change to it, "
    "holds the Senior Responsible Officers to account each month for delivery against their "
    "milestones, KPIs and risks, and agrees what is escalated to NHS England. It is accountable "
    "to NHS England's regional leads through its independent chair.\n\n"
    "The Board meets monthly, in public, and takes commercially confidential business in private."
)

# (e-mail, seat, voting): the Board's seats. Organisation is each person's own.
SEATS = [
    ("chair@demo.twb.nhs.uk", SeatRole.CHAIR, True),
    ("claire.rowley@demo.twb.nhs.uk", SeatRole.VICE_CHAIR, True),
    ("martin.greaves@demo.twb.nhs.uk", SeatRole.MEMBER, True),
    ("nadeem.akhtar@demo.twb.nhs.uk", SeatRole.MEMBER, True),
    ("member@example.com", SeatRole.MEMBER, True),
    ("gillian.price@demo.twb.nhs.uk", SeatRole.MEMBER, True),
    ("robert.kemp@demo.twb.nhs.uk", SeatRole.MEMBER, True),
    ("susan.marsh@demo.twb.nhs.uk", SeatRole.MEMBER, True),
    ("ian.draper@demo.twb.nhs.uk", SeatRole.MEMBER, True),
    ("fiona.blake@demo.twb.nhs.uk", SeatRole.MEMBER, True),
    ("anthony.sharpe@demo.twb.nhs.uk", SeatRole.MEMBER, True),
    ("lorraine.hughes@demo.twb.nhs.uk", SeatRole.MEMBER, True),
    ("peter.naylor@demo.twb.nhs.uk", SeatRole.MEMBER, True),
    ("sro@example.com", SeatRole.MEMBER, True),
    ("medical.director@demo.twb.nhs.uk", SeatRole.MEMBER, True),
    ("nhse.lead@demo.twb.nhs.uk", SeatRole.MEMBER, False),
    ("healthwatch@demo.twb.nhs.uk", SeatRole.MEMBER, False),
    ("simon.whitehouse@demo.twb.nhs.uk", SeatRole.ATTENDEE, False),
    ("paul.brown@demo.twb.nhs.uk", SeatRole.ATTENDEE, False),
    ("pmo@example.com", SeatRole.ATTENDEE, False),
    ("viewer@example.com", SeatRole.OBSERVER, False),
]
CHAIR, PROGRAMME_DIRECTOR, FINANCE = (
    "chair@demo.twb.nhs.uk", "simon.whitehouse@demo.twb.nhs.uk", "paul.brown@demo.twb.nhs.uk"
)


@dataclass(frozen=True)
class Business:
    """A substantive item, its minute, what the Board resolved and the action it gave."""

    title: str
    purpose: str
    presenter: str
    summary: str
    minute: str
    resolution: str
    action: str = ""
    action_owner: str = ""
    private: bool = False
    declared_by: str = ""  # e-mail of a member who declares an interest and leaves the item


# One substantive item (or two) for each month's meeting, December 2025 to December 2026.
BUSINESS = {
    (2025, 12): [
        Business(
            "Winter plan 2025/26: system escalation", Purpose.ASSURANCE, "fiona.blake",
            "How the system will keep patients flowing through the winter: escalation levels, "
            "surge beds, discharge to assess capacity and the mutual aid agreement.",
            "Members asked how discharge to assess capacity would be kept over the Christmas "
            "week. Fiona Blake confirmed that the councils had agreed extra domiciliary care "
            "hours and that daily system calls would run through the bank holidays.",
            "The Board took reasonable assurance from the winter plan and asked for a review "
            "of how it worked at the March meeting.",
            "Report how the winter plan worked, with the lessons learned.", "fiona.blake",
        ),
    ],
    (2026, 1): [
        Business(
            "Financial plan 2026/27: first draft", Purpose.DISCUSSION, "paul.brown",
            "The first draft of the system's financial plan: the underlying deficit, the "
            "savings each organisation has identified and the gap that remains.",
            "The Board discussed the gap between savings identified and the control total. "
            "Members agreed that the productivity workstreams must show their savings in the "
            "monthly highlight reports from April.",
            "The Board noted the first draft and agreed that each organisation would confirm "
            "its savings plans by 13 February.",
            "Confirm each organisation's savings plan for 2026/27.", "paul.brown",
        ),
        Business(
            "Community hospitals: options for the estate", Purpose.DISCUSSION, "gillian.price",
            "Commercially confidential options for the future of three community hospital "
            "sites, including the terms offered by two prospective purchasers.",
            "Members discussed the two offers and the conditions the councils would need.",
            "The Board agreed that the Estates programme should develop option two in detail.",
            "Bring the detailed appraisal of option two.", "gillian.price", private=True,
            declared_by="ian.draper@demo.twb.nhs.uk",
        ),
    ],
    (2026, 2): [
        Business(
            "Operational plan 2026/27 submission", Purpose.APPROVAL, "simon.whitehouse",
            "The system's operational plan for 2026/27 before its submission to NHS England: "
            "activity, performance trajectories, workforce and finance.",
            "Members asked that the A&E trajectory be tested against the winter's actual "
            "performance before submission. The Programme Director agreed.",
            "The Board approved the operational plan for submission to NHS England, subject to "
            "the A&E trajectory being re-tested.",
            "Re-test the A&E four-hour trajectory against winter performance.", "fiona.blake",
        ),
    ],
    (2026, 3): [
        Business(
            "Winter 2025/26: what we learned", Purpose.ASSURANCE, "fiona.blake",
            "How the winter plan worked: occupancy, ambulance handovers, discharge delays and "
            "what the system will do differently next winter.",
            "The Board welcomed the fall in handover delays and asked that the discharge to "
            "assess model be kept through the summer.",
            "The Board noted the review and agreed to keep discharge to assess capacity at "
            "winter levels until September.",
        ),
    ],
    (2026, 4): [
        Business(
            "Primary Care Networks: enhanced access", Purpose.DECISION, "claire.rowley",
            "A proposal to fund evening and weekend appointments through Primary Care Networks "
            "from the system's transformation funding.",
            "Dr Paul Edmondson-Jones declared his interest as a partner in a member practice "
            "and left the meeting for this item. Members supported the proposal.",
            "The Board agreed to fund enhanced access through the Primary Care Networks for "
            "2026/27.",
            "Agree the enhanced access specification with the Primary Care Networks.",
            "claire.rowley", declared_by="medical.director@demo.twb.nhs.uk",
        ),
    ],
    (2026, 5): [
        Business(
            "Suicide Prevention: real-time surveillance", Purpose.ASSURANCE, "sro",
            "The first six months of the real-time suspected suicide surveillance system and "
            "the bereavement support it now triggers.",
            "Members thanked the workstream and asked how the coroner's data is shared.",
            "The Board took substantial assurance from the report.",
        ),
    ],
    (2026, 6): [
        Business(
            "Shared Care Record: go-live readiness", Purpose.ASSURANCE, "martin.greaves",
            "Readiness for the Shared Care Record to go live in the acute trusts: data sharing "
            "agreements, clinical safety case, training.",
            "Members asked that the councils' social care records follow within the year.",
            "The Board took reasonable assurance and asked for a plan to add social care "
            "records.",
            "Bring a plan to add social care records to the Shared Care Record.",
            "martin.greaves",
        ),
    ],
    (2026, 7): [
        Business(
            "Workforce: international recruitment", Purpose.DECISION, "peter.naylor",
            "A joint international nurse recruitment campaign across the five trusts, with a "
            "shared pastoral support offer.",
            "Members supported a joint campaign and asked for the retention figures at six "
            "months.",
            "The Board agreed the joint international recruitment campaign.",
            "Report retention of internationally recruited nurses at six months.", "peter.naylor",
        ),
        Business(
            "Pathology network: contract award", Purpose.APPROVAL, "anthony.sharpe",
            "The recommended bidder for the managed equipment service of the pathology "
            "network, and the contract's terms.",
            "Members reviewed the evaluation and the financial terms.",
            "The Board approved the award of the managed equipment service contract to the "
            "recommended bidder.",
            private=True, declared_by="fiona.blake@demo.twb.nhs.uk",
        ),
    ],
    (2026, 8): [
        Business(
            "Falls prevention: mid-year review", Purpose.ASSURANCE, "susan.marsh",
            "Progress on the aim of reducing falls admissions by 10%: strength and balance "
            "classes, the falls response service and care home training.",
            "The Board noted that admissions were below the trajectory for three months.",
            "The Board took reasonable assurance from the review.",
        ),
    ],
    (2026, 9): [
        Business(
            "Winter plan 2026/27", Purpose.APPROVAL, "fiona.blake",
            "The system's winter plan, built on the lessons of last winter: escalation, "
            "discharge to assess, the respiratory hubs and vaccination.",
            "Members asked for the vaccination uptake trajectory to be shown each month.",
            "The Board approved the winter plan 2026/27.",
            "Add flu and COVID-19 vaccination uptake to the monthly dashboard.",
            "simon.whitehouse",
        ),
    ],
    (2026, 10): [
        Business(
            "Mental health: community transformation", Purpose.DISCUSSION, "peter.naylor",
            "Where the new integrated community mental health teams have gone live, waiting "
            "times for a first contact, and the gaps in the south of the county.",
            "Members discussed recruitment to the new teams in the south of the county.",
            "The Board noted the progress and asked for a recovery plan for the southern teams.",
            "Bring a recovery plan for the southern community mental health teams.",
            "peter.naylor",
        ),
    ],
    (2026, 11): [
        Business(
            "Financial position: month 7", Purpose.ASSURANCE, "paul.brown",
            "The system's financial position at month 7 and the forecast outturn, with the "
            "savings delivered by each workstream against plan.",
            "", "",
        ),
    ],
    (2026, 12): [
        Business(
            "Operational planning 2027/28: timetable", Purpose.INFORMATION, "simon.whitehouse",
            "NHS England's planning timetable for 2027/28 and what each organisation must "
            "provide by when.", "", "",
        ),
    ],
}

# (e-mail, category, interest, organisation, declared on, management, published, withheld reason)
INTERESTS = [
    ("chair@demo.twb.nhs.uk", Interest.Category.PROFESSIONAL,
     "Trustee of a hospice charity in the county.", "Katharine House Hospice",
     date(2026, 4, 2), "Declares the interest on any item about end of life care funding.",
     True, ""),
    ("medical.director@demo.twb.nhs.uk", Interest.Category.FINANCIAL,
     "Partner in a GP practice that is a member of a Primary Care Network.",
     "Trent Vale Medical Practice", date(2026, 4, 2),
     "Leaves the meeting for decisions on Primary Care Network funding.", True, ""),
    ("martin.greaves@demo.twb.nhs.uk", Interest.Category.INDIRECT,
     "Spouse is a consultant at University Hospitals of North Midlands.",
     "University Hospitals of North Midlands NHS Trust", date(2026, 4, 7),
     "No part in decisions on that trust's contracts.", True, ""),
    ("fiona.blake@demo.twb.nhs.uk", Interest.Category.PROFESSIONAL,
     "Chief Executive of a trust that bid to host the pathology network.",
     "University Hospitals of North Midlands NHS Trust", date(2026, 4, 2),
     "Excluded from the pathology procurement decisions.", True, ""),
    ("ian.draper@demo.twb.nhs.uk", Interest.Category.PERSONAL,
     "A close family member is a tenant of a property near a community hospital site.", "",
     date(2026, 5, 11), "Leaves the meeting for items on the community hospital estate.",
     False, "Withheld to protect the privacy of a family member (personal data)."),
    ("healthwatch@demo.twb.nhs.uk", None, "", "", date(2026, 4, 9), "", True, ""),
    ("member@example.com", None, "", "", date(2026, 4, 14), "", True, ""),
    ("claire.rowley@demo.twb.nhs.uk", None, "", "", date(2026, 4, 3), "", True, ""),
]


@demo_loader
def load(context):
    """Add Staffordshire's Programme Board, its meetings, minutes, actions and packs."""
    partnership = context["partnerships"]["staffordshire"]
    people = {p.email: p for p in User.objects.filter(
        email__in=[email for email, _, _ in SEATS] + [PMO_EMAIL]
        + [e for e, *_ in INTERESTS if "@" in e]
    )}
    people.update({p.email.split("@")[0]: p for p in User.objects.filter(
        email__endswith="@demo.twb.nhs.uk")})
    people["sro"] = people["sro@example.com"]
    board = _board(partnership)
    seats = _seats(board, people)
    _interests(partnership, people)
    meetings = [_meeting(board, day) for day in meeting_days()]
    for meeting in meetings:
        _business(meeting, people)
    pmo = people[PMO_EMAIL]
    published = []
    for previous, meeting in zip([None, *meetings], meetings, strict=False):
        due = meeting.papers_due
        if due > DEMO_TODAY:
            break
        pack = _publish(meeting, pmo, due)
        if pack is not None:
            published.append(pack.pk)
        if meeting.local_start.date() >= DEMO_TODAY:
            break
        _hold(meeting, previous, seats, people)
    # Printed once the load commits: by the worker, or here without Redis (a minute or so).
    for pk in reversed(published):
        transaction.on_commit(lambda pk=pk: queue_pdf(pk))
    context["boards"] = {board.name: board}


def meeting_days():
    """The fourth Thursday of each month (third in December), December 2025 to December 2026."""
    days = []
    for year, month in [(2025, 12)] + [(2026, m) for m in range(1, 13)]:
        first = date(year, month, 1)
        first_thursday = first + timedelta(days=(3 - first.weekday()) % 7)
        days.append(first_thursday + timedelta(weeks=2 if month == 12 else 3))
    return days


def _board(partnership):
    board, _ = upsert(
        Board, partnership=partnership, code="PB",
        defaults={
            "name": "Programme Board", "kind": Board.Kind.PROGRAMME_BOARD,
            "terms_of_reference": TERMS, "frequency": Board.Frequency.MONTHLY,
            "quorum_minimum": 7,
            "quorum_constituencies": [Kind.COMMISSIONER, Kind.LOCAL_AUTHORITY, Kind.TRUST],
            "quorum_needs_chair": True, "deputies_count": True, "papers_due_working_days": 5,
        },
    )
    programmes = Programme.objects.filter(partnership=partnership)
    if not board.remit_programmes.exists():
        board.remit_programmes.set(programmes)
    return board


def _seats(board, people):
    seats = []
    for email, role, voting in SEATS:
        person = people[email]
        seat, _ = upsert(
            BoardMembership, board=board, person=person,
            defaults={"organisation": person.organisation, "role": role, "voting": voting,
                      "start_date": SEATS_SINCE},
        )
        seats.append(seat)
    return seats


def _interests(partnership, people):
    for key, category, text, organisation, declared, management, published, reason in INTERESTS:
        person = people[key]
        upsert(
            Interest, partnership=partnership, person=person, declared_on=declared,
            defaults={
                "category": category or Interest.Category.PERSONAL, "nil_return": not category,
                "description": text or "No interests to declare.", "organisation": organisation,
                "start_date": None if not category else date(2020, 1, 1),
                "management": management, "published": published, "withheld_reason": reason,
            },
        )


def _meeting(board, day):
    starts_at = datetime.combine(day, time(14), tzinfo=LONDON)
    meeting, _ = upsert(
        Meeting, board=board, starts_at=starts_at,
        defaults={"location": PLACE, "held_in_public": True},
    )
    return meeting


def _business(meeting, people):
    """The agenda: the standard opening items, the month's business, any other business."""
    start = meeting.local_start.date()
    business = BUSINESS.get((start.year, start.month), [])
    public = [b for b in business if not b.private]
    private = [b for b in business if b.private]
    director, chair = people[PROGRAMME_DIRECTOR], people[CHAIR]
    items = [
        ("Welcome, introductions and apologies", Purpose.INFORMATION, chair, 5, {}),
        ("Declarations of interest", Purpose.INFORMATION, chair, 5, {}),
        ("Minutes of the last meeting and action log", Purpose.APPROVAL, chair, 10, {}),
        ("Programme highlight reports and dashboard", Purpose.ASSURANCE, director, 30, {
            "author": "Priya Mistry, PMO Manager", "sponsor": "Simon Whitehouse, STP Director",
            "assurance_level": AgendaItem.Assurance.REASONABLE,
            "summary": "The month's delivery confidence, milestones, KPIs and escalated risks "
                       "of every workstream, compiled from the approved highlight reports.",
            "recommendations": "Note the delivery confidence of each workstream.\n"
                               "Agree the decisions the workstreams ask of the Board.",
        }),
    ]
    for b in public:
        items.append(_business_item(b, people))
    pid = _pid_awaiting_approval(meeting)
    if pid is not None:
        items.append((
            f"{pid.workstream.name}: PID version {pid.version} for approval", Purpose.APPROVAL,
            people.get("sro"), 15,
            {"pid": pid,
             "summary": f"Version {pid.version} changes the approved PID of "
                        f"{pid.workstream.name}; the PID shows what changes and why.",
             "recommendations": f"Approve version {pid.version} of the PID."},
        ))
    items.append(("Any other business", Purpose.INFORMATION, chair, 5, {}))
    for order, (title, purpose, presenter, allotted, extra) in enumerate(items, start=1):
        upsert(AgendaItem, meeting=meeting, title=title, defaults={
            "order": order, "purpose": purpose, "presenter": presenter,
            "minutes_allotted": allotted, "part": AgendaItem.Part.PUBLIC, **extra,
        })
    for order, b in enumerate(private, start=1):
        title, purpose, presenter, allotted, extra = _business_item(b, people)
        upsert(AgendaItem, meeting=meeting, title=title, defaults={
            "order": order, "purpose": purpose, "presenter": presenter,
            "minutes_allotted": allotted, "part": AgendaItem.Part.PRIVATE, **extra,
        })


def _business_item(b, people):
    presenter = people.get(b.presenter)
    return (b.title, b.purpose, presenter, 20, {
        "author": presenter.full_name if presenter else "",
        "sponsor": f"{presenter.full_name}, {presenter.job_title}" if presenter else "",
        "summary": b.summary,
        "assurance_level": AgendaItem.Assurance.REASONABLE
        if b.purpose == Purpose.ASSURANCE else "",
        "recommendations": b.resolution.replace("The Board ", "The Board is asked to note ")
        if b.resolution else "",
        "equality_impact": "No negative impact identified.",
        "previously_considered_by": "System Leadership Group",
    })


def _pid_awaiting_approval(meeting):
    """The meeting after today's date takes the PID change awaiting approval, if any."""
    if meeting.local_start.date() < DEMO_TODAY:
        return None
    return (
        PID.objects.filter(workstream__partnership=meeting.board.partnership,
                           status=PID.Status.SUBMITTED)
        .select_related("workstream").order_by("pk").first()
    )


def _publish(meeting, pmo, due):
    """Publish the meeting's pack as on its papers deadline; returns it (None if done before)."""
    if BoardPack.objects.filter(meeting=meeting).exists():
        return None
    with _clock(due, hour=10):
        return publish_pack(meeting, by=pmo, queue=False)


def _hold(meeting, previous, seats, people):
    """Attendance, minutes, decisions, actions; the previous meeting's minutes approved."""
    start = meeting.local_start.date()
    if meeting.status in (Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED):
        return
    with _clock(start, hour=17):
        _attendance(meeting, seats, start)
        items = {item.title: item for item in meeting.items.all()}
        business = BUSINESS.get((start.year, start.month), [])
        by_title = {b.title: b for b in business}
        prefix = meeting.reference_prefix()
        decisions = actions = 0
        for item in sorted(items.values(), key=lambda i: (i.part, i.order)):
            minute, resolution, action, owner, declared_by = _minute_for(
                item, by_title.get(item.title), previous
            )
            item.minutes = minute
            item.save(update_fields=["minutes"])
            if declared_by:
                person = people[declared_by]
                interest = Interest.objects.filter(person=person, nil_return=False).first()
                upsert(Declaration, item=item, person=person, defaults={
                    "interest": interest, "excluded": True,
                    "description": interest.description if interest else "Declared an interest.",
                })
            if resolution:
                decisions += 1
                upsert(Decision, item=item, resolution=resolution, defaults={
                    "meeting": meeting, "reference": f"{prefix}/D{decisions}",
                })
            if action:
                actions += 1
                upsert(Action, meeting=meeting, description=action, defaults={
                    "board": meeting.board, "item": item, "reference": f"{prefix}/A{actions}",
                    "owner": people[owner], "due_date": _next_meeting_day(start),
                })
        meeting.status = Meeting.Status.HELD
        meeting.save(update_fields=["status"])
    if previous is not None:
        _close_actions(previous, start, people)
        previous.status = Meeting.Status.MINUTES_APPROVED
        previous.minutes_approved_at_meeting = meeting
        previous.save(update_fields=["status", "minutes_approved_at_meeting"])


def _attendance(meeting, seats, start):
    """Everyone present but two who sent apologies (one sent a deputy), varying by month."""
    voting = [s for s in seats if s.voting and s.role != SeatRole.CHAIR]
    away = {voting[start.month % len(voting)].pk, voting[(start.month * 5) % len(voting)].pk}
    deputy_for = voting[(start.month * 5) % len(voting)].pk
    for seat in seats:
        if seat.role == SeatRole.OBSERVER:
            continue
        status, deputy = Attendance.Status.PRESENT, ""
        if seat.pk in away:
            status = Attendance.Status.APOLOGIES
            if seat.pk == deputy_for:
                status = Attendance.Status.DEPUTY
                deputy = f"Deputy for {seat.person.full_name}"
        upsert(Attendance, meeting=meeting, membership=seat,
               defaults={"status": status, "deputy_name": deputy})


def _minute_for(item, business, previous):
    """(minute, resolution, action, action owner, declared by) for an item."""
    title = item.title
    if business is not None:
        return (business.minute, business.resolution, business.action, business.action_owner,
                business.declared_by)
    if title.startswith("Welcome"):
        return ("The Chair welcomed members and noted the apologies received.", "", "", "", "")
    if title.startswith("Declarations"):
        return ("Declarations made against items are recorded at those items.", "", "", "", "")
    if title.startswith("Minutes"):
        if previous is None:
            return ("The action log was reviewed.", "", "", "", "")
        return (
            "The minutes were agreed as an accurate record. Open actions were reviewed and "
            "completed actions closed.",
            f"The Board approved the minutes of the meeting held on {previous.date_label}.",
            "", "", "",
        )
    if title.startswith("Programme highlight"):
        return (
            "The Programme Director presented the highlight reports. Members discussed the "
            "workstreams whose delivery confidence had fallen and the risks escalated.",
            "The Board noted the highlight reports and the delivery confidence of each "
            "workstream.",
            "", "", "",
        )
    if title.startswith("Any other"):
        return ("There was no other business.", "", "", "", "")
    return ("", "", "", "", "")


def _next_meeting_day(day):
    later = [d for d in meeting_days() if d > day]
    return later[0] if later else day + timedelta(days=28)


def _close_actions(meeting, on, people):
    """At the next meeting, the actions of two meetings before are done (one is dropped)."""
    for action in Action.objects.filter(meeting=meeting, status=Action.Status.OPEN):
        if on >= DEMO_TODAY - timedelta(days=60):
            continue  # the most recent actions stay open, some of them overdue
        dropped = "trajectory" in action.description
        action.status = Action.Status.DROPPED if dropped else Action.Status.DONE
        action.closed_on = on
        action.save(update_fields=["status", "closed_on"])
        note = ("Superseded by the revised operational plan." if dropped
                else "Completed and reported to the Board.")
        if not action.notes.exists():
            ActionNote.objects.create(action=action, text=note, written_by=action.owner,
                                      written_at=datetime.combine(on, time(16), tzinfo=LONDON))


# Assurance reports for NHS England ---------------------------------------------------------

# The programme director's assessment of each month, May to October 2026, as signed off:
# (month, overall rating, narrative, support asked of NHS England). Segment 2 throughout.
ASSURANCE_MONTHS = [
    (date(2026, 5, 1), Confidence.AMBER_GREEN,
     "May was a month of steady progress for Together We're Better. The Programme Board took "
     "substantial assurance from the first six months of real-time suspected suicide "
     "surveillance and the bereavement support it now triggers. Urgent and emergency care "
     "remains the system's main pressure: A&E four-hour performance is below the trajectory "
     "in the operational plan, and the A&E Performance and Patient Flow workstream is working "
     "to a recovery plan agreed with the acute trusts.",
     "Continued support from the regional urgent and emergency care team for the A&E "
     "recovery plan."),
    (date(2026, 6, 1), Confidence.AMBER_GREEN,
     "The Shared Care Record is ready to go live in the acute trusts: data sharing agreements "
     "are signed and the clinical safety case is approved. The Board asked for a plan to add "
     "the councils' social care records within the year. Discharge to assess capacity has been "
     "kept at winter levels, as the Board agreed in March, and ambulance handover delays remain "
     "lower than a year ago.",
     "Advice from the regional digital team on bringing social care records into the Shared "
     "Care Record."),
    (date(2026, 7, 1), Confidence.AMBER,
     "The Board agreed a joint international nurse recruitment campaign across the five "
     "trusts, with a shared pastoral support offer. Delivery confidence fell for workstreams "
     "whose milestones slipped over the summer; each has a recovery plan agreed with its "
     "Senior Responsible Officer. Workforce remains the greatest risk to the winter plan.",
     "Help from NHS England's international recruitment programme to run one campaign across "
     "the five trusts."),
    (date(2026, 8, 1), Confidence.AMBER,
     "Falls admissions have been below the trajectory for four months and the Board took "
     "reasonable assurance from the Falls workstream's mid-year review. Urgent care remains "
     "under pressure and the winter plan for 2026/27 is being written with the lessons of last "
     "winter: escalation, discharge to assess, the respiratory hubs and vaccination.",
     "Early confirmation of the winter discharge funding allocation."),
    (date(2026, 9, 1), Confidence.AMBER,
     "The Board approved the winter plan 2026/27 and asked for flu and COVID-19 vaccination "
     "uptake to be shown on the monthly dashboard. Most workstreams remain on track; those "
     "rated amber have recovery plans. Escalations to NHS England are set out in the "
     "workstream sections of this report.",
     "Confirmation of the winter discharge funding allocation before the October Board."),
    (date(2026, 10, 1), Confidence.AMBER,
     "The Board reviewed community mental health transformation and asked for a recovery plan "
     "for the teams in the south of the county, where recruitment is behind plan. Several "
     "October highlight reports were not approved by their deadline and are shown as not "
     "rated; the PMO is chasing them for the November Board. Winter pressures are being "
     "managed through the system's daily calls.",
     "Support from the regional mental health team with recruitment to the southern community "
     "teams."),
]
ASSURANCE_SEGMENT = 2
# August was corrected once the Falls workstream validated its figures: (narrative, reason).
ASSURANCE_CORRECTION = (
    date(2026, 8, 1),
    ASSURANCE_MONTHS[3][2].replace("for four months", "for three months"),
    "The narrative said falls admissions had been below the trajectory for four months: the "
    "Falls workstream's validated figures show three.",
)
# South East London has no programmes in the demo: its report says so, for London's lead.
LONDON_PEOPLE = [  # (e-mail, name, job title, role)
    ("stp.director@demo.ohsel.nhs.uk", "Marcia Okafor", "STP Programme Director",
     Role.PROGRAMME_DIRECTOR),
    ("pmo@demo.ohsel.nhs.uk", "Daniel Hughes", "STP PMO Manager", Role.PMO),
]
LONDON_REPORT = (
    date(2026, 10, 1), Confidence.AMBER_GREEN,
    "Our Healthier South East London met the regulators in October for a deep dive on urgent "
    "and emergency care and the development of the partnership. We were able to give "
    "assurance on the programme of work underway, although there are challenges in a number "
    "of areas. The programmes' monthly highlight reports move onto this system from December.",
    "A consolidated financial forecast for south east London, agreed with the regional "
    "finance team.",
)


@demo_loader
def load_assurance(context):
    """Publish Staffordshire's reports for May to October 2026 (August corrected once) and
    South East London's for October. A month already published is left alone."""
    staffordshire = context["partnerships"]["staffordshire"]
    director = User.objects.get(email=PROGRAMME_DIRECTOR)
    pmo = User.objects.get(email=PMO_EMAIL)
    workstreams = list(Workstream.objects.filter(partnership=staffordshire,
                                                 status=Workstream.Status.ACTIVE))
    for month, rating, narrative, support in ASSURANCE_MONTHS:
        report = report_for(staffordshire, month)
        if report.versions.exists():
            continue
        published_on = _assurance_day(workstreams, month)
        _publish_assurance(report, director, pmo, published_on, rating, narrative, support)
        if month == ASSURANCE_CORRECTION[0]:
            _correct_assurance(report, director, pmo, published_on, rating, support)
    london = context["partnerships"]["south-east-london"]
    month, rating, narrative, support = LONDON_REPORT
    report = report_for(london, month)
    if not report.versions.exists():
        people = {role: _london_person(london, *person, role) for *person, role in LONDON_PEOPLE}
        _publish_assurance(report, people[Role.PROGRAMME_DIRECTOR], people[Role.PMO],
                           _assurance_day([], month), rating, narrative, support)


def _assurance_day(workstreams, month):
    """Three working days after the month's updates were due, and before the demo's today."""
    due = max(update_deadlines(workstreams, month).values(), default=default_deadline(month))
    return min(add_working_days(due, 3), working_days_before(DEMO_TODAY, 1))


def _publish_assurance(report, director, pmo, day, rating, narrative, support):
    """Assessed and signed off by the programme director the working day before; published."""
    eve = working_days_before(day, 1)
    with _clock(eve, hour=11):
        save_assessment(report, director, overall_rating=rating, narrative=narrative,
                        oversight_segment=ASSURANCE_SEGMENT, support=support)
    with _clock(eve, hour=16):
        sign_off_report(report, director)
    with _clock(day, hour=10):
        return publish_report(report, pmo, today=day, notify=False)


def _correct_assurance(report, director, pmo, first_published, rating, support):
    _month, narrative, reason = ASSURANCE_CORRECTION
    day = min(add_working_days(first_published, 6), working_days_before(DEMO_TODAY, 1))
    with _clock(working_days_before(day, 2), hour=9):
        reopen_report(report, pmo)
    with _clock(day, hour=9):
        save_assessment(report, director, overall_rating=rating, narrative=narrative,
                        oversight_segment=ASSURANCE_SEGMENT, support=support)
        sign_off_report(report, director)
    with _clock(day, hour=15):
        publish_report(report, pmo, reason=reason, today=day, notify=False)


def _london_person(partnership, email, name, title, role):
    person, created = upsert(User, email=email, defaults={
        "full_name": name, "job_title": title, "is_active": True,
    })
    if created:
        person.set_unusable_password()
        person.save(update_fields=["password"])
    if not RoleAssignment.objects.filter(person=person, role=role,
                                         partnership=partnership).exists():
        RoleAssignment.objects.create(person=person, role=role, partnership=partnership,
                                      start_date=SEATS_SINCE)
    return person
