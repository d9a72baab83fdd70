"""The assurance report pages of a partnership: the list by month, a month's report (the live
draft, or the published version for NHS England), the assessment, sign-off, publishing and
corrections, each version on the web and as files, and the PMO's download log."""

from datetime import date, datetime, time

import pytest
import time_machine
from django.urls import reverse

from governance.assurance_publishing import (
    publish_report,
    record_download,
    reopen_report,
    save_assessment,
    sign_off_report,
)
from governance.models import AssuranceDownload, AssuranceReport, AssuranceVersion
from programmes.models import StatusUpdate
from tests.assurance_factories import (
    LONDON,
    MONTH,
    TODAY,
    AssuranceReportFactory,
    assurance_world,
    fake_files,
    grow,
)
from tests.factories import UserFactory
from tests.programme_samples import page_text

pytestmark = pytest.mark.django_db
Status = AssuranceReport.Status
Confidence = StatusUpdate.Confidence
DRAFT_NOTICE = "Draft: the figures are live and will change until published"


@pytest.fixture(autouse=True)
def today():
    """The pages' today: 23 November 2026, when October's report is late if not published."""
    with time_machine.travel(datetime.combine(TODAY, time(12), tzinfo=LONDON), tick=False):
        yield TODAY


@pytest.fixture
def files(monkeypatch, media_root):
    """Publishing renders stand-in files (the real ones are the files' own tests)."""
    monkeypatch.setattr("governance.assurance_files.render_files", fake_files)


@pytest.fixture
def world(partnership):
    return assurance_world(partnership)


@pytest.fixture
def people(world):
    return world.people


def url(name, world, **kwargs):
    return reverse(name, kwargs={"partnership": world.partnership.slug, **kwargs})


def month_url(world, name="assurance_month", **kwargs):
    return url(name, world, month=MONTH, **kwargs)


def publish(world, reason=""):
    report = world.report
    if report.status == Status.DRAFT:
        sign_off_report(report, world.people["director"])
    return publish_report(report, world.people["pmo"], reason=reason, today=TODAY)


# The partnership's reports ------------------------------------------------------------------------

def test_the_pmo_sees_every_months_report_with_its_status(world, people, client_for):
    AssuranceReportFactory(partnership=world.partnership, month=MONTH.replace(month=9))

    page = page_text(client_for(people["pmo"]).get(url("assurance_reports", world)))

    assert "October 2026 report Draft Late Not published yet" in page
    assert "September 2026 report Draft Late Not published yet" in page
    assert "Who has downloaded the reports" in page


def test_the_list_shows_the_latest_published_version(world, people, client_for, files):
    publish(world)

    page = page_text(client_for(people["director"]).get(url("assurance_reports", world)))

    assert "October 2026 report Published Version 1, published 23 November 2026" in page


def test_the_pmo_starts_the_report_for_the_month_just_ended(partnership, pmo, client_for):
    client = client_for(pmo)
    page = page_text(client.get(reverse("assurance_reports",
                                        kwargs={"partnership": partnership.slug})))
    assert "Start the report for October 2026" in page
    assert "No report has been started yet." in page

    response = client.post(reverse("assurance_start", kwargs={"partnership": partnership.slug}))

    report = AssuranceReport.objects.get(partnership=partnership)
    assert report.month == MONTH and report.status == Status.DRAFT
    assert response.url == reverse("assurance_month", kwargs={"partnership": partnership.slug,
                                                              "month": MONTH})


def test_only_the_pmo_and_programme_director_start_a_report(world, people, client_for):
    world.report.delete()
    for name in ("member", "lead"):
        client = client_for(people[name])
        assert "Start the report" not in page_text(client.get(url("assurance_reports", world)))
        assert client.post(url("assurance_start", world)).status_code == 403
    assert not AssuranceReport.objects.exists()


# A month's report: the draft --------------------------------------------------------------------

def test_the_draft_preview_shows_the_live_figures_and_says_they_will_change(
        world, people, client_for):
    page = page_text(client_for(people["member"]).get(month_url(world)))

    assert DRAFT_NOTICE in page
    assert "Assurance report for October 2026" in page
    assert "Discharge to assess" in page and "Winter discharge funding" in page
    assert "The Board approved the winter plan." in page  # part 1 decision
    assert "Haywood" not in page  # part 2 business never reaches the report
    assert "No version is published yet." in page


def test_the_draft_offers_each_person_their_next_step(world, people, client_for):
    director = page_text(client_for(people["director"]).get(month_url(world)))
    pmo = page_text(client_for(people["pmo"]).get(month_url(world)))
    member = page_text(client_for(people["member"]).get(month_url(world)))

    assert "Change the assessment" in director and "Sign off the report" in director
    assert "Change the assessment" in pmo and "Sign off the report" not in pmo
    assert "Publish version" not in pmo  # not signed off yet
    assert "Change the assessment" not in member and "Sign off the report" not in member
    assert "The programme director writes the assessment and signs the report off" in member


def test_people_without_a_reading_role_are_refused(world, people, client_for, viewer,
                                                   outsider):
    assert client_for(people["viewer"]).get(month_url(world)).status_code == 403
    assert client_for(people["viewer"]).get(url("assurance_reports", world)).status_code == 403
    assert client_for(outsider).get(month_url(world)).status_code == 404


def test_a_month_without_a_report_is_not_found(world, people, client_for):
    response = client_for(people["pmo"]).get(
        url("assurance_month", world, month=MONTH.replace(month=8)))
    assert response.status_code == 404


# The assessment and sign-off -------------------------------------------------------------------

def test_the_programme_director_writes_the_assessment(world, people, client_for):
    response = client_for(people["director"]).post(month_url(world, "assurance_assessment"), {
        "overall_rating": Confidence.AMBER, "narrative": "Discharge is still the pressure.",
        "oversight_segment": "3", "support": "Help with winter funding.",
    })

    assert response.status_code == 302
    world.report.refresh_from_db()
    assert world.report.overall_rating == Confidence.AMBER
    assert world.report.narrative == "Discharge is still the pressure."
    assert world.report.oversight_segment == 3


def test_a_bad_assessment_keeps_what_was_typed_and_saves_nothing(world, people, client_for):
    response = client_for(people["director"]).post(month_url(world, "assurance_assessment"), {
        "overall_rating": "purple", "narrative": "Typed with care.", "oversight_segment": "7",
        "support": "Some support.",
    })

    page = page_text(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Choose an overall rating from the five-point scale" in page
    assert "Choose an oversight segment from 1 to 4" in page
    assert "Typed with care." in page and "Some support." in page
    world.report.refresh_from_db()
    assert world.report.narrative.startswith("The system held its position")


def test_signing_off_without_a_narrative_shows_what_is_missing_at_its_field(
        world, people, client_for):
    save_assessment(world.report, people["director"], overall_rating="", narrative="",
                    oversight_segment=2, support="")

    response = client_for(people["director"]).post(month_url(world, "assurance_sign_off"))

    page = page_text(response)
    assert "The report was not signed off" in page
    assert "Choose the overall rating before signing off the report." in page
    assert "Write the narrative before signing off the report." in page
    assert 'id="id_narrative"' in response.content.decode()
    world.report.refresh_from_db()
    assert world.report.status == Status.DRAFT


def test_the_programme_director_signs_off_and_the_pmo_is_offered_publishing(
        world, people, client_for):
    response = client_for(people["director"]).post(month_url(world, "assurance_sign_off"))

    assert response.status_code == 302
    world.report.refresh_from_db()
    assert world.report.status == Status.SIGNED_OFF
    page = page_text(client_for(people["pmo"]).get(month_url(world)))
    assert "Signed off" in page and "Publish version 1" in page


def test_only_the_programme_director_signs_off_and_only_the_pmo_publishes(
        world, people, client_for, files):
    assert client_for(people["pmo"]).post(month_url(world, "assurance_sign_off")) \
        .status_code == 403
    sign_off_report(world.report, people["director"])
    for name in ("director", "member", "lead"):
        client = client_for(people[name])
        assert client.post(month_url(world, "assurance_publish")).status_code == 403, name
    assert not AssuranceVersion.objects.exists()


def test_a_button_address_refuses_a_get(world, people, client_for):
    response = client_for(people["director"]).get(month_url(world, "assurance_sign_off"))
    assert response.status_code == 405


def test_changing_a_signed_off_assessment_warns_it_returns_to_draft(world, people, client_for):
    sign_off_report(world.report, people["director"])
    client = client_for(people["pmo"])

    assert "Saving a change sends it back to draft" in page_text(
        client.get(month_url(world, "assurance_assessment")))
    client.post(month_url(world, "assurance_assessment"), {
        "overall_rating": Confidence.RED, "narrative": "Worse.", "oversight_segment": "",
        "support": ""})

    world.report.refresh_from_db()
    assert world.report.status == Status.DRAFT and world.report.overall_rating == Confidence.RED


# Publishing and corrections ----------------------------------------------------------------------

def test_the_pmo_publishes_version_1_and_everyone_entitled_reads_it(
        world, people, client_for, files):
    sign_off_report(world.report, people["director"])
    client = client_for(people["pmo"])
    assert "Publish version 1" in page_text(client.get(month_url(world, "assurance_publish")))

    response = client.post(month_url(world, "assurance_publish"))

    assert response.status_code == 302
    version = AssuranceVersion.objects.get(report=world.report)
    assert version.number == 1 and version.reason == ""
    page = page_text(client.get(response.url))
    assert "Version 1 of the October 2026 report is published" in page
    assert DRAFT_NOTICE not in page
    assert "Version 1, the latest published" in page
    assert "Start a correction" in page
    html = client.get(response.url).content.decode()
    for file_format in ("pdf", "xlsx", "csv"):
        assert month_url(world, "assurance_download", number=1, file_format=file_format) in html


def test_a_correction_needs_its_reason_and_keeps_what_was_typed(world, people, client_for,
                                                               files):
    publish(world)
    pmo = client_for(people["pmo"])
    pmo.post(month_url(world, "assurance_reopen"))
    world.report.refresh_from_db()
    assert world.report.status == Status.DRAFT
    save_assessment(world.report, people["director"], overall_rating=Confidence.RED,
                    narrative="Corrected narrative.", oversight_segment=2, support="")
    sign_off_report(world.report, people["director"])

    refused = pmo.post(month_url(world, "assurance_publish"), {"reason": "   "})
    page = page_text(refused)
    assert "Why version 2 corrects version 1" in page
    assert "Say why version 2 corrects version 1" in page
    assert AssuranceVersion.objects.count() == 1

    pmo.post(month_url(world, "assurance_publish"), {"reason": "The rating was wrong."})

    second = AssuranceVersion.objects.get(number=2)
    assert second.reason == "The rating was wrong."
    page = page_text(pmo.get(month_url(world)))
    assert "Version 2 " in page and "The rating was wrong." in page
    assert "Version 1 " in page and "The first version" in page


def test_while_a_correction_is_drafted_leads_still_read_the_published_version(
        world, people, client_for, files):
    publish(world)
    reopen_report(world.report, people["pmo"])
    save_assessment(world.report, people["director"], overall_rating=Confidence.RED,
                    narrative="A draft correction NHSE must not see.", oversight_segment=2,
                    support="")

    lead = page_text(client_for(people["lead"]).get(month_url(world)))
    director = page_text(client_for(people["director"]).get(month_url(world)))

    assert "A draft correction NHSE must not see." not in lead
    assert "The system held its position in October" in lead
    assert "A draft correction NHSE must not see." in director and DRAFT_NOTICE in director
    assert "Correction in progress" in director


def test_a_published_version_keeps_its_figures_when_the_live_data_changes(
        world, people, client_for, files):
    publish(world)
    reopen_report(world.report, people["pmo"])
    save_assessment(world.report, people["director"], overall_rating=Confidence.RED,
                    narrative="Rewritten later.", oversight_segment=4, support="")
    world.discharge.name = "Renamed workstream"
    world.discharge.save()

    page = page_text(client_for(people["lead"]).get(month_url(world, "assurance_version",
                                                              number=1)))

    assert "Assurance report for October 2026" in page
    assert "The system held its position in October" in page
    assert "Discharge to assess" in page
    assert "Renamed workstream" not in page and "Rewritten later." not in page


# NHS England's assurance leads -------------------------------------------------------------------

def test_a_lead_sees_nothing_of_a_month_before_it_is_published(world, people, client_for):
    client = client_for(people["lead"])

    assert "No report of Together We're Better has been published yet." in page_text(
        client.get(url("assurance_reports", world)))
    assert client.get(month_url(world)).status_code == 404
    assert client.get(month_url(world, "assurance_assessment")).status_code == 403


def test_a_lead_reads_and_downloads_the_published_versions(world, people, client_for, files):
    publish(world)
    client = client_for(people["lead"])

    listing = page_text(client.get(url("assurance_reports", world)))
    page = page_text(client.get(month_url(world)))

    assert "October 2026 report Published" in listing
    assert "Every partnership in NHS England Midlands" in listing
    assert DRAFT_NOTICE not in page and "Sign off" not in page and "Start a correction" not in page
    assert "PDF" in page and "Spreadsheet (XLSX)" in page and "CSV files (zip)" in page


def test_a_download_is_the_stored_file_under_a_good_name_and_is_recorded(
        world, people, client_for, files):
    publish(world)
    lead = people["lead"]

    response = client_for(lead).get(month_url(world, "assurance_download", number=1,
                                              file_format="xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert 'filename="staffordshire-2026-10-v1.xlsx"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"PK xlsx staffordshire 2026-10-01 v1"
    download = AssuranceDownload.objects.get()
    assert (download.person, download.format, download.version.number) == (lead, "xlsx", 1)


def test_the_csv_files_download_as_one_zip(world, people, client_for, files):
    publish(world)

    response = client_for(people["member"]).get(month_url(world, "assurance_download",
                                                          number=1, file_format="csv"))

    assert response["Content-Type"] == "application/zip"
    assert 'filename="staffordshire-2026-10-v1-csv.zip"' in response["Content-Disposition"]


def test_the_pmo_sees_who_downloaded_what(world, people, client_for, files):
    version = publish(world)
    client_for(people["lead"]).get(month_url(world, "assurance_download", number=1,
                                             file_format="pdf"))

    page = page_text(client_for(people["pmo"]).get(url("assurance_downloads", world)))

    assert "David Ashworth" in page
    assert "October 2026 Version 1 PDF" in page
    assert version.downloads.count() == 1


def test_the_download_log_is_the_pmos_alone(world, people, client_for):
    for name in ("director", "member", "lead"):
        response = client_for(people[name]).get(url("assurance_downloads", world))
        assert response.status_code == 403, name


def test_the_download_log_is_paginated_newest_first(world, people, client_for, files):
    version = publish(world)
    reader = UserFactory(full_name="Early Reader")
    record_download(version, reader, "pdf")
    for _ in range(50):
        record_download(version, people["lead"], "csv")
    client = client_for(people["pmo"])

    first = page_text(client.get(url("assurance_downloads", world)))
    second = page_text(client.get(url("assurance_downloads", world) + "?page=2"))

    assert "Downloads 1 to 50 of 51" in first and "Early Reader" not in first
    assert "Downloads 51 to 51 of 51" in second and "Early Reader" in second


def test_a_lead_of_another_region_sees_nothing(world, people, client_for, files):
    publish(world)
    client = client_for(people["other_lead"])
    for address in (url("assurance_reports", world), month_url(world),
                    month_url(world, "assurance_version", number=1),
                    month_url(world, "assurance_download", number=1, file_format="pdf")):
        assert client.get(address).status_code == 404, address
    assert not AssuranceDownload.objects.exists()


def test_london_lead_cannot_see_staffordshire(world, other_partnership, client_for, files):
    from tests.assurance_factories import assurance_lead

    publish(world)
    london = assurance_lead(other_partnership.region, full_name="Lola London")
    client = client_for(london)

    assert client.get(month_url(world)).status_code == 404
    assert client.get(month_url(world, "assurance_download", number=1,
                                file_format="xlsx")).status_code == 404
    assert world.partnership.name not in page_text(client.get(reverse("home")))


# Query counts --------------------------------------------------------------------------------

def _grow_versions(world, months):
    """`months` more months of published reports, each with downloads."""
    data = AssuranceVersion.objects.get(report=world.report, number=1).data
    for n in range(1, months + 1):
        month = date(2025, n, 1)
        report = AssuranceReportFactory(partnership=world.partnership, month=month,
                                        status=Status.PUBLISHED)
        for number in (1, 2):
            version = AssuranceVersion.objects.create(report=report, number=number, data=data,
                                                      content_hash="0" * 64,
                                                      published_by=world.people["pmo"])
            record_download(version, world.people["lead"], "pdf")


@pytest.mark.parametrize("months", [1, 6])
def test_the_reports_pages_cost_the_same_however_many_versions(
        world, people, client_for, files, months, django_assert_max_num_queries):
    publish(world)
    _grow_versions(world, months)
    lead = client_for(people["lead"])
    with django_assert_max_num_queries(10):
        assert lead.get(url("assurance_reports", world)).status_code == 200
    with django_assert_max_num_queries(10):
        assert lead.get(month_url(world)).status_code == 200
    with django_assert_max_num_queries(10):
        assert lead.get(month_url(world, "assurance_version", number=1)).status_code == 200
    pmo = client_for(people["pmo"])
    with django_assert_max_num_queries(10):
        assert pmo.get(url("assurance_downloads", world)).status_code == 200


@pytest.mark.parametrize("size", [1, 6])
def test_the_draft_preview_costs_the_same_however_much_data(
        world, people, client_for, size, django_assert_max_num_queries):
    grow(world, size)
    client = client_for(people["director"])
    with django_assert_max_num_queries(24):
        page = page_text(client.get(month_url(world)))
    assert f"Workstream {size - 1}" in page
