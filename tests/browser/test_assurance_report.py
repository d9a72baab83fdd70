"""The programme director signs off October's assurance report, the PMO publishes it, an
assurance lead of another region cannot open it, and the Midlands lead finds it on the region
page and downloads the PDF, the spreadsheet and the CSV files, which read back."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from governance.models import AssuranceDownload
from tests.assurance_factories import assurance_lead, assurance_world
from tests.factories import PASSWORD, PartnershipFactory, RegionFactory

pytestmark = pytest.mark.django_db(transaction=True)

SHEETS = ["Summary", "Assessment", "Workstreams", "Milestones", "KPIs", "Risks", "Decisions",
          "Actions", "Compliance"]
SECTIONS = ["Summary", "Programmes and workstreams", "Milestones", "KPIs", "Risks",
            "Board decisions and actions", "Submission compliance", "NHS oversight and support"]


def signed_in(browser, live_server, person):
    """A new browser window where `person` has signed in through the form."""
    context = browser.new_context(base_url=live_server.url, accept_downloads=True)
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return page


def download(page, link_name):
    with page.expect_download() as event:
        page.get_by_role("link", name=link_name).first.click()
    return event.value.suggested_filename, Path(event.value.path()).read_bytes()


def test_signed_off_published_kept_from_another_region_and_downloaded_by_the_lead(
    browser, live_server, partnership, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    world = assurance_world(partnership)
    people = world.people
    london = PartnershipFactory(name="Our Healthier South East London", slug="sel",
                                region=RegionFactory(name="London"))
    london_lead = assurance_lead(london.region, full_name="Lola London")

    # The programme director opens the draft from the home page and signs it off.
    director = signed_in(browser, live_server, people["director"])
    director.get_by_role("link", name=re.compile("^Assurance reports")).first.click()
    director.get_by_role("link", name="October 2026 report").click()
    expect(director.locator("main")).to_contain_text(
        "Draft: the figures are live and will change until published")
    report_url = director.url
    director.get_by_role("button", name="Sign off the report").click()
    expect(director.locator("main")).to_contain_text("You signed off the October 2026 report")
    director.context.close()

    # The PMO publishes it as version 1: its PDF, spreadsheet and CSV files are made.
    pmo = signed_in(browser, live_server, people["pmo"])
    pmo.goto(report_url)
    pmo.get_by_role("link", name="Publish version 1").click()
    pmo.get_by_role("button", name="Publish version 1").click()
    expect(pmo.locator("main")).to_contain_text("Version 1 of the October 2026 report is "
                                                "published")
    expect(pmo.locator("main")).not_to_contain_text("Draft: the figures are live")

    # London's assurance lead cannot open it.
    other = signed_in(browser, live_server, london_lead)
    assert other.goto(report_url).status == 404
    expect(other.locator("main")).not_to_contain_text("Staffordshire")
    other.context.close()

    # The Midlands lead finds it on the region page and downloads every file.
    lead = signed_in(browser, live_server, people["lead"])
    lead.get_by_role("link", name="NHS England Midlands: assurance reports").click()
    lead.get_by_label("Month reported on").select_option("2026-10")
    lead.get_by_role("button", name="Show the month").click()
    expect(lead.get_by_role("heading", level=1)).to_contain_text(
        "Assurance reports for October 2026")
    row = lead.get_by_role("row", name=re.compile(partnership.name)).first
    expect(row).to_contain_text("Published")
    expect(row).to_contain_text("Version 1")

    name, pdf = download(lead, re.compile("^PDF"))
    assert name == "staffordshire-2026-10-v1.pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    for heading in SECTIONS:
        assert heading in text, heading
    assert "Discharge to assess" in text

    name, xlsx = download(lead, re.compile("^Spreadsheet"))
    assert name == "staffordshire-2026-10-v1.xlsx"
    assert load_workbook(io.BytesIO(xlsx)).sheetnames == SHEETS

    name, csv_zip = download(lead, re.compile("^CSV files"))
    assert name == "staffordshire-2026-10-v1-csv.zip"
    assert zipfile.ZipFile(io.BytesIO(csv_zip)).namelist() == [
        f"staffordshire-2026-10-v1-{sheet.lower()}.csv" for sheet in SHEETS]
    lead.context.close()

    # The PMO sees the three downloads in the log.
    assert AssuranceDownload.objects.filter(person=people["lead"]).count() == 3
    pmo.goto(report_url)
    pmo.get_by_role("link", name="Who has downloaded the reports").first.click()
    expect(pmo.locator("main")).to_contain_text("Downloads 1 to 3 of 3")
    for words in ("PDF", "Spreadsheet (XLSX)", "CSV files (zip)"):
        expect(pmo.get_by_role("row", name=re.compile(re.escape(words)))).to_contain_text(
            "David Ashworth")
    pmo.context.close()
