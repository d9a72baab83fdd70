"""Boards, who sits on them, and the quorum rule their terms of reference set."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from stp.models import Organisation, Partnership

# Constituencies a quorum can require: the kinds of organisation a partnership brings together.
Constituency = Organisation.Kind


class Board(models.Model):
    """A board or committee of a partnership, and the programmes and workstreams it oversees."""

    class Kind(models.TextChoices):
        PARTNERSHIP_BOARD = "partnership_board", "Partnership board"
        PROGRAMME_BOARD = "programme_board", "Programme board"
        COMMITTEE = "committee", "Committee"

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", "Weekly"
        FORTNIGHTLY = "fortnightly", "Fortnightly"
        MONTHLY = "monthly", "Monthly"
        BIMONTHLY = "bimonthly", "Every two months"
        QUARTERLY = "quarterly", "Quarterly"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="boards")
    name = models.CharField(max_length=150)
    code = models.CharField(
        max_length=10,
        validators=[RegexValidator(r"^[A-Z][A-Z0-9]*$", "Use capital letters and digits only.")],
        help_text="Starts every agenda reference, e.g. PB for PB/2026/11/4.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PROGRAMME_BOARD)
    terms_of_reference = models.TextField(blank=True)
    remit_programmes = models.ManyToManyField(
        "programmes.Programme", blank=True, related_name="boards",
        help_text="Every workstream of these programmes is in the board's remit.",
    )
    remit_workstreams = models.ManyToManyField(
        "programmes.Workstream", blank=True, related_name="boards",
        help_text="Single workstreams overseen outside a whole programme.",
    )
    frequency = models.CharField(
        "meeting frequency", max_length=20, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    quorum_minimum = models.PositiveSmallIntegerField(
        "minimum present", default=1, validators=[MinValueValidator(1)],
        help_text="Voting members (or counted deputies) who must be present.",
    )
    quorum_constituencies = models.JSONField(
        "constituencies that must be represented", default=list, blank=True,
        help_text="At least one voting member from each of these kinds of organisation.",
    )
    quorum_needs_chair = models.BooleanField(
        "chair or vice chair must be present", default=True
    )
    deputies_count = models.BooleanField(
        "deputies count towards the quorum", default=True
    )
    papers_due_working_days = models.PositiveSmallIntegerField(
        "papers due (working days before)", default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text="Working days in England before the meeting that the pack must be published.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="board_name_unique"),
            models.UniqueConstraint(fields=["partnership", "code"], name="board_code_unique"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("board", kwargs={"partnership": self.partnership.slug, "board": self.pk})

    def clean(self):
        unknown = set(self.quorum_constituencies or []) - set(Constituency.values)
        if unknown:
            raise ValidationError(
                {"quorum_constituencies": f"Unknown constituencies: {', '.join(sorted(unknown))}."}
            )

    def constituency_labels(self):
        labels = dict(Constituency.choices)
        return [labels[value] for value in self.quorum_constituencies or [] if value in labels]


class MembershipQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        ended = Q(end_date__isnull=False) & Q(end_date__lt=on)
        return self.filter(start_date__lte=on).exclude(ended)


class BoardMembership(models.Model):
    """A seat on a board: who, representing which organisation, in what role, from when."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice chair"
        MEMBER = "member", "Member"
        ATTENDEE = "attendee", "In attendance"
        OBSERVER = "observer", "Observer"

    # Roles that read part 2 (private) business.
    PRIVATE_READERS = (Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER, Role.ATTENDEE)
    CHAIRS = (Role.CHAIR, Role.VICE_CHAIR)

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="board_memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="board_seats",
        verbose_name="organisation represented",
        help_text="Leave empty for an independent member, such as an independent chair.",
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    voting = models.BooleanField(default=True)
    start_date = models.DateField(default=timezone.localdate)
    end_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["board", "role", "person__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_it_starts",
                violation_error_message="The end date must be on or after the start date.",
            )
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()}, {self.represents})"

    @property
    def represents(self):
        """The organisation represented, or "Independent" for a seat without one."""
        return self.organisation.name if self.organisation_id else "Independent"

    def is_current(self, on=None):
        on = on or timezone.localdate()
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)

    @property
    def reads_private(self):
        return self.role in self.PRIVATE_READERS
