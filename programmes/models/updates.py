"""The monthly status update (highlight report) of a workstream."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.dateformat import format as format_date
from simple_history.models import HistoricalRecords

from programmes.models.choices import RAG
from programmes.models.versioned import Versioned


class StatusUpdate(Versioned):
    """A workstream's highlight report for one month, judged against its approved PID."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"
        RETURNED = "returned", "Returned for changes"
        LOCKED = "locked", "Locked"

    class Confidence(models.TextChoices):
        # The five-point delivery confidence scale (IPA, CONVENTIONS.md §3).
        GREEN = "green", "Green"
        AMBER_GREEN = "amber_green", "Amber/Green"
        AMBER = "amber", "Amber"
        AMBER_RED = "amber_red", "Amber/Red"
        RED = "red", "Red"

    # What the lead may change while it is a draft or returned (through updates.edit_update).
    EDITABLE_FIELDS = (
        "delivery_confidence", "milestones_rating", "kpis_rating", "finance_rating",
        "risks_rating", "summary", "achieved", "planned_next", "issues", "escalations",
        "decisions_requested",
    )
    EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)

    workstream = models.ForeignKey(
        "programmes.Workstream", on_delete=models.PROTECT, related_name="status_updates"
    )
    period = models.DateField(help_text="The month reported on (its first day).")
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    pid = models.ForeignKey(
        "programmes.PID", on_delete=models.PROTECT, null=True, blank=True, editable=False,
        related_name="status_updates", verbose_name="judged against PID",
        help_text="The approved PID version the delivery confidence is judged against.",
    )
    delivery_confidence = models.CharField(
        max_length=20, choices=Confidence.choices, blank=True,
        help_text="How likely the workstream is to deliver what its approved PID promises.",
    )
    milestones_rating = models.CharField(max_length=10, choices=RAG.choices, blank=True)
    kpis_rating = models.CharField("KPIs rating", max_length=10, choices=RAG.choices, blank=True)
    finance_rating = models.CharField(max_length=10, choices=RAG.choices, blank=True)
    risks_rating = models.CharField(max_length=10, choices=RAG.choices, blank=True)
    summary = models.TextField(blank=True)
    achieved = models.TextField("achieved this period", blank=True)
    planned_next = models.TextField("planned next period", blank=True)
    issues = models.TextField(blank=True)
    escalations = models.TextField(blank=True)
    decisions_requested = models.TextField("decisions the board is asked for", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", editable=False,
    )
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", editable=False,
    )
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", editable=False,
    )
    returned_at = models.DateTimeField(null=True, blank=True, editable=False)
    return_comment = models.TextField(blank=True, editable=False)
    locked_at = models.DateTimeField(null=True, blank=True, editable=False)
    locked_reason = models.CharField(max_length=200, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period", "workstream"]
        constraints = [
            models.UniqueConstraint(
                fields=["workstream", "period"], name="one_status_update_per_workstream_month",
                violation_error_message="This workstream already has an update for that month.",
            )
        ]

    def __str__(self):
        return f"{self.workstream} – {self.period_label}"

    def get_absolute_url(self):
        return reverse(
            "status_update",
            kwargs={"partnership": self.workstream.partnership.slug, "update": self.pk},
        )

    def save(self, *args, **kwargs):
        self.period = self.period.replace(day=1)
        super().save(*args, **kwargs)

    @property
    def partnership(self):
        return self.workstream.partnership

    @property
    def period_label(self):
        return format_date(self.period, "F Y")

    @property
    def is_editable(self):
        return self.status in self.EDITABLE_STATUSES

    @property
    def is_draft(self):
        """Not yet submitted (or sent back): NHSE assurance leads never see it."""
        return self.status in self.EDITABLE_STATUSES

    def missing_for_submission(self):
        """What must be filled in before it can be submitted (labels)."""
        return [
            self._meta.get_field(name).verbose_name
            for name in ("delivery_confidence", "summary")
            if not getattr(self, name).strip()
        ]
