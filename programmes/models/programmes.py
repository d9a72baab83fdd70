"""Programmes and their workstreams, and who leads them (read from role assignments)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from stp.models import Partnership, RoleAssignment

Role = RoleAssignment.Role

# How many days late a key milestone may be against its baseline before it counts as red.
MILESTONE_TOLERANCE_DAYS = getattr(settings, "MILESTONE_TOLERANCE_DAYS", 30)


class LedByRoles:
    """Who holds a role for this record (its SRO, lead ...), from dated role assignments.

    Roles are never stored on the record: `appointments.appoint` ends one holder's assignment
    and starts the next, so the history of who held a role is the assignments themselves.
    List pages call `appointments.attach_holders(records)` first to read them in one query.
    """

    def role_assignments(self, role=None):
        """Every assignment of a role to this record, newest first, with the person."""
        assignments = getattr(self, "_role_assignments", None)
        if assignments is None:
            assignments = list(
                RoleAssignment.objects.scoped_to(self)
                .select_related("person")
                .order_by("-start_date", "-pk")
            )
            self._role_assignments = assignments
        return [a for a in assignments if role is None or a.role == role]

    def holder_assignment(self, role, on=None):
        """The assignment through which someone holds `role` on a day (today by default)."""
        on = on or timezone.localdate()
        for assignment in self.role_assignments(role):
            if assignment.is_current(on):
                return assignment
        return None

    def holder(self, role, on=None):
        """The person holding `role` for this record on a day (today by default), or None."""
        assignment = self.holder_assignment(role, on)
        return assignment.person if assignment else None

    def previous_holders(self, role, on=None):
        """Assignments of `role` that had ended by a day (today by default), latest first."""
        on = on or timezone.localdate()
        return [a for a in self.role_assignments(role) if a.end_date and a.end_date < on]

    @property
    def sro(self):
        return self.holder(Role.SRO)

    @property
    def programme_director(self):
        return self.holder(Role.PROGRAMME_DIRECTOR)

    @property
    def clinical_lead(self):
        return self.holder(Role.CLINICAL_LEAD)

    @property
    def lead(self):
        return self.holder(Role.WORKSTREAM_LEAD)


class Programme(LedByRoles, models.Model):
    """A programme of a partnership: a clinical priority (mental health ...) or an enabler."""

    class Kind(models.TextChoices):
        CLINICAL = "clinical", "Clinical priority"
        ENABLING = "enabling", "Enabling"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="programmes"
    )
    name = models.CharField(max_length=200, help_text="For example, Mental health.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CLINICAL)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="programme_name_unique_in_partnership",
                violation_error_message="This partnership already has a programme of that name.",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(
            "programme", kwargs={"partnership": self.partnership.slug, "programme": self.pk}
        )

    def clean(self):
        super().clean()
        if self.pk and self.partnership_id:
            stored = Programme.objects.filter(pk=self.pk).values_list("partnership_id", flat=True)
            if stored and stored[0] != self.partnership_id:
                raise ValidationError({
                    "partnership": "A programme cannot move to another partnership: "
                    "create it again in that partnership."
                })


class Workstream(LedByRoles, models.Model):
    """A workstream inside a programme, e.g. Suicide prevention inside Mental health."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="workstreams")
    # The programme's partnership, copied on save so lists and permission checks need no join.
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="workstreams", editable=False
    )
    name = models.CharField(max_length=200, help_text="For example, Suicide prevention.")
    objectives = models.TextField(blank=True)
    scope = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    milestone_tolerance_days = models.PositiveSmallIntegerField(
        "milestone tolerance (days)", null=True, blank=True,
        validators=[MaxValueValidator(365, "Enter a tolerance of no more than 365 days.")],
        help_text=(
            "How many days late a key milestone may be before it is rated red. "
            f"Leave blank to use the standard {MILESTONE_TOLERANCE_DAYS} days."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"], name="workstream_name_unique_in_programme",
                violation_error_message="This programme already has a workstream of that name.",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.partnership_id = self.programme.partnership_id
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "partnership"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "workstream", kwargs={"partnership": self.partnership.slug, "workstream": self.pk}
        )

    @property
    def tolerance_days(self):
        """Days a key milestone may slip before it is red: this workstream's, or the standard."""
        if self.milestone_tolerance_days is None:
            return MILESTONE_TOLERANCE_DAYS
        return self.milestone_tolerance_days

    def approved_pid(self):
        """The PID version in force (approved and not superseded), or None."""
        return self.pids.filter(status="approved").first()
