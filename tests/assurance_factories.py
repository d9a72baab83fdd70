"""Assurance report records for tests: the report, and a partnership's October 2026 in full.

`assurance_world(partnership)` builds a month with something in every section of the report:
ratings this month and last, milestones completed, due, slipped (with the history of the move)
and overdue, KPIs, risks raised, closed and re-scored, a board meeting with part 1 and part 2
business, and updates submitted on time, late and not at all. `grow(world, n)` adds `n` more
of everything, for query budgets.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory
from factory.django import DjangoModelFactory

from governance.models import AgendaItem, AssuranceReport
from programmes.models import KPI, Milestone, Risk, StatusUpdate, Workstream
from stp.models import RoleAssignment
from tests.factories import RegionFactory, RoleAssignmentFactory, UserFactory, person_with_role
from tests.governance_factories import (
    ActionFactory,
    AgendaItemFactory,
    BoardFactory,
    DecisionFactory,
    MeetingFactory,
    at,
)
from tests.programme_factories import (
    KPIActualFactory,
    KPIFactory,
    KPITrajectoryPointFactory,
    MilestoneFactory,
    ProgrammeFactory,
    RiskFactory,
    RiskScoreFactory,
    StatusUpdateFactory,
    WorkstreamFactory,
    appointed,
)

LONDON = ZoneInfo("Europe/London")
Role = RoleAssignment.Role
Confidence = StatusUpdate.Confidence
MONTH = date(2026, 10, 1)  # the month reported on
SEPTEMBER = date(2026, 9, 1)
TODAY = date(2026, 11, 23)  # when the report is compiled
UPDATE_DUE = date(2026, 11, 13)  # 10 working days after 31 October: no board meeting calls


class AssuranceReportFactory(DjangoModelFactory):
    class Meta:
        model = AssuranceReport

    partnership = factory.SubFactory("tests.factories.PartnershipFactory")
    month = MONTH


def moment(day, hour=10):
    return datetime.combine(day, time(hour), tzinfo=LONDON)


def fake_files(data):
    """Stands in for governance.assurance_files.render_files: small files naming the version."""
    label = f"{data['partnership']['slug']} {data['month']} v{data['version']}".encode()
    return {"pdf": b"%PDF-1.7 " + label, "xlsx": b"PK xlsx " + label, "csv": b"PK csv " + label}


def assurance_lead(region, **user_fields):
    """An NHS England assurance lead for every partnership of a region."""
    person = UserFactory(**user_fields)
    RoleAssignmentFactory(person=person, partnership=None, region=region,
                          role=Role.ASSURANCE_LEAD)
    return person


@dataclass
class AssuranceWorld:
    partnership: object
    report: AssuranceReport
    people: dict
    discharge: Workstream  # approved amber (green last month), submitted on time
    frailty: Workstream  # approved green (amber/green last month), submitted late
    crisis: Workstream  # no update this month (amber last month)
    suicide: Workstream  # this month's update still a draft, none last month
    board: object
    meeting: object  # the board's October meeting
    extra: list = field(default_factory=list)


def assurance_world(partnership):
    people = {
        "pmo": person_with_role(partnership, Role.PMO, full_name="Pat Morgan"),
        "director": person_with_role(partnership, Role.PROGRAMME_DIRECTOR,
                                     full_name="Simon Whitehouse"),
        "member": person_with_role(partnership, Role.BOARD_MEMBER, full_name="Helen Carter"),
        "viewer": person_with_role(partnership, Role.VIEWER, full_name="Vic Owen"),
        "lead": assurance_lead(partnership.region, full_name="David Ashworth"),
        "other_lead": assurance_lead(RegionFactory(name="North West"),
                                     full_name="Grace Adeyemi"),
    }
    uec = ProgrammeFactory(partnership=partnership, name="Urgent and emergency care")
    people["uec_sro"] = appointed(Role.SRO, uec, full_name="Sam Reid")
    mental_health = ProgrammeFactory(partnership=partnership, name="Mental health")
    discharge = WorkstreamFactory(programme=uec, name="Discharge to assess")
    frailty = WorkstreamFactory(programme=uec, name="Frailty")
    crisis = WorkstreamFactory(programme=mental_health, name="Crisis care")
    suicide = WorkstreamFactory(programme=mental_health, name="Suicide prevention")
    WorkstreamFactory(programme=mental_health, name="Closed pilot",
                      status=Workstream.Status.CLOSED)
    _updates(discharge, frailty, crisis, suicide)
    _milestones(discharge, frailty, people["pmo"])
    _kpis(discharge)
    _risks(discharge, uec, people["pmo"])
    board, meeting = _board(partnership, people["pmo"])
    report = AssuranceReportFactory(
        partnership=partnership, overall_rating=Confidence.AMBER_GREEN,
        narrative="The system held its position in October; discharge remains the pressure.",
        oversight_segment=2, support="Help with the winter discharge funding bid.",
    )
    return AssuranceWorld(partnership, report, people, discharge, frailty, crisis, suicide,
                          board, meeting)


def approved(workstream, period, rating, submitted_on, **fields):
    return StatusUpdateFactory(
        workstream=workstream, period=period, delivery_confidence=rating,
        status=StatusUpdate.Status.APPROVED, submitted_at=moment(submitted_on),
        approved_at=moment(submitted_on, 16), **fields,
    )


def _updates(discharge, frailty, crisis, suicide):
    approved(discharge, MONTH, Confidence.AMBER, date(2026, 11, 5),
             summary="Discharge hub open; surge beds delayed.",
             escalations="Winter discharge funding: NHS England's decision needed by December.")
    approved(discharge, SEPTEMBER, Confidence.GREEN, date(2026, 10, 6))
    approved(frailty, MONTH, Confidence.GREEN, date(2026, 11, 18),
             summary="Frailty pathway on track.")
    approved(frailty, SEPTEMBER, Confidence.AMBER_GREEN, date(2026, 10, 6))
    approved(crisis, SEPTEMBER, Confidence.AMBER, date(2026, 10, 6))
    StatusUpdateFactory(workstream=suicide, period=MONTH, status=StatusUpdate.Status.DRAFT,
                        delivery_confidence=Confidence.RED, summary="Draft: not for NHSE.")


def milestone_with_history(workstream, title, baseline, by, created, moves=(), **fields):
    """A milestone first saved on `created`, its forecast then moved: (day, forecast, notes)."""
    milestone = MilestoneFactory.build(
        workstream=workstream, title=title, baseline_date=baseline, forecast_date=baseline,
        **fields,
    )
    milestone._history_date = moment(created)
    milestone._history_user = by
    milestone.save()
    for day, forecast, notes in moves:
        milestone.forecast_date, milestone.notes = forecast, notes
        milestone._history_date = moment(day)
        milestone.save()
    return milestone


def _milestones(discharge, frailty, by):
    MilestoneFactory(workstream=discharge, title="Discharge hub opens",
                     baseline_date=date(2026, 10, 10), forecast_date=date(2026, 10, 14),
                     status=Milestone.Status.COMPLETE, completed_on=date(2026, 10, 14))
    MilestoneFactory(workstream=discharge, title="Trusted assessor in post",
                     baseline_date=date(2026, 11, 20))
    MilestoneFactory(workstream=discharge, title="Care home pilot evaluated",
                     baseline_date=date(2026, 9, 30), status=Milestone.Status.LATE)
    milestone_with_history(
        discharge, "Winter surge beds open", date(2026, 10, 15), by, created=date(2026, 6, 1),
        moves=[(date(2026, 10, 20), date(2026, 12, 1),
                "Estates works delayed by the asbestos survey.")],
        status=Milestone.Status.LATE,
    )
    milestone_with_history(
        frailty, "Frailty pathway live", date(2026, 12, 15), by, created=date(2026, 6, 1),
        moves=[(date(2026, 9, 10), date(2027, 1, 10), "Moved in September.")],
        status=Milestone.Status.AT_RISK,
    )


def _kpis(discharge):
    delays = KPIFactory(workstream=discharge, name="Delayed discharges", unit=KPI.Unit.NUMBER,
                        improvement=KPI.Improvement.DECREASE, target_value=Decimal("50"))
    values = [40, 41, 39, 60, 61, 62, 63, 64, 65, 66]  # January to October: rising, a concern
    for n, value in enumerate(values):
        KPIActualFactory(kpi=delays, period=date(2026, n + 1, 1), value=Decimal(value))
    KPIActualFactory(kpi=delays, period=date(2026, 11, 1), value=Decimal("99"))  # after October
    KPITrajectoryPointFactory(kpi=delays, period=MONTH, value=Decimal("60"))
    KPIFactory(workstream=discharge, name="Readmissions within 30 days")  # no actuals yet


def _risks(discharge, uec, by):
    capacity = RiskFactory(workstream=discharge, title="Care home capacity", likelihood=4,
                           consequence=4, owner=by)
    RiskScoreFactory(risk=capacity, likelihood=3, consequence=4, scored_on=date(2026, 3, 3))
    RiskScoreFactory(risk=capacity, likelihood=4, consequence=4, scored_on=date(2026, 10, 12))
    workforce = RiskFactory(workstream=discharge, title="Winter workforce", likelihood=3,
                            consequence=3)
    RiskScoreFactory(risk=workforce, scored_on=date(2026, 10, 5))
    old_it = RiskFactory(workstream=discharge, title="Old IT system", likelihood=2,
                         consequence=3, status=Risk.Status.CLOSED, closed_on=date(2026, 10, 20))
    RiskScoreFactory(risk=old_it, scored_on=date(2026, 2, 2))
    steady = RiskFactory(workstream=discharge, title="Steady risk", likelihood=3, consequence=3)
    RiskScoreFactory(risk=steady, scored_on=date(2026, 3, 3))
    funding = RiskFactory(workstream=None, programme=uec, title="System funding gap",
                          likelihood=4, consequence=5)
    RiskScoreFactory(risk=funding, scored_on=date(2026, 4, 1))


def _board(partnership, pmo):
    board = BoardFactory(partnership=partnership, name="Programme Board", code="PB")
    september = MeetingFactory(board=board, starts_at=at(date(2026, 9, 24)))
    ActionFactory(meeting=september, description="Report the discharge figures.",
                  due_date=date(2026, 10, 15), owner=pmo, reference="PB/2026/09/A1")
    ActionFactory(meeting=september, description="Circulate the terms of reference.",
                  due_date=date(2026, 10, 1), owner=pmo, status="done",
                  closed_on=date(2026, 9, 30), reference="PB/2026/09/A2")
    meeting = MeetingFactory(board=board, starts_at=at(date(2026, 10, 22)))
    public = AgendaItemFactory(meeting=meeting, title="Winter plan", order=3)
    private = AgendaItemFactory(meeting=meeting, title="Estates disposal", order=9,
                                part=AgendaItem.Part.PRIVATE)
    DecisionFactory(item=public, reference="PB/2026/10/D1",
                    resolution="The Board approved the winter plan.")
    DecisionFactory(item=private, reference="PB/2026/10/D2",
                    resolution="The Board agreed to sell the Haywood site.")
    ActionFactory(meeting=meeting, item=public, description="Bring the winter staffing plan.",
                  due_date=date(2026, 11, 26), owner=pmo, reference="PB/2026/10/A1")
    ActionFactory(meeting=meeting, item=private, description="Negotiate the Haywood sale.",
                  due_date=date(2026, 11, 26), owner=pmo, reference="PB/2026/10/A2")
    return board, meeting


def grow(world, n):
    """`n` more programmes, each with a workstream holding an update, milestones (one slipped
    in the month), KPIs with actuals, risks re-scored in the month; `n` more decisions and
    actions."""
    pmo = world.people["pmo"]
    for i in range(len(world.extra), len(world.extra) + n):
        programme = ProgrammeFactory(partnership=world.partnership, name=f"Programme {i}")
        appointed(Role.SRO, programme)
        workstream = WorkstreamFactory(programme=programme, name=f"Workstream {i}")
        approved(workstream, MONTH, Confidence.AMBER, date(2026, 11, 4))
        approved(workstream, SEPTEMBER, Confidence.AMBER_RED, date(2026, 10, 4))
        MilestoneFactory(workstream=workstream, baseline_date=date(2026, 11, 3), owner=pmo)
        MilestoneFactory(workstream=workstream, baseline_date=date(2026, 9, 3), owner=pmo)
        milestone_with_history(workstream, f"Slipping {i}", date(2026, 10, 9), pmo,
                               created=date(2026, 5, 1),
                               moves=[(date(2026, 10, 2), date(2026, 11, 30), "Late supplier.")])
        kpi = KPIFactory(workstream=workstream)
        for month in range(1, 11):
            KPIActualFactory(kpi=kpi, period=date(2026, month, 1), value=Decimal(50 + month))
        KPITrajectoryPointFactory(kpi=kpi, period=MONTH, value=Decimal("60"))
        risk = RiskFactory(workstream=workstream, likelihood=5, consequence=4, owner=pmo)
        RiskScoreFactory(risk=risk, likelihood=3, consequence=4, scored_on=date(2026, 2, 1))
        RiskScoreFactory(risk=risk, likelihood=5, consequence=4, scored_on=date(2026, 10, 9))
        item = AgendaItemFactory(meeting=world.meeting, title=f"Paper {i}")
        DecisionFactory(item=item, resolution=f"The Board noted paper {i}.")
        ActionFactory(meeting=world.meeting, item=item, owner=pmo,
                      due_date=date(2026, 10, 30))
        world.extra.append(workstream)
