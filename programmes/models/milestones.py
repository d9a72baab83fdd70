"""Milestones: the dates a workstream committed to, what is forecast now, and when done."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from programmes.models.choices import RAG
from programmes.models.versioned import Versioned


class Milestone(Versioned):
    """A dated point in a workstream's plan; its baseline comes from the approved PID."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        ON_TRACK = "on_track", "On track"
        AT_RISK = "at_risk", "At risk"
        LATE = "late", "Late"
        COMPLETE = "complete", "Complete"

    # What the milestone's lead may change (through concurrency.save_with_version).
    EDITABLE_FIELDS = ("title", "owner", "forecast_date", "completed_on", "status", "is_key",
                       "notes")

    workstream = models.ForeignKey(
        "programmes.Workstream", on_delete=models.PROTECT, related_name="milestones"
    )
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="owned_milestones",
    )
    baseline_date = models.DateField(
        null=True, blank=True, editable=False,
        help_text="Set when a PID version planning this milestone is approved.",
    )
    baseline_pid = models.ForeignKey(
        "programmes.PID", on_delete=models.PROTECT, null=True, blank=True, editable=False,
        related_name="baselined_milestones", verbose_name="baseline from PID",
    )
    forecast_date = models.DateField(null=True, blank=True, help_text="When it is expected now.")
    completed_on = models.DateField("actual completion date", null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    is_key = models.BooleanField(
        "key milestone", default=False,
        help_text="Key milestones decide the workstream's milestone rating.",
    )
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = [F("forecast_date").asc(nulls_last=True), "title"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="complete", completed_on__isnull=False)
                           | (~Q(status="complete") & Q(completed_on__isnull=True))),
                name="milestone_completion_date_only_when_complete",
                violation_error_message=(
                    "A complete milestone needs its completion date, and only a complete one."
                ),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        # Milestones are listed on their workstream's page.
        return f"{self.workstream.get_absolute_url()}#milestone-{self.pk}"

    def clean(self):
        super().clean()
        errors = {}
        if self.completed_on and self.completed_on > timezone.localdate():
            errors["completed_on"] = "Enter a completion date that is today or in the past."
        if self.status == self.Status.COMPLETE and not self.completed_on:
            errors["completed_on"] = "Enter the date the milestone was completed."
        if self.completed_on and self.status != self.Status.COMPLETE:
            errors["status"] = "Set the status to complete, or clear the completion date."
        if errors:
            raise ValidationError(errors)

    @property
    def partnership(self):
        return self.workstream.partnership

    @property
    def is_complete(self):
        return self.status == self.Status.COMPLETE

    @property
    def due_date(self):
        """The date it is now expected: the forecast, or the baseline if none is forecast."""
        return self.forecast_date or self.baseline_date

    @property
    def slippage_days(self):
        """Days later (negative: earlier) than the baseline: done, forecast, or None unplanned."""
        expected = self.completed_on or self.due_date
        if self.baseline_date is None or expected is None:
            return None
        return (expected - self.baseline_date).days

    def conflict_fields(self):
        # A PID approved meanwhile moves the baseline: the editor should know.
        return {*super().conflict_fields(), "baseline_date"}

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return not self.is_complete and self.due_date is not None and self.due_date < today

    def rag(self, today=None, tolerance_days=None):
        """BRAG: blue done; red overdue or beyond tolerance; amber late within it; else green.

        `tolerance_days` defaults to the workstream's (load it with select_related). Without a
        baseline there is no slippage to judge: None, unless already overdue (red).
        """
        if self.is_complete:
            return RAG.BLUE
        if self.is_overdue(today):
            return RAG.RED
        slippage = self.slippage_days
        if slippage is None:
            return None
        if slippage <= 0:
            return RAG.GREEN
        if tolerance_days is None:
            tolerance_days = self.workstream.tolerance_days
        return RAG.AMBER if slippage <= tolerance_days else RAG.RED

    def forecast_changes(self):
        """Every change of forecast, oldest first: (when, who, from, to). One query."""
        entries = list(
            self.history.select_related("history_user").order_by("history_date", "history_id")
        )
        changes = []
        for before, after in zip(entries, entries[1:], strict=False):
            if before.forecast_date != after.forecast_date:
                changes.append(
                    (after.history_date, after.history_user, before.forecast_date,
                     after.forecast_date)
                )
        return changes
