"""Published versions of a meeting's board pack, and who has read them."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from governance.models.meetings import Meeting


class BoardPack(models.Model):
    """One published version, frozen: what the board read is kept exactly as it was.

    `html` is the full pack (parts 1 and 2) and `public_html` part 1 alone: what readers without
    access to private business see, and for meetings held in public the public pack. `sections`
    and `public_sections` are the same versions cut into the sections of the web reader. The
    PDFs (`pdf` full, `public_pdf` part 1) are printed from them in the background; `snapshot`
    is the data the pack showed, compared with the previous version's to list what changed.
    """

    class PDFStatus(models.TextChoices):
        PENDING = "pending", "Waiting to be printed"
        RENDERING = "rendering", "Printing"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="packs")
    version = models.PositiveSmallIntegerField()
    html = models.TextField(editable=False)
    public_html = models.TextField(blank=True, editable=False)
    sections = models.JSONField(
        default=list, editable=False,
        help_text="The full version's sections for the web reader: slug, title, level, html.",
    )
    public_sections = models.JSONField(
        default=list, editable=False, help_text="The part 1 version's sections."
    )
    snapshot = models.JSONField(default=dict, editable=False)
    changes = models.JSONField(
        default=list, editable=False, help_text="What changed since the previous version."
    )
    content_hash = models.CharField(max_length=64, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        editable=False,
    )
    published_at = models.DateTimeField(default=timezone.now, editable=False)
    pdf = models.FileField(upload_to="packs/%Y/%m/", blank=True, editable=False)
    public_pdf = models.FileField(upload_to="packs/%Y/%m/", blank=True, editable=False)
    pdf_status = models.CharField(
        max_length=20, choices=PDFStatus.choices, default=PDFStatus.PENDING, editable=False
    )
    pdf_progress = models.PositiveSmallIntegerField(default=0, editable=False)
    pdf_error = models.TextField(blank=True, editable=False)
    pdf_pages = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["meeting", "-version"]
        get_latest_by = "version"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="one_pack_per_version")
        ]

    def __str__(self):
        return f"{self.meeting} pack, version {self.version}"

    def get_absolute_url(self):
        return reverse(
            "pack",
            kwargs={
                "partnership": self.meeting.board.partnership.slug,
                "meeting": self.meeting_id,
                "version": self.version,
            },
        )

    @property
    def partnership(self):
        return self.meeting.board.partnership


class PackRead(models.Model):
    """A person opened a version of a pack, on the web or as a PDF."""

    class Format(models.TextChoices):
        WEB = "web", "Web page"
        PDF = "pdf", "PDF"

    pack = models.ForeignKey(BoardPack, on_delete=models.CASCADE, related_name="reads")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pack_reads"
    )
    format = models.CharField(max_length=5, choices=Format.choices)
    first_opened_at = models.DateTimeField(default=timezone.now)
    last_opened_at = models.DateTimeField(default=timezone.now)
    times_opened = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["pack", "first_opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["pack", "person", "format"], name="one_read_receipt_per_format"
            )
        ]

    def __str__(self):
        return f"{self.person} opened {self.pack} ({self.format})"
