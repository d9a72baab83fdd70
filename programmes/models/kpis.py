"""KPIs: what a workstream measures, the trajectory it planned, and the actuals each period."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from programmes.models.choices import RAG

# The first month of each NHS financial quarter: April, July, October, January.
QUARTER_START_MONTHS = (4, 7, 10, 1)


def first_of_month(day):
    return day.replace(day=1) if day else day


class KPI(models.Model):
    """A key performance indicator of a workstream."""

    class Unit(models.TextChoices):
        NUMBER = "number", "Number"
        PERCENTAGE = "percentage", "Percentage"
        MONEY = "money", "Money (£)"
        RATE_PER_1000 = "rate_per_1000", "Rate per 1,000"
        RATE_PER_100000 = "rate_per_100000", "Rate per 100,000"
        DAYS = "days", "Days"

    class Improvement(models.TextChoices):
        # The values programmes.spc.analyse takes.
        INCREASE = "increase", "Up: higher is better"
        DECREASE = "decrease", "Down: lower is better"
        NEITHER = "neither", "Neither"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"

    workstream = models.ForeignKey(
        "programmes.Workstream", on_delete=models.PROTECT, related_name="kpis"
    )
    name = models.CharField(
        max_length=200, help_text="For example, Emergency admissions for falls."
    )
    definition = models.TextField(
        blank=True, help_text="Exactly what is counted, including numerator and denominator."
    )
    unit = models.CharField(max_length=20, choices=Unit.choices, default=Unit.NUMBER)
    improvement = models.CharField(
        "improvement direction", max_length=10, choices=Improvement.choices,
        help_text="Which way is better. Decides the colours of the SPC chart and the rating.",
    )
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    data_source = models.CharField(max_length=200, blank=True)
    baseline_value = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    baseline_period = models.DateField(
        null=True, blank=True, help_text="The month the baseline was measured in."
    )
    target_value = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    target_date = models.DateField(null=True, blank=True, help_text="When the target is due.")
    tolerance_percent = models.DecimalField(
        "tolerance (%)", max_digits=5, decimal_places=2, default=Decimal("5"),
        validators=[MinValueValidator(0, "Enter a tolerance of 0% or more."),
                    MaxValueValidator(100, "Enter a tolerance of 100% or less.")],
        help_text="How far short of the trajectory, as a percentage of the planned value, "
                  "still counts as amber rather than red.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "KPI"
        verbose_name_plural = "KPIs"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["workstream", "name"], name="kpi_name_unique_in_workstream",
                violation_error_message="This workstream already has a KPI of that name.",
            ),
            models.CheckConstraint(
                condition=models.Q(tolerance_percent__gte=0, tolerance_percent__lte=100),
                name="kpi_tolerance_a_percentage",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.baseline_period = first_of_month(self.baseline_period)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "kpi", kwargs={"partnership": self.workstream.partnership.slug, "kpi": self.pk}
        )

    def clean(self):
        super().clean()
        if (self.baseline_period and self.target_date
                and self.target_date < self.baseline_period):
            raise ValidationError({"target_date": "Enter a target date after the baseline period."})

    def warnings(self):
        """Things that look wrong but may be meant: shown to the person, never refused."""
        found = []
        baseline, target = self.baseline_value, self.target_value
        if baseline is not None and target is not None:
            if self.improvement == self.Improvement.INCREASE and target < baseline:
                found.append("The target is below the baseline, but higher is better: "
                             "check the target and the improvement direction.")
            if self.improvement == self.Improvement.DECREASE and target > baseline:
                found.append("The target is above the baseline, but lower is better: "
                             "check the target and the improvement direction.")
        if self.improvement == self.Improvement.NEITHER and self.target_value is not None:
            found.append("A target is set but neither direction is better, so the KPI will "
                         "not be rated or given an assurance icon.")
        return found

    @property
    def partnership(self):
        return self.workstream.partnership

    # Both read `actuals` and `trajectory` through .all(), so a prefetch serves a whole list.
    def actual_values(self):
        """Period -> actual value, oldest first."""
        return {a.period: a.value for a in sorted(self.actuals.all(), key=lambda a: a.period)}

    def planned_values(self):
        """Period -> the trajectory's planned value."""
        return {p.period: p.value for p in self.trajectory.all()}

    def rate(self, actual, planned):
        """RAG of an actual against its planned value, by the direction and tolerance; or None."""
        if actual is None or planned is None or self.improvement == self.Improvement.NEITHER:
            return None
        if self.improvement == self.Improvement.INCREASE:
            shortfall = planned - actual
        else:
            shortfall = actual - planned
        if shortfall <= 0:
            return RAG.GREEN
        allowed = abs(planned) * self.tolerance_percent / 100
        return RAG.AMBER if shortfall <= allowed else RAG.RED

    def rating(self, period):
        """RAG of the actual for `period` against the trajectory; None without both."""
        period = first_of_month(period)
        return self.rate(self.actual_values().get(period), self.planned_values().get(period))

    def latest_rating(self, period):
        """(period, RAG) of the latest actual in or before `period`: data often lags a month."""
        actuals = self.actual_values()
        periods = [p for p in actuals if p <= first_of_month(period)]
        if not periods:
            return None, None
        latest = periods[-1]
        return latest, self.rate(actuals[latest], self.planned_values().get(latest))

    def analysis(self):
        """The Making Data Count analysis of the actuals (programmes.spc)."""
        from programmes.spc import analyse

        target = float(self.target_value) if self.target_value is not None else None
        values = [float(v) for v in self.actual_values().values()]
        return analyse(values, self.improvement, target)


class KPIValue(models.Model):
    """A KPI's value for one period (the first day of its month)."""

    kpi = models.ForeignKey(KPI, on_delete=models.CASCADE)
    period = models.DateField(help_text="The month the value is for.")
    value = models.DecimalField(max_digits=16, decimal_places=4)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.period = first_of_month(self.period)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.period:
            self.period = first_of_month(self.period)
            if (self.kpi_id and self.kpi.frequency == KPI.Frequency.QUARTERLY
                    and self.period.month not in QUARTER_START_MONTHS):
                raise ValidationError({"period": "This KPI is quarterly: enter the first month "
                                                 "of a quarter (April, July, October or January)."})

    @property
    def partnership(self):
        return self.kpi.workstream.partnership


class KPITrajectoryPoint(KPIValue):
    """The value planned for a period: the trajectory the KPI is rated against."""

    kpi = models.ForeignKey(KPI, on_delete=models.CASCADE, related_name="trajectory")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "trajectory point"
        ordering = ["kpi", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "period"], name="one_trajectory_value_per_kpi_period",
                violation_error_message="The trajectory already has a value for this month.",
            )
        ]

    def __str__(self):
        return f"{self.kpi} planned {self.period:%b %Y}: {self.value.normalize():f}"


class KPIActual(KPIValue):
    """What a KPI actually was in a period, with a note explaining it."""

    kpi = models.ForeignKey(KPI, on_delete=models.CASCADE, related_name="actuals")
    note = models.TextField(blank=True, help_text="Anything a reader needs to understand it.")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    entered_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "KPI actual"
        ordering = ["kpi", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "period"], name="one_actual_per_kpi_period",
                violation_error_message="There is already an actual for this month: change it "
                                        "instead.",
            )
        ]

    def __str__(self):
        return f"{self.kpi} {self.period:%b %Y}: {self.value.normalize():f}"

    def clean(self):
        super().clean()
        if self.period and self.period > timezone.localdate():
            raise ValidationError({"period": "Enter a month that has already started."})
