"""Assurance report pages of a partnership: its reports by month, a month's report and its
assessment, sign-off, publishing and corrections, each published version on the web and as
files, and who downloaded them. The region pages for NHS England are in `regions`."""

from datetime import date

from django.urls import path, register_converter

from governance.views.assurance import lifecycle, reports


class MonthConverter:
    """A reporting month in a web address as "2026-10", given to the view as its first day."""

    regex = r"[0-9]{4}-(?:0[1-9]|1[0-2])"

    def to_python(self, value):
        return date(int(value[:4]), int(value[5:]), 1)

    def to_url(self, value):
        return value.strftime("%Y-%m") if isinstance(value, date) else str(value)


class FileFormatConverter:
    """The format of a version's file: its download's extension."""

    regex = r"pdf|xlsx|csv"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(MonthConverter, "yyyy_mm")
register_converter(FileFormatConverter, "assurance_format")

MONTH = "assurance/<yyyy_mm:month>/"

urlpatterns = [
    path("assurance/", reports.report_list, name="assurance_reports"),
    path("assurance/start/", lifecycle.start, name="assurance_start"),
    path("assurance/downloads/", reports.downloads, name="assurance_downloads"),
    path(MONTH, reports.report_month, name="assurance_month"),
    # Publishing comes before the assessment: whoever walks the pages in order finds the
    # report still signed off.
    path(f"{MONTH}publish/", lifecycle.publish, name="assurance_publish"),
    path(f"{MONTH}assessment/", lifecycle.assessment, name="assurance_assessment"),
    path(f"{MONTH}sign-off/", lifecycle.sign_off, name="assurance_sign_off"),
    path(f"{MONTH}correction/", lifecycle.reopen, name="assurance_reopen"),
    path(f"{MONTH}v<int:number>/", reports.report_version, name="assurance_version"),
    path(f"{MONTH}v<int:number>.<assurance_format:file_format>", reports.download,
         name="assurance_download"),
]
