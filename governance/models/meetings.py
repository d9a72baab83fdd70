"""Meetings of a board, their agenda, who came, and what was declared."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from simple_history.models import HistoricalRecords

from governance.models.boards import Board, BoardMembership
from stp.workingdays import working_days_before


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        PACK_PUBLISHED = "pack_published", "Pack published"
        HELD = "held", "Held"
        MINUTES_APPROVED = "minutes_approved", "Minutes approved"

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField("date and time", help_text="UK time.")
    location = models.CharField(
        "place", max_length=200, blank=True,
        help_text="The room and building, if it meets in person.",
    )
    online_link = models.URLField(
        "online meeting link", blank=True, help_text="For example a Microsoft Teams link."
    )
    held_in_public = models.BooleanField(
        default=False, help_text="Part 1 is open to the public; part 2 is taken in private."
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.SCHEDULED, editable=False
    )
    minutes_approved_at_meeting = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, editable=False,
        related_name="approved_minutes_of",
        help_text="The meeting at which these minutes were approved.",
    )
    any_other_business = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["board", "starts_at"], name="one_meeting_per_slot")
        ]

    def __str__(self):
        return f"{self.board} – {self.date_label}"

    def get_absolute_url(self):
        return reverse(
            "meeting", kwargs={"partnership": self.board.partnership.slug, "meeting": self.pk}
        )

    @property
    def partnership(self):
        return self.board.partnership

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at)

    @property
    def date_label(self):
        return format_date(self.local_start, "j F Y")

    @property
    def papers_due(self):
        """The last day to publish the pack: the board's working days before the meeting."""
        return working_days_before(self.local_start.date(), self.board.papers_due_working_days)

    @property
    def is_published(self):
        return self.status != self.Status.SCHEDULED

    def reference_prefix(self):
        """`PB/2026/11`; boards meeting more than monthly add the day (`PB/2026/11/03`)."""
        start = self.local_start
        prefix = f"{self.board.code}/{start:%Y}/{start:%m}"
        if self.board.frequency in (Board.Frequency.WEEKLY, Board.Frequency.FORTNIGHTLY):
            prefix += f"/{start:%d}"
        return prefix

    @property
    def is_closed(self):
        """Once its minutes are approved a meeting's agenda and minutes no longer change."""
        return self.status == self.Status.MINUTES_APPROVED

    @property
    def has_started(self):
        return self.starts_at <= timezone.now() or self.status in (
            self.Status.HELD, self.Status.MINUTES_APPROVED
        )


class AgendaItem(models.Model):
    class Purpose(models.TextChoices):
        DECISION = "decision", "For decision"
        APPROVAL = "approval", "For approval"
        ASSURANCE = "assurance", "For assurance"
        DISCUSSION = "discussion", "For discussion"
        INFORMATION = "information", "For information"

    class Part(models.IntegerChoices):
        PUBLIC = 1, "Part 1 (public)"
        PRIVATE = 2, "Part 2 (private)"

    class Standing(models.TextChoices):
        """The items every agenda opens and closes with (CONVENTIONS §4)."""

        WELCOME = "welcome", "Welcome and apologies"
        DECLARATIONS = "declarations", "Declarations of interest"
        LAST_MINUTES = "last_minutes", "Minutes of the last meeting and action log"
        ANY_OTHER_BUSINESS = "aob", "Any other business"

    class Assurance(models.TextChoices):
        SUBSTANTIAL = "substantial", "Substantial"
        REASONABLE = "reasonable", "Reasonable"
        LIMITED = "limited", "Limited"
        NONE = "none", "No assurance"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(default=1)
    reference = models.CharField(
        max_length=40, blank=True, editable=False,
        help_text="Given when the pack is first published, then never changed.",
    )
    title = models.CharField(max_length=200)
    standing = models.CharField(
        "standing item", max_length=20, choices=Standing.choices, blank=True, editable=False,
        help_text="Set on the items added when the meeting is scheduled.",
    )
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    minutes_allotted = models.PositiveSmallIntegerField(
        "time allotted (minutes)", default=10,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
    )
    part = models.PositiveSmallIntegerField(choices=Part.choices, default=Part.PUBLIC)
    paper = models.FileField(upload_to="papers/%Y/%m/", blank=True)
    paper_name = models.CharField(max_length=200, blank=True, editable=False)
    pid = models.ForeignKey(
        "programmes.PID", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="PID for approval", help_text="A PID version awaiting the board's approval.",
    )
    # The cover sheet (CONVENTIONS §4).
    author = models.CharField(max_length=150, blank=True)
    sponsor = models.CharField("sponsor (executive lead)", max_length=150, blank=True)
    assurance_level = models.CharField(
        "level of assurance offered", max_length=20, choices=Assurance.choices, blank=True
    )
    summary = models.TextField("executive summary", blank=True)
    recommendations = models.TextField(blank=True)
    risks = models.ManyToManyField(
        "programmes.Risk", blank=True, related_name="+", verbose_name="linked risks"
    )
    equality_impact = models.TextField("equality impact", blank=True)
    financial_implications = models.TextField(blank=True)
    quality_implications = models.TextField(blank=True)
    previously_considered_by = models.CharField(max_length=300, blank=True)
    minutes = models.TextField(
        blank=True, help_text="The discussion of this item, as it will read in the minutes."
    )
    history = HistoricalRecords(excluded_fields=["paper"])

    class Meta:
        ordering = ["meeting", "part", "order", "pk"]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def is_private(self):
        return self.part == self.Part.PRIVATE

    @property
    def number(self):
        return self.reference.rsplit("/", 1)[-1] if self.reference else str(self.order)

    @property
    def has_cover_sheet(self):
        return bool(self.paper or self.summary or self.recommendations)


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        DEPUTY = "deputy", "Represented by a deputy"
        ABSENT = "absent", "Absent"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    membership = models.ForeignKey(
        BoardMembership, on_delete=models.PROTECT, related_name="attendance"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    deputy_name = models.CharField(
        "deputy", max_length=150, blank=True, help_text="Who attended in the member's place."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "membership__role", "membership__person__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"], name="one_attendance_per_member"
            )
        ]

    def __str__(self):
        return f"{self.membership.person}: {self.get_status_display()}"


class Declaration(models.Model):
    """A member's interest declared against an agenda item; they leave that item."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="declarations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="declarations"
    )
    interest = models.ForeignKey(
        "governance.Interest", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="declarations", help_text="The entry in the register, if there is one.",
    )
    description = models.TextField(help_text="The interest as minuted.")
    excluded = models.BooleanField(
        "left the item", default=True,
        help_text="The member took no part in the discussion or any vote on this item.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "person__full_name"]

    def __str__(self):
        return f"{self.person} on {self.item}"
