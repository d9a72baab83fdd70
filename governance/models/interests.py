"""The register of interests (NHS England, managing conflicts of interest; CONVENTIONS §5)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from stp.models import Partnership


class Interest(models.Model):
    class Category(models.TextChoices):
        FINANCIAL = "financial", "Financial"
        PROFESSIONAL = "professional", "Non-financial professional"
        PERSONAL = "personal", "Non-financial personal"
        INDIRECT = "indirect", "Indirect"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="interests")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="interests"
    )
    category = models.CharField(max_length=20, choices=Category.choices, blank=True)
    description = models.TextField("interest", blank=True)
    organisation = models.CharField(
        "organisation concerned", max_length=200, blank=True,
        help_text="The company, charity or body the interest is in, if any.",
    )
    nil_return = models.BooleanField(
        default=False, help_text="The person declared that they have no interests."
    )
    declared_on = models.DateField(default=timezone.localdate)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    management = models.TextField(
        "how it is managed", blank=True,
        help_text="For example: excluded from discussion and decisions on procurement items.",
    )
    published = models.BooleanField(default=True)
    withheld_reason = models.CharField(
        "reason for withholding", max_length=300, blank=True,
        help_text="Required when the entry is withheld from the published register.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["person__full_name", "-declared_on"]

    def __str__(self):
        if self.nil_return:
            return f"{self.person}: nil return"
        return f"{self.person}: {self.get_category_display()} – {self.description[:60]}"

    def clean(self):
        errors = {}
        if not self.nil_return:
            if not self.category:
                errors["category"] = "Select the category of the interest, or make a nil return."
            if not self.description.strip():
                errors["description"] = "Describe the interest, or make a nil return."
        if not self.published and not self.withheld_reason.strip():
            errors["withheld_reason"] = "Enter why this entry is withheld from the register."
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The end date must be on or after the start date."
        if errors:
            raise ValidationError(errors)

    def is_current(self, on=None):
        on = on or timezone.localdate()
        return (self.start_date is None or self.start_date <= on) and (
            self.end_date is None or self.end_date >= on
        )


def current_interests(on=None):
    on = on or timezone.localdate()
    return Interest.objects.filter(nil_return=False).filter(
        Q(start_date__isnull=True) | Q(start_date__lte=on)
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
