"""The monthly assurance report a partnership gives NHS England, its published versions and
who downloaded them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.dateformat import format as format_date
from simple_history.models import HistoricalRecords

from programmes.models import StatusUpdate
from stp.models import Partnership


class AssuranceReport(models.Model):
    """A partnership's report for one month: the programme director's assessment, and status.

    The figures are not stored here: a draft is compiled from the live data each time it is
    shown (governance.assurance), and publishing freezes them into an AssuranceVersion.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SIGNED_OFF = "signed_off", "Signed off"
        PUBLISHED = "published", "Published"

    class Segment(models.IntegerChoices):
        # The NHS (System) Oversight Framework's segments (CONVENTIONS.md §7).
        ONE = 1, "Segment 1: no specific support needs"
        TWO = 2, "Segment 2: flexible support"
        THREE = 3, "Segment 3: bespoke mandated support"
        FOUR = 4, "Segment 4: mandated intensive support (Recovery Support Programme)"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="assurance_reports"
    )
    month = models.DateField(help_text="The month reported on (its first day).")
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    overall_rating = models.CharField(
        "overall delivery confidence", max_length=20, choices=StatusUpdate.Confidence.choices,
        blank=True, help_text="The programme director's rating of the whole programme.",
    )
    narrative = models.TextField(
        blank=True, help_text="The programme director's account of the month, for NHS England."
    )
    oversight_segment = models.PositiveSmallIntegerField(
        "NHS oversight segment", choices=Segment.choices, null=True, blank=True
    )
    support = models.TextField(
        "support asked of NHS England", blank=True,
        help_text="What the partnership asks of the regional team, if anything.",
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", editable=False,
    )
    signed_off_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "month"], name="one_assurance_report_per_month",
                violation_error_message="This partnership already has a report for that month.",
            ),
            models.CheckConstraint(
                condition=Q(oversight_segment__isnull=True)
                | Q(oversight_segment__gte=1, oversight_segment__lte=4),
                name="assurance_oversight_segment_1_to_4",
                violation_error_message="Choose an oversight segment from 1 to 4.",
            ),
        ]

    def __str__(self):
        return f"{self.partnership} assurance report, {self.month_label}"

    def save(self, *args, **kwargs):
        self.month = self.month.replace(day=1)
        super().save(*args, **kwargs)

    @property
    def month_label(self):
        return format_date(self.month, "F Y")

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED


def version_file_path(version, filename):
    """`assurance/<partnership>/<yyyy-mm>/v<n>.<ext>`, the extension from the name given."""
    report = version.report
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return (f"assurance/{report.partnership.slug}/{report.month:%Y-%m}/"
            f"v{version.number}.{extension}")


class AssuranceVersion(models.Model):
    """One published version, frozen: the compiled data and the files rendered from it."""

    report = models.ForeignKey(AssuranceReport, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(editable=False)
    data = models.JSONField(editable=False, help_text="What the report showed, as compiled.")
    content_hash = models.CharField(
        max_length=64, editable=False, help_text="SHA-256 of the data as canonical JSON."
    )
    reason = models.TextField(blank=True, editable=False,
                              help_text="Why this version corrects the one before.")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        editable=False,
    )
    published_at = models.DateTimeField(default=timezone.now, editable=False)
    pdf = models.FileField(upload_to=version_file_path, blank=True, editable=False)
    xlsx = models.FileField(upload_to=version_file_path, blank=True, editable=False)
    csv = models.FileField("CSV files (zip)", upload_to=version_file_path, blank=True,
                           editable=False)

    class Meta:
        ordering = ["report", "-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="one_assurance_version_each")
        ]

    def __str__(self):
        return f"{self.report}, version {self.number}"

    @property
    def partnership(self):
        return self.report.partnership

    def file(self, format):
        """The stored file of a format (pdf, xlsx or csv)."""
        if format not in AssuranceDownload.Format.values:
            raise ValueError(f"No {format!r} file: choose pdf, xlsx or csv.")
        return getattr(self, format)


class AssuranceDownload(models.Model):
    """Someone downloaded a version in a format: NHS England's leads and the PMO see it."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Spreadsheet (XLSX)"
        CSV = "csv", "CSV files (zip)"

    version = models.ForeignKey(
        AssuranceVersion, on_delete=models.CASCADE, related_name="downloads"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assurance_downloads"
    )
    format = models.CharField(max_length=5, choices=Format.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.person} downloaded {self.version} ({self.format})"

    @property
    def partnership(self):
        return self.version.report.partnership
