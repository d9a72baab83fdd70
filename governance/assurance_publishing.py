"""The assurance report's lifecycle: assess, sign off, publish a frozen version, reopen.

draft -> signed off (by the programme director) -> published (by the PMO). Changing the
assessment of a signed-off report sends it back to draft, to be signed off again. Publishing
compiles the report (governance.assurance), freezes the data into the next AssuranceVersion
with its SHA-256 and the PDF, XLSX and CSV files rendered from that data alone; a version after
the first says why it corrects the last. Reopening a published report lets a correction be
drafted; the versions published before stay as they were.

What a report's state does not allow raises programmes' TransitionNotAllowed (as the status
updates' lifecycle does); a wrong or missing value raises ValidationError keyed by the field.
"""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from governance.assurance import compile_report, content_hash
from governance.models import AssuranceDownload, AssuranceReport, AssuranceVersion
from programmes.exceptions import TransitionNotAllowed
from programmes.models import StatusUpdate
from programmes.updates import lock_updates
from reminders.events import notify_assurance_published

Status = AssuranceReport.Status


def save_assessment(report, by, *, overall_rating, narrative, oversight_segment, support):
    """Save the programme director's assessment; a signed-off report goes back to draft."""
    errors = {}
    if overall_rating and overall_rating not in StatusUpdate.Confidence.values:
        errors["overall_rating"] = "Choose an overall rating from the five-point scale."
    if oversight_segment in ("", None):
        oversight_segment = None
    else:
        try:
            oversight_segment = int(oversight_segment)
        except (TypeError, ValueError):
            oversight_segment = 0
        if oversight_segment not in AssuranceReport.Segment.values:
            errors["oversight_segment"] = "Choose an oversight segment from 1 to 4."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        report = _locked(report)
        if report.status == Status.PUBLISHED:
            raise TransitionNotAllowed(
                f"The {report.month_label} report is published: reopen it to make a correction."
            )
        report.overall_rating = overall_rating or ""
        report.narrative = (narrative or "").strip()
        report.oversight_segment = oversight_segment
        report.support = (support or "").strip()
        fields = ["overall_rating", "narrative", "oversight_segment", "support", "updated_at"]
        if report.status == Status.SIGNED_OFF:
            report.status = Status.DRAFT
            report.signed_off_by, report.signed_off_at = None, None
            fields += ["status", "signed_off_by", "signed_off_at"]
        report._history_user = by
        report.save(update_fields=fields)
    return report


def sign_off_report(report, by):
    """The programme director signs off a draft with its assessment written."""
    with transaction.atomic():
        report = _locked(report)
        if report.status != Status.DRAFT:
            raise TransitionNotAllowed(_cannot(report, "signed off"))
        errors = {}
        if not report.overall_rating:
            errors["overall_rating"] = "Choose the overall rating before signing off the report."
        if not report.narrative.strip():
            errors["narrative"] = "Write the narrative before signing off the report."
        if errors:
            raise ValidationError(errors)
        report.status = Status.SIGNED_OFF
        report.signed_off_by, report.signed_off_at = by, timezone.now()
        report._history_user = by
        report.save(update_fields=["status", "signed_off_by", "signed_off_at", "updated_at"])
    return report


def publish_report(report, by, reason="", today=None, *, notify=True):
    """Publish a signed-off report as its next version: data frozen, files rendered.

    Returns the AssuranceVersion. The month's approved updates the report shows are locked,
    as a board pack locks those it uses. The assurance leads who can see it are e-mailed once
    this commits (`notify=False`, loading demo data, tells nobody).
    """
    from governance.assurance_files import FILE_TYPES, render_files

    reason = (reason or "").strip()
    with transaction.atomic():
        report = _locked(report)
        if report.status != Status.SIGNED_OFF:
            raise TransitionNotAllowed(_cannot(report, "published"))
        last = (AssuranceVersion.objects.filter(report=report).order_by("-number")
                .values_list("number", flat=True).first())
        number = (last or 0) + 1
        if number > 1 and not reason:
            raise ValidationError({"reason": f"Say why version {number} corrects version "
                                             f"{last}: NHS England reads it with the report."})
        now = timezone.now()
        data = compile_report(report, today or timezone.localdate())
        data.update(version=number, reason=reason, status=Status.PUBLISHED.value,
                    published_at=timezone.localtime(now).isoformat(),
                    published_by=by.full_name or by.email)
        _lock_updates(report, number)
        files = render_files(data)
        version = AssuranceVersion(
            report=report, number=number, data=data, content_hash=content_hash(data),
            reason=reason, published_by=by, published_at=now,
        )
        for format, (extension, _content_type) in FILE_TYPES.items():
            getattr(version, format).save(f"v{number}.{extension}", ContentFile(files[format]),
                                          save=False)
        version.save()
        report.status = Status.PUBLISHED
        report._history_user = by
        report.save(update_fields=["status", "updated_at"])
        if notify:
            notify_assurance_published(version)
    return version


def reopen_report(report, by):
    """Send a published report back to draft so that a correction can be made and signed off."""
    with transaction.atomic():
        report = _locked(report)
        if report.status != Status.PUBLISHED:
            raise TransitionNotAllowed(_cannot(report, "reopened"))
        report.status = Status.DRAFT
        report.signed_off_by, report.signed_off_at = None, None
        report._history_user = by
        report.save(update_fields=["status", "signed_off_by", "signed_off_at", "updated_at"])
    return report


def record_download(version, person, format):
    """Note that someone downloaded a version in a format (pdf, xlsx or csv)."""
    if format not in AssuranceDownload.Format.values:
        raise ValidationError({"format": "Choose PDF, XLSX or CSV."})
    return AssuranceDownload.objects.create(version=version, person=person, format=format)


def _locked(report):
    """The report re-read and locked for the transaction; the caller's object is updated."""
    report.refresh_from_db(from_queryset=AssuranceReport.objects.select_for_update())
    return report


def _lock_updates(report, number):
    """Lock the month's approved updates: what the version shows can no longer change."""
    updates = list(StatusUpdate.objects.filter(
        workstream__partnership=report.partnership_id, workstream__status="active",
        period=report.month, status=StatusUpdate.Status.APPROVED,
    ))
    if updates:
        lock_updates(updates, reason=f"Used in the {report.month_label} assurance report, "
                                     f"version {number}")


def _cannot(report, verb):
    why = {
        Status.DRAFT: "it is still a draft",
        Status.SIGNED_OFF: "it is signed off and waiting to be published",
        Status.PUBLISHED: "it is published: reopen it to make a correction",
    }[report.status]
    return f"The {report.month_label} report cannot be {verb}: {why}."
