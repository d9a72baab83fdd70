"""The monthly status update's lifecycle: start, edit, submit, approve or return, lock."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import get_text_list

from programmes.concurrency import save_with_version
from programmes.exceptions import TransitionNotAllowed
from programmes.models import StatusUpdate
from programmes.ratings import suggest_ratings

Status = StatusUpdate.Status


def start_update(workstream, period, by, today=None):
    """The workstream's update for the month, created pre-filled if it does not exist yet.

    Carried over from the month before: the summary, issues and escalations, and what was
    planned (as the starting point for what was achieved). Ratings are the suggested ones.
    """
    period = period.replace(day=1)
    existing = StatusUpdate.objects.filter(workstream=workstream, period=period).first()
    if existing:
        return existing
    previous = (
        StatusUpdate.objects.filter(workstream=workstream, period__lt=period)
        .order_by("-period").first()
    )
    suggestion = suggest_ratings(workstream, period, today)
    update = StatusUpdate(
        workstream=workstream, period=period, pid=workstream.approved_pid(),
        delivery_confidence=suggestion.overall or "",
        milestones_rating=suggestion.milestones.rating or "",
        kpis_rating=suggestion.kpis.rating or "",
        risks_rating=suggestion.risks.rating or "",
    )
    if previous:
        update.summary = previous.summary
        update.issues = previous.issues
        update.escalations = previous.escalations
        update.achieved = previous.planned_next
        update.finance_rating = previous.finance_rating
    update._history_user = by
    try:
        with transaction.atomic():
            update.save()
    except IntegrityError:
        # Someone else started it a moment ago: theirs is the update.
        return StatusUpdate.objects.get(workstream=workstream, period=period)
    return update


def edit_update(update, expected_version, changes, by):
    """Save the lead's changes, refused if it left draft or someone saved it meanwhile."""
    if not update.is_editable:
        raise TransitionNotAllowed(_cannot(update, "changed"))
    return save_with_version(update, expected_version, changes, by)


def submit_update(update, by):
    """Send a draft (or returned) update to the SRO for approval."""
    with transaction.atomic():
        update.refresh_from_db(from_queryset=StatusUpdate.objects.select_for_update())
        if not update.is_editable:
            raise TransitionNotAllowed(_cannot(update, "submitted"))
        missing = update.missing_for_submission()
        if missing:
            raise TransitionNotAllowed(
                f"Fill in the {get_text_list(missing, 'and')} before submitting the update."
            )
        update.pid = update.workstream.approved_pid()
        update.status = Status.SUBMITTED
        update.submitted_by, update.submitted_at = by, timezone.now()
        update._history_user = by
        update.save(update_fields=["status", "pid", "submitted_by", "submitted_at"])
    return update


def approve_update(update, by):
    """The SRO approves a submitted update."""
    with transaction.atomic():
        update.refresh_from_db(from_queryset=StatusUpdate.objects.select_for_update())
        if update.status != Status.SUBMITTED:
            raise TransitionNotAllowed(_cannot(update, "approved"))
        update.status = Status.APPROVED
        update.approved_by, update.approved_at = by, timezone.now()
        update._history_user = by
        update.save(update_fields=["status", "approved_by", "approved_at"])
    return update


def return_update(update, by, comment):
    """The SRO sends a submitted update back to its lead, saying what to change."""
    if not comment.strip():
        raise TransitionNotAllowed("Say what needs changing before returning the update.")
    with transaction.atomic():
        update.refresh_from_db(from_queryset=StatusUpdate.objects.select_for_update())
        if update.status != Status.SUBMITTED:
            raise TransitionNotAllowed(_cannot(update, "returned"))
        update.status = Status.RETURNED
        update.returned_by, update.returned_at = by, timezone.now()
        update.return_comment = comment.strip()
        update._history_user = by
        update.save(update_fields=["status", "returned_by", "returned_at", "return_comment"])
    return update


def lock_updates(updates, reason):
    """Lock submitted and approved updates a board pack or report used; returns how many.

    All or nothing: a draft or returned update among them refuses the lot. Already locked
    ones keep their first reason.
    """
    ids = [u.pk for u in updates]
    with transaction.atomic():
        rows = list(
            StatusUpdate.objects.select_for_update().filter(pk__in=ids).select_related("workstream")
        )
        unready = [str(u) for u in rows if u.is_editable]
        if unready:
            raise TransitionNotAllowed(
                f"{get_text_list(unready, 'and')} {'is' if len(unready) == 1 else 'are'} not "
                "submitted yet: only submitted or approved updates can be used."
            )
        now = timezone.now()
        locked = 0
        for update in rows:
            if update.status == Status.LOCKED:
                continue
            update.status = Status.LOCKED
            update.locked_at, update.locked_reason = now, reason[:200]
            update.save(update_fields=["status", "locked_at", "locked_reason"])
            locked += 1
    return locked


def _cannot(update, verb):
    why = {
        Status.DRAFT: "it is still a draft",
        Status.RETURNED: "it has been returned to its lead",
        Status.SUBMITTED: "it is waiting for the SRO's approval",
        Status.APPROVED: "it has been approved",
        Status.LOCKED: "a board pack or assurance report has used it",
    }[update.status]
    return f"The {update.period_label} update cannot be {verb}: {why}."
