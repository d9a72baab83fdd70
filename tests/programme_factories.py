"""Factories for programmes' records: programmes, workstreams, PIDs, milestones, KPIs, risks."""

from datetime import date, timedelta

import factory
from django.db.models import Max
from factory.django import DjangoModelFactory

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
from tests.factories import PartnershipFactory, RoleAssignmentFactory, UserFactory


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Programme {n}")
    kind = Programme.Kind.CLINICAL


class WorkstreamFactory(DjangoModelFactory):
    class Meta:
        model = Workstream

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Workstream {n}")
    objectives = "Reduce suicides in the county by 10% by 2027."


def next_version(workstream):
    latest = PID.objects.filter(workstream=workstream).aggregate(latest=Max("version"))["latest"]
    return (latest or 0) + 1


class PIDFactory(DjangoModelFactory):
    class Meta:
        model = PID

    workstream = factory.SubFactory(WorkstreamFactory)
    version = factory.LazyAttribute(lambda o: next_version(o.workstream))
    purpose = "Prevent suicides through a county-wide partnership approach."
    objectives = "Cut the suicide rate by 10% by March 2027."
    scope = "Adults in the county; primary care, A&E liaison and the voluntary sector."
    deliverables = "Bereavement support service; training for 500 frontline staff."


class PlannedMilestoneFactory(DjangoModelFactory):
    class Meta:
        model = PlannedMilestone

    pid = factory.SubFactory(PIDFactory)
    title = factory.Sequence(lambda n: f"Planned milestone {n}")
    planned_date = factory.LazyFunction(lambda: date.today() + timedelta(days=90))


class BenefitFactory(DjangoModelFactory):
    class Meta:
        model = Benefit

    pid = factory.SubFactory(PIDFactory)
    description = "Fewer emergency admissions for self-harm."
    measure = "Emergency admissions for self-harm per month"


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    workstream = factory.SubFactory(WorkstreamFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    baseline_date = factory.LazyFunction(lambda: date.today() + timedelta(days=60))
    forecast_date = factory.SelfAttribute("baseline_date")
    is_key = True
    status = Milestone.Status.ON_TRACK


class KPIFactory(DjangoModelFactory):
    class Meta:
        model = KPI

    workstream = factory.SubFactory(WorkstreamFactory)
    name = factory.Sequence(lambda n: f"KPI {n}")
    unit = KPI.Unit.PERCENTAGE
    improvement = KPI.Improvement.INCREASE


class KPIActualFactory(DjangoModelFactory):
    class Meta:
        model = KPIActual

    kpi = factory.SubFactory(KPIFactory)
    period = date(2026, 1, 1)
    value = 50


class KPITrajectoryPointFactory(DjangoModelFactory):
    class Meta:
        model = KPITrajectoryPoint

    kpi = factory.SubFactory(KPIFactory)
    period = date(2026, 1, 1)
    value = 50


class RiskFactory(DjangoModelFactory):
    class Meta:
        model = Risk

    workstream = factory.SubFactory(WorkstreamFactory)
    title = factory.Sequence(lambda n: f"Risk {n}")
    cause = "Because the crisis team has four vacancies"
    event = "there is a risk that people in crisis wait longer for help"
    effect = "which would mean avoidable harm and missed access targets"
    initial_likelihood = 4
    initial_consequence = 4
    likelihood = 3
    consequence = 4
    target_likelihood = 2
    target_consequence = 3


class RiskScoreFactory(DjangoModelFactory):
    class Meta:
        model = RiskScore

    risk = factory.SubFactory(RiskFactory)
    likelihood = factory.SelfAttribute("risk.likelihood")
    consequence = factory.SelfAttribute("risk.consequence")


class StatusUpdateFactory(DjangoModelFactory):
    class Meta:
        model = StatusUpdate

    workstream = factory.SubFactory(WorkstreamFactory)
    period = date(2026, 3, 1)
    delivery_confidence = StatusUpdate.Confidence.AMBER_GREEN
    summary = "Bereavement service procured; training on track."


def appointed(role, record, **user_fields):
    """A new person holding `role` for a programme or workstream today."""
    person = UserFactory(**user_fields)
    RoleAssignmentFactory(
        person=person, partnership=record.partnership, role=role, scope=record
    )
    return person

