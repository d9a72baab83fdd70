"""A PID's lifecycle: new version, submit, approve (from a board decision), reject."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import get_text_list

from programmes.exceptions import TransitionNotAllowed
from programmes.models import PID, Milestone

Status = PID.Status


def new_pid_version(workstream, by):
    """Start the next draft version, copied from the approved one (blank if there is none)."""
    with transaction.atomic():
        versions = list(
            PID.objects.select_for_update().filter(workstream=workstream).order_by("-version")
        )
        in_progress = [p for p in versions if p.status in (Status.DRAFT, Status.SUBMITTED)]
        if in_progress:
            raise TransitionNotAllowed(
                f"Version {in_progress[0].version} is still "
                f"{in_progress[0].get_status_display().lower()}: finish it before starting another."
            )
        approved = next((p for p in versions if p.status == Status.APPROVED), None)
        draft = PID(
            workstream=workstream, version=(versions[0].version + 1) if versions else 1,
            created_by=by,
        )
        if approved:
            for name in PID.CONTENT_FIELDS:
                setattr(draft, name, getattr(approved, name))
        draft._history_user = by
        draft.save()
        if approved:
            draft.kpis.set(approved.kpis.all())
            for benefit in approved.benefits.all():
                _copy(benefit, pid=draft, by=by)
            for plan in approved.planned_milestones.all():
                _copy(plan, pid=draft, by=by)
    return draft


def submit_pid(pid, by):
    """Send a draft for approval at the board."""
    with transaction.atomic():
        pid.refresh_from_db(from_queryset=PID.objects.select_for_update())
        if pid.status != Status.DRAFT:
            raise TransitionNotAllowed(_not_draft(pid, "submitted"))
        missing = pid.missing_for_submission()
        if missing:
            raise TransitionNotAllowed(
                f"Add {get_text_list(missing, 'and')} before submitting it for approval."
            )
        pid.status = Status.SUBMITTED
        pid.submitted_by, pid.submitted_at = by, timezone.now()
        pid._history_user = by
        pid.save(update_fields=["status", "submitted_by", "submitted_at"])
    return pid


def approve_pid(pid, by, decision_reference=""):
    """Approve a submitted version (from a board decision): it becomes the delivery baseline.

    The version approved before is superseded, and the milestones the version plans take its
    dates as their baselines (new ones are created).
    """
    with transaction.atomic():
        pid.refresh_from_db(from_queryset=PID.objects.select_for_update())
        if pid.status != Status.SUBMITTED:
            if pid.status == Status.DRAFT:
                raise TransitionNotAllowed(
                    f"Version {pid.version} is a draft: submit it for approval first."
                )
            raise TransitionNotAllowed(
                f"Version {pid.version} is already {pid.get_status_display().lower()}."
            )
        now = timezone.now()
        for previous in PID.objects.select_for_update().filter(
            workstream_id=pid.workstream_id, status=Status.APPROVED
        ):
            previous.status, previous.superseded_at = Status.SUPERSEDED, now
            previous._history_user = by
            previous.save(update_fields=["status", "superseded_at"])
        pid.status = Status.APPROVED
        pid.approved_by, pid.approved_at = by, now
        pid.decision_reference = decision_reference
        pid._history_user = by
        pid.save(update_fields=["status", "approved_by", "approved_at", "decision_reference"])
        _set_baselines(pid, by)
    return pid


def reject_pid(pid, by, reason):
    """Send a submitted version back to draft, keeping the reason for its authors."""
    if not reason.strip():
        raise TransitionNotAllowed("Say why the PID is not approved, so its authors can fix it.")
    with transaction.atomic():
        pid.refresh_from_db(from_queryset=PID.objects.select_for_update())
        if pid.status != Status.SUBMITTED:
            raise TransitionNotAllowed(
                f"Only a version awaiting approval can be rejected; version {pid.version} is "
                f"{pid.get_status_display().lower()}."
            )
        pid.status = Status.DRAFT
        pid.rejected_by, pid.rejected_at, pid.rejection_reason = by, timezone.now(), reason.strip()
        pid._history_user = by
        pid.save(update_fields=["status", "rejected_by", "rejected_at", "rejection_reason"])
    return pid


def _set_baselines(pid, by):
    for plan in pid.planned_milestones.select_related("milestone"):
        milestone = plan.milestone
        if milestone is None:
            milestone = Milestone(
                workstream_id=pid.workstream_id, title=plan.title, forecast_date=plan.planned_date,
            )
        milestone.baseline_date = plan.planned_date
        milestone.baseline_pid = pid
        milestone.is_key = plan.is_key
        if milestone.forecast_date is None:
            milestone.forecast_date = plan.planned_date
        milestone._history_user = by
        milestone.save()
        if plan.milestone_id is None:
            plan.milestone = milestone
            plan._history_user = by
            plan.save(update_fields=["milestone"])


def _copy(part, pid, by):
    part.pk = None
    part._state.adding = True
    part.pid = pid
    part._history_user = by
    part.save()


def _not_draft(pid, verb):
    return (f"Version {pid.version} is {pid.get_status_display().lower()}: only a draft can be "
            f"{verb}.")
