"""Demo programmes of Staffordshire and Stoke-on-Trent, with more than a year of delivery.

The programmes, workstreams and programme directors follow the partnership's 2016 strategic
framework and its 2019 and 2022 newsletters (Suicide Prevention inside Mental Health, the
High Potential Scheme, falls admissions down 10%, Greg Moores handing Workforce to Alex Brett
in June 2019). Workstream leads, clinical leads, the figures, milestones, risks and monthly
updates are invented but shaped like a real partnership's. The demo is set in November 2026:
KPI actuals run to October 2026 and monthly updates from May to October 2026.

Records are written through the app's own write functions (appoint, the PID, risk and update
lifecycles), each dated as if written at the time, so histories and trends read true.
Definitions (programmes, workstreams, KPIs) are upserted; everything with a lifecycle is
created only when it is not there yet, so loading twice writes nothing.
"""

import random
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from unittest import mock

from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from programmes.appointments import appoint
from programmes.exceptions import AppointmentNotAllowed
from programmes.milestones import complete_milestone, edit_milestone
from programmes.models import (
    ESCALATION_SCORE,
    KPI,
    Benefit,
    KPIActual,
    KPITrajectoryPoint,
    Milestone,
    PlannedMilestone,
    Programme,
    Risk,
    StatusUpdate,
    Workstream,
)
from programmes.pids import approve_pid, new_pid_version, submit_pid
from programmes.risks import close_risk, raise_risk, rescore_risk
from programmes.updates import (
    approve_update,
    edit_update,
    return_update,
    start_update,
    submit_update,
)
from stp.datasets import demo_loader
from stp.demo import upsert
from stp.models import RoleAssignment, User

Role = RoleAssignment.Role
Unit = KPI.Unit
Up, Down, Neither = KPI.Improvement.INCREASE, KPI.Improvement.DECREASE, KPI.Improvement.NEITHER
CLINICAL, ENABLING = Programme.Kind.CLINICAL, Programme.Kind.ENABLING
Domain = Risk.Domain
Confidence = StatusUpdate.Confidence

# The day the demo is set on: milestones are late or on track as of this day.
DEMO_TODAY = date(2026, 11, 23)
LAST_ACTUAL = date(2026, 10, 1)  # data lags a month
UPDATE_MONTHS = [date(2026, m, 1) for m in range(5, 11)]  # May to October 2026
TARGET_DATE = date(2027, 3, 1)  # the end of 2026/27: most trajectories aim here
PMO_EMAIL = "pmo@example.com"
# When the roles below were taken up, unless a person's entry says otherwise.
SROS_SINCE = date(2022, 7, 1)  # the ICB's first day
LEADS_SINCE = date(2024, 4, 1)
# Delivery confidence codes used in the workstream tables below, one letter a month.
CONFIDENCE_CODES = {
    "G": Confidence.GREEN, "g": Confidence.AMBER_GREEN, "A": Confidence.AMBER,
    "a": Confidence.AMBER_RED, "R": Confidence.RED,
}


@dataclass(frozen=True)
class DemoKPI:
    name: str
    unit: str
    improvement: str
    definition: str
    source: str
    first: float  # the underlying level at the first month ...
    last: float  # ... and at the last, before the events below
    noise: float  # standard deviation of the month-to-month variation
    target: float | None = None
    benefit: str = ""  # what the PID promises, for its benefits list
    months: int = 36
    decimals: int = 1
    # ("shift", month, delta, note), ("outlier", month, delta, note), ("trend", points, step),
    # ("season", {calendar month: delta})
    events: tuple = ()


@dataclass(frozen=True)
class DemoMilestone:
    title: str
    months: int  # baseline, in months from DEMO_TODAY (negative: in the past)
    # done, done_late, on_track, at_risk (forecast late within tolerance), late (beyond it),
    # overdue (past its date, not done)
    state: str
    key: bool = False


@dataclass(frozen=True)
class DemoRisk:
    title: str
    cause: str
    event: str
    effect: str
    domain: str
    initial: tuple  # (likelihood, consequence)
    current: tuple
    target: tuple
    raised: int  # months before DEMO_TODAY
    rescores: int = 1
    closed: bool = False
    controls: str = ""
    further_actions: str = ""


@dataclass(frozen=True)
class DemoWorkstream:
    name: str
    objectives: str
    scope: str
    sro: str
    lead: str
    purpose: str
    deliverables: str
    costs: str
    summary: str
    progress: tuple  # what was achieved, one line a month from May to October 2026
    confidence: str  # delivery confidence May to October 2026, codes as CONFIDENCE_CODES
    latest: str  # the October update: approved, submitted, draft, returned or not_started
    milestones: tuple
    kpis: tuple = ()
    risks: tuple = ()
    clinical_lead: str = ""
    return_comment: str = ""
    decisions: str = ""
    # A second PID version, submitted and awaiting approval: (what changes, new milestone).
    change: tuple | None = None
    # Who held the role before the current SRO or lead, in order: ((name, from), ...); the
    # current holder then takes over on `*_since`.
    previous_sros: tuple = ()
    sro_since: date = SROS_SINCE
    previous_leads: tuple = ()
    lead_since: date = LEADS_SINCE


@dataclass(frozen=True)
class DemoProgramme:
    name: str
    kind: str
    description: str
    sro: str
    directors: tuple  # (name, from) in order; each hands over to the next
    workstreams: tuple
    risks: tuple = ()


# People the demo needs beyond stp.demo's log-ins, board and chief officers (invented, but
# for Greg Moores, whom the 2019 newsletter names). (email, name, job title, organisation)
PEOPLE = [
    ("greg.moores@demo.twb.nhs.uk", "Greg Moores", "Programme Director, Workforce (to May 2019)",
     None),
    ("kate.ellison@demo.twb.nhs.uk", "Dr Kate Ellison", "Consultant in Public Health",
     "Stoke-on-Trent City Council"),
    ("karen.ellis@demo.twb.nhs.uk", "Karen Ellis",
     "Programme Director, Urgent and Emergency Care",
     "University Hospitals of North Midlands NHS Trust"),
    ("mark.dutton@demo.twb.nhs.uk", "Mark Dutton",
     "Programme Director, Enhanced Primary and Community Care",
     "Staffordshire and Stoke-on-Trent Partnership NHS Trust"),
    ("sunita.rai@demo.twb.nhs.uk", "Sunita Rai", "Programme Director, Digital",
     "Stoke-on-Trent CCG"),
    ("hannah.brookes@demo.twb.nhs.uk", "Hannah Brookes", "Programme Director, Estates",
     "Staffordshire County Council"),
    ("gemma.lloyd@demo.twb.nhs.uk", "Gemma Lloyd", "Head of Communications and Engagement",
     "Stoke-on-Trent CCG"),
    ("joanne.platt@demo.twb.nhs.uk", "Joanne Platt", "Frailty Programme Manager",
     "Staffordshire and Stoke-on-Trent Partnership NHS Trust"),
    ("ruth.kirkland@demo.twb.nhs.uk", "Ruth Kirkland", "Falls Prevention Lead",
     "Staffordshire County Council"),
    ("ben.hollis@demo.twb.nhs.uk", "Ben Hollis", "Head of Patient Flow",
     "University Hospitals of North Midlands NHS Trust"),
    ("laura.finch@demo.twb.nhs.uk", "Laura Finch", "Primary Care Transformation Manager",
     "Stoke-on-Trent CCG"),
    ("tom.ashby@demo.twb.nhs.uk", "Tom Ashby", "CRIS Service Manager",
     "Staffordshire and Stoke-on-Trent Partnership NHS Trust"),
    ("dawn.fletcher@demo.twb.nhs.uk", "Dawn Fletcher",
     "Community Mental Health Transformation Manager",
     "North Staffordshire Combined Healthcare NHS Trust"),
    ("sam.okafor@demo.twb.nhs.uk", "Sam Okafor", "Talking Therapies Service Lead",
     "South Staffordshire and Shropshire Healthcare NHS Foundation Trust"),
    ("claire.benton@demo.twb.nhs.uk", "Claire Benton", "Planned Care Project Manager",
     "East Staffordshire CCG"),
    ("natalie.shaw@demo.twb.nhs.uk", "Natalie Shaw", "Cancer Programme Manager",
     "University Hospitals of North Midlands NHS Trust"),
    ("jas.bains@demo.twb.nhs.uk", "Jas Bains", "Public Health Practitioner, Cardiovascular",
     "Stoke-on-Trent City Council"),
    ("emma.wainwright@demo.twb.nhs.uk", "Emma Wainwright", "Respiratory Programme Lead",
     "North Staffordshire CCG"),
    ("kelly.morgan@demo.twb.nhs.uk", "Kelly Morgan", "Social Prescribing Coordinator",
     "Support Staffordshire"),
    ("chris.poole@demo.twb.nhs.uk", "Chris Poole", "Talent Academy Manager",
     "South Staffordshire and Shropshire Healthcare NHS Foundation Trust"),
    ("angela.moss@demo.twb.nhs.uk", "Angela Moss", "Head of Workforce Planning",
     "University Hospitals of North Midlands NHS Trust"),
    ("faye.dunn@demo.twb.nhs.uk", "Faye Dunn", "Organisational Development Manager",
     "Staffordshire and Stoke-on-Trent Partnership NHS Trust"),
    ("rob.sharma@demo.twb.nhs.uk", "Rob Sharma", "Digital Programme Manager",
     "Stoke-on-Trent CCG"),
    ("gary.whitfield@demo.twb.nhs.uk", "Gary Whitfield", "Estates Project Manager",
     "South East Staffordshire and Seisdon Peninsula CCG"),
    ("helen.ward@demo.twb.nhs.uk", "Dr Helen Ward", "Consultant Geriatrician",
     "University Hospitals of North Midlands NHS Trust"),
    ("imran.qureshi@demo.twb.nhs.uk", "Dr Imran Qureshi", "Consultant Oncologist",
     "University Hospitals of North Midlands NHS Trust"),
    ("owen.hart@demo.twb.nhs.uk", "Mr Owen Hart", "Consultant Ophthalmologist",
     "Burton Hospitals NHS Foundation Trust"),
    ("anita.bose@demo.twb.nhs.uk", "Dr Anita Bose", "Consultant Psychiatrist",
     "North Staffordshire Combined Healthcare NHS Trust"),
]

WINTER = ("season", {11: 0.5, 12: 1, 1: 1, 2: 1, 3: 0.5})  # deltas scaled by the KPI's amount


def winter(amount):
    return ("season", {month: share * amount for month, share in WINTER[1].items()})


def savings(months=24, first=30000, last=45000, noise=5000, target=55000):
    return DemoKPI(
        "Savings against plan", Unit.MONEY, Up,
        "Recurrent savings delivered in the month against the workstream's savings plan.",
        "ICB finance ledger", first, last, noise, target,
        benefit="Recurrent savings towards the system's financial plan", months=months,
        decimals=0,
    )


PROGRAMMES = [
    DemoProgramme(
        "Urgent and Emergency Care", CLINICAL,
        "Sustainable improvement in the urgent care system through better care of the frail "
        "elderly and other key pathways, and a simpler urgent and emergency care system.",
        sro="Fiona Blake", directors=(("Karen Ellis", SROS_SINCE),),
        workstreams=(
            DemoWorkstream(
                "Frail Elderly",
                objectives="Keep frail older people well at home; reduce the time people who "
                           "are fit to leave hospital spend waiting in a bed.",
                scope="Proactive identification of frailty, integrated care hubs, discharge "
                      "to assess, care home support. Adults over 65 across the county.",
                sro="Lorraine Hughes", lead="Joanne Platt", clinical_lead="Dr Helen Ward",
                purpose="Frail older people stay in hospital too long once they are fit to "
                        "leave, and deconditioning follows. This workstream joins up "
                        "community, acute and social care so that they go home sooner.",
                deliverables="Integrated care hubs in the north and south; a discharge to "
                             "assess hub; a frailty outcomes framework.",
                costs="£1.2m Better Care Fund in 2025/26; savings plan of £600,000 a year "
                      "from reduced bed days.",
                summary="Delayed transfers remain well below the level before the discharge "
                        "to assess hub opened; winter planning with care homes is the focus.",
                progress=(
                    "Frailty outcomes framework agreed by both local authorities.",
                    "Care home trusted assessor pilot extended to 40 homes.",
                    "Weekend discharge team recruited to full establishment.",
                    "North integrated care hub moved to seven-day working.",
                    "Winter discharge plan agreed with both local authorities.",
                    "Care home bed capacity review shared with commissioners.",
                ),
                confidence="ggggAA", latest="approved",
                milestones=(
                    DemoMilestone("Frailty identification tool live in all practices", -19,
                                  "done", key=True),
                    DemoMilestone("Discharge to assess hub opens", -16, "done_late", key=True),
                    DemoMilestone("Frailty outcomes framework approved", -7, "done"),
                    DemoMilestone("North integrated care hub seven-day service", -2,
                                  "done_late"),
                    DemoMilestone("South integrated care hub opens", 2, "at_risk", key=True),
                    DemoMilestone("Evaluation of discharge to assess reported to the Board",
                                  5, "on_track"),
                ),
                kpis=(
                    DemoKPI(
                        "Delayed transfers of care", Unit.NUMBER, Down,
                        "Patients in acute and community beds on the last Thursday of the "
                        "month who were medically fit for discharge more than 24 hours "
                        "earlier.",
                        "Daily discharge sitrep", 148, 138, 6, target=85,
                        benefit="Fewer people waiting in hospital once fit to leave",
                        decimals=0,
                        events=(("shift", date(2025, 1, 1), -40,
                                 "Discharge to assess hub opened on 6 January."), winter(10)),
                    ),
                    savings(first=42000, last=48000, noise=7000, target=60000),
                ),
                risks=(
                    DemoRisk(
                        "Care home capacity for discharge",
                        "Too few nursing home beds in the north of the county, and two "
                        "homes closing in 2026.",
                        "people fit to leave hospital wait for a placement",
                        "longer stays, deconditioning and fewer beds for emergency "
                        "admissions this winter.",
                        Domain.SERVICE, (5, 4), (4, 4), (2, 4), raised=16, rescores=3,
                        controls="Daily system discharge call; interim beds commissioned.",
                        further_actions="Commission 20 further interim beds by December "
                                        "(Staffordshire County Council).",
                    ),
                    DemoRisk(
                        "Community geriatrician vacancies",
                        "Two of five community geriatrician posts are vacant.",
                        "the hubs cannot offer senior review seven days a week",
                        "fewer admissions avoided and the hubs' case not proven.",
                        Domain.WORKFORCE, (3, 3), (2, 4), (2, 2), raised=11, rescores=2,
                    ),
                ),
            ),
            DemoWorkstream(
                "Falls",
                objectives="Reduce hospital admissions associated with falls by 10%, with "
                           "responsive services that promote independence and self-care.",
                scope="Review of all falls services, falls response, strength and balance, "
                      "care homes. Staffordshire and Stoke-on-Trent residents over 65.",
                sro="Susan Marsh", lead="Ruth Kirkland",
                purpose="In June 2021 the Frailty Programme agreed to review every falls "
                        "service in Staffordshire and Stoke-on-Trent; this workstream "
                        "delivers what that review recommended.",
                deliverables="A single falls pathway; a falls response service; strength and "
                             "balance classes in every district; an evaluation.",
                costs="£450,000 a year from the Better Care Fund for the falls response "
                      "service.",
                summary="Falls admissions have fallen each month since the falls response "
                        "service went live; a second PID version extends it to care homes.",
                progress=(
                    "Falls response service handled 410 calls without conveyance.",
                    "Strength and balance classes launched in Tamworth and Lichfield.",
                    "Care home falls training reached 28 homes.",
                    "Falls pathway published on the partnership's website.",
                    "Business case for care home extension drafted.",
                    "PID version 2 submitted for the December Board.",
                ),
                confidence="AggggG", latest="approved",
                milestones=(
                    DemoMilestone("Review of all falls services reported", -18, "done",
                                  key=True),
                    DemoMilestone("Single falls pathway agreed", -12, "done_late"),
                    DemoMilestone("Falls response service live", -8, "done", key=True),
                    DemoMilestone("Strength and balance classes in every district", -1,
                                  "overdue"),
                    DemoMilestone("Care home falls training complete", 1, "at_risk"),
                    DemoMilestone("Evaluation of the falls programme to the Board", 6,
                                  "on_track", key=True),
                ),
                kpis=(
                    DemoKPI(
                        "Emergency admissions for falls", Unit.RATE_PER_1000, Down,
                        "Emergency admissions of people aged 65 and over with a fall-related "
                        "injury in the month, per 1,000 population aged 65 and over.",
                        "SUS, via the ICB business intelligence team", 2.06, 2.02, 0.05,
                        target=1.85,
                        benefit="10% fewer hospital admissions associated with falls",
                        decimals=2, events=(winter(0.14), ("trend", 8, -0.03)),
                    ),
                ),
                risks=(
                    DemoRisk(
                        "Falls data quality",
                        "Falls-related admissions are coded differently at the two acute "
                        "trusts.",
                        "the baseline is wrong",
                        "the 10% reduction cannot be evidenced to the Board.",
                        Domain.BUSINESS, (3, 3), (2, 3), (1, 3), raised=17, rescores=2,
                    ),
                    DemoRisk(
                        "Strength and balance uptake",
                        "Few GP practices refer to strength and balance classes.",
                        "classes are under-used",
                        "fewer falls prevented and the classes' funding questioned.",
                        Domain.BUSINESS, (3, 3), (3, 2), (2, 2), raised=9, rescores=1,
                    ),
                    DemoRisk(
                        "Falls response service procurement",
                        "A single bidder in the first round of the tender.",
                        "the service contract is not awarded on time",
                        "the falls response service starts late.",
                        Domain.BUSINESS, (4, 3), (2, 3), (1, 3), raised=14, rescores=1,
                        closed=True,
                    ),
                ),
                change=(
                    "Version 2 extends the falls response service to care homes and moves "
                    "the evaluation three months later, so that it covers a full winter.",
                    DemoMilestone("Falls response service extended to care homes", 4,
                                  "on_track", key=True),
                ),
            ),
            DemoWorkstream(
                "A&E Performance and Patient Flow",
                objectives="Recover A&E four-hour performance to 82% by March 2027.",
                scope="Emergency departments at Royal Stoke and Queen's Burton, same day "
                      "emergency care, ambulance handovers, flow through the hospitals.",
                sro="Fiona Blake", lead="Ben Hollis",
                purpose="Acute providers are failing to meet core constitutional standards, "
                        "especially in urgent care; this workstream recovers four-hour "
                        "performance.",
                deliverables="Same day emergency care at both sites; streaming at the front "
                             "door; a winter escalation plan.",
                costs="£2.1m urgent and emergency care capital for same day emergency care.",
                summary="Performance improved through the summer but remains short of the "
                        "trajectory; winter escalation capacity is the main concern.",
                progress=(
                    "Front-door streaming to primary care in place at Royal Stoke.",
                    "Ambulance handover cohorting area opened.",
                    "Same day emergency care opening extended to 10pm.",
                    "Winter bed modelling completed with the ICB.",
                    "Escalation plan tested in a system exercise.",
                    "Surge capacity for December agreed in principle.",
                ),
                confidence="AAAAaa", latest="returned",
                return_comment="The summary still describes September's position: update it "
                               "for October and add the winter escalation plan to the "
                               "escalations.",
                decisions="The Board is asked to approve £300,000 for winter surge staffing.",
                milestones=(
                    DemoMilestone("Front-door streaming at Royal Stoke", -13, "done", key=True),
                    DemoMilestone("Same day emergency care at Queen's Burton", -5,
                                  "done_late", key=True),
                    DemoMilestone("Ambulance handover cohorting area", -3, "done"),
                    DemoMilestone("Winter escalation plan signed off", -1, "overdue",
                                  key=True),
                    DemoMilestone("Four-hour performance at 78%", 4, "late", key=True),
                ),
                kpis=(
                    DemoKPI(
                        "A&E four-hour performance", Unit.PERCENTAGE, Up,
                        "Attendances at all types of A&E seen and admitted or discharged "
                        "within four hours, as a percentage of all attendances.",
                        "NHS England A&E attendances and emergency admissions", 72.5, 75.0,
                        1.4, target=82.0,
                        benefit="More patients seen within four hours in A&E",
                        events=(winter(-2.0),),
                    ),
                ),
                risks=(
                    DemoRisk(
                        "Winter demand exceeds escalation capacity",
                        "Respiratory illness and norovirus peak together while beds are full.",
                        "escalation capacity is exhausted",
                        "long waits in the emergency department and harm to patients.",
                        Domain.SAFETY, (4, 4), (5, 4), (3, 4), raised=13, rescores=3,
                        controls="System escalation framework; daily operational calls.",
                        further_actions="Open 24 surge beds from 1 December (UHNM).",
                    ),
                    DemoRisk(
                        "Ambulance handover delays",
                        "Crowding in the emergency department at Royal Stoke.",
                        "ambulances wait more than an hour to hand over patients",
                        "harm to patients waiting in ambulances and in the community.",
                        Domain.SAFETY, (5, 4), (4, 5), (2, 4), raised=20, rescores=4,
                        controls="Cohorting area; hospital ambulance liaison officer.",
                    ),
                    DemoRisk(
                        "Same day emergency care opening hours",
                        "Too few acute physicians for late shifts.",
                        "same day emergency care closes early",
                        "patients who could go home the same day are admitted.",
                        Domain.SERVICE, (4, 3), (3, 4), (2, 3), raised=8, rescores=1,
                    ),
                ),
            ),
        ),
    ),
    DemoProgramme(
        "Enhanced Primary and Community Care", CLINICAL,
        "Enhanced primary and community services, with multi-speciality care providers "
        "across the county, so that more people are supported in the community.",
        sro="Lorraine Hughes", directors=(("Mark Dutton", SROS_SINCE),),
        workstreams=(
            DemoWorkstream(
                "Primary Care Networks",
                objectives="Help every primary care network offer more appointments and the "
                           "additional roles its population needs.",
                scope="The county's primary care networks, the additional roles "
                      "reimbursement scheme, access improvement.",
                sro="Claire Rowley", lead="Laura Finch",
                purpose="Groups of GP practices came together as primary care networks from "
                        "July 2019; this workstream supports them to offer more and "
                        "better-joined-up care.",
                deliverables="Additional roles recruited; access improvement plans; shared "
                             "estate for additional roles.",
                costs="Additional roles reimbursement scheme, £14.3m in 2026/27.",
                summary="Appointments per patient are steady, short of the 480 ambition; "
                        "recruitment of additional roles is on plan.",
                progress=(
                    "Twelve clinical pharmacists recruited across networks.",
                    "Access improvement plans received from every network.",
                    "Online consultation tool live in all practices.",
                    "Care coordinators trained in personalised care planning.",
                    "Estates survey for additional roles completed.",
                    "Winter access plan agreed with network clinical directors.",
                ),
                confidence="GGGGGG", latest="approved",
                milestones=(
                    DemoMilestone("Additional roles workforce plan agreed", -15, "done",
                                  key=True),
                    DemoMilestone("Access improvement plans from every network", -4, "done"),
                    DemoMilestone("Online consultation in every practice", -2, "done"),
                    DemoMilestone("Shared estate for additional roles", 3, "on_track"),
                    DemoMilestone("Additional roles fully recruited", 7, "on_track",
                                  key=True),
                ),
                kpis=(
                    DemoKPI(
                        "GP appointments per 1,000 patients", Unit.RATE_PER_1000, Up,
                        "Appointments in general practice in the month per 1,000 registered "
                        "patients.",
                        "Appointments in General Practice (NHS England)", 460, 468, 10,
                        target=480, benefit="More appointments in general practice",
                        decimals=0, events=(winter(10),),
                    ),
                ),
                risks=(
                    DemoRisk(
                        "GP retirements in rural practices",
                        "A third of GP partners in rural practices are over 55.",
                        "several partners retire in the same year",
                        "practices hand back contracts and patients must be dispersed.",
                        Domain.WORKFORCE, (3, 4), (4, 3), (3, 3), raised=18, rescores=2,
                    ),
                    DemoRisk(
                        "Space for additional roles",
                        "Practice buildings are full.",
                        "new staff have nowhere to see patients",
                        "roles are recruited but cannot work at full capacity.",
                        Domain.SERVICE, (3, 2), (2, 2), (1, 2), raised=10, rescores=1,
                    ),
                ),
            ),
            DemoWorkstream(
                "Community Rapid Intervention Service",
                objectives="Support people at risk of admission to stay at home, across the "
                           "whole county.",
                scope="The Community Rapid Intervention Service (CRIS), provided jointly by "
                      "UHNM and the community trust; its rollout in the south; its "
                      "evaluation with Keele University.",
                sro="Lorraine Hughes", lead="Tom Ashby",
                purpose="CRIS supports patients at risk of needing admission to stay at home "
                        "instead; rollout across the county continues and an evaluation "
                        "will shape the model.",
                deliverables="CRIS in the south of the county; an evaluation with Keele "
                             "University; a CRIS strategy.",
                costs="£1.8m a year, funded non-recurrently to March 2027.",
                summary="People supported at home rose by half when the service started in "
                        "the south; funding beyond March 2027 is not yet settled.",
                progress=(
                    "CRIS rollout reached Cannock Chase.",
                    "Keele University evaluation interviews completed.",
                    "Direct referral from West Midlands Ambulance crews went live.",
                    "Interim evaluation findings shared with the SRO.",
                    "Business case for recurrent funding drafted.",
                    "Evaluation community of practice held its third session.",
                ),
                confidence="gggAAa", latest="returned",
                return_comment="Explain the funding position beyond March 2027 and say what "
                               "you are asking the Board to decide.",
                milestones=(
                    DemoMilestone("CRIS live in the south", -19, "done_late", key=True),
                    DemoMilestone("Ambulance direct referral", -5, "done"),
                    DemoMilestone("Interim evaluation report", -2, "done_late"),
                    DemoMilestone("Recurrent funding decision", 1, "late", key=True),
                    DemoMilestone("CRIS strategy approved", 6, "on_track", key=True),
                ),
                kpis=(
                    DemoKPI(
                        "Patients supported at home by CRIS", Unit.NUMBER, Up,
                        "Patients referred to CRIS who were supported at home rather than "
                        "admitted to hospital in the month.",
                        "CRIS service records", 172, 188, 11, target=320,
                        benefit="Admissions avoided by supporting people at home",
                        months=30, decimals=0,
                        events=(("shift", date(2025, 4, 1), 95,
                                 "Service started in the south of the county."),),
                    ),
                ),
                risks=(
                    DemoRisk(
                        "CRIS funding beyond March 2027",
                        "CRIS is funded non-recurrently.",
                        "no recurrent funding is agreed before staff must be given notice",
                        "the service closes and admissions rise.",
                        Domain.FINANCE, (3, 4), (3, 5), (1, 5), raised=7, rescores=2,
                    ),
                    DemoRisk(
                        "Evaluation delayed by winter",
                        "Clinicians' time for interviews is lost to winter pressures.",
                        "the evaluation is late",
                        "the strategy is agreed without its evidence.",
                        Domain.BUSINESS, (3, 2), (2, 1), (1, 1), raised=12, rescores=2,
                    ),
                ),
            ),
        ),
    ),
    DemoProgramme(
        "Mental Health", CLINICAL,
        "Mental health services for all ages, with a zero suicide ambition signed at the "
        "regional Together We're Better Suicide Prevention Conference in autumn 2018.",
        sro="Marcus Hale", directors=(("Jonathan O'Brien", date(2018, 9, 1)),),
        risks=(
            DemoRisk(
                "Mental health investment standard",
                "Cost pressures elsewhere in the system.",
                "the mental health investment standard is not met in 2026/27",
                "planned expansion of community and crisis services is cut.",
                Domain.FINANCE, (3, 4), (4, 5), (2, 4), raised=6, rescores=2,
            ),
        ),
        workstreams=(
            DemoWorkstream(
                "Suicide Prevention",
                objectives="Work towards zero suicide: support middle-aged men and people "
                           "who self-harm, and train workplaces.",
                scope="A self-harm liaison and follow-up service, primary care and pharmacy "
                      "support, workplace training, real-time surveillance and bereavement "
                      "support.",
                sro="Marcus Hale", lead="Rebecca Lowe",
                previous_leads=(("Dr Kate Ellison", date(2019, 4, 1)),),
                purpose="Led by Public Health colleagues in Staffordshire County Council and "
                        "Stoke-on-Trent City Council, the workstream secured £300,000 of "
                        "national funding in 2019 for a suicide prevention programme.",
                deliverables="Self-harm follow-up within 72 hours; workplace training; "
                             "real-time surveillance; bereavement support.",
                costs="£300,000 NHS England suicide prevention funding (2019); £220,000 a "
                      "year from the public health grants since 2021.",
                summary="The rolling suicide rate is steady, with no sign yet of the fall "
                        "the zero suicide ambition needs; follow-up after self-harm is short "
                        "of 85%.",
                progress=(
                    "Bereavement support service contract awarded.",
                    "Workplace training delivered to 14 employers.",
                    "Pharmacy suicide awareness training reached 60 pharmacies.",
                    "Real-time surveillance data sharing agreement signed with police.",
                    "Men's mental health campaign launched with Stoke City FC.",
                    "Self-harm follow-up extended to weekends.",
                ),
                confidence="ggggGg", latest="submitted",
                milestones=(
                    DemoMilestone("Self-harm follow-up service live at Royal Stoke", -20,
                                  "done", key=True),
                    DemoMilestone("Real-time surveillance agreement signed", -3, "done_late",
                                  key=True),
                    DemoMilestone("Bereavement support service live", -5, "done"),
                    DemoMilestone("Workplace training for 50 employers", 2, "at_risk"),
                    DemoMilestone("Self-harm follow-up at Queen's Burton", 4, "on_track",
                                  key=True),
                ),
                kpis=(
                    DemoKPI(
                        "Suicide rate, rolling 12 months", Unit.RATE_PER_100000, Down,
                        "Suspected suicides in the 12 months to the end of the month per "
                        "100,000 population aged 10 and over (real-time surveillance, "
                        "provisional).",
                        "Real-time suicide surveillance", 11.2, 10.9, 0.2, target=10.2,
                        benefit="Fewer deaths by suicide", decimals=1,
                    ),
                    DemoKPI(
                        "Self-harm attendances followed up within 72 hours",
                        Unit.PERCENTAGE, Up,
                        "People attending hospital after self-harm contacted by the "
                        "follow-up service within 72 hours of leaving, as a percentage of "
                        "those referred.",
                        "Self-harm liaison service records", 72, 76, 3, target=85,
                        benefit="Everyone who self-harms followed up within 72 hours",
                        months=24,
                    ),
                ),
                risks=(
                    DemoRisk(
                        "Real-time surveillance data sharing",
                        "No agreement with the coroners to share suspected suicides quickly.",
                        "postvention support reaches families late",
                        "clusters are missed and further deaths follow.",
                        Domain.SAFETY, (3, 5), (2, 5), (1, 5), raised=15, rescores=3,
                    ),
                    DemoRisk(
                        "Self-harm service funding from April 2027",
                        "The public health grant settlement for 2027/28 is not known.",
                        "the follow-up service cannot be recommissioned",
                        "people who self-harm lose follow-up support.",
                        Domain.FINANCE, (2, 3), (3, 3), (2, 3), raised=5, rescores=1,
                    ),
                    DemoRisk(
                        "Training reach into small employers",
                        "Small employers cannot release staff for training.",
                        "workplace training misses the men most at risk",
                        "fewer men are encouraged to seek help.",
                        Domain.BUSINESS, (2, 2), (1, 2), (1, 1), raised=10, rescores=1,
                    ),
                ),
            ),
            DemoWorkstream(
                "Community Mental Health Transformation",
                objectives="Adults with severe mental illness get care and support close to "
                           "home, joined up, whatever their diagnosis or complexity.",
                scope="Primary and community mental health teams, the voluntary sector, "
                      "physical health checks, the Involvement Collaborative.",
                sro="Peter Naylor", lead="Dawn Fletcher", clinical_lead="Dr Anita Bose",
                purpose="Primary care, mental health providers, local authorities and the "
                        "voluntary sector work alongside people with lived experience to "
                        "transform community mental health.",
                deliverables="Integrated primary and community teams in every locality; "
                             "physical health checks; peer support workers.",
                costs="£6.4m Long Term Plan community mental health funding.",
                summary="Physical health checks are close to the 60% target; two localities "
                        "are yet to move to integrated teams.",
                progress=(
                    "Integrated team live in Stoke-on-Trent North.",
                    "Peer support workers recruited in Newcastle-under-Lyme.",
                    "Involvement Collaborative co-produced the team handbook.",
                    "Physical health check clinics held in four community venues.",
                    "Voluntary sector partners signed the alliance agreement.",
                    "Integrated team mobilisation started in East Staffordshire.",
                ),
                confidence="gggggg", latest="submitted",
                milestones=(
                    DemoMilestone("Involvement Collaborative established", -20, "done"),
                    DemoMilestone("Integrated team in Stoke-on-Trent", -9, "done", key=True),
                    DemoMilestone("Alliance agreement signed", -1, "done_late"),
                    DemoMilestone("Integrated teams in every locality", 5, "at_risk",
                                  key=True),
                ),
                kpis=(
                    DemoKPI(
                        "Severe mental illness physical health checks", Unit.PERCENTAGE, Up,
                        "People on the severe mental illness register who had all six "
                        "physical health checks in the last 12 months.",
                        "SMI physical health check collection", 55, 58, 1.5, target=60,
                        benefit="People with severe mental illness have their physical "
                                "health checked",
                    ),
                ),
                risks=(
                    DemoRisk(
                        "Recruitment of additional mental health roles",
                        "A national shortage of mental health practitioners.",
                        "integrated teams are not staffed",
                        "the remaining localities go live late.",
                        Domain.WORKFORCE, (3, 3), (4, 2), (2, 2), raised=11, rescores=2,
                    ),
                    DemoRisk(
                        "Voluntary sector contract alignment",
                        "Voluntary sector contracts end on different dates.",
                        "partners cannot commit staff to integrated teams",
                        "gaps in support between services.",
                        Domain.BUSINESS, (2, 3), (1, 3), (1, 2), raised=14, rescores=1,
                    ),
                ),
            ),
            DemoWorkstream(
                "Talking Therapies",
                objectives="More people with anxiety and depression start NHS Talking "
                           "Therapies treatment, and recover.",
                scope="NHS Talking Therapies across both providers, self-referral, "
                      "long-term conditions pathways.",
                sro="Marcus Hale", lead="Sam Okafor",
                purpose="Access to talking therapies is below the national ambition; this "
                        "workstream expands it through self-referral and integrated "
                        "long-term conditions pathways.",
                deliverables="Online self-referral; long-term conditions pathways; a digital "
                             "therapy offer.",
                costs="£1.1m service development funding in 2026/27.",
                summary="Access stepped up after self-referral opened and has held; waits for "
                        "step 3 therapy are lengthening.",
                progress=(
                    "Diabetes pathway launched with two networks.",
                    "Digital therapy platform contract extended.",
                    "Step 3 waiting list validated.",
                    "Employment advisers joined both services.",
                    "Self-referral promoted in the men's health campaign.",
                    "Recovery rate improvement plan drafted.",
                ),
                confidence="GGggAA", latest="draft",
                milestones=(
                    DemoMilestone("Online self-referral live", -20, "done", key=True),
                    DemoMilestone("Long-term conditions pathway for diabetes", -6, "done"),
                    DemoMilestone("Digital therapy offer procured", -1, "overdue"),
                    DemoMilestone("Step 3 waits under 18 weeks", 3, "late", key=True),
                ),
                kpis=(
                    DemoKPI(
                        "Talking therapies: people entering treatment", Unit.NUMBER, Up,
                        "People with a first treatment contact with NHS Talking Therapies in "
                        "the month.",
                        "NHS Talking Therapies dataset", 1380, 1420, 40, target=1750,
                        benefit="More people start talking therapies", decimals=0,
                        events=(("shift", date(2025, 4, 1), 210,
                                 "Online self-referral opened."),),
                    ),
                ),
                risks=(
                    DemoRisk(
                        "Step 3 therapy waits",
                        "Demand for step 3 therapy grows faster than therapist numbers.",
                        "waits for step 3 therapy exceed 18 weeks",
                        "people deteriorate while waiting and complaints rise.",
                        Domain.QUALITY, (3, 2), (4, 2), (2, 2), raised=9, rescores=2,
                    ),
                    DemoRisk(
                        "Digital therapy platform contract",
                        "The platform contract ends in March 2027.",
                        "the procurement is not complete in time",
                        "a gap in the digital offer.",
                        Domain.BUSINESS, (2, 4), (1, 4), (1, 2), raised=8, rescores=1,
                    ),
                ),
            ),
        ),
    ),
    DemoProgramme(
        "Planned Care and Cancer", CLINICAL,
        "High quality, efficient planned care and cancer services: the right care in the "
        "right place at the right time, with fewer unnecessary hospital attendances.",
        sro="Anthony Sharpe", directors=(("Duncan Bedford", date(2018, 4, 1)),),
        workstreams=(
            DemoWorkstream(
                "Ophthalmology",
                objectives="Eye care in the community where clinically appropriate, fewer "
                           "unnecessary hospital attendances and shorter waits.",
                scope="Eye health needs assessment, risk-stratified waiting lists, "
                      "community glaucoma and cataract pathways, children's eye services.",
                sro="Nadeem Akhtar", lead="Claire Benton", clinical_lead="Mr Owen Hart",
                purpose="Ophthalmology transformation in three projects: the population's "
                        "eye health needs, waiting lists prioritised by risk, and community "
                        "pathways focused on prevention.",
                deliverables="Community glaucoma monitoring by accredited optometrists; pre- "
                             "and post-cataract care in the community; patient-initiated "
                             "follow-up.",
                costs="£350,000 for optometrist accreditation and community equipment.",
                summary="Community glaucoma monitoring is live; waits are steady at around "
                        "60% within 18 weeks, well short of the 70% target.",
                progress=(
                    "Patient-initiated follow-up live in glaucoma clinics.",
                    "Eight optometrists completed glaucoma accreditation.",
                    "Post-cataract checks moved to community optometry.",
                    "Waiting list risk stratification refreshed.",
                    "Children's eye service needs assessment completed.",
                    "Independent sector cataract capacity confirmed for winter.",
                ),
                confidence="ggggGG", latest="approved",
                milestones=(
                    DemoMilestone("Eye health needs assessment", -18, "done"),
                    DemoMilestone("Waiting lists prioritised by risk", -14, "done", key=True),
                    DemoMilestone("Community glaucoma monitoring live", -7, "done_late",
                                  key=True),
                    DemoMilestone("Post-cataract care in the community", -2, "done"),
                    DemoMilestone("Children's community eye service", 5, "on_track"),
                ),
                kpis=(
                    DemoKPI(
                        "Referral to treatment within 18 weeks: ophthalmology",
                        Unit.PERCENTAGE, Up,
                        "Patients waiting for ophthalmology treatment who have waited under "
                        "18 weeks since referral, as a percentage of all waiting.",
                        "NHS England referral to treatment waiting times", 58, 60.5, 1.6,
                        target=70, benefit="Shorter waits for eye treatment",
                    ),
                    savings(first=28000, last=32000, noise=5000, target=40000),
                ),
                risks=(
                    DemoRisk(
                        "Optometrist accreditation uptake",
                        "Optometrists must fund their own time to train.",
                        "too few complete glaucoma accreditation",
                        "hospital clinics keep the monitoring.",
                        Domain.BUSINESS, (3, 3), (3, 2), (2, 2), raised=16, rescores=2,
                    ),
                    DemoRisk(
                        "Cataract capacity in the independent sector",
                        "National changes to independent sector contracts.",
                        "cataract capacity falls",
                        "waits for cataract surgery lengthen.",
                        Domain.SERVICE, (2, 4), (2, 4), (1, 4), raised=6, rescores=0,
                    ),
                ),
            ),
            DemoWorkstream(
                "Cancer",
                objectives="Diagnose cancer earlier and faster, and start treatment within "
                           "62 days.",
                scope="Faster diagnosis pathways, community diagnostic centres, lung health "
                      "checks, histopathology.",
                sro="Anthony Sharpe", lead="Natalie Shaw", clinical_lead="Dr Imran Qureshi",
                previous_sros=(("Fiona Blake", SROS_SINCE),), sro_since=date(2025, 4, 1),
                purpose="Acute providers are failing to meet the cancer waiting times "
                        "standards; this workstream redesigns pathways with the cancer "
                        "alliance.",
                deliverables="Best-practice timed pathways for lung, prostate and colorectal "
                             "cancer; community diagnostic centre capacity; targeted lung "
                             "health checks.",
                costs="£3.2m cancer alliance funding in 2026/27.",
                summary="62-day performance is recovering from the July 2025 dip; diagnostic "
                        "capacity remains the main constraint.",
                progress=(
                    "Prostate best-practice timed pathway implemented.",
                    "Community diagnostic centre CT extended to evenings.",
                    "Lung health check invitations reached Kidsgrove.",
                    "Histopathology digital reporting pilot started.",
                    "Colorectal straight-to-test pathway audited.",
                    "Tumour site recovery plans refreshed with the cancer alliance.",
                ),
                confidence="AAAaaA", latest="submitted",
                decisions="The Board is asked to support the business case for a second "
                          "community diagnostic centre CT scanner.",
                milestones=(
                    DemoMilestone("Lung best-practice timed pathway", -17, "done", key=True),
                    DemoMilestone("Prostate best-practice timed pathway", -6, "done_late"),
                    DemoMilestone("Histopathology digital reporting", 0, "late", key=True),
                    DemoMilestone("Second community diagnostic centre CT scanner", 8,
                                  "at_risk", key=True),
                ),
                kpis=(
                    DemoKPI(
                        "Cancer 62-day performance", Unit.PERCENTAGE, Up,
                        "Patients starting first treatment within 62 days of an urgent "
                        "suspected cancer referral, screening referral or consultant upgrade.",
                        "Cancer waiting times", 69, 71.5, 1.8, target=80,
                        benefit="More patients treated within 62 days",
                        events=(("outlier", date(2025, 7, 1), -13,
                                 "Industrial action and a CT scanner failure reduced "
                                 "diagnostic capacity."),),
                    ),
                    DemoKPI(
                        "Faster diagnosis standard", Unit.PERCENTAGE, Up,
                        "Patients told they have cancer, or that it is ruled out, within 28 "
                        "days of referral.",
                        "Cancer waiting times", 76.5, 78.5, 1.6, target=82,
                        benefit="Cancer diagnosed or ruled out within 28 days", months=30,
                    ),
                ),
                risks=(
                    DemoRisk(
                        "Diagnostic capacity for faster diagnosis",
                        "CT and endoscopy demand is 15% above capacity.",
                        "diagnostic waits lengthen",
                        "cancers are diagnosed later and 62-day performance falls.",
                        Domain.SAFETY, (4, 4), (5, 5), (3, 4), raised=19, rescores=4,
                        controls="Insourcing at weekends; community diagnostic centre.",
                        further_actions="Business case for a second CT scanner to the Board.",
                    ),
                    DemoRisk(
                        "Histopathology reporting turnaround",
                        "Consultant histopathologist vacancies.",
                        "reports take longer than 10 days",
                        "treatment decisions are delayed.",
                        Domain.SERVICE, (4, 3), (5, 3), (3, 3), raised=12, rescores=2,
                    ),
                    DemoRisk(
                        "Cancer alliance funding conditions",
                        "Alliance funding depends on meeting national milestones.",
                        "some funding is withheld",
                        "pathway posts end early.",
                        Domain.FINANCE, (2, 5), (1, 5), (1, 3), raised=9, rescores=1,
                    ),
                ),
            ),
        ),
    ),
    DemoProgramme(
        "Prevention", CLINICAL,
        "Prevention and wellbeing in the priority areas of cardiovascular, locomotor, "
        "respiratory and wellbeing, through social prescribing, Making Every Contact Count "
        "and population health management.",
        sro="Susan Marsh", directors=(("Andrew Donaldson", date(2019, 1, 7)),),
        workstreams=(
            DemoWorkstream(
                "Cardiovascular",
                objectives="Find and treat high blood pressure, atrial fibrillation and high "
                           "cholesterol.",
                scope="Case finding in primary care and pharmacies, blood pressure "
                      "optimisation, remote monitoring of atrial fibrillation.",
                sro="Ian Draper", lead="Jas Bains",
                purpose="Cardiovascular disease is a leading cause of early death in Stoke-on-"
                        "Trent; this workstream finds and treats its causes earlier.",
                deliverables="Blood pressure checks in every pharmacy; hypertension "
                             "optimisation in every network; remote atrial fibrillation "
                             "monitoring.",
                costs="£420,000 from the health inequalities fund.",
                summary="Hypertension treated to target has risen seven months running.",
                progress=(
                    "Pharmacy blood pressure checks passed 20,000.",
                    "Hypertension searches run in every practice.",
                    "Atrial fibrillation remote monitoring extended.",
                    "Lipid optimisation guidance agreed.",
                    "Community health checks held in Bentilee and Meir.",
                    "Hypertension dashboard shared with networks.",
                ),
                confidence="ggGGGG", latest="approved",
                milestones=(
                    DemoMilestone("Atrial fibrillation remote monitoring", -16, "done",
                                  key=True),
                    DemoMilestone("Blood pressure checks in every pharmacy", -10, "done"),
                    DemoMilestone("Hypertension optimisation in every network", -3,
                                  "done_late", key=True),
                    DemoMilestone("Lipid optimisation rolled out", 4, "on_track"),
                ),
                kpis=(
                    DemoKPI(
                        "Hypertension treated to target", Unit.PERCENTAGE, Up,
                        "Patients with hypertension whose latest blood pressure is at or "
                        "below the age-appropriate threshold.",
                        "CVDPREVENT", 66, 67, 0.5, target=77,
                        benefit="More people with high blood pressure treated to target",
                        events=(("trend", 8, 0.4),),
                    ),
                ),
                risks=(
                    DemoRisk(
                        "Practice participation in case finding",
                        "Practices prioritise access over proactive work.",
                        "case finding stalls in some networks",
                        "inequalities in blood pressure control widen.",
                        Domain.BUSINESS, (3, 3), (3, 3), (2, 2), raised=13, rescores=1,
                    ),
                    DemoRisk(
                        "Blood pressure monitor supply",
                        "A national shortage of validated monitors.",
                        "monitors are not available for loan",
                        "home monitoring cannot start.",
                        Domain.SERVICE, (3, 2), (1, 2), (1, 2), raised=15, rescores=1,
                        closed=True,
                    ),
                ),
            ),
            DemoWorkstream(
                "Respiratory",
                objectives="Protect people from flu and respiratory illness, and support "
                           "people with COPD to stay well.",
                scope="Flu vaccination, pulmonary rehabilitation, COPD case finding, winter "
                      "respiratory hubs.",
                sro="Martin Greaves", lead="Emma Wainwright",
                purpose="Respiratory illness drives winter admissions; this workstream "
                        "raises vaccination uptake and supports people with COPD.",
                deliverables="Targeted flu vaccination in deprived areas; pulmonary "
                             "rehabilitation capacity; winter respiratory hubs.",
                costs="£260,000 for outreach vaccination and respiratory hubs.",
                summary="Flu uptake in the over-65s has fallen since the spring; outreach "
                        "clinics start in November.",
                progress=(
                    "Pulmonary rehabilitation waiting list validated.",
                    "Outreach vaccination plan agreed with both councils.",
                    "Respiratory hub sites confirmed for winter.",
                    "Flu vaccination campaign launched.",
                    "Care home vaccination visits scheduled.",
                    "COPD case finding searches started.",
                ),
                confidence="AAAAAA", latest="draft",
                milestones=(
                    DemoMilestone("Pulmonary rehabilitation extra capacity", -9, "done"),
                    DemoMilestone("Winter respiratory hubs open", 1, "at_risk", key=True),
                    DemoMilestone("Outreach vaccination in priority wards", 1, "on_track",
                                  key=True),
                    DemoMilestone("COPD case finding in every network", 6, "on_track"),
                ),
                kpis=(
                    DemoKPI(
                        "Flu vaccination uptake, aged 65 and over", Unit.PERCENTAGE, Up,
                        "People aged 65 and over vaccinated against flu in the 12 months to "
                        "the end of the month, as a percentage of registered patients aged 65 "
                        "and over.",
                        "ImmForm and GP systems", 75.8, 76.2, 0.45, target=80,
                        benefit="More older people protected against flu",
                        events=(("shift", date(2026, 3, 1), -1.8,
                                 "The 2025/26 season's uptake was lower than the season "
                                 "before."),),
                    ),
                ),
                risks=(
                    DemoRisk(
                        "Vaccine hesitancy in deprived areas",
                        "Lower trust in vaccination in some communities.",
                        "uptake stays low where need is highest",
                        "more winter admissions and deaths in those communities.",
                        Domain.SAFETY, (4, 3), (4, 2), (3, 2), raised=12, rescores=2,
                    ),
                    DemoRisk(
                        "Pulmonary rehabilitation waiting list",
                        "Too few physiotherapists for rehabilitation classes.",
                        "waits exceed 12 weeks",
                        "people with COPD deteriorate while waiting.",
                        Domain.QUALITY, (5, 2), (5, 2), (3, 2), raised=7, rescores=1,
                    ),
                ),
            ),
            DemoWorkstream(
                "Social Prescribing",
                objectives="Connect people to community support through social prescribing "
                           "link workers (Supportive Communities).",
                scope="Link workers in every primary care network; the voluntary sector "
                      "offer; recording of referrals.",
                sro="Susan Marsh", lead="Kelly Morgan",
                purpose="Social prescribing is one of the three strategic priorities of the "
                        "Prevention programme, with Making Every Contact Count and population "
                        "health management.",
                deliverables="Link workers in every network; a directory of community "
                             "support; consistent recording.",
                costs="Funded through the additional roles scheme and the councils.",
                summary="Referrals are higher than a year ago; voluntary sector capacity is "
                        "stretched.",
                progress=(
                    "Directory of community support refreshed.",
                    "Link worker supervision model agreed.",
                    "Referral coding guidance issued to practices.",
                    "Green social prescribing projects started in Leek.",
                    "Voluntary sector capacity survey completed.",
                    "Pharmacies began referring to link workers.",
                ),
                confidence="GGGggg", latest="submitted",
                milestones=(
                    DemoMilestone("Link workers in every network", -13, "done", key=True),
                    DemoMilestone("Community support directory live", -8, "done"),
                    DemoMilestone("Consistent referral recording", 2, "on_track"),
                ),
                kpis=(
                    DemoKPI(
                        "Social prescribing referrals", Unit.NUMBER, Up,
                        "Referrals to social prescribing link workers in the month.",
                        "Link worker case records", 800, 870, 45, target=1000,
                        benefit="More people connected to community support", months=30,
                        decimals=0,
                    ),
                ),
                risks=(
                    DemoRisk(
                        "Referrals not recorded in GP systems",
                        "Referrals are recorded in several systems.",
                        "activity is under-counted",
                        "the impact of social prescribing is understated.",
                        Domain.BUSINESS, (4, 2), (4, 1), (2, 1), raised=10, rescores=1,
                    ),
                    DemoRisk(
                        "Voluntary sector capacity",
                        "Voluntary groups depend on short-term grants.",
                        "groups cannot take more referrals",
                        "people are referred to support that is full.",
                        Domain.SERVICE, (3, 3), (3, 3), (2, 2), raised=4, rescores=0,
                    ),
                    DemoRisk(
                        "Link worker turnover",
                        "Link worker roles are short contracts on modest pay.",
                        "link workers leave",
                        "caseloads move and relationships are lost.",
                        Domain.WORKFORCE, (4, 2), (5, 1), (3, 1), raised=11, rescores=2,
                    ),
                ),
            ),
        ),
    ),
    DemoProgramme(
        "Workforce", ENABLING,
        "A sustainable health and care workforce: the Talent Academy, apprenticeships, "
        "redeployment and recruitment across partners.",
        sro="Peter Naylor",
        directors=(("Greg Moores", date(2016, 9, 1)), ("Alex Brett", date(2019, 6, 1))),
        risks=(
            DemoRisk(
                "System-wide nursing shortfall",
                "Retirements and fewer international recruits.",
                "registered nurse vacancies rise above 10%",
                "wards and community teams rely on agency staff and quality suffers.",
                Domain.WORKFORCE, (4, 4), (4, 4), (3, 3), raised=18, rescores=3,
            ),
        ),
        workstreams=(
            DemoWorkstream(
                "Talent Academy",
                objectives="Attract local people into health and care careers through the "
                           "Staffordshire & Stoke-on-Trent Talent Academy.",
                scope="Apprenticeships, work experience, the Apprenticeship Levy Transfer, "
                      "cornerstone schools.",
                sro="Robert Kemp", lead="Chris Poole",
                purpose="The Talent Academy launched in 2019 to bring local people into "
                        "health and care; apprenticeships are its main route.",
                deliverables="Health and social care apprenticeships with rotational "
                             "placements; levy transfer to care providers; schools outreach.",
                costs="Apprenticeship levy; £120,000 for the academy team.",
                summary="Apprenticeship starts peaked in September as planned.",
                progress=(
                    "Levy transfer agreed with 12 care providers.",
                    "Cornerstone schools careers week held.",
                    "Rotational placements confirmed for September.",
                    "September cohort of 46 apprentices started.",
                    "Virtual work experience relaunched.",
                    "Apprenticeship completion rates reviewed.",
                ),
                confidence="GGGGGG", latest="submitted",
                milestones=(
                    DemoMilestone("Levy transfer to care providers", -6, "done"),
                    DemoMilestone("September apprentice cohort", -2, "done", key=True),
                    DemoMilestone("Schools outreach in every district", 3, "on_track"),
                ),
                kpis=(
                    DemoKPI(
                        "Health and care apprenticeship starts", Unit.NUMBER, Up,
                        "Apprenticeship starts across partner organisations in the month.",
                        "Partner HR systems", 30, 34, 4, target=45,
                        benefit="More local people starting health and care careers",
                        decimals=0, events=(("season", {9: 14, 10: 5}),),
                    ),
                ),
                risks=(
                    DemoRisk(
                        "Apprenticeship levy returned unspent",
                        "Partners do not plan levy spend early enough.",
                        "levy funds expire",
                        "fewer apprenticeships are funded.",
                        Domain.FINANCE, (3, 3), (2, 3), (1, 2), raised=14, rescores=2,
                    ),
                    DemoRisk(
                        "Placements in care homes",
                        "Care homes have little capacity to supervise apprentices.",
                        "rotational placements are cancelled",
                        "apprentices leave the programme.",
                        Domain.BUSINESS, (2, 2), (1, 1), (1, 1), raised=9, rescores=2,
                    ),
                ),
            ),
            DemoWorkstream(
                "Recruitment and Retention",
                objectives="Reduce staff turnover and vacancies across partner "
                           "organisations; redeploy rather than make staff redundant.",
                scope="Retention programmes, the New Horizons Hub, the redeployment service, "
                      "international recruitment.",
                sro="Robert Kemp", lead="Angela Moss",
                purpose="Turnover and vacancies drive agency spend; the redeployment service "
                        "has saved the NHS over £4m in redundancy costs.",
                deliverables="A system retention plan; flexible working offer; redeployment "
                             "service; international recruitment pipeline.",
                costs="£180,000 a year for the redeployment service and retention leads.",
                summary="Turnover is edging down; international recruitment has slowed.",
                progress=(
                    "Retention leads in post at every trust.",
                    "Flexible working offer published.",
                    "Stay conversations rolled out to nursing.",
                    "Redeployment service placed nine staff.",
                    "International recruitment pipeline reviewed.",
                    "Exit interview themes reported to the SRO.",
                ),
                confidence="ggggAA", latest="draft",
                milestones=(
                    DemoMilestone("System retention plan agreed", -11, "done", key=True),
                    DemoMilestone("Flexible working offer", -5, "done_late"),
                    DemoMilestone("International recruitment cohort", 1, "late", key=True),
                    DemoMilestone("Retention plan evaluation", 7, "on_track"),
                ),
                kpis=(
                    DemoKPI(
                        "Staff turnover, rolling 12 months", Unit.PERCENTAGE, Down,
                        "Leavers in the last 12 months as a percentage of average staff in "
                        "post at partner NHS trusts.",
                        "NHS Workforce Statistics (ESR)", 12.2, 11.6, 0.25, target=11.0,
                        benefit="Fewer staff leaving",
                    ),
                ),
                risks=(
                    DemoRisk(
                        "International recruitment pipeline",
                        "Changes to visa rules for care and health workers.",
                        "fewer international recruits arrive",
                        "vacancies stay high in nursing and care.",
                        Domain.WORKFORCE, (3, 4), (4, 3), (2, 3), raised=8, rescores=2,
                    ),
                    DemoRisk(
                        "Redeployment service funding",
                        "Funding was agreed year by year.",
                        "the service stops",
                        "redundancy costs and lost skills.",
                        Domain.FINANCE, (3, 3), (2, 3), (1, 3), raised=17, rescores=1,
                        closed=True,
                    ),
                ),
            ),
        ),
    ),
    DemoProgramme(
        "Organisational Development and Leadership", ENABLING,
        "System leadership and organisational development: the High Potential Scheme, "
        "Stepping Up and leadership for inclusion.",
        sro="Claire Rowley", directors=(("Linda Holland", date(2018, 6, 1)),),
        workstreams=(
            DemoWorkstream(
                "High Potential Scheme",
                objectives="Accelerate high potential mid-level leaders (bands 8a-d) into "
                           "senior health and care roles.",
                scope="The NHS High Potential Scheme with the NHS Leadership Academy, career "
                      "coaching, assignments and placements.",
                sro="Claire Rowley", lead="Faye Dunn",
                purpose="Staffordshire and Stoke-on-Trent was the first of seven pilot "
                        "areas to welcome applications to the High Potential Scheme, "
                        "launched on 29 July 2019.",
                deliverables="Two development streams; career coaches; stretch placements "
                             "across partners.",
                costs="Funded by the NHS Leadership Academy; partners release participants.",
                summary="The second cohort is in placements; the scheme's evaluation is due "
                        "in the spring.",
                progress=(
                    "Second cohort completed development centres.",
                    "Career coaches matched to every participant.",
                    "Stretch placements offered by six partners.",
                    "Participants presented at the Transformation Board.",
                    "Mid-point reviews completed.",
                    "Evaluation framework agreed with the Leadership Academy.",
                ),
                confidence="GGGGGG", latest="approved",
                milestones=(
                    DemoMilestone("Second cohort recruited", -14, "done", key=True),
                    DemoMilestone("Stretch placements agreed", -4, "done"),
                    DemoMilestone("Scheme evaluation", 5, "on_track", key=True),
                ),
                kpis=(
                    DemoKPI(
                        "Leaders on the High Potential Scheme", Unit.NUMBER, Up,
                        "Mid-level leaders (bands 8a-d or equivalent) active on the scheme "
                        "at the end of the month.",
                        "Scheme records", 30, 33, 1.5, target=40,
                        benefit="More local leaders ready for senior roles", months=30,
                        decimals=0,
                    ),
                ),
                risks=(
                    DemoRisk(
                        "Stretch placements",
                        "Services under pressure cannot release participants.",
                        "participants cannot take up placements",
                        "the scheme does not deliver its experience.",
                        Domain.BUSINESS, (3, 3), (2, 3), (1, 2), raised=10, rescores=1,
                    ),
                    DemoRisk(
                        "Leadership Academy funding",
                        "National budgets for leadership programmes are under review.",
                        "pilot funding is withdrawn",
                        "the third cohort does not start.",
                        Domain.FINANCE, (2, 3), (1, 3), (1, 3), raised=6, rescores=1,
                    ),
                ),
            ),
        ),
    ),
    DemoProgramme(
        "Digital", ENABLING,
        "The IT & Technology enabling workstream of the 2016 framework: technology that lets "
        "partners share records and people manage their own care.",
        sro="Martin Greaves", directors=(("Sunita Rai", SROS_SINCE),),
        workstreams=(
            DemoWorkstream(
                "Shared Care Record",
                objectives="Every clinician and care professional sees the records they need, "
                           "whichever partner holds them.",
                scope="The shared care record across GP practices, trusts, councils and "
                      "hospices; cyber security; social care integration.",
                sro="Martin Greaves", lead="Rob Sharma",
                purpose="Mainstreaming digitally enabled care needs records shared across "
                        "the system; this workstream connects every partner.",
                deliverables="GP practices, trusts and both councils connected; social care "
                             "records viewable; usage reporting.",
                costs="£1.6m digital capital over three years.",
                summary="Nearly every practice is connected; social care integration is the "
                        "remaining work.",
                progress=(
                    "Hospice records connected.",
                    "Staffordshire County Council social care feed tested.",
                    "Usage dashboard published.",
                    "Four more practices connected.",
                    "Cyber security exercise completed.",
                    "Stoke-on-Trent social care feed specified.",
                ),
                confidence="GGGggg", latest="approved",
                milestones=(
                    DemoMilestone("Acute trusts connected", -18, "done", key=True),
                    DemoMilestone("Community and mental health trusts connected", -10,
                                  "done"),
                    DemoMilestone("Social care records viewable", 1, "late", key=True),
                    DemoMilestone("Every GP practice connected", 3, "on_track"),
                ),
                kpis=(
                    DemoKPI(
                        "GP practices sharing records", Unit.PERCENTAGE, Up,
                        "GP practices whose records can be viewed through the shared care "
                        "record.",
                        "Shared care record supplier reports", 88, 93, 1.8, target=100,
                        benefit="Records available wherever people are cared for",
                        decimals=0,
                    ),
                ),
                risks=(
                    DemoRisk(
                        "Cyber security incident",
                        "Attacks on NHS suppliers are increasing.",
                        "a supplier is compromised",
                        "records are unavailable and data may be lost.",
                        Domain.SERVICE, (2, 5), (3, 5), (2, 5), raised=12, rescores=2,
                    ),
                    DemoRisk(
                        "Social care system integration",
                        "The councils' case management systems lack standard interfaces.",
                        "social care records cannot be shared",
                        "the record stays health-only.",
                        Domain.BUSINESS, (3, 3), (3, 4), (2, 3), raised=9, rescores=2,
                    ),
                ),
            ),
        ),
    ),
    DemoProgramme(
        "Estates", ENABLING,
        "Buildings fit for purpose: using the estate well, reducing void space and "
        "reviewing community hospitals in South Staffordshire.",
        sro="Gillian Price", directors=(("Hannah Brookes", SROS_SINCE),),
        workstreams=(
            DemoWorkstream(
                "Community Hospitals",
                objectives="Community hospitals in South Staffordshire used for the services "
                           "local people need.",
                scope="Review of the use and function of community hospitals in South "
                      "Staffordshire; void space; backlog maintenance.",
                sro="Gillian Price", lead="Gary Whitfield",
                purpose="The 2019 public conversation asked about the use and function of "
                        "community hospitals in South Staffordshire; this workstream acts on "
                        "the review.",
                deliverables="Options appraisal; void space reduction; a backlog maintenance "
                             "plan.",
                costs="£900,000 capital for reconfiguration and backlog maintenance.",
                summary="Void space is down; the options appraisal awaits public "
                        "involvement.",
                progress=(
                    "Space utilisation survey completed.",
                    "Two void wards let to community services.",
                    "Backlog maintenance survey commissioned.",
                    "Options appraisal workshop held.",
                    "Staff briefings on the options held.",
                    "Involvement plan drafted with Communications and Engagement.",
                ),
                confidence="gggAAA", latest="not_started",
                milestones=(
                    DemoMilestone("Space utilisation survey", -12, "done"),
                    DemoMilestone("Void wards let", -4, "done_late"),
                    DemoMilestone("Options appraisal to the Board", 1, "at_risk", key=True),
                    DemoMilestone("Public involvement on options", 5, "on_track", key=True),
                ),
                kpis=(
                    DemoKPI(
                        "Void and under-used space", Unit.PERCENTAGE, Down,
                        "Void and under-used space across the NHS estate as a percentage of "
                        "floor area.",
                        "Estates returns (ERIC)", 10.2, 9.6, 0.35, target=8.0,
                        benefit="Less money spent on empty buildings", months=24,
                    ),
                ),
                risks=(
                    DemoRisk(
                        "Public opposition to changes",
                        "Strong local attachment to community hospitals.",
                        "proposals are opposed",
                        "delay, referral to the Secretary of State and reputational harm.",
                        Domain.REPUTATION, (4, 3), (4, 3), (3, 3), raised=11, rescores=1,
                    ),
                    DemoRisk(
                        "Backlog maintenance",
                        "Ageing buildings.",
                        "minor failures close rooms",
                        "clinics are moved at short notice.",
                        Domain.SERVICE, (3, 2), (3, 1), (2, 1), raised=13, rescores=2,
                    ),
                ),
            ),
        ),
    ),
    DemoProgramme(
        "Communications and Engagement", ENABLING,
        "Best practice communications and engagement for every SRO; co-production with "
        "patients, the public and staff.",
        sro="Ian Draper", directors=(("Gemma Lloyd", SROS_SINCE),),
        workstreams=(
            DemoWorkstream(
                "Public Involvement",
                objectives="People help shape health and care through listening events, "
                           "roadshows, surveys and reference groups.",
                scope="Involvement for every programme; reference groups; Healthwatch "
                      "partnership; staff engagement.",
                sro="Ian Draper", lead="Gemma Lloyd",
                purpose="Co-production with full engagement of key stakeholders, assured by "
                        "the communications and engagement workstream.",
                deliverables="An involvement plan for each programme; reference groups; "
                             "reports of findings.",
                costs="Core communications team budget.",
                summary="Involvement activity is steady; reference group membership is "
                        "growing.",
                progress=(
                    "Reference group recruitment drive.",
                    "Community mental health report of findings published.",
                    "Listening events held in Tamworth and Stafford.",
                    "Healthwatch joint survey closed with 1,900 responses.",
                    "Staff roadshows on the winter plan.",
                    "Involvement plan for community hospitals drafted.",
                ),
                confidence="GGGGGg", latest="draft",
                milestones=(
                    DemoMilestone("Involvement strategy refreshed", -9, "done", key=True),
                    DemoMilestone("Reference groups for every programme", -1, "overdue"),
                    DemoMilestone("Involvement on community hospital options", 5,
                                  "on_track", key=True),
                ),
                kpis=(
                    DemoKPI(
                        "People reached through involvement", Unit.NUMBER, Neither,
                        "People taking part in listening events, roadshows, surveys and "
                        "reference groups in the month.",
                        "Engagement team records", 900, 1100, 140, decimals=0,
                        events=(("outlier", date(2025, 6, 1), 1500,
                                 "Public conversation on the five-year plan."),),
                    ),
                ),
                risks=(
                    DemoRisk(
                        "Engagement fatigue",
                        "Many consultations in a short time.",
                        "fewer people take part",
                        "views gathered are not representative.",
                        Domain.REPUTATION, (3, 2), (2, 1), (1, 1), raised=7, rescores=2,
                    ),
                    DemoRisk(
                        "Venue costs for listening events",
                        "Free venues withdrawn.",
                        "events cost more than budgeted",
                        "fewer events are held.",
                        Domain.FINANCE, (3, 2), (1, 2), (1, 1), raised=15, rescores=1,
                        closed=True,
                    ),
                ),
            ),
        ),
    ),
]


@demo_loader
def load(context):
    """Add Staffordshire's programmes and their delivery records to the demo."""
    partnership = context["partnerships"]["staffordshire"]
    people = _people(context["organisations"])
    pmo = people[PMO_EMAIL]
    built = []
    for spec in PROGRAMMES:
        programme, _ = upsert(
            Programme, partnership=partnership, name=spec.name,
            defaults={"kind": spec.kind, "description": spec.description,
                      "status": Programme.Status.ACTIVE},
        )
        _appoint_directors(programme, spec, people)
        _appoint(programme, Role.SRO, people[spec.sro], SROS_SINCE)
        for ws_spec in spec.workstreams:
            workstream, _ = upsert(
                Workstream, programme=programme, name=ws_spec.name,
                defaults={"objectives": ws_spec.objectives, "scope": ws_spec.scope,
                          "status": Workstream.Status.ACTIVE},
            )
            for role, previous, current, since in (
                (Role.SRO, ws_spec.previous_sros, ws_spec.sro, ws_spec.sro_since),
                (Role.WORKSTREAM_LEAD, ws_spec.previous_leads, ws_spec.lead,
                 ws_spec.lead_since),
            ):
                for name, start in (*previous, (current, since)):
                    _appoint(workstream, role, people[name], start)
            if ws_spec.clinical_lead:
                _appoint(workstream, Role.CLINICAL_LEAD, people[ws_spec.clinical_lead],
                         LEADS_SINCE)
            built.append((workstream, ws_spec))
        for risk_spec in spec.risks:
            _risk(risk_spec, people[spec.sro], programme=programme)

    # Phases, so that each record finds what it depends on: KPIs and actuals first (PIDs
    # commit to them, ratings read them), then PIDs (they create the milestones), then
    # risks, then the updates that report on all of it.
    kpis = {ws.pk: _kpis(ws, spec, people) for ws, spec in built}
    _enter_actuals(kpis, people, built)
    for workstream, spec in built:
        _pid(workstream, spec, kpis[workstream.pk], people, pmo)
    for workstream, spec in built:
        for risk_spec in spec.risks:
            _risk(risk_spec, people[spec.lead], workstream=workstream)
    for workstream, spec in built:
        _updates(workstream, spec, kpis[workstream.pk], people)
    # For the loaders after this one (governance's boards and packs report on these).
    context["workstreams"] = {ws.name: ws for ws, _ in built}


# People and roles --------------------------------------------------------------------------

def _people(organisations):
    """Everyone the specs name, by full name (and the PMO by e-mail), creating the extras."""
    for email, name, title, org in PEOPLE:
        person, created = upsert(
            User, email=email,
            defaults={"full_name": name, "job_title": title,
                      "organisation": organisations.get(org), "is_active": True},
        )
        if created:
            person.set_unusable_password()
            person.save(update_fields=["password"])
    demo_people = User.objects.filter(
        Q(email__endswith="@demo.twb.nhs.uk") | Q(email__endswith="@example.com")
    )
    people = {p.full_name: p for p in demo_people}
    people.update({p.email: p for p in demo_people})
    return people


def _appoint_directors(programme, spec, people):
    """Appoint each director in turn; appoint() ends the one before on the day before."""
    for name, since in spec.directors:
        _appoint(programme, Role.PROGRAMME_DIRECTOR, people[name], since)


def _appoint(record, role, person, since):
    """Appoint unless done already (or someone has been appointed since, in the app)."""
    if RoleAssignment.objects.scoped_to(record).filter(role=role, person=person).exists():
        return
    try:
        with _clock(since):
            appoint(role, record, person, since)
    except AppointmentNotAllowed:
        pass  # a later appointment made in the app stands


# KPIs ------------------------------------------------------------------------------------

def _kpis(workstream, spec, people):
    """Upsert the workstream's KPIs and plan their trajectories; returns (KPI, spec, values).

    A KPI measured for six months or more before the PID was approved is baselined on the
    year before approval (and the PID commits to it); a newer one on its own first year.
    """
    approved_on = _approved_on(spec)
    found = []
    for kpi_spec in spec.kpis:
        values = series(workstream.name, kpi_spec)
        periods = sorted(values)
        before = [p for p in periods if p < approved_on.replace(day=1)]
        if len(before) >= 6:
            baseline_period, baseline_periods = before[-1], before[-12:]
            created_on = approved_on - timedelta(days=40)
        else:
            baseline_period, baseline_periods = periods[11], periods[:12]
            created_on = baseline_period + timedelta(days=40)
        baseline = _round(sum(values[p] for p in baseline_periods) / len(baseline_periods),
                          kpi_spec.decimals)
        target = None if kpi_spec.target is None else _decimal(kpi_spec.target)
        with _clock(created_on):
            kpi, _ = upsert(
                KPI, workstream=workstream, name=kpi_spec.name,
                defaults={
                    "definition": kpi_spec.definition, "unit": kpi_spec.unit,
                    "improvement": kpi_spec.improvement,
                    "frequency": KPI.Frequency.MONTHLY, "data_source": kpi_spec.source,
                    "baseline_value": baseline, "baseline_period": baseline_period,
                    "target_value": target,
                    "target_date": TARGET_DATE if target is not None else None,
                },
            )
            if target is not None and not kpi.trajectory.exists():
                bulk_create_with_history(
                    _trajectory(kpi, baseline_period, baseline, target, kpi_spec.decimals),
                    KPITrajectoryPoint, default_user=people[spec.lead],
                )
        found.append((kpi, kpi_spec, values))
    return found


def series(seed, spec):
    """The monthly actuals of a KPI to LAST_ACTUAL: {period: Decimal}, the same every run."""
    rng = random.Random(f"{seed}/{spec.name}")
    n = spec.months
    periods = [_add_months(LAST_ACTUAL, i - n + 1) for i in range(n)]
    values = []
    for i, period in enumerate(periods):
        value = spec.first + (spec.last - spec.first) * i / (n - 1) + rng.gauss(0, spec.noise)
        for event in spec.events:
            if event[0] == "shift" and period >= event[1]:
                value += event[2]
            elif event[0] == "season":
                value += event[1].get(period.month, 0)
        values.append(value)
    for event in spec.events:
        if event[0] == "trend":
            # A run of points each better than the last: the intervention taking hold.
            _, points, step = event
            start = n - points
            for k in range(points):
                values[start + k] = values[start] + step * k + rng.uniform(-0.2, 0.2) * step
        elif event[0] == "outlier":
            values[periods.index(event[1])] += event[2]
    low, high = (0, 100) if spec.unit == Unit.PERCENTAGE else (0, None)
    values = [min(max(v, low), high) if high is not None else max(v, low) for v in values]
    return {p: _round(v, spec.decimals) for p, v in zip(periods, values, strict=True)}


def _trajectory(kpi, baseline_period, baseline, target, decimals):
    """Planned values from the month after the baseline to the target date, in a straight line."""
    months = _months_between(baseline_period, TARGET_DATE)
    return [
        KPITrajectoryPoint(
            kpi=kpi, period=_add_months(baseline_period, k),
            value=_round(float(baseline) + (float(target) - float(baseline)) * k / months,
                         decimals),
        )
        for k in range(1, months + 1)
    ]


def _enter_actuals(kpis, people, built):
    """Enter the actuals each KPI lacks, month by month, as leads enter them after month end."""
    leads = {ws.pk: people[spec.lead] for ws, spec in built}
    notes = {  # why a month stands out, on the month it happened
        (kpi.pk, event[1]): event[3]
        for found in kpis.values() for kpi, spec, _ in found
        for event in spec.events if event[0] in ("shift", "outlier")
    }
    existing = set(
        KPIActual.objects.filter(kpi__in=[k for found in kpis.values() for k, _, _ in found])
        .values_list("kpi_id", "period")
    )
    by_period = {}
    for ws_pk, found in kpis.items():
        for kpi, _spec, values in found:
            for period, value in values.items():
                if (kpi.pk, period) in existing:
                    continue
                actual = KPIActual(
                    kpi=kpi, period=period, value=value, entered_by=leads[ws_pk],
                    note=notes.get((kpi.pk, period), ""),
                )
                actual._history_user = leads[ws_pk]
                by_period.setdefault(period, []).append(actual)
    for period, actuals in sorted(by_period.items()):
        with _clock(_working_day(_add_months(period, 1) + timedelta(days=9))):
            bulk_create_with_history(actuals, KPIActual)


# PIDs and milestones -----------------------------------------------------------------------

def _pid(workstream, spec, kpis, people, pmo):
    """Version 1 approved at the Board (its milestones then baselined and progressed); v2."""
    lead, sro = people[spec.lead], people[spec.sro]
    if not workstream.pids.exists():
        plans = [(m, _baseline(m)) for m in spec.milestones]
        approved_on = _approved_on(spec)
        committed = [kpi for kpi, _, _ in kpis if kpi.baseline_period < approved_on]
        with _clock(approved_on - timedelta(days=35)):
            pid = new_pid_version(workstream, by=lead)
            for name, text in _pid_text(spec, committed).items():
                setattr(pid, name, text)
            _save(pid, by=lead)
            pid.kpis.set(committed)
            for kpi, kpi_spec, _ in kpis:
                if kpi in committed and kpi.target_value is not None:
                    _save(Benefit(
                        pid=pid, description=kpi_spec.benefit or kpi.name,
                        kind=(Benefit.Kind.CASHABLE if kpi.unit == Unit.MONEY
                              else Benefit.Kind.NON_CASHABLE),
                        measure=kpi.name,
                        baseline=f"{_shown(kpi.baseline_value, kpi.unit)} "
                                 f"({kpi.baseline_period:%B %Y})",
                        target=_shown(kpi.target_value, kpi.unit), target_date=kpi.target_date,
                        owner=sro,
                    ), by=lead)
            for milestone, planned in plans:
                _save(PlannedMilestone(pid=pid, title=milestone.title, planned_date=planned,
                                       is_key=milestone.key), by=lead)
        with _clock(approved_on - timedelta(days=10)):
            submit_pid(pid, by=lead)
        with _clock(approved_on, hour=16):
            approve_pid(pid, by=pmo, decision_reference=_minute(approved_on, workstream))
        _progress_milestones(workstream, spec, lead, approved_on)
    if spec.change and not workstream.pids.filter(version=2).exists():
        _change_request(workstream, spec, lead)


def _pid_text(spec, kpis):
    measures = "\n".join(
        f"- {kpi.name}: from {_shown(kpi.baseline_value, kpi.unit)} to "
        f"{_shown(kpi.target_value, kpi.unit)} by {kpi.target_date:%B %Y}"
        for kpi in kpis if kpi.target_value is not None
    )
    return {
        "purpose": spec.purpose,
        "objectives": spec.objectives,
        "scope": spec.scope,
        "exclusions": "Services outside Staffordshire and Stoke-on-Trent; business as usual "
                      "commissioning decisions, which stay with the ICB.",
        "deliverables": spec.deliverables,
        "benefits_summary": measures or "Qualitative: see the objectives.",
        "costs_and_funding": spec.costs,
        "dependencies": "The Digital programme for data and records; the Workforce programme "
                        "for recruitment; partners releasing staff time.",
        "governance": f"The workstream reports monthly to its programme board and through it "
                      f"to the Health and Care Transformation Board. {spec.sro} (SRO) approves "
                      f"the monthly update; {spec.lead} leads day to day.",
        "key_risks": "\n".join(f"- {r.title}" for r in spec.risks if not r.closed),
    }


def _progress_milestones(workstream, spec, lead, approved_on):
    """Bring each newly baselined milestone to where it stands on DEMO_TODAY."""
    for milestone in Milestone.objects.filter(workstream=workstream).order_by("pk"):
        state = next(m.state for m in spec.milestones if m.title == milestone.title)
        baseline = milestone.baseline_date
        offset = _stable(milestone.title, 3, 12)
        far_off = state == "on_track" and baseline - DEMO_TODAY > timedelta(days=120)
        status = Milestone.Status.NOT_STARTED if far_off else Milestone.Status.ON_TRACK
        with _clock(approved_on + timedelta(days=7)):
            edit_milestone(milestone, milestone.version, {"owner": lead, "status": status},
                           by=lead)
        if state == "done":
            done_on = min(baseline - timedelta(days=offset), DEMO_TODAY - timedelta(days=3))
            with _clock(done_on, hour=15):
                complete_milestone(milestone, milestone.version, by=lead, on=done_on)
        elif state == "done_late":
            forecast = baseline + timedelta(days=offset + 10)
            with _clock(baseline - timedelta(days=20)):
                edit_milestone(milestone, milestone.version,
                               {"forecast_date": forecast, "status": Milestone.Status.AT_RISK},
                               by=lead)
            done_on = min(forecast, DEMO_TODAY - timedelta(days=2))
            with _clock(done_on, hour=15):
                complete_milestone(milestone, milestone.version, by=lead, on=done_on)
        elif state in ("at_risk", "late"):
            slip = offset + (8 if state == "at_risk" else 45)
            changed_on = min(baseline, DEMO_TODAY) - timedelta(days=20 + offset)
            status = Milestone.Status.AT_RISK if state == "at_risk" else Milestone.Status.LATE
            with _clock(changed_on):
                edit_milestone(
                    milestone, milestone.version,
                    {"forecast_date": baseline + timedelta(days=slip), "status": status,
                     "notes": f"Forecast moved {slip} days: see the monthly update."},
                    by=lead,
                )
        elif state == "overdue":
            with _clock(min(baseline + timedelta(days=5), DEMO_TODAY - timedelta(days=1))):
                edit_milestone(milestone, milestone.version,
                               {"status": Milestone.Status.LATE}, by=lead)


def _change_request(workstream, spec, lead):
    """A second version through change control, submitted for the next Board."""
    reason, extra = spec.change
    with _clock(DEMO_TODAY - timedelta(days=30)):
        draft = new_pid_version(workstream, by=lead)
        draft.scope = f"{draft.scope}\n\nChange in version 2: {reason}"
        _save(draft, by=lead)
        for plan in draft.planned_milestones.filter(title__startswith="Evaluation"):
            plan.planned_date = _add_months(plan.planned_date, 3)
            _save(plan, by=lead)
        _save(PlannedMilestone(pid=draft, title=extra.title, planned_date=_baseline(extra),
                               is_key=extra.key), by=lead)
    with _clock(DEMO_TODAY - timedelta(days=21)):
        submit_pid(draft, by=lead)


def _approved_on(spec):
    """When the Board approved version 1: some weeks before its first milestone."""
    return _working_day(min(_baseline(m) for m in spec.milestones) - timedelta(days=75))


def _baseline(milestone):
    return _add_months(DEMO_TODAY.replace(day=1), milestone.months).replace(
        day=_stable(milestone.title, 5, 28)
    )


def _minute(day, workstream):
    """A Board minute number, e.g. HCTB/2425/041: the Board, the financial year, the item."""
    year = day.year if day.month >= 4 else day.year - 1
    return f"HCTB/{year % 100:02d}{(year + 1) % 100:02d}/{_stable(workstream.name, 10, 99):03d}"


# Risks -------------------------------------------------------------------------------------

def _risk(spec, owner, workstream=None, programme=None):
    """Raise the risk when it was raised, re-score it over the months since, maybe close it."""
    where = {"workstream": workstream} if workstream else {"programme": programme}
    if Risk.objects.filter(title=spec.title, **where).exists():
        return
    raised_on = _working_day(_add_months(DEMO_TODAY, -spec.raised).replace(
        day=_stable(spec.title, 2, 26)))
    (il, ic), (cl, cc), (tl, tc) = spec.initial, spec.current, spec.target
    review = DEMO_TODAY + timedelta(days=_stable(spec.title, -10, 60))
    risk = Risk(
        title=spec.title, cause=f"Because {spec.cause[0].lower()}{spec.cause[1:]}",
        event=f"There is a risk that {spec.event}",
        effect=f"This would mean {spec.effect}", owner=owner,
        consequence_domain=spec.domain,
        initial_likelihood=il, initial_consequence=ic, likelihood=il, consequence=ic,
        target_likelihood=tl, target_consequence=tc, review_date=review,
        controls=spec.controls or "Monitored at the monthly workstream meeting.",
        gaps_in_control=("" if spec.closed else "Actions depend on partners outside the "
                         "workstream's control."),
        further_actions=spec.further_actions or "Review at the next workstream meeting.",
        **where,
    )
    escalate = cl * cc >= ESCALATION_SCORE and not spec.closed
    with _clock(raised_on):
        raise_risk(risk, by=owner)
        _escalate_if_due(risk, escalate, owner)
    for when, likelihood, consequence in _rescores(spec, raised_on):
        with _clock(when):
            rescore_risk(risk, likelihood, consequence, by=owner, on=when,
                         note=_rescore_note(risk.current_score, likelihood * consequence))
            _escalate_if_due(risk, escalate, owner)
    if spec.closed:
        closed_on = DEMO_TODAY - timedelta(days=_stable(spec.title, 20, 90))
        with _clock(closed_on):
            close_risk(risk, by=owner, on=closed_on)


def _escalate_if_due(risk, escalate, by):
    """Escalate to the board when the score first reaches 15 (for risks still that high now)."""
    if escalate and not risk.escalated and risk.current_score >= ESCALATION_SCORE:
        risk.escalated = True
        _save(risk, by=by)


def _rescores(spec, raised_on):
    """Dated re-scores from the initial score to the current one, evenly spread."""
    (il, ic), (cl, cc) = spec.initial, spec.current
    count = spec.rescores or (0 if (il, ic) == (cl, cc) else 1)
    last = DEMO_TODAY - timedelta(days=_stable(spec.title, 8, 40))
    if spec.closed:
        last -= timedelta(days=100)
    span = (last - raised_on).days
    steps = []
    for k in range(1, count + 1):
        when = _working_day(raised_on + timedelta(days=span * k // count))
        share = k / count
        steps.append((when, round(il + (cl - il) * share), round(ic + (cc - ic) * share)))
    return steps


def _rescore_note(before, after):
    if after > before:
        return "Score raised at the monthly review: the position has worsened."
    if after < before:
        return "Score reduced at the monthly review: controls are taking effect."
    return "Reviewed at the monthly meeting: no change."


# Monthly updates ---------------------------------------------------------------------------

def _updates(workstream, spec, kpis, people):
    """Six months of updates, each taken as far through its lifecycle as the spec says."""
    lead, sro = people[spec.lead], people[spec.sro]
    done = set(workstream.status_updates.values_list("period", flat=True))
    if all(p in done or (p == UPDATE_MONTHS[-1] and spec.latest == "not_started")
           for p in UPDATE_MONTHS):
        return
    # What the updates report on, read once: nothing below changes it.
    facts = {
        "milestones": list(workstream.milestones.all()),
        "risks": [r for r in workstream.risks.open() if r.current_score >= 12],
        "planned": {kpi.pk: kpi.planned_values() for kpi, _, _ in kpis},
    }
    for index, period in enumerate(UPDATE_MONTHS):
        latest = index == len(UPDATE_MONTHS) - 1
        state = spec.latest if latest else "approved"
        if period in done or state == "not_started":
            continue
        month_end = _add_months(period, 1)
        with _clock(_working_day(month_end + timedelta(days=1))):
            update = start_update(workstream, period, by=lead)
        with _clock(_working_day(month_end + timedelta(days=4)), hour=11):
            changes = _update_text(workstream, spec, kpis, facts, index, period)
            if state == "draft":  # half-written: the lead has not finished
                changes = {k: v for k, v in changes.items() if k not in ("planned_next",
                                                                          "issues")}
            edit_update(update, update.version, changes, by=lead)
        if state == "draft":
            continue
        with _clock(_working_day(month_end + timedelta(days=6)), hour=16):
            submit_update(update, by=lead)
        if state == "approved":
            with _clock(_working_day(month_end + timedelta(days=10)), hour=9):
                approve_update(update, by=sro)
        elif state == "returned":
            with _clock(_working_day(month_end + timedelta(days=9)), hour=9):
                return_update(update, by=sro, comment=spec.return_comment)


def _update_text(workstream, spec, kpis, facts, index, period):
    """The lead's words for a month: the spec's story, the month's figures and milestones."""
    month = f"{period:%B}"
    next_month = _add_months(period, 1)
    lines = []
    for kpi, _spec, values in kpis:
        value = values.get(period)
        planned = facts["planned"][kpi.pk].get(period)
        if value is None:
            continue
        sentence = f"{kpi.name} was {_shown(value, kpi.unit)} in {month}"
        if planned is not None:
            sentence += f" against a trajectory of {_shown(planned, kpi.unit)}"
        lines.append(sentence + ".")
    milestones = facts["milestones"]
    completed = [m.title for m in milestones
                 if m.completed_on and (m.completed_on.year, m.completed_on.month)
                 == (period.year, period.month)]
    coming = [m.title for m in milestones
              if not m.is_complete and m.due_date
              and period < m.due_date < _add_months(next_month, 2)]
    risks = facts["risks"]
    achieved = [spec.progress[index]] + [f"Milestone complete: {t}." for t in completed]
    planned = [f"Milestone due: {t}." for t in coming] or [
        f"Continue delivery of the {workstream.name.lower()} plan."]
    code = spec.confidence[index]
    changes = {
        "delivery_confidence": CONFIDENCE_CODES[code],
        "finance_rating": {"G": "green", "g": "green", "A": "amber", "a": "amber",
                           "R": "red"}[code],
        "summary": " ".join([spec.summary, *lines]),
        "achieved": "\n".join(f"- {line}" for line in achieved),
        "planned_next": "\n".join(f"- {line}" for line in planned),
        "issues": "\n".join(f"- {r.title} (risk score {r.current_score})" for r in risks),
        "escalations": "\n".join(f"- {r.title}: scored {r.current_score}, escalated to the "
                                 "Board." for r in risks if r.escalated),
    }
    if spec.decisions and index >= len(UPDATE_MONTHS) - 2:
        changes["decisions_requested"] = spec.decisions
    return changes


# Small helpers -----------------------------------------------------------------------------

def _save(record, by):
    """Save a record as `by` wrote it (their name on its history)."""
    record._history_user = by
    record.save()
    return record


@contextmanager
def _clock(day, hour=10):
    """Date everything written inside as written on `day`, so that histories read true.

    The write functions stamp records with timezone.now(); the demo replays months of work
    in one run, so it moves the clock rather than rewriting their stamps afterwards.
    """
    moment = timezone.make_aware(datetime.combine(day, time(hour)))
    with mock.patch.object(timezone, "now", new=lambda: moment):
        yield


def _stable(text, low, high):
    """A number from low to high that depends only on `text`: varied, yet the same each run."""
    return low + zlib.crc32(text.encode()) % (high - low + 1)


def _add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1)


def _months_between(start, end):
    return (end.year - start.year) * 12 + end.month - start.month


def _working_day(day):
    """The day, or the Monday after it if it falls at a weekend."""
    return day + timedelta(days=max(0, 7 - day.weekday())) if day.weekday() >= 5 else day


def _round(value, decimals):
    return Decimal(str(round(value, decimals)))


def _decimal(value):
    return Decimal(str(value))


def _shown(value, unit):
    """A value as a board paper writes it: 74.2%, £45,000, 1.95 per 1,000, 1,420."""
    if value is None:
        return "no figure"
    number = float(value)
    text = f"{number:,.2f}".rstrip("0").rstrip(".")
    if unit == Unit.PERCENTAGE:
        return f"{text}%"
    if unit == Unit.MONEY:
        return f"£{number:,.0f}"
    if unit == Unit.RATE_PER_1000:
        return f"{text} per 1,000"
    if unit == Unit.RATE_PER_100000:
        return f"{text} per 100,000"
    if unit == Unit.DAYS:
        return f"{text} days"
    return text
