"""Loading a partnership's report for a month, or one of its published versions, once the
person may see it."""

from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404

from governance.models import AssuranceReport, AssuranceVersion
from stp.permissions import partnership_or_404, require


def partnership_for(request, partnership, action):
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    require(request.user, action, partnership)
    return partnership


def report_or_404(request, partnership, month, action="view_assurance"):
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    report = get_object_or_404(
        AssuranceReport.objects.select_related("partnership__region", "signed_off_by"),
        partnership=partnership, month=month,
    )
    require(request.user, action, report)
    return report


def version_or_404(request, partnership, month, number, action="view_published_assurance"):
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    version = get_object_or_404(
        AssuranceVersion.objects.select_related("report__partnership__region"),
        report__partnership=partnership, report__month=month, number=number,
    )
    require(request.user, action, version)
    return version


# The state from which each change is made: the rules also check a report's state.
CHANGED_FROM = {
    "edit_assessment": AssuranceReport.Status.DRAFT,
    "sign_off_assurance": AssuranceReport.Status.DRAFT,
    "publish_assurance": AssuranceReport.Status.SIGNED_OFF,
    "reopen_assurance": AssuranceReport.Status.PUBLISHED,
}


def report_to_change(request, partnership, month, action):
    """The report, once the person holds the role `action` asks: its rule is asked of the
    report as it would stand before that change. Whether its state allows the change now is
    for the lifecycle function to say, so that a page left open gets a message, not a 403."""
    report = report_or_404(request, partnership, month, "view_assurance_drafts")
    require(request.user, action, copy(report, status=CHANGED_FROM[action]))
    return report


def copy(report, **changes):
    """An unsaved copy of the report with `changes`, to ask a rule about."""
    fields = {f.attname: getattr(report, f.attname) for f in report._meta.concrete_fields}
    probe = AssuranceReport(**{**fields, **changes})
    probe.partnership = report.partnership
    return probe


def not_posted(request, partnership):
    """The 405 to answer a GET to a button's address (after the partnership check), or None
    for a POST."""
    partnership_or_404(request.user, partnership)
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def posted(request):
    """The posted data, or None for a GET: an empty POST is still a submitted form."""
    return request.POST if request.method == "POST" else None
