"""Whole journeys with the keyboard alone, the focus visible at every step.

Nothing here clicks: the person tabs to each control (every element the focus passes on the way
must show where the focus is), presses Enter or Space, types, and moves through radios with the
arrow keys, as a keyboard-only or switch user does.
"""

import io
import re
from pathlib import Path

import pytest
from django.utils.dateformat import format as format_date
from playwright.sync_api import expect
from pypdf import PdfReader

from programmes.models import StatusUpdate
from tests.factories import PASSWORD
from tests.programme_samples import delivery, due_month

pytestmark = pytest.mark.django_db(transaction=True)

# What has the focus, by its accessible name, and whether the focus can be seen: an outline or a
# box shadow on it, or (NHS.UK radios and checkboxes, whose input is hidden) on its label's
# ::before box.
FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const shows = style => (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
      && !/rgba\\(0, 0, 0, 0\\)|transparent/.test(style.outlineColor))
    || (style.boxShadow && style.boxShadow !== 'none');
  let visible = shows(getComputedStyle(el));
  const label = el.labels && el.labels[0];
  if (!visible && label) visible = shows(getComputedStyle(label, '::before'));
  const name = (label ? label.innerText : '') || el.getAttribute('aria-label')
    || el.innerText || el.value || el.id || el.tagName;
  const legend = el.closest('fieldset') && el.closest('fieldset').querySelector('legend');
  return {name: name.trim().replace(/\\s+/g, ' '), tag: el.tagName, visible: visible,
          group: legend ? legend.innerText.trim() : ''};
}"""


class Keyboard:
    """A person using the keyboard alone."""

    def __init__(self, page):
        self.page = page
        self.stops = 0

    def focus(self):
        return self.page.evaluate(FOCUS)

    def press(self, key):
        self.page.keyboard.press(key)
        focus = self.focus()
        if focus is not None:
            self.stops += 1
            assert focus["visible"], f"The focus cannot be seen on {focus['tag']} {focus['name']!r}"
        return focus

    def tab_to(self, name, limit=300, key="name"):
        """Tab forward until the focus is on the control whose name matches `name` (a regex)."""
        pattern = re.compile(name)
        for _ in range(limit):
            focus = self.press("Tab")
            if focus and pattern.search(focus[key]):
                return focus
        raise AssertionError(f"Tabbing never reached {name!r}")

    def activate(self, name, key="Enter"):
        """Tab to a link or button and press Enter: a new page loads."""
        self.tab_to(name)
        with self.page.expect_navigation():
            self.page.keyboard.press(key)

    def type_into(self, name, text):
        self.tab_to(name)
        self.page.keyboard.type(text)

    def choose(self, group, option):
        """Tab into a radio group (by its legend) and arrow to `option`, which selects it."""
        self.tab_to(group, key="group")
        pattern = re.compile(option)
        for _ in range(12):
            if pattern.search(self.focus()["name"]):
                return
            self.press("ArrowDown")
        raise AssertionError(f"No radio {option!r} in {group!r}")

    def sign_in(self, email):
        self.page.goto("/accounts/sign-in/")
        self.type_into(r"^Email address", email)
        self.type_into(r"^Password", PASSWORD)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")


def test_a_programme_director_submits_the_monthly_update_with_the_keyboard(page, partnership):
    scenario = delivery(partnership)
    month = format_date(due_month(), "F Y")
    person = Keyboard(page)

    person.sign_in(scenario.director.email)
    person.activate(r"^My work")
    expect(page.get_by_role("heading", level=1)).to_contain_text("My work")
    person.activate(f"Start the {month} update")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{month} update")

    person.choose(r"^Delivery confidence", r"^Amber$")
    person.type_into(r"^Summary", "The hub opens late; the trusted assessor starts soon.")
    person.type_into(r"^Decisions the board is asked for", "Approve winter funding.")
    person.activate(r"^Submit for approval")

    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
        f"The {month} update is submitted")
    update = StatusUpdate.objects.get(workstream=scenario.workstream, period=due_month())
    assert update.status == StatusUpdate.Status.SUBMITTED
    assert update.delivery_confidence == StatusUpdate.Confidence.AMBER
    assert update.decisions_requested == "Approve winter funding."
    assert person.stops > 10


def test_a_board_member_reads_the_pack_and_downloads_its_pdf_with_the_keyboard(
    browser, live_server, partnership, settings, tmp_path
):
    from governance.models import BoardMembership
    from governance.pack_pdf import print_pack
    from governance.publishing import publish_pack
    from stp.models import RoleAssignment
    from tests.factories import person_with_role
    from tests.governance_pack_samples import pack_scenario

    settings.MEDIA_ROOT = tmp_path / "media"
    scenario = pack_scenario(partnership)
    pmo = person_with_role(partnership, RoleAssignment.Role.PMO)
    pack = publish_pack(scenario.meeting, pmo, queue=False)
    print_pack(pack)
    member = scenario.board.memberships.get(role=BoardMembership.Role.MEMBER).person
    context = browser.new_context(base_url=live_server.url, accept_downloads=True)
    page = context.new_page()
    person = Keyboard(page)

    person.sign_in(member.email)
    person.activate(r"^Boards and meetings")
    person.activate(r"^Programme Board$")
    person.activate(re.escape(scenario.meeting.date_label))
    person.activate(r"Read the pack on the web")
    expect(page.locator("main")).to_contain_text("Opening this pack is recorded")
    person.activate(r"Discharge to assess")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Discharge to assess")
    person.activate(r"^Contents of the pack")
    with page.expect_download() as download:
        person.tab_to(r"Download the pack as a PDF")
        page.keyboard.press("Enter")
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert pdf.metadata.title and len(pdf.pages) > 3
    assert person.stops > 10
    context.close()


def test_an_assurance_lead_downloads_a_report_with_the_keyboard(
    browser, live_server, partnership, settings, tmp_path
):
    from governance.assurance_publishing import publish_report, sign_off_report
    from tests.assurance_factories import TODAY, assurance_world

    settings.MEDIA_ROOT = tmp_path / "media"
    world = assurance_world(partnership)
    sign_off_report(world.report, world.people["director"])
    publish_report(world.report, world.people["pmo"], today=TODAY, notify=False)
    context = browser.new_context(base_url=live_server.url, accept_downloads=True)
    page = context.new_page()
    person = Keyboard(page)

    person.sign_in(world.people["lead"].email)
    person.activate(r"assurance reports$")
    person.tab_to(r"^Month reported on")
    # Arrow keys move through a closed select's options: down to the end, then up if need be.
    for key in ["ArrowDown"] * 24 + ["ArrowUp"] * 48:
        if page.evaluate("document.activeElement.value") == "2026-10":
            break
        person.press(key)
    person.activate(r"^Show the month")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Assurance reports for October 2026")
    with page.expect_download() as download:
        person.tab_to(r"^PDF")
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == f"{partnership.slug}-2026-10-v1.pdf"
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert "October 2026" in pdf.metadata.title
    assert person.stops > 3
    context.close()
