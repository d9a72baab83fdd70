"""What a meeting resolved, and the actions it gave people."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from governance.models.boards import Board
from governance.models.meetings import AgendaItem, Meeting


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="decisions")
    reference = models.CharField(max_length=50, editable=False)
    resolution = models.TextField(
        "resolved", help_text='As minuted, e.g. "The Board approved the PID version 2."'
    )
    votes_for = models.PositiveSmallIntegerField(null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(null=True, blank=True)
    approves_pid = models.BooleanField(
        "approves the item's PID", default=False,
        help_text="Recording the decision approves the PID linked to the item.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        editable=False,
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "item__part", "item__order", "pk"]

    def __str__(self):
        return self.reference

    @property
    def was_voted(self):
        return self.votes_for is not None


class Action(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="actions")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions")
    item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    reference = models.CharField(max_length=50, editable=False)
    description = models.TextField("action")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="board_actions"
    )
    due_date = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self):
        return f"{self.reference} {self.description[:60]}"

    def get_absolute_url(self):
        return reverse(
            "action", kwargs={"partnership": self.board.partnership.slug, "action": self.pk}
        )

    @property
    def partnership(self):
        return self.board.partnership

    @property
    def is_private(self):
        return self.item_id is not None and self.item.is_private

    def is_overdue(self, on=None):
        return self.status == self.Status.OPEN and self.due_date < (on or timezone.localdate())


class ActionNote(models.Model):
    """Progress on an action, as reported to the board's action log."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField("progress")
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["action", "-written_at", "-pk"]

    def __str__(self):
        return self.text[:60]
