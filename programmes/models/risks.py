"""Risks on the NHS 5x5 matrix, every re-score kept, and the score bands a partnership uses."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from stp.models import Partnership

# Risks scored this high are normally escalated to the board (DOMAIN.md).
ESCALATION_SCORE = 15


class Likelihood(models.IntegerChoices):
    RARE = 1, "1 Rare"
    UNLIKELY = 2, "2 Unlikely"
    POSSIBLE = 3, "3 Possible"
    LIKELY = 4, "4 Likely"
    ALMOST_CERTAIN = 5, "5 Almost certain"


class Consequence(models.IntegerChoices):
    NEGLIGIBLE = 1, "1 Negligible"
    MINOR = 2, "2 Minor"
    MODERATE = 3, "3 Moderate"
    MAJOR = 4, "4 Major"
    CATASTROPHIC = 5, "5 Catastrophic"


def likelihood_field(verbose_name, **kwargs):
    return models.PositiveSmallIntegerField(
        verbose_name, choices=Likelihood.choices,
        error_messages={"invalid_choice": "Enter a likelihood from 1 to 5."},
        validators=[MinValueValidator(1, "Enter a likelihood from 1 to 5."),
                    MaxValueValidator(5, "Enter a likelihood from 1 to 5.")],
        **kwargs,
    )


def consequence_field(verbose_name, **kwargs):
    return models.PositiveSmallIntegerField(
        verbose_name, choices=Consequence.choices,
        error_messages={"invalid_choice": "Enter a consequence from 1 to 5."},
        validators=[MinValueValidator(1, "Enter a consequence from 1 to 5."),
                    MaxValueValidator(5, "Enter a consequence from 1 to 5.")],
        **kwargs,
    )


def on_matrix(name, likelihood, consequence, score):
    """Check constraints: likelihood and consequence 1-5, and the stored score their product."""
    return [
        models.CheckConstraint(
            condition=Q(**{f"{likelihood}__gte": 1, f"{likelihood}__lte": 5}),
            name=f"{name}_likelihood_1_to_5",
            violation_error_message="Enter a likelihood from 1 to 5.",
        ),
        models.CheckConstraint(
            condition=Q(**{f"{consequence}__gte": 1, f"{consequence}__lte": 5}),
            name=f"{name}_consequence_1_to_5",
            violation_error_message="Enter a consequence from 1 to 5.",
        ),
        models.CheckConstraint(
            condition=Q(**{score: F(likelihood) * F(consequence)}),
            name=f"{name}_score_is_likelihood_times_consequence",
        ),
    ]


def product(likelihood, consequence):
    if likelihood is None or consequence is None:
        return None
    return likelihood * consequence


class RiskQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Risk.Status.OPEN)

    def with_previous_score(self):
        """Annotate `previous_score`: the re-score before the latest, for the trend arrow."""
        earlier = (
            RiskScore.objects.filter(risk=OuterRef("pk"))
            .order_by("-scored_on", "-pk")
            .values("score")[1:2]
        )
        return self.annotate(previous_score=Subquery(earlier))


class Risk(models.Model):
    """A risk to a workstream or a programme: cause, event, effect, scored on the 5x5 matrix."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    class Domain(models.TextChoices):
        # The NPSA matrix's consequence domains (CONVENTIONS.md §1).
        SAFETY = "safety", "Safety and harm"
        QUALITY = "quality", "Quality and complaints"
        WORKFORCE = "workforce", "Workforce"
        STATUTORY = "statutory", "Statutory duty and inspection"
        REPUTATION = "reputation", "Reputation"
        BUSINESS = "business", "Business objectives and projects"
        FINANCE = "finance", "Finance"
        SERVICE = "service", "Service interruption"
        ENVIRONMENT = "environment", "Environment"

    class Trend(models.TextChoices):
        UP = "up", "Score up"
        DOWN = "down", "Score down"
        SAME = "same", "No change"

    # Copied from the workstream's or programme's on save: the register filters on it.
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="risks", editable=False
    )
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, null=True, blank=True,
        related_name="risks", help_text="For a programme-wide risk; otherwise choose a workstream.",
    )
    workstream = models.ForeignKey(
        "programmes.Workstream", on_delete=models.PROTECT, null=True, blank=True,
        related_name="risks",
    )
    title = models.CharField(max_length=200)
    cause = models.TextField(help_text="Because of …")
    event = models.TextField(help_text="… there is a risk that …")
    effect = models.TextField(help_text="… which would mean …")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="owned_risks",
    )
    consequence_domain = models.CharField(
        max_length=20, choices=Domain.choices, default=Domain.BUSINESS,
        help_text="Which NPSA table the consequence was judged from.",
    )
    initial_likelihood = likelihood_field("initial likelihood")
    initial_consequence = consequence_field("initial consequence")
    initial_score = models.PositiveSmallIntegerField(editable=False)
    likelihood = likelihood_field("current likelihood")
    consequence = consequence_field("current consequence")
    current_score = models.PositiveSmallIntegerField(editable=False)
    target_likelihood = likelihood_field("target likelihood")
    target_consequence = consequence_field("target consequence")
    target_score = models.PositiveSmallIntegerField(editable=False)
    controls = models.TextField(blank=True, help_text="What is in place now to manage it.")
    gaps_in_control = models.TextField(blank=True)
    further_actions = models.TextField(blank=True, help_text="What will be done, by whom, by when.")
    review_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(null=True, blank=True, editable=False)
    escalated = models.BooleanField("escalated to the board", default=False)
    history = HistoricalRecords()

    objects = RiskQuerySet.as_manager()

    class Meta:
        ordering = ["-current_score", "title"]
        indexes = [models.Index(fields=["partnership", "status"], name="risk_partnership_status")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(workstream__isnull=False, programme__isnull=True)
                           | Q(workstream__isnull=True, programme__isnull=False)),
                name="risk_belongs_to_workstream_or_programme",
                violation_error_message="Choose a workstream or a programme, not both.",
            ),
            *on_matrix("risk_initial", "initial_likelihood", "initial_consequence",
                       "initial_score"),
            *on_matrix("risk_current", "likelihood", "consequence", "current_score"),
            *on_matrix("risk_target", "target_likelihood", "target_consequence", "target_score"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        owner = self.workstream or self.programme
        self.partnership_id = owner.partnership_id
        self.set_scores()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("risk", kwargs={"partnership": self.partnership.slug, "risk": self.pk})

    def clean(self):
        super().clean()
        self.set_scores()
        if self.workstream_id and self.programme_id:
            raise ValidationError({"workstream": "Choose a workstream or a programme, not both."})
        if not self.workstream_id and not self.programme_id:
            raise ValidationError(
                {"workstream": "Choose the workstream or programme this risk belongs to."}
            )

    def set_scores(self):
        """Each score is its likelihood times its consequence (None until both are given)."""
        self.initial_score = product(self.initial_likelihood, self.initial_consequence)
        self.current_score = product(self.likelihood, self.consequence)
        self.target_score = product(self.target_likelihood, self.target_consequence)

    def warnings(self):
        """Things to check rather than refuse."""
        found = []
        if self.current_score >= ESCALATION_SCORE and not self.escalated and self.is_open:
            found.append(f"Scored {self.current_score}: risks of {ESCALATION_SCORE} or more are "
                         "normally escalated to the board.")
        if self.target_score > self.current_score:
            found.append("The target score is higher than the current score: a target is "
                         "usually the score once the further actions are done.")
        if self.is_open and self.review_date and self.review_date < timezone.localdate():
            found.append("The review date has passed: review the risk and set the next date.")
        return found

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    @property
    def belongs_to(self):
        return self.workstream or self.programme

    @property
    def band(self):
        """The score band (from the partnership's banding; attach_bands() presets it in bulk)."""
        if "_band" not in self.__dict__:
            self._band = banding_for(self.partnership_id).band(self.current_score)
        return self._band

    @property
    def trend(self):
        """Up, down or same against the re-score before the latest; None with only one."""
        if "previous_score" not in self.__dict__:
            self.previous_score = (
                self.scores.order_by("-scored_on", "-pk").values_list("score", flat=True)[1:2]
                .first()
            )
        if self.previous_score is None:
            return None
        if self.current_score > self.previous_score:
            return self.Trend.UP
        if self.current_score < self.previous_score:
            return self.Trend.DOWN
        return self.Trend.SAME


class RiskScore(models.Model):
    """One scoring of a risk's current likelihood and consequence: the register's trend."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="scores")
    likelihood = likelihood_field("likelihood")
    consequence = consequence_field("consequence")
    score = models.PositiveSmallIntegerField(editable=False)
    scored_on = models.DateField(default=timezone.localdate)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    note = models.TextField(blank=True, help_text="Why the score changed.")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "re-score"
        ordering = ["-scored_on", "-pk"]
        constraints = on_matrix("risk_score", "likelihood", "consequence", "score")

    def __str__(self):
        return f"{self.risk}: {self.score} on {self.scored_on:%d %b %Y}"

    def save(self, *args, **kwargs):
        self.score = product(self.likelihood, self.consequence)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.score = product(self.likelihood, self.consequence)

    @property
    def partnership(self):
        return self.risk.partnership


class RiskBand(models.Model):
    """A band of risk scores (Low 1-3 ...): the NPSA defaults, or a partnership's own set."""

    class Colour(models.TextChoices):
        GREEN = "green", "Green"
        YELLOW = "yellow", "Yellow"
        AMBER = "amber", "Amber"
        RED = "red", "Red"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, null=True, blank=True, related_name="risk_bands",
        help_text="Leave blank for the default bands, used by partnerships with none of their own.",
    )
    min_score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1, "Enter a score from 1 to 25."),
                    MaxValueValidator(25, "Enter a score from 1 to 25.")]
    )
    max_score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1, "Enter a score from 1 to 25."),
                    MaxValueValidator(25, "Enter a score from 1 to 25.")]
    )
    label = models.CharField(max_length=40, help_text="For example, Moderate.")
    colour = models.CharField(max_length=10, choices=Colour.choices)
    action = models.TextField(blank=True, help_text="Who acts on risks in this band, and how soon.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "min_score"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_score__gte=1, max_score__lte=25, min_score__lte=F("max_score")),
                name="risk_band_within_1_to_25",
                violation_error_message="Enter scores from 1 to 25, the lowest first.",
            ),
            models.UniqueConstraint(
                fields=["partnership", "min_score"], name="risk_band_starts_once_per_partnership"
            ),
            models.UniqueConstraint(
                fields=["min_score"], condition=Q(partnership__isnull=True),
                name="default_risk_band_starts_once",
            ),
        ]

    def __str__(self):
        return f"{self.label} ({self.min_score}–{self.max_score})"

    def clean(self):
        super().clean()
        if self.min_score and self.max_score and self.min_score > self.max_score:
            raise ValidationError({"max_score": "Enter a highest score no lower than the lowest."})
        if self.min_score and self.max_score:
            overlapping = (
                RiskBand.objects.filter(partnership=self.partnership_id)
                .filter(min_score__lte=self.max_score, max_score__gte=self.min_score)
                .exclude(pk=self.pk).first()
            )
            if overlapping:
                raise ValidationError(
                    f"These scores overlap the {overlapping} band: change one of them so each "
                    "score falls in one band."
                )


class Banding:
    """The bands one partnership uses, loaded once, so rating many risks costs no more queries."""

    def __init__(self, bands):
        self.bands = sorted(bands, key=lambda b: b.min_score)

    def band(self, score):
        for band in self.bands:
            if band.min_score <= score <= band.max_score:
                return band
        return None


def banding_for(partnership):
    """A partnership's own bands if it has any, else the defaults: one query."""
    partnership_id = getattr(partnership, "pk", partnership)
    bands = list(RiskBand.objects.filter(Q(partnership=partnership_id) | Q(partnership=None)))
    own = [b for b in bands if b.partnership_id == partnership_id]
    return Banding(own or [b for b in bands if b.partnership_id is None])


def attach_bands(risks):
    """Give each risk its band, one query for all (risks may span partnerships)."""
    risks = list(risks)
    ids = {r.partnership_id for r in risks}
    bands = list(RiskBand.objects.filter(Q(partnership__in=ids) | Q(partnership=None)))
    defaults = Banding([b for b in bands if b.partnership_id is None])
    bandings = {
        pid: Banding([b for b in bands if b.partnership_id == pid]) for pid in ids
    }
    for risk in risks:
        banding = bandings[risk.partnership_id]
        risk._band = (banding if banding.bands else defaults).band(risk.current_score)
    return risks
