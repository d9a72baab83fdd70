"""Synthetic programmes for the benchmarks: `scale` times a realistic partnership's delivery.

A realistic partnership runs about 10 programmes of 2 workstreams; each workstream has an
approved PID, 8 milestones, 3 KPIs with 36 monthly actuals, 10 risks with a few re-scores and
6 months of updates. Every workstream is built from its own index, so the first workstream
is the same at every scale and a page's query count can be compared across scales.
Everything is bulk-created: no history rows, no lifecycle functions.
"""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from programmes.models import (
    KPI,
    PID,
    Benefit,
    KPIActual,
    KPITrajectoryPoint,
    Milestone,
    PlannedMilestone,
    Programme,
    Risk,
    RiskScore,
    StatusUpdate,
    Workstream,
)
from stp.datasets import load_data_builder
from stp.models import RoleAssignment

Role = RoleAssignment.Role
PROGRAMMES_PER_SCALE = 10
WORKSTREAMS_PER_PROGRAMME = 2
MILESTONES_PER_WORKSTREAM = 8
KPIS_PER_WORKSTREAM = 3
ACTUAL_MONTHS = 36
TRAJECTORY_MONTHS = 18  # the last 12 months and the next 6
RISKS_PER_WORKSTREAM = 10
UPDATE_MONTHS = 6
BATCH = 2000

# (name, unit, improvement, level, spread) a KPI is drawn from.
KPI_KINDS = [
    ("A&E four-hour performance", KPI.Unit.PERCENTAGE, KPI.Improvement.INCREASE, 74, 2),
    ("Delayed transfers of care", KPI.Unit.NUMBER, KPI.Improvement.DECREASE, 120, 10),
    ("Emergency admissions for falls", KPI.Unit.RATE_PER_1000, KPI.Improvement.DECREASE, 2, 0.1),
    ("Flu vaccination uptake", KPI.Unit.PERCENTAGE, KPI.Improvement.INCREASE, 76, 1),
    ("Referral to treatment within 18 weeks", KPI.Unit.PERCENTAGE, KPI.Improvement.INCREASE,
     60, 2),
    ("Cancer 62-day performance", KPI.Unit.PERCENTAGE, KPI.Improvement.INCREASE, 70, 3),
    ("Talking therapies: people entering treatment", KPI.Unit.NUMBER,
     KPI.Improvement.INCREASE, 1500, 60),
    ("Savings against plan", KPI.Unit.MONEY, KPI.Improvement.INCREASE, 40000, 6000),
]
# How the latest month's update stands, by workstream index; the first is a draft, so the
# benchmark can save it as its lead.
LATEST_STATES = [StatusUpdate.Status.DRAFT, StatusUpdate.Status.APPROVED,
                 StatusUpdate.Status.SUBMITTED, StatusUpdate.Status.RETURNED, None]
MILESTONE_STATES = [  # (months from today, status, days forecast late)
    (-10, Milestone.Status.COMPLETE, 0), (-7, Milestone.Status.COMPLETE, 12),
    (-4, Milestone.Status.COMPLETE, 0), (-1, Milestone.Status.LATE, 0),
    (1, Milestone.Status.AT_RISK, 20), (3, Milestone.Status.ON_TRACK, 0),
    (5, Milestone.Status.LATE, 60), (9, Milestone.Status.NOT_STARTED, 0),
]


@load_data_builder
def build(context, scale):
    """Add programmes and their delivery records to the synthetic `load-x<scale>` partnership."""
    partnership, people = context["partnership"], context["people"]
    today = timezone.localdate()
    this_month = today.replace(day=1)
    now = timezone.now()

    programmes = Programme.objects.bulk_create(
        Programme(partnership=partnership, name=f"Programme {p + 1}",
                  kind=Programme.Kind.CLINICAL if p % 3 else Programme.Kind.ENABLING,
                  description=f"Synthetic programme {p + 1}.")
        for p in range(PROGRAMMES_PER_SCALE * scale)
    )
    workstreams = Workstream.objects.bulk_create(
        Workstream(programme=programme, partnership=partnership,
                   name=f"Workstream {i + 1}", objectives="Synthetic objectives.",
                   scope="Synthetic scope.")
        for p, programme in enumerate(programmes)
        for i in range(p * WORKSTREAMS_PER_PROGRAMME, (p + 1) * WORKSTREAMS_PER_PROGRAMME)
    )
    people_for = _roles(partnership, programmes, workstreams, people)

    pids = PID.objects.bulk_create(
        PID(workstream=ws, version=1, status=PID.Status.APPROVED, purpose="Synthetic purpose.",
            objectives="Synthetic objectives.", scope="Synthetic scope.",
            deliverables="Synthetic deliverables.", created_by=people_for[ws.pk]["lead"],
            submitted_by=people_for[ws.pk]["lead"], submitted_at=now - timedelta(days=400),
            approved_by=context["bench_user"], approved_at=now - timedelta(days=390),
            decision_reference=f"HCTB/{i + 1:04d}")
        for i, ws in enumerate(workstreams)
    )
    pid_for = {pid.workstream_id: pid for pid in pids}

    milestones = Milestone.objects.bulk_create(
        _milestone(ws, pid_for[ws.pk], people_for[ws.pk]["lead"], m, this_month)
        for ws in workstreams for m in range(MILESTONES_PER_WORKSTREAM)
    )
    _bulk(PlannedMilestone, (
        PlannedMilestone(pid_id=m.baseline_pid_id, milestone=m, title=m.title,
                         planned_date=m.baseline_date, is_key=m.is_key)
        for m in milestones
    ))

    kpis = KPI.objects.bulk_create(
        _kpi(ws, index, k, this_month)
        for index, ws in enumerate(workstreams) for k in range(KPIS_PER_WORKSTREAM)
    )
    _bulk(PID.kpis.through, (
        PID.kpis.through(pid_id=pid_for[kpi.workstream_id].pk, kpi_id=kpi.pk) for kpi in kpis
    ))
    _bulk(Benefit, (
        Benefit(pid=pid_for[kpi.workstream_id], description=f"Better {kpi.name.lower()}",
                measure=kpi.name, baseline=f"{kpi.baseline_value}",
                target=f"{kpi.target_value}", target_date=kpi.target_date)
        for kpi in kpis
    ))
    _actuals(kpis, people_for, this_month)

    _risks(partnership, workstreams, people_for, today)
    _updates(workstreams, pid_for, people_for, this_month, now)
    context["programmes"] = programmes
    context["workstreams"] = workstreams


def _roles(partnership, programmes, workstreams, people):
    """Scoped roles: a director and SRO per programme, an SRO and lead per workstream."""
    programme_type = ContentType.objects.get_for_model(Programme)
    workstream_type = ContentType.objects.get_for_model(Workstream)
    start = timezone.localdate() - timedelta(days=700)
    count = len(people)
    assignments, people_for = [], {}
    for p, programme in enumerate(programmes):
        for offset, role in ((0, Role.PROGRAMME_DIRECTOR), (1, Role.SRO)):
            assignments.append(RoleAssignment(
                person=people[(p * 7 + offset) % count], role=role, partnership=partnership,
                scope_type=programme_type, scope_id=programme.pk, start_date=start,
            ))
    for i, ws in enumerate(workstreams):
        # Leads from the far end of the list, so nobody leads many workstreams at scale 1.
        holders = {"sro": people[(i * 3 + 1) % count], "lead": people[count - 1 - i % count]}
        people_for[ws.pk] = holders
        for key, role in (("sro", Role.SRO), ("lead", Role.WORKSTREAM_LEAD)):
            assignments.append(RoleAssignment(
                person=holders[key], role=role, partnership=partnership,
                scope_type=workstream_type, scope_id=ws.pk, start_date=start,
            ))
    _bulk(RoleAssignment, assignments)
    return people_for


def _milestone(workstream, pid, lead, m, this_month):
    months, status, late = MILESTONE_STATES[m]
    baseline = _add_months(this_month, months) + timedelta(days=(m * 3) % 25)
    complete = status == Milestone.Status.COMPLETE
    forecast = baseline + timedelta(days=late)
    return Milestone(
        workstream=workstream, title=f"Milestone {m + 1} of {workstream.name}", owner=lead,
        baseline_date=baseline, baseline_pid=pid, forecast_date=forecast,
        completed_on=forecast if complete else None, status=status, is_key=m % 3 == 0,
    )


def _kpi(workstream, index, k, this_month):
    name, unit, improvement, level, spread = KPI_KINDS[(index + k) % len(KPI_KINDS)]
    better = 1 if improvement == KPI.Improvement.INCREASE else -1
    return KPI(
        workstream=workstream, name=name, unit=unit, improvement=improvement,
        definition=f"Synthetic {name.lower()}.", data_source="Synthetic",
        baseline_value=_decimal(level), baseline_period=_add_months(this_month, -ACTUAL_MONTHS),
        target_value=_decimal(level + better * 2 * spread),
        target_date=_add_months(this_month, 6),
    )


def _actuals(kpis, people_for, this_month):
    """36 monthly actuals per KPI to last month, and a trajectory: seeded by the KPI's place."""
    actuals, trajectory = [], []
    for kpi in kpis:
        _name, _unit, _improvement, level, spread = next(k for k in KPI_KINDS if k[0] == kpi.name)
        rng = random.Random(f"{kpi.workstream.name}/{kpi.name}")
        lead = people_for[kpi.workstream_id]["lead"]
        for month in range(ACTUAL_MONTHS):
            period = _add_months(this_month, month - ACTUAL_MONTHS)
            actuals.append(KPIActual(kpi=kpi, period=period, entered_by=lead,
                                     value=_decimal(level + rng.gauss(0, spread))))
        target, baseline = float(kpi.target_value), float(level)
        for month in range(TRAJECTORY_MONTHS):
            share = (month + 1) / TRAJECTORY_MONTHS
            trajectory.append(KPITrajectoryPoint(
                kpi=kpi, period=_add_months(this_month, month - 12),
                value=_decimal(baseline + (target - baseline) * share),
            ))
    _bulk(KPIActual, actuals)
    _bulk(KPITrajectoryPoint, trajectory)


def _risks(partnership, workstreams, people_for, today):
    """10 risks a workstream across the 5x5 matrix; most re-scored once to three times."""
    risks, plans = [], []
    for ws in workstreams:
        owner = people_for[ws.pk]["lead"]
        for r in range(RISKS_PER_WORKSTREAM):
            rng = random.Random(f"{ws.name}/risk {r}")
            likelihood, consequence = rng.randint(1, 5), rng.randint(1, 5)
            first = (min(5, likelihood + 1), consequence)
            closed = r == RISKS_PER_WORKSTREAM - 1
            risks.append(Risk(
                partnership=partnership, workstream=ws, title=f"Risk {r + 1} of {ws.name}",
                cause="Synthetic cause.", event="synthetic event", effect="synthetic effect.",
                owner=owner,
                initial_likelihood=first[0], initial_consequence=first[1],
                initial_score=first[0] * first[1],
                likelihood=likelihood, consequence=consequence,
                current_score=likelihood * consequence,
                target_likelihood=1, target_consequence=consequence, target_score=consequence,
                review_date=today + timedelta(days=rng.randint(-10, 60)),
                status=Risk.Status.CLOSED if closed else Risk.Status.OPEN,
                closed_on=today - timedelta(days=20) if closed else None,
                escalated=likelihood * consequence >= 15 and not closed,
            ))
            plans.append((first, (likelihood, consequence), r % 4, owner))
    risks = _bulk(Risk, risks)
    scores = []
    for risk, (first, current, rescores, owner) in zip(risks, plans, strict=True):
        raised = today - timedelta(days=300)
        scores.append(RiskScore(risk=risk, likelihood=first[0], consequence=first[1],
                                score=first[0] * first[1], scored_on=raised, scored_by=owner,
                                note="Risk raised."))
        for k in range(1, rescores + 1):
            likelihood, consequence = current if k == rescores else first
            scores.append(RiskScore(
                risk=risk, likelihood=likelihood, consequence=consequence,
                score=likelihood * consequence, scored_on=raised + timedelta(days=70 * k),
                scored_by=owner, note="Re-scored at the monthly review.",
            ))
    _bulk(RiskScore, scores)


def _updates(workstreams, pid_for, people_for, this_month, now):
    """Six months of updates: approved, then the latest month in a mix of states."""
    updates = []
    Status = StatusUpdate.Status
    for index, ws in enumerate(workstreams):
        lead, sro = people_for[ws.pk]["lead"], people_for[ws.pk]["sro"]
        latest_state = LATEST_STATES[index % len(LATEST_STATES)]
        for month in range(UPDATE_MONTHS):
            period = _add_months(this_month, month - UPDATE_MONTHS)
            latest = month == UPDATE_MONTHS - 1
            state = latest_state if latest else Status.APPROVED
            if state is None:
                continue  # not started yet
            written = timezone.make_aware(datetime.combine(_add_months(period, 1), time(10)))
            submitted = state in (Status.SUBMITTED, Status.APPROVED, Status.RETURNED)
            updates.append(StatusUpdate(
                workstream=ws, period=period, status=state, pid=pid_for[ws.pk],
                delivery_confidence=StatusUpdate.Confidence.AMBER_GREEN,
                milestones_rating="amber", kpis_rating="green", finance_rating="green",
                risks_rating="amber", summary=f"Synthetic summary of {period:%B %Y}.",
                achieved="- Synthetic achievement.", planned_next="- Synthetic plan.",
                issues="- Synthetic issue.", escalations="",
                submitted_by=lead if submitted else None,
                submitted_at=written + timedelta(days=5) if submitted else None,
                approved_by=sro if state == Status.APPROVED else None,
                approved_at=written + timedelta(days=9) if state == Status.APPROVED else None,
                returned_by=sro if state == Status.RETURNED else None,
                returned_at=written + timedelta(days=8) if state == Status.RETURNED else None,
                return_comment="Add the recovery plan." if state == Status.RETURNED else "",
            ))
    _bulk(StatusUpdate, updates)


def _bulk(model, objects):
    return model.objects.bulk_create(list(objects), batch_size=BATCH)


def _add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1)


def _decimal(value):
    return Decimal(str(round(value, 2)))
