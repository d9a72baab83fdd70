"""A PID: draft -> submitted -> approved (the baseline) -> superseded; rejected goes to draft."""

from datetime import date

import pytest
from django.db import IntegrityError

from programmes.exceptions import TransitionNotAllowed
from programmes.models import PID, Milestone
from programmes.pids import approve_pid, new_pid_version, reject_pid, submit_pid
from tests.programme_factories import (
    BenefitFactory,
    KPIFactory,
    MilestoneFactory,
    PIDFactory,
    PlannedMilestoneFactory,
    WorkstreamFactory,
)

Status = PID.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def workstream(partnership):
    return WorkstreamFactory(programme__partnership=partnership, name="Suicide prevention")


@pytest.fixture
def submitted(workstream, pmo):
    pid = PIDFactory(workstream=workstream)
    PlannedMilestoneFactory(pid=pid, title="Bereavement service live",
                            planned_date=date(2026, 9, 30), is_key=True)
    return submit_pid(pid, pmo)


def test_a_workstreams_first_version_starts_as_a_blank_draft_numbered_one(workstream, pmo):
    pid = new_pid_version(workstream, pmo)

    assert (pid.version, pid.status, pid.purpose, pid.created_by) == (1, Status.DRAFT, "", pmo)


def test_a_draft_is_submitted_for_approval_by_its_author(submitted, pmo):
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert submitted.submitted_by == pmo and submitted.submitted_at is not None


def test_a_draft_missing_its_purpose_and_milestones_cannot_be_submitted(workstream, pmo):
    pid = PIDFactory(workstream=workstream, purpose="  ")

    with pytest.raises(TransitionNotAllowed) as refused:
        submit_pid(pid, pmo)

    assert refused.value.message == (
        "Add purpose and at least one milestone before submitting it for approval."
    )
    pid.refresh_from_db()
    assert pid.status == Status.DRAFT


def test_approving_records_the_board_decision(submitted, pmo):
    approve_pid(submitted, pmo, decision_reference="PB/2026/14")

    submitted.refresh_from_db()
    assert submitted.status == Status.APPROVED
    assert (submitted.approved_by, submitted.decision_reference) == (pmo, "PB/2026/14")


def test_approving_makes_the_planned_dates_the_milestones_baselines(workstream, pmo):
    existing = MilestoneFactory(workstream=workstream, title="Training started",
                                baseline_date=date(2026, 5, 1), forecast_date=date(2026, 6, 1))
    pid = PIDFactory(workstream=workstream)
    PlannedMilestoneFactory(pid=pid, milestone=existing, title="Training started",
                            planned_date=date(2026, 7, 1))
    PlannedMilestoneFactory(pid=pid, title="Bereavement service live",
                            planned_date=date(2026, 9, 30), is_key=True)
    submit_pid(pid, pmo)

    approve_pid(pid, pmo)

    existing.refresh_from_db()
    assert (existing.baseline_date, existing.forecast_date, existing.baseline_pid) == (
        date(2026, 7, 1), date(2026, 6, 1), pid
    )
    created = Milestone.objects.get(title="Bereavement service live")
    assert (created.baseline_date, created.forecast_date, created.is_key) == (
        date(2026, 9, 30), date(2026, 9, 30), True
    )
    assert pid.planned_milestones.get(title="Bereavement service live").milestone == created


def test_approving_a_new_version_supersedes_the_one_before(workstream, submitted, pmo):
    approve_pid(submitted, pmo)
    second = new_pid_version(workstream, pmo)
    submit_pid(second, pmo)

    approve_pid(second, pmo)

    submitted.refresh_from_db()
    assert submitted.status == Status.SUPERSEDED and submitted.superseded_at is not None
    assert workstream.approved_pid() == second


def test_an_approved_version_cannot_be_changed(submitted, pmo):
    approve_pid(submitted, pmo)
    kpi = KPIFactory(workstream=submitted.workstream)

    submitted.purpose = "Something else"
    with pytest.raises(TransitionNotAllowed) as refused:
        submitted.save()
    with pytest.raises(TransitionNotAllowed):
        BenefitFactory(pid=submitted)
    with pytest.raises(TransitionNotAllowed):
        submitted.planned_milestones.first().delete()
    with pytest.raises(TransitionNotAllowed):
        submitted.kpis.add(kpi)

    assert refused.value.message == (
        "Version 1 is approved and cannot be changed. Start a new version to change it."
    )


def test_a_submitted_version_cannot_be_changed_while_awaiting_approval(submitted):
    submitted.scope = "Changed"
    with pytest.raises(TransitionNotAllowed) as refused:
        submitted.save()
    assert "awaiting approval" in refused.value.message


def test_a_rejected_version_goes_back_to_draft_with_the_reason_kept(submitted, pmo):
    reject_pid(submitted, pmo, "Add the costs of the bereavement service.")

    submitted.refresh_from_db()
    assert submitted.status == Status.DRAFT and submitted.was_rejected
    assert submitted.rejection_reason == "Add the costs of the bereavement service."
    submitted.costs_and_funding = "£120,000 a year from the ICB."
    submitted.save()  # a draft again: it can be changed and resubmitted
    assert submit_pid(submitted, pmo).status == Status.SUBMITTED


def test_rejecting_without_a_reason_is_refused(submitted, pmo):
    with pytest.raises(TransitionNotAllowed) as refused:
        reject_pid(submitted, pmo, " ")
    assert refused.value.message == "Say why the PID is not approved, so its authors can fix it."


def test_a_draft_must_be_submitted_before_it_is_approved(workstream, pmo):
    draft = PIDFactory(workstream=workstream)
    with pytest.raises(TransitionNotAllowed) as refused:
        approve_pid(draft, pmo)
    assert refused.value.message == "Version 1 is a draft: submit it for approval first."


def test_an_approved_version_cannot_be_approved_or_rejected_again(submitted, pmo):
    approve_pid(submitted, pmo)
    with pytest.raises(TransitionNotAllowed):
        approve_pid(submitted, pmo)
    with pytest.raises(TransitionNotAllowed):
        reject_pid(submitted, pmo, "Too late")


def test_a_new_version_starts_from_the_approved_one(workstream, submitted, pmo):
    kpi = KPIFactory(workstream=workstream)
    PID.objects.filter(pk=submitted.pk).update(status=Status.DRAFT)
    submitted.refresh_from_db()
    submitted.kpis.add(kpi)
    BenefitFactory(pid=submitted, description="Fewer admissions for self-harm")
    submit_pid(submitted, pmo)
    approve_pid(submitted, pmo)

    draft = new_pid_version(workstream, pmo)

    assert (draft.version, draft.status, draft.purpose) == (2, Status.DRAFT, submitted.purpose)
    assert list(draft.kpis.all()) == [kpi]
    assert [b.description for b in draft.benefits.all()] == ["Fewer admissions for self-harm"]
    plan = draft.planned_milestones.get()
    assert plan.milestone == Milestone.objects.get() and plan.planned_date == date(2026, 9, 30)
    assert submitted.benefits.count() == 1  # the approved version keeps its own


def test_only_one_version_can_be_in_progress_at_a_time(workstream, submitted, pmo):
    with pytest.raises(TransitionNotAllowed) as refused:
        new_pid_version(workstream, pmo)
    assert refused.value.message == (
        "Version 1 is still submitted for approval: finish it before starting another."
    )
    with pytest.raises(IntegrityError):
        PIDFactory(workstream=workstream)


def test_every_step_is_kept_in_the_history_with_who_took_it(submitted, pmo, viewer):
    approve_pid(submitted, viewer, decision_reference="PB/2026/14")

    steps = [(h.status, h.history_user) for h in submitted.history.order_by("history_id")]
    assert steps == [
        (Status.DRAFT, None), (Status.SUBMITTED, pmo), (Status.APPROVED, viewer)
    ]
