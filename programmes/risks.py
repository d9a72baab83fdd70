"""A risk's life: raised with its first score, re-scored (each kept for the trend), closed."""

from django.db import transaction
from django.utils import timezone
from django.utils.dateformat import format as format_date

from programmes.exceptions import TransitionNotAllowed
from programmes.models import Risk, RiskScore


def raise_risk(risk, by, note="Risk raised."):
    """Save a new risk and record its current score as the first of its re-scores."""
    with transaction.atomic():
        risk.full_clean()
        risk._history_user = by
        risk.save()
        _record_score(risk, by, note, timezone.localdate())
    return risk


def rescore_risk(risk, likelihood, consequence, by, note="", on=None):
    """Record a new current score (kept with its date and author) and update the risk."""
    with transaction.atomic():
        risk.refresh_from_db(from_queryset=Risk.objects.select_for_update())
        if not risk.is_open:
            raise TransitionNotAllowed("This risk is closed: reopen it before re-scoring it.")
        on = on or timezone.localdate()
        last = risk.scores.order_by("-scored_on").values_list("scored_on", flat=True).first()
        if last and on < last:
            raise TransitionNotAllowed(
                f"Enter a date on or after the last scoring ({format_date(last, 'j F Y')})."
            )
        risk.likelihood, risk.consequence = likelihood, consequence
        risk.full_clean(exclude=["owner", "programme", "workstream"], validate_unique=False)
        risk._history_user = by
        risk.save()
        score = _record_score(risk, by, note, on)
    risk.__dict__.pop("previous_score", None)
    risk.__dict__.pop("_band", None)
    return score


def close_risk(risk, by, on=None):
    """Close a risk that no longer threatens delivery."""
    with transaction.atomic():
        risk.refresh_from_db(from_queryset=Risk.objects.select_for_update())
        if not risk.is_open:
            raise TransitionNotAllowed("This risk is already closed.")
        risk.status, risk.closed_on = Risk.Status.CLOSED, on or timezone.localdate()
        risk._history_user = by
        risk.save(update_fields=["status", "closed_on"])
    return risk


def reopen_risk(risk, by):
    """Reopen a closed risk."""
    with transaction.atomic():
        risk.refresh_from_db(from_queryset=Risk.objects.select_for_update())
        if risk.is_open:
            raise TransitionNotAllowed("This risk is already open.")
        risk.status, risk.closed_on = Risk.Status.OPEN, None
        risk._history_user = by
        risk.save(update_fields=["status", "closed_on"])
    return risk


def _record_score(risk, by, note, on):
    score = RiskScore(
        risk=risk, likelihood=risk.likelihood, consequence=risk.consequence,
        scored_on=on, scored_by=by, note=note,
    )
    score._history_user = by
    score.save()
    return score
