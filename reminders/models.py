"""Reminders recorded once each, the e-mails that carry them, and what each person chose.

A `Reminder` is one thing one person is told about, recorded under a unique key
(kind:object:person:period): recording it again is a no-op, so re-running the daily work, a
retried task or a second beat process never tells anyone the same thing twice. A `Message` is
one e-mail: a day's digest of many reminders, or a single reminder sent straight away.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from reminders.kinds import CHOICES, DIGEST, IMMEDIATE, KINDS, OFF
from stp.models import Partnership

DELIVERIES = [(DIGEST, "Daily e-mail"), (IMMEDIATE, "Straight away"), (OFF, "Turned off")]


class Message(models.Model):
    """One e-mail to one person: claimed by one worker at a time, sent once."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_messages"
    )
    delivery = models.CharField(max_length=10, choices=DELIVERIES[:2], default=DIGEST)
    day = models.DateField(help_text="The day the e-mail is for.")
    subject = models.CharField(max_length=200)
    # Set when the e-mail is built: the reminders of one building run join their person's.
    batch = models.CharField(max_length=32, blank=True, editable=False)
    # Set by the delivery that holds it, until `lease_until`.
    claim = models.CharField(max_length=32, blank=True, db_index=True, editable=False)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    retry_at = models.DateTimeField(null=True, blank=True, help_text="When to try again.")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "retry_at"], name="message_waiting",
                         condition=Q(status__in=["pending", "sending"])),
            # Building a batch of digests finds each person's e-mail of the batch.
            models.Index(fields=["batch", "person"], name="message_batch_person"),
        ]

    def __str__(self):
        return f"{self.subject} to {self.person}"

    @property
    def journal_key(self):
        """The cache key that says this e-mail was handed to the mail server (see sending)."""
        return f"reminders:sent:{self.pk}:{self.created_at.timestamp():.6f}"


class Reminder(models.Model):
    """One thing one person is told about, once: the key is the exactly-once rule."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Not sent: turned off"

    kind = models.CharField(max_length=40, choices=CHOICES)
    # Fewer indexes make the day's bulk inserts and updates quicker: the object is only ever
    # found through the key, the partnership through the index below.
    object_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        db_index=False,
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    period = models.CharField(
        max_length=20, help_text='What makes it new: a deadline "2026-11-26", a day, a week '
                                 '"2026-W48", a version "v2".'
    )
    key = models.CharField(max_length=255, unique=True, editable=False)
    day = models.DateField(help_text="The day it was recorded for: its digest's day.")
    delivery = models.CharField(max_length=10, choices=DELIVERIES, default=DIGEST)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders",
        db_index=False,
    )
    title = models.CharField(max_length=200)
    text = models.TextField()
    link_text = models.CharField(max_length=200)
    url = models.CharField(max_length=500)
    details = models.JSONField(
        default=list, blank=True, help_text="Lines listed under the text: what changed ..."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    message = models.ForeignKey(
        Message, on_delete=models.SET_NULL, null=True, blank=True, related_name="reminders"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["delivery", "day", "person"], name="reminder_pending",
                         condition=Q(status="pending")),
            models.Index(fields=["partnership", "-created_at"], name="reminder_partnership"),
        ]

    def __str__(self):
        return self.key

    @property
    def kind_label(self):
        kind = KINDS.get(self.kind)
        return kind.label if kind else self.kind

    @property
    def heading(self):
        kind = KINDS.get(self.kind)
        return kind.heading if kind else self.kind


def reminder_key(kind, object_key, person_id, period):
    return f"{kind}:{object_key}:{person_id}:{period}"


class Preference(models.Model):
    """How one person wants one kind of reminder; without a row, the kind's default."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preferences"
    )
    kind = models.CharField(max_length=40, choices=CHOICES)
    choice = models.CharField(max_length=10, choices=DELIVERIES)

    class Meta:
        ordering = ["person", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="one_preference_per_kind"),
        ]

    def __str__(self):
        return f"{self.person}: {self.kind} {self.choice}"


class Heartbeat(models.Model):
    """When a periodic task last started and finished: a stalled worker or beat shows here."""

    task = models.CharField(max_length=100, unique=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["task"]

    def __str__(self):
        return self.task
