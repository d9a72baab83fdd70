"""The PMO schedules a meeting, builds its agenda and publishes the pack; a member reads it."""

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader, PdfWriter

from governance.models import BoardMembership
from stp.models import RoleAssignment
from tests.factories import person_with_role
from tests.governance_pack_samples import pack_scenario

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def eager_tasks():
    """Print the PDF in the server's thread, as without Redis (the PostgreSQL pass sets it)."""
    from stp.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def paper(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    path = tmp_path / "discharge-business-case.pdf"
    with path.open("wb") as out:
        writer.write(out)
    return path


def test_pmo_publishes_the_pack_a_member_reads_it_and_is_seen_as_read(
    browser, live_server, page, sign_in, partnership, paper, eager_tasks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    scenario = pack_scenario(partnership)
    board = scenario.board
    member = board.memberships.get(role=BoardMembership.Role.MEMBER).person
    pmo = person_with_role(partnership, RoleAssignment.Role.PMO, full_name="Pat PMO")

    # The PMO schedules a meeting three weeks ahead.
    sign_in(pmo)
    page.get_by_role("link", name="Boards and meetings").first.click()
    page.get_by_role("link", name="Programme Board").first.click()
    page.get_by_role("link", name="Schedule a meeting").click()
    day = timezone.localdate() + timedelta(days=21)
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))
    page.get_by_label("Start time").fill("14:00")
    page.get_by_label("Place").fill("Board Room, Stafford")
    page.get_by_role("button", name="Schedule the meeting").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Programme Board")
    meeting_url = page.url

    # ... adds a paper for decision to the agenda ...
    page.get_by_role("link", name="Add an agenda item").click()
    page.get_by_label("Title").fill("Discharge to assess: business case")
    page.get_by_label("For decision").check()
    page.locator("input[type=file]").set_input_files(str(paper))
    page.get_by_label("Executive summary").fill("The case for extending the pilot to March.")
    page.get_by_role("button", name="Save the agenda item").click()
    expect(page.locator("main")).to_contain_text("Discharge to assess: business case")

    # ... and publishes the pack; its PDF is printed.
    page.get_by_role("button", name="Publish the pack").click()
    page.goto(meeting_url)
    expect(page.get_by_role("link", name=re.compile("Download the pack as a PDF"))).to_be_visible()

    # A board member opens it, reads a highlight report and downloads the PDF.
    context = browser.new_context(base_url=live_server.url, accept_downloads=True)
    reader = context.new_page()
    reader.goto("/accounts/sign-in/")
    from tests.factories import PASSWORD

    reader.get_by_label("Email address").fill(member.email)
    reader.get_by_label("Password", exact=True).fill(PASSWORD)
    reader.get_by_role("button", name="Sign in").click()
    reader.goto(meeting_url)
    reader.get_by_role("link", name=re.compile("Read the pack on the web")).click()
    expect(reader.locator("main")).to_contain_text("Opening this pack is recorded")
    reader.get_by_role("link", name="Discharge to assess").first.click()
    expect(reader.locator("main")).to_contain_text("The discharge hub opens late; beds are short.")
    reader.goto(meeting_url)
    with reader.expect_download() as download:
        reader.get_by_role("link", name=re.compile("Download the pack as a PDF")).click()
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    titles = flatten(pdf.outline)
    assert any("Discharge to assess" in t for t in titles)  # its highlight report, bookmarked
    assert pdf.metadata.title
    context.close()

    # The PMO sees that member as having read it.
    page.goto(meeting_url)
    page.get_by_role("link", name=re.compile("have read version 1|has read version 1")).click()
    row = page.get_by_role("row", name=re.compile(member.full_name))
    expect(row).to_contain_text("Read")
    expect(row).not_to_contain_text("Not read")


def flatten(outline):
    """Every bookmark title, nested ones included."""
    titles = []
    for item in outline:
        titles.extend(flatten(item) if isinstance(item, list) else [item.title])
    return titles
