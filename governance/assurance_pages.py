"""What the assurance report pages show, each read in a fixed number of queries.

A partnership's reports by month, one month's report (the live draft for those who may read
drafts, else the latest published version), one published version, the download log, and
NHS England's region page. Views call one function here and render what it returns. Nothing
built for an assurance lead holds a draft's figures: their pages are read from published
versions alone.
"""

import json
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.dateformat import format as format_date

from governance.assurance import compile_report, region_reports, report_due_date, report_state
from governance.assurance_files import file_name
from governance.models import AssuranceDownload, AssuranceReport, AssuranceVersion
from governance.pages import crumbs
from programmes.models import StatusUpdate
from programmes.pages import reporting_month
from programmes.timeline import add_months
from stp.models import Partnership, Region
from stp.permissions import Role, access_for, may

Status = AssuranceReport.Status
Format = AssuranceDownload.Format
DOWNLOADS_PER_PAGE = 50
TREND_MONTHS = 6
PICKER_MONTHS = 12
# The ratings best first, then a workstream with no approved update: the distribution's order.
RATINGS = [*StatusUpdate.Confidence.choices, ("", "Not rated")]
# How a report stands for NHS England, in the region page's words: its drafts are not theirs.
REGION_STATES = {
    "published": ("Published", "nhsuk-tag--green"),
    "late": ("Late", "nhsuk-tag--red"),
    "not_started": ("Not started", "nhsuk-tag--grey"),
    Status.DRAFT: ("In progress", "nhsuk-tag--blue"),
    Status.SIGNED_OFF: ("In progress", "nhsuk-tag--blue"),
}


# Links --------------------------------------------------------------------------------------

def reports_url(partnership):
    return reverse("assurance_reports", kwargs={"partnership": partnership.slug})


def month_url(partnership, month):
    return reverse("assurance_month", kwargs={"partnership": partnership.slug, "month": month})


def version_url(partnership, month, number):
    return reverse("assurance_version", kwargs={
        "partnership": partnership.slug, "month": month, "number": number})


def download_url(partnership, month, number, file_format):
    return reverse("assurance_download", kwargs={
        "partnership": partnership.slug, "month": month, "number": number,
        "file_format": file_format})


def region_url(region):
    return reverse("region_assurance", kwargs={"region": region.pk})


def download_links(partnership, month, number, about=""):
    """[{"format", "label", "url", "about"}] for the three files of a version; `about` is what
    a screen reader adds after each link's words ("of version 2")."""
    about = about or f"of version {number}"
    return [{"format": code, "label": label, "about": about,
             "url": download_url(partnership, month, number, code)}
            for code, label in Format.choices]


def reports_crumbs(partnership, *more):
    return crumbs(partnership, ("Assurance reports", reports_url(partnership)), *more)


# Who is NHS England's lead where --------------------------------------------------------------

def lead_partnerships(user, region):
    """The partnerships of `region` whose reports the person reads as NHS England's assurance
    lead (the region's lead, or assigned to the partnership)."""
    partnerships = Partnership.objects.filter(region=region).select_related("region")
    access = access_for(user)
    return [p for p in partnerships if access.has_role(p, Role.ASSURANCE_LEAD)]


def lead_regions(user):
    """The regions where the person leads assurance for one partnership or more: one query."""
    access = access_for(user)
    ids = {pk for pk, roles in access.roles.items() if Role.ASSURANCE_LEAD in roles}
    if not ids:
        return []
    return list(Region.objects.filter(partnerships__in=ids).distinct().order_by("name"))


def region_links(user):
    """The home page's links to the region pages of an assurance lead."""
    if not (user and user.is_authenticated):
        return []
    return [{
        "title": f"NHS England {region.name}: assurance reports",
        "url": region_url(region),
        "description": "Every partnership's monthly report, its status and ratings, and the "
                       "files to download.",
    } for region in lead_regions(user)]


# A partnership's reports --------------------------------------------------------------------

@dataclass
class ReportLine:
    report: AssuranceReport
    versions: list  # published, latest first (data not loaded)
    status_label: str  # where it stands, as the person may know it
    status_tag: str
    late: bool  # not published by its due date

    @property
    def latest(self):
        return self.versions[0] if self.versions else None

    @property
    def url(self):
        return month_url(self.report.partnership, self.report.month)


def reports_page(partnership, user, today):
    """The partnership's reports, latest month first: two queries.

    Those who may read drafts see every report; assurance leads see the months with a published
    version and nothing of the others.
    """
    drafts = may(user, "view_assurance_drafts", partnership)
    reports = (
        AssuranceReport.objects.filter(partnership=partnership)
        .select_related("partnership__region")
        .prefetch_related(Prefetch(
            "versions", to_attr="published",
            queryset=AssuranceVersion.objects.defer("data").select_related("published_by")
            .order_by("-number"),
        ))
        .order_by("-month")
    )
    lines = []
    for report in reports:
        if not (drafts or report.published):
            continue
        state, _label = report_state(report.month, report, today,
                                     published=bool(report.published))
        label, tag = _status(report, bool(report.published), drafts)
        lines.append(ReportLine(report, report.published, label, tag, state == "late"))
    month = reporting_month(today)
    may_start = (may(user, "edit_assessment", partnership)
                 and not any(line.report.month == month for line in lines))
    regions = [] if drafts else [r for r in lead_regions(user) if r.pk == partnership.region_id]
    return {
        "partnership": partnership,
        "lines": lines,
        "drafts": drafts,
        "reporting_month": month,
        "due_date": report_due_date(month),
        "may_start": may_start,
        "may_view_downloads": may(user, "view_assurance_downloads", partnership),
        "region_links": [{"title": f"Every partnership in NHS England {r.name}",
                          "url": region_url(r)} for r in regions],
        "breadcrumbs": crumbs(partnership),
    }


def _status(report, published, drafts):
    """The report's status in words and its tag: those who read drafts see the drafting."""
    if report.status == Status.PUBLISHED or (published and not drafts):
        return "Published", "nhsuk-tag--green"
    if published:
        return "Correction in progress", "nhsuk-tag--blue"
    if report.status == Status.SIGNED_OFF:
        return "Signed off", "nhsuk-tag--blue"
    return "Draft", "nhsuk-tag--grey"


# One month's report -------------------------------------------------------------------------

def month_page(report, user, today):
    """The month's report as this person may see it, or None when they may see nothing of it.

    Those who may read drafts see the live draft compiled now until it is published (and again
    while a correction is drafted), then the latest version. Assurance leads see the latest
    published version and the list of versions; before the first, nothing. About twenty
    queries when compiling the draft, three otherwise, however much data there is.
    """
    partnership = report.partnership
    drafts = may(user, "view_assurance_drafts", report)
    versions = list(report.versions.defer("data").select_related("published_by")
                    .order_by("-number"))
    if not drafts and not versions:
        return None
    preview = drafts and report.status != Status.PUBLISHED
    if preview:
        data = compile_report(report, today)
    else:
        data = AssuranceVersion.objects.values_list("data", flat=True).get(pk=versions[0].pk)
    state, _label = report_state(report.month, report, today, published=bool(versions))
    status_label, status_tag = _status(report, bool(versions), drafts)
    return {
        "partnership": partnership,
        "report": report,
        "data": data,
        "preview": preview,
        "drafts": drafts,
        "versions": [_version_line(v, partnership, report.month) for v in versions],
        "next_version": (versions[0].number if versions else 0) + 1,
        "due_date": report_due_date(report.month),
        "late": state == "late",
        "status_label": status_label,
        "status_tag": status_tag,
        "may_edit": may(user, "edit_assessment", report),
        "may_sign_off": may(user, "sign_off_assurance", report),
        "may_publish": may(user, "publish_assurance", report),
        "may_reopen": may(user, "reopen_assurance", report),
        "may_view_downloads": may(user, "view_assurance_downloads", report),
        "breadcrumbs": reports_crumbs(partnership),
    }


def _version_line(version, partnership, month):
    return {
        "version": version,
        "url": version_url(partnership, month, version.number),
        "downloads": download_links(partnership, month, version.number),
    }


def assessment_page(report, form):
    partnership = report.partnership
    return {
        "partnership": partnership,
        "report": report,
        "form": form,
        "breadcrumbs": reports_crumbs(
            partnership, (f"Report for {report.month_label}", month_url(partnership,
                                                                       report.month))),
    }


def publish_page(report, form, next_version):
    context = assessment_page(report, form)
    context["next_version"] = next_version
    return context


# One published version ------------------------------------------------------------------------

def version_page(version):
    """A published version as the web page of its frozen data: one query beyond loading it."""
    report = version.report
    partnership = report.partnership
    return {
        "partnership": partnership,
        "report": report,
        "version": version,
        "data": version.data,
        "downloads": download_links(partnership, report.month, version.number),
        "breadcrumbs": reports_crumbs(
            partnership, (f"Report for {report.month_label}", month_url(partnership,
                                                                       report.month))),
    }


def download_name(version, file_format):
    """The name a version's file downloads under, from its frozen data."""
    return file_name(version.data, file_format)


# Who downloaded what ---------------------------------------------------------------------------

def downloads_page(partnership, page_number):
    """Every download of the partnership's reports, newest first, a page at a time: two queries
    (the count and the page)."""
    downloads = (
        AssuranceDownload.objects.filter(version__report__partnership=partnership)
        .select_related("person__organisation", "version__report")
        .order_by("-at", "-pk")
    )
    page = Paginator(downloads, DOWNLOADS_PER_PAGE).get_page(page_number)
    return {
        "partnership": partnership,
        "page": page,
        "downloads": list(page.object_list),
        "breadcrumbs": reports_crumbs(partnership),
    }


# NHS England's region page --------------------------------------------------------------------

def picker_months(today):
    """The months the region page offers, latest first: the last twelve reporting months."""
    latest = reporting_month(today)
    return [add_months(latest, -n) for n in range(PICKER_MONTHS)]


def region_page(region, partnerships, month, today):
    """Every partnership of the region the lead sees, with its report for `month` and the trend
    of its ratings over the six months to `month`: five queries, whatever the number of
    partnerships, months or workstreams."""
    rows = []
    for row in region_reports(partnerships, month, today):
        partnership, version = row["partnership"], row["version"]
        label, tag = REGION_STATES.get(row["state"], (row["state_label"], "nhsuk-tag--grey"))
        rows.append({
            **row,
            "state_label": label,
            "state_tag": tag,
            "distribution": _counts(row["distribution"]),
            "reports_url": reports_url(partnership),
            "version_url": version_url(partnership, month, version.number) if version else "",
            "downloads": download_links(
                partnership, month, version.number,
                f"of the {partnership.name} report, version {version.number}",
            ) if version else [],
        })
    months = [add_months(month, -n) for n in range(TREND_MONTHS - 1, -1, -1)]
    trends = _published_summaries(partnerships, months)
    trend_rows = [{
        "partnership": p,
        "months": [_trend_cell(trends.get((p.pk, m))) for m in months],
    } for p in partnerships]
    return {
        "region": region,
        "month": month,
        "month_label": format_date(month, "F Y"),
        "due_date": report_due_date(month),
        "rows": rows,
        "published_count": sum(1 for r in rows if r["state"] == "published"),
        "late_count": sum(1 for r in rows if r["state"] == "late"),
        "ratings": RATINGS,
        "trend_months": months,
        "trend_rows": trend_rows,
        "breadcrumbs": [{"title": "Home", "url": reverse("home")},
                        {"title": "Regions", "url": reverse("region_list")}],
    }


def regions_page(user):
    regions = lead_regions(user)
    return {
        "regions": [{"region": r, "url": region_url(r)} for r in regions],
        "breadcrumbs": [{"title": "Home", "url": reverse("home")}],
    }


def _published_summaries(partnerships, months):
    """{(partnership id, month): the summary of its latest published version}: one query."""
    found = {}
    for partnership_id, month, _number, summary in (
        AssuranceVersion.objects.filter(report__partnership__in=[p.pk for p in partnerships],
                                        report__month__in=months)
        .order_by("report__partnership_id", "report__month", "number")
        .values_list("report__partnership_id", "report__month", "number", "data__summary")
    ):
        found[(partnership_id, month)] = _as_dict(summary)  # the highest number wins
    return found


def _trend_cell(summary):
    if summary is None:
        return None
    return {
        "overall_rating": summary.get("overall_rating", ""),
        "overall_rating_label": summary.get("overall_rating_label", ""),
        "distribution": [line for line in _counts(summary.get("distribution", []))
                         if line["count"]],
    }


def _counts(distribution):
    """The distribution as [{"rating", "label", "count"}] in the ratings' order; [] when none."""
    if not distribution:
        return []
    counts = {line["rating"]: line for line in distribution}
    return [{"rating": code, "label": counts[code]["label"] if code in counts else label,
             "count": counts[code]["this_month"] if code in counts else 0}
            for code, label in RATINGS]


def _as_dict(value):
    """A JSON key read with values_list: a dict on PostgreSQL, a JSON string on SQLite."""
    if isinstance(value, str):
        return json.loads(value)
    return value or {}
