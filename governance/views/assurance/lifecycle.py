"""Writing and publishing a month's report: start it, the programme director's assessment,
sign-off, publishing a version (PMO) and starting a correction.

The person's role is checked first; what the report's state does not allow is refused by the
lifecycle functions (governance.assurance_publishing) and said in a message.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from governance.assurance import report_for
from governance.assurance_pages import assessment_page, month_url, publish_page
from governance.assurance_publishing import (
    publish_report,
    reopen_report,
    save_assessment,
    sign_off_report,
)
from governance.forms.assurance import AssessmentForm, PublishForm
from governance.views.assurance.common import (
    not_posted,
    partnership_for,
    posted,
    report_to_change,
)
from programmes.exceptions import TransitionNotAllowed
from programmes.pages import reporting_month
from stp.pdf import PDFUnavailable


def start(request, partnership):
    """Start the report for the month just ended (it is compiled live until published)."""
    if refused := not_posted(request, partnership):
        return refused
    partnership = partnership_for(request, partnership, "edit_assessment")
    report = report_for(partnership, reporting_month(timezone.localdate()))
    messages.success(request, f"The {report.month_label} report is started. Its figures are "
                              "live until it is published.")
    return redirect(month_url(partnership, report.month))


def assessment(request, partnership, month):
    report = report_to_change(request, partnership, month, "edit_assessment")
    if report.is_published:
        return _refused(request, report, "cannot be changed: it is published. Start a "
                                         "correction to change it")
    form = AssessmentForm(posted(request), report=report)
    if request.method == "POST" and form.is_valid():
        was_signed_off = report.status == report.Status.SIGNED_OFF
        try:
            save_assessment(report, request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        except TransitionNotAllowed as refused:
            messages.error(request, refused.message)
            return redirect(month_url(report.partnership, report.month))
        else:
            words = f"The assessment of the {report.month_label} report is saved."
            if was_signed_off:
                words += " The report is a draft again: the programme director signs it off."
            messages.success(request, words)
            return redirect(month_url(report.partnership, report.month))
    return render(request, "governance/assurance/assessment.html", assessment_page(report, form))


def sign_off(request, partnership, month):
    if refused := not_posted(request, partnership):
        return refused
    report = report_to_change(request, partnership, month, "sign_off_assurance")
    try:
        sign_off_report(report, request.user)
    except TransitionNotAllowed as refused:
        messages.error(request, refused.message)
    except ValidationError as error:
        # What is missing is shown at its field of the assessment, ready to be written.
        form = AssessmentForm(_assessment_data(report), report=report)
        form.is_valid()
        form.add_error(None, error)
        form.helper.form_action = reverse("assurance_assessment", kwargs={
            "partnership": report.partnership.slug, "month": report.month})
        context = assessment_page(report, form)
        context["signing_off"] = True
        return render(request, "governance/assurance/assessment.html", context)
    else:
        messages.success(request, f"You signed off the {report.month_label} report. The PMO "
                                  "publishes it to NHS England.")
    return redirect(month_url(report.partnership, report.month))


def publish(request, partnership, month):
    report = report_to_change(request, partnership, month, "publish_assurance")
    if report.status != report.Status.SIGNED_OFF:
        return _refused(request, report, "cannot be published: the programme director has "
                        "not signed it off" if report.is_draft else "is published already")
    next_version = report.versions.count() + 1
    form = PublishForm(posted(request), next_version=next_version)
    if request.method == "POST" and form.is_valid():
        try:
            version = publish_report(report, request.user,
                                     reason=form.cleaned_data.get("reason", ""))
        except ValidationError as error:
            form.add_error(None, error)
        except TransitionNotAllowed as refused:
            messages.error(request, refused.message)
            return redirect(month_url(report.partnership, report.month))
        except PDFUnavailable:
            form.add_error(None, "The PDF could not be printed, so nothing was published. "
                                 "Try again in a few minutes.")
        else:
            messages.success(request, f"Version {version.number} of the {report.month_label} "
                                      "report is published. NHS England's assurance leads can "
                                      "now read and download it.")
            return redirect(month_url(report.partnership, report.month))
    return render(request, "governance/assurance/publish.html",
                  publish_page(report, form, next_version))


def reopen(request, partnership, month):
    if refused := not_posted(request, partnership):
        return refused
    report = report_to_change(request, partnership, month, "reopen_assurance")
    try:
        reopen_report(report, request.user)
    except TransitionNotAllowed as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, f"The {report.month_label} report is open for a correction. "
                                  "The published versions stay as they are; the correction is "
                                  "signed off and published as a new version.")
    return redirect(month_url(report.partnership, report.month))


def _refused(request, report, why):
    messages.error(request, f"The {report.month_label} report {why}.")
    return redirect(month_url(report.partnership, report.month))


def _assessment_data(report):
    return {
        "overall_rating": report.overall_rating,
        "narrative": report.narrative,
        "oversight_segment": report.oversight_segment or "",
        "support": report.support,
    }
