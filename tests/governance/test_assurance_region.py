"""NHS England's region page: every partnership of the region the lead sees, its report's
status for the month chosen (published, late, in progress, not started), its ratings from the
published version alone, the files, and the trend of its ratings over six months."""

from datetime import date, datetime, time

import pytest
import time_machine
from django.urls import reverse
from django.utils.dateformat import format as format_date

from governance.assurance import content_hash
from governance.models import AssuranceDownload, AssuranceReport, AssuranceVersion
from stp.models import RoleAssignment
from tests.assurance_factories import LONDON, AssuranceReportFactory, assurance_lead
from tests.assurance_samples import sample_report_data
from tests.factories import PartnershipFactory, RoleAssignmentFactory, UserFactory
from tests.programme_samples import page_text

pytestmark = pytest.mark.django_db
Status = AssuranceReport.Status
Role = RoleAssignment.Role
OCTOBER = date(2026, 10, 1)
AFTER_DUE = date(2026, 11, 23)  # October's reports were due by 20 November
BEFORE_DUE = date(2026, 11, 5)
# sample_report_data's workstreams: two green, one at each of amber/green, amber and amber/red,
# one not rated.
DISTRIBUTION = "Green: 2 Amber/Green: 1 Amber: 1 Amber/Red: 1 Red: 0 Not rated: 1"


def on(day):
    return time_machine.travel(datetime.combine(day, time(12), tzinfo=LONDON), tick=False)


@pytest.fixture(autouse=True)
def today():
    with on(AFTER_DUE):
        yield AFTER_DUE


@pytest.fixture
def region(partnership):
    return partnership.region


@pytest.fixture
def lead(region):
    return assurance_lead(region, full_name="David Ashworth")


@pytest.fixture
def derbyshire(region):
    return PartnershipFactory(name="Joined Up Care Derbyshire", slug="derbyshire", region=region)


@pytest.fixture
def herefordshire(region):
    return PartnershipFactory(name="Herefordshire and Worcestershire", slug="herefordshire",
                              region=region)


def region_url(region, month=None):
    address = reverse("region_assurance", kwargs={"region": region.pk})
    return f"{address}?month={month:%Y-%m}" if month else address


def published(partnership, month=OCTOBER, rating="amber_green", label="Amber/Green", number=1,
              reason=""):
    """A published version of the partnership's report for `month`, of the sample's figures."""
    report, _ = AssuranceReport.objects.get_or_create(
        partnership=partnership, month=month, defaults={"status": Status.PUBLISHED})
    data = sample_report_data(
        partnership={"name": partnership.name, "slug": partnership.slug,
                     "region": partnership.region.name},
        month=month.isoformat(), month_label=format_date(month, "F Y"), version=number,
        reason=reason,
    )
    data["summary"].update(overall_rating=rating, overall_rating_label=label)
    return AssuranceVersion.objects.create(
        report=report, number=number, data=data, content_hash=content_hash(data),
        reason=reason, published_at=datetime.combine(date(2026, 11, 10), time(9), LONDON),
    )


def row_of(page, name):
    """The words of a partnership's row in the month's table (up to the next row)."""
    start = page.index(f"{name}: assurance reports")
    return page[start:start + 400]


# Status and ratings for the month ---------------------------------------------------------------

def test_each_partnership_shows_its_reports_status_and_published_ratings(
        partnership, derbyshire, herefordshire, lead, client_for):
    published(partnership)
    AssuranceReportFactory(partnership=derbyshire, month=OCTOBER, overall_rating="red",
                           narrative="A draft NHS England never sees.")

    page = page_text(client_for(lead).get(region_url(partnership.region, OCTOBER)))

    assert "Assurance reports for October 2026" in page
    assert "due by 20 November 2026" in page
    assert "1 of 3 partnerships published; 2 late." in page
    staffordshire = row_of(page, partnership.name)
    assert "Published Version 1, published 10 November 2026" in staffordshire
    assert f"Amber/Green {DISTRIBUTION}" in staffordshire
    assert "PDF" in staffordshire and "Spreadsheet (XLSX)" in staffordshire
    assert "Late Not published Not published Nothing to download" in row_of(page,
                                                                             derbyshire.name)
    assert "Late Not published" in row_of(page, herefordshire.name)
    assert "A draft NHS England never sees." not in page


def test_before_the_due_date_a_report_is_in_progress_or_not_started(
        partnership, derbyshire, herefordshire, lead, client_for):
    AssuranceReportFactory(partnership=derbyshire, month=OCTOBER)
    AssuranceReportFactory(partnership=herefordshire, month=OCTOBER, status=Status.SIGNED_OFF)

    with on(BEFORE_DUE):
        page = page_text(client_for(lead).get(region_url(partnership.region, OCTOBER)))

    assert "Not started" in row_of(page, partnership.name)
    assert "In progress" in row_of(page, derbyshire.name)
    assert "In progress" in row_of(page, herefordshire.name)
    assert "Late" not in page


def test_a_correction_shows_the_latest_version(partnership, lead, client_for):
    published(partnership)
    published(partnership, rating="red", label="Red", number=2, reason="Rating corrected.")

    page = page_text(client_for(lead).get(region_url(partnership.region, OCTOBER)))

    assert "Version 2, published 10 November 2026" in row_of(page, partnership.name)
    assert f"Red {DISTRIBUTION}" in row_of(page, partnership.name)


def test_the_files_of_the_latest_version_download_from_the_region_page(
        partnership, lead, client_for, media_root):
    from django.core.files.base import ContentFile

    version = published(partnership)
    version.pdf.save("v1.pdf", ContentFile(b"%PDF-1.7 October"))
    client = client_for(lead)
    html = client.get(region_url(partnership.region, OCTOBER)).content.decode()
    link = reverse("assurance_download", kwargs={"partnership": partnership.slug,
                                                 "month": OCTOBER, "number": 1,
                                                 "file_format": "pdf"})
    assert f'href="{link}"' in html

    response = client.get(link)

    assert b"".join(response.streaming_content) == b"%PDF-1.7 October"
    assert AssuranceDownload.objects.get().person == lead


# The trend ----------------------------------------------------------------------------------------

def test_the_trend_shows_six_months_of_published_ratings_in_words(
        partnership, derbyshire, lead, client_for):
    ratings = [("green", "Green"), ("amber", "Amber"), ("red", "Red"), ("amber", "Amber"),
               ("amber_red", "Amber/Red")]
    for n, (rating, label) in enumerate(ratings):
        published(partnership, date(2026, 5 + n, 1), rating, label)
    published(partnership, date(2026, 9, 1), "green", "Green", number=2, reason="Corrected.")
    published(partnership, date(2026, 4, 1), "red", "Red")  # seven months ago: not shown
    AssuranceReportFactory(partnership=derbyshire, month=OCTOBER, overall_rating="red")

    html = client_for(lead).get(region_url(partnership.region, OCTOBER)).content.decode()
    trend = html[html.index("Ratings over six months"):]

    assert "Partnership May 2026 Jun 2026 Jul 2026 Aug 2026 Sep 2026 Oct 2026" in page_text(
        trend)
    assert "Apr 2026" not in page_text(trend)
    cells = trend_cells(trend, partnership.name)
    assert [cell.split(" Green: 2")[0] for cell in cells] == [
        "Green", "Amber", "Red", "Amber", "Green", "Not published"]
    assert cells[0] == f"Green {DISTRIBUTION.replace(' Red: 0', '')}"  # counts of none left out
    assert trend_cells(trend, derbyshire.name) == ["Not published"] * 6  # a draft never counts


def trend_cells(html, name):
    """The words of each month's cell in the partnership's row of the trend table."""
    row = html[html.index(f">{name}</th>"):]
    row = row[:row.index("</tr>")]
    return [page_text("<td" + cell) for cell in row.split("<td")[1:]]


# The month picker --------------------------------------------------------------------------------

def test_the_month_picker_shows_another_month(partnership, lead, client_for):
    published(partnership, date(2026, 9, 1))

    page = page_text(client_for(lead).get(region_url(partnership.region, date(2026, 9, 1))))

    assert "Assurance reports for September 2026" in page
    assert "Published Version 1" in row_of(page, partnership.name)


def test_a_month_not_offered_is_refused_at_the_field(partnership, lead, client_for):
    response = client_for(lead).get(region_url(partnership.region) + "?month=2019-01")

    page = page_text(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Choose a month from the list" in page
    assert "Assurance reports for October 2026" in page  # the latest month instead


def test_without_a_month_the_page_shows_the_month_just_ended(partnership, lead, client_for):
    page = page_text(client_for(lead).get(region_url(partnership.region)))
    assert "Assurance reports for October 2026" in page


# Who sees the region ----------------------------------------------------------------------------

def test_a_lead_of_another_region_gets_404(partnership, other_partnership, client_for):
    london = assurance_lead(other_partnership.region, full_name="Lola London")

    response = client_for(london).get(region_url(partnership.region, OCTOBER))

    assert response.status_code == 404
    assert client_for(london).get(region_url(other_partnership.region)).status_code == 200


def test_people_of_the_partnership_without_a_lead_role_get_404(partnership, pmo, client_for):
    assert client_for(pmo).get(region_url(partnership.region)).status_code == 404


def test_a_lead_assigned_to_one_partnership_sees_only_it(partnership, derbyshire, client_for):
    assigned = UserFactory(full_name="Asha Assigned")
    RoleAssignmentFactory(person=assigned, partnership=derbyshire, role=Role.ASSURANCE_LEAD)

    page = page_text(client_for(assigned).get(region_url(partnership.region, OCTOBER)))

    assert derbyshire.name in page
    assert partnership.name not in page


def test_a_lead_finds_the_region_from_the_home_page(partnership, lead, pmo, client_for):
    home = page_text(client_for(lead).get(reverse("home")))
    assert "NHS England Midlands: assurance reports" in home
    regions = page_text(client_for(lead).get(reverse("region_list")))
    assert "NHS England Midlands" in regions

    assert "NHS England Midlands: assurance reports" not in page_text(
        client_for(pmo).get(reverse("home")))
    assert "not an NHS England assurance lead" in page_text(
        client_for(pmo).get(reverse("region_list")))


# Query counts ----------------------------------------------------------------------------------

@pytest.mark.parametrize("size", [2, 8])
def test_the_region_page_costs_the_same_however_many_partnerships_and_months(
        partnership, lead, client_for, size, django_assert_max_num_queries):
    partnerships = [partnership] + [PartnershipFactory(region=partnership.region)
                                    for _ in range(size - 1)]
    for p in partnerships:
        for month in range(5, 11):
            published(p, date(2026, month, 1))
    client = client_for(lead)

    with django_assert_max_num_queries(10):
        page = page_text(client.get(region_url(partnership.region, OCTOBER)))

    assert f"{size} of {size} partnerships published" in page
    assert page.count("Green: 2") == size * 7  # this month, and six months of trend
