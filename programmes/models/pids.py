"""Project Initiation Documents: versioned, approved by the board, then the delivery baseline."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from programmes.exceptions import TransitionNotAllowed


class PID(models.Model):
    """One version of a workstream's PID. Only a draft can be changed; approved is the baseline."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for approval"
        APPROVED = "approved", "Approved"
        SUPERSEDED = "superseded", "Superseded"

    # What the lifecycle functions write once a version has left draft.
    LIFECYCLE_FIELDS = frozenset({
        "status", "submitted_by", "submitted_at", "approved_by", "approved_at",
        "decision_reference", "rejected_by", "rejected_at", "rejection_reason", "superseded_at",
    })
    # The text a new version starts from (copied from the version before).
    CONTENT_FIELDS = (
        "purpose", "objectives", "scope", "exclusions", "deliverables", "benefits_summary",
        "costs_and_funding", "dependencies", "governance", "key_risks",
    )

    workstream = models.ForeignKey(
        "programmes.Workstream", on_delete=models.PROTECT, related_name="pids"
    )
    version = models.PositiveIntegerField(editable=False)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    purpose = models.TextField(blank=True, help_text="Why this workstream exists.")
    objectives = models.TextField(blank=True)
    scope = models.TextField(blank=True, help_text="What is in scope.")
    exclusions = models.TextField(blank=True, help_text="What is out of scope.")
    deliverables = models.TextField(blank=True)
    benefits_summary = models.TextField(
        "benefits", blank=True, help_text="An overview; list each benefit and its measure below."
    )
    costs_and_funding = models.TextField(blank=True)
    dependencies = models.TextField(blank=True)
    governance = models.TextField(
        blank=True, help_text="Who the workstream reports to, how often, and who decides what."
    )
    key_risks = models.TextField(blank=True)
    kpis = models.ManyToManyField(
        "programmes.KPI", blank=True, related_name="pids", verbose_name="KPIs",
        help_text="The KPIs this version commits to.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", editable=False,
    )
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
    decision_reference = models.CharField(
        max_length=100, blank=True, editable=False,
        help_text="The board decision that approved it, e.g. its minute number.",
    )
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", editable=False,
    )
    rejected_at = models.DateTimeField(null=True, blank=True, editable=False)
    rejection_reason = models.TextField(blank=True, editable=False)
    superseded_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords(m2m_fields=[kpis])

    class Meta:
        verbose_name = "PID"
        verbose_name_plural = "PIDs"
        ordering = ["workstream", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["workstream", "version"], name="pid_version_unique_in_workstream"
            ),
            models.UniqueConstraint(
                fields=["workstream"], condition=Q(status="approved"),
                name="one_approved_pid_per_workstream",
                violation_error_message="This workstream already has an approved PID.",
            ),
            models.UniqueConstraint(
                fields=["workstream"], condition=Q(status__in=["draft", "submitted"]),
                name="one_pid_in_progress_per_workstream",
                violation_error_message=(
                    "This workstream already has a PID version in draft or awaiting approval."
                ),
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="pid_version_from_one"),
        ]

    def __str__(self):
        return f"{self.workstream} PID version {self.version}"

    def save(self, *args, **kwargs):
        stored = getattr(self, "_stored_status", None)
        fields = kwargs.get("update_fields")
        if stored not in (None, self.Status.DRAFT) and (
            fields is None or not set(fields) <= self.LIFECYCLE_FIELDS
        ):
            raise TransitionNotAllowed(self.read_only_message(stored))
        super().save(*args, **kwargs)
        self._stored_status = self.status

    def get_absolute_url(self):
        return reverse(
            "pid", kwargs={"partnership": self.workstream.partnership.slug, "pid": self.pk}
        )

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_status = instance.__dict__.get("status")
        return instance

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._stored_status = self.status

    def read_only_message(self, status=None):
        status = status or self.status
        if status == self.Status.SUBMITTED:
            return (f"Version {self.version} is awaiting approval and cannot be changed; "
                    "if it is not approved it comes back as a draft.")
        return (f"Version {self.version} is {self.Status(status).label.lower()} and cannot be "
                "changed. Start a new version to change it.")

    @property
    def partnership(self):
        return self.workstream.partnership

    @property
    def is_editable(self):
        return self.status == self.Status.DRAFT

    @property
    def was_rejected(self):
        """A draft that went to the board and came back: its reason is in rejection_reason."""
        return self.status == self.Status.DRAFT and self.rejected_at is not None

    def missing_for_submission(self):
        """What must be filled in before this version can go for approval (labels)."""
        missing = [
            self._meta.get_field(name).verbose_name
            for name in ("purpose", "objectives", "scope", "deliverables")
            if not getattr(self, name).strip()
        ]
        if not self.planned_milestones.exists():
            missing.append("at least one milestone")
        return missing


class PIDPart(models.Model):
    """Something listed in a PID (a benefit, a planned milestone): changeable only in draft."""

    class Meta:
        abstract = True

    # What the approval may still write to a part of an approved version.
    APPROVAL_FIELDS = frozenset()

    def save(self, *args, **kwargs):
        fields = kwargs.get("update_fields")
        if not self.pid.is_editable and (fields is None or not set(fields) <= self.APPROVAL_FIELDS):
            raise TransitionNotAllowed(self.pid.read_only_message())
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if not self.pid.is_editable:
            raise TransitionNotAllowed(self.pid.read_only_message())
        return super().delete(*args, **kwargs)

    @property
    def partnership(self):
        return self.pid.workstream.partnership


class Benefit(PIDPart):
    """A benefit a PID promises, with how it is measured (government benefits guidance)."""

    class Kind(models.TextChoices):
        CASHABLE = "cashable", "Cashable"
        NON_CASHABLE = "non_cashable", "Non-cashable"
        QUALITATIVE = "qualitative", "Qualitative"

    pid = models.ForeignKey(PID, on_delete=models.CASCADE, related_name="benefits")
    description = models.TextField(help_text="For example, fewer emergency admissions for falls.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NON_CASHABLE)
    measure = models.CharField(
        max_length=200, help_text="How it will be measured, e.g. admissions for falls per month."
    )
    baseline = models.CharField(max_length=100, blank=True, help_text="For example, 420 a month.")
    target = models.CharField(max_length=100, blank=True, help_text="For example, 10% fewer.")
    target_date = models.DateField(null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="owned_benefits",
        help_text="Who is accountable for realising it; stays after the workstream closes.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["pid", "pk"]

    def __str__(self):
        return self.description[:80]


class PlannedMilestone(PIDPart):
    """A milestone as a PID version plans it; approving the version makes the date the baseline."""

    APPROVAL_FIELDS = frozenset({"milestone"})

    pid = models.ForeignKey(PID, on_delete=models.CASCADE, related_name="planned_milestones")
    # The live milestone this plans: empty for a new one until the version is approved.
    milestone = models.ForeignKey(
        "programmes.Milestone", on_delete=models.PROTECT, null=True, blank=True,
        related_name="plans",
    )
    title = models.CharField(max_length=200)
    planned_date = models.DateField()
    is_key = models.BooleanField("key milestone", default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pid", "planned_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pid", "milestone"], name="milestone_planned_once_per_pid",
                violation_error_message="This milestone is already in this version's plan.",
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.planned_date:%d %b %Y})"


def refuse_kpi_changes_unless_draft(sender, instance, action, reverse, pk_set, **kwargs):
    """The KPIs an approved or submitted version commits to are as read-only as its text."""
    if action not in ("pre_add", "pre_remove", "pre_clear"):
        return
    if not reverse:
        pids = [instance]
    elif action == "pre_clear":
        pids = list(instance.pids.all())
    else:
        pids = list(PID.objects.filter(pk__in=pk_set or ()))
    for pid in pids:
        if not pid.is_editable:
            raise TransitionNotAllowed(pid.read_only_message())


models.signals.m2m_changed.connect(
    refuse_kpi_changes_unless_draft, sender=PID.kpis.through,
    dispatch_uid="programmes.pid_kpis_read_only",
)
