"""Reading assurance reports: the partnership's list, a month's report, a published version on
the web and as files, and the PMO's log of who downloaded what."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone

from governance.assurance_files import FILE_TYPES
from governance.assurance_pages import (
    download_name,
    downloads_page,
    month_page,
    reports_page,
    version_page,
)
from governance.assurance_publishing import record_download
from governance.views.assurance.common import partnership_for, report_or_404, version_or_404


def report_list(request, partnership):
    partnership = partnership_for(request, partnership, "view_assurance")
    context = reports_page(partnership, request.user, timezone.localdate())
    return render(request, "governance/assurance/reports.html", context)


def report_month(request, partnership, month):
    report = report_or_404(request, partnership, month)
    context = month_page(report, request.user, timezone.localdate())
    if context is None:
        raise Http404("Nothing of this month's report is published yet.")
    return render(request, "governance/assurance/month.html", context)


def report_version(request, partnership, month, number):
    version = version_or_404(request, partnership, month, number)
    return render(request, "governance/assurance/version.html", version_page(version))


def download(request, partnership, month, number, file_format):
    """The version's file as published; the download is recorded for the PMO."""
    version = version_or_404(request, partnership, month, number, "download_assurance")
    stored = version.file(file_format)
    if not stored:
        raise Http404("This version has no such file.")
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing.") from None
    record_download(version, request.user, file_format)
    return FileResponse(handle, as_attachment=True, content_type=FILE_TYPES[file_format][1],
                        filename=download_name(version, file_format))


def downloads(request, partnership):
    partnership = partnership_for(request, partnership, "view_assurance_downloads")
    context = downloads_page(partnership, request.GET.get("page"))
    return render(request, "governance/assurance/downloads.html", context)
