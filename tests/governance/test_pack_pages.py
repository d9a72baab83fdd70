"""Reading a published pack on the web: who may open which version, the contents and sections,
read receipts and the readers page, the preview, the progress poll and the meeting's panel."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models import BoardPack, PackRead
from governance.publishing import publish_pack
from stp.models import RoleAssignment
from tests.factories import person_with_role
from tests.governance_factories import BoardMembershipFactory
from tests.governance_pack_samples import attach_paper
from tests.programme_samples import page_text

pytestmark = pytest.mark.django_db
Role = RoleAssignment.Role
PRIVATE = "Procurement of community beds"


def pack_url(name, scenario, **kwargs):
    return reverse(name, kwargs={"partnership": scenario.partnership.slug,
                                 "meeting": scenario.meeting.pk, **kwargs})


@pytest.fixture
def published(scenario, pmo):
    return publish_pack(scenario.meeting, pmo)


def test_the_contents_page_lists_the_sections_and_says_opening_is_recorded(
    published, scenario, client_for
):
    response = client_for(scenario.chair).get(pack_url("pack", scenario, version=1))

    page = page_text(response)
    assert "Opening this pack is recorded so the PMO can see who has read it" in page
    for title in ("Agenda", "Programme dashboard", "Highlight report: Discharge to assess",
                  "Key milestones", "KPIs", "Risks", PRIVATE):
        assert title in page
    assert pack_url("pack_section", scenario, version=1, section="dashboard") in \
        response.content.decode()


def test_a_section_has_its_own_page_with_the_previous_and_next(published, scenario, client_for):
    response = client_for(scenario.chair).get(
        pack_url("pack_section", scenario, version=1, section="report-discharge-to-assess"))

    page = page_text(response)
    assert "Highlight report: Discharge to assess" in page
    assert "The discharge hub opens late; beds are short." in page
    assert "Previous: Highlight report: Crisis care" in page
    assert "Next: Highlight report: Frailty" in page
    assert "opening this pack is recorded" in page
    assert "@media print" in response.content.decode()


def test_members_read_the_full_version_and_others_part_1_alone(published, scenario, client_for):
    director = scenario.director  # programme director of a programme in the remit
    for person, sees_private in ((scenario.chair, True), (scenario.attendee, True),
                                 (scenario.observer, False), (director, False)):
        client = client_for(person)
        page = page_text(client.get(pack_url("pack", scenario, version=1)))
        assert (PRIVATE in page) is sees_private, person
        paper = client.get(pack_url("pack_section", scenario, version=1, section="paper-4"))
        assert paper.status_code == (200 if sees_private else 404), person
        minutes = page_text(client.get(pack_url("pack_section", scenario, version=1,
                                                section="minutes")))
        assert ("Acme Beds" in minutes) is sees_private, person


def test_those_without_a_seat_or_remit_cannot_open_the_pack(published, scenario, client_for,
                                                            viewer, outsider):
    url = pack_url("pack", scenario, version=1)

    assert client_for(viewer).get(url).status_code == 403
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(scenario.chair).get(pack_url("pack", scenario, version=2)).status_code \
        == 404  # not published yet


def test_the_preview_is_the_pmos_and_shows_what_is_missing(scenario, pmo, client_for):
    url = pack_url("pack_preview", scenario)

    page = page_text(client_for(pmo).get(url))
    assert "Crisis care: no approved update" in page
    assert "Frailty: no approved update" in page
    assert "Publish the pack" in page and "Highlight report: Discharge to assess" in page
    assert client_for(scenario.chair).get(url).status_code == 403


def test_opening_the_pack_records_a_read_receipt_and_counts_the_openings(
    published, scenario, client_for
):
    client = client_for(scenario.member)
    client.get(pack_url("pack", scenario, version=1))
    client.get(pack_url("pack_section", scenario, version=1, section="kpis"))

    read = PackRead.objects.get(pack=published, person=scenario.member)
    assert read.format == PackRead.Format.WEB and read.times_opened == 2
    assert read.last_opened_at >= read.first_opened_at


def test_the_pmo_sees_who_has_not_read_the_pack_first(published, scenario, pmo, client_for):
    client_for(scenario.member).get(pack_url("pack", scenario, version=1))
    client = client_for(pmo)

    response = client.get(pack_url("pack_readers", scenario, version=1))

    page = page_text(response)
    assert "1 of 4 people with a seat on the board has opened this version" in page
    names = [page.index(name) for name in ("Ada Attendee", "Chris Chair", "Olu Observer",
                                           "Mo Member")]
    assert names == sorted(names)  # not read, by name; then those who read it
    assert page.count("Not read") == 3
    assert client_for(scenario.member).get(
        pack_url("pack_readers", scenario, version=1)).status_code == 403


def test_the_readers_page_costs_the_same_queries_however_many_members(
    published, scenario, pmo, client_for
):
    client = client_for(pmo)
    url = pack_url("pack_readers", scenario, version=1)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(8):
        seat = BoardMembershipFactory(board=scenario.board)
        PackRead.objects.create(pack=published, person=seat.person, format="web")
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(few.captured_queries) == len(many.captured_queries)


def test_the_progress_poll_answers_with_the_pdfs_state(published, scenario, client_for):
    BoardPack.objects.filter(pk=published.pk).update(pdf_status="rendering", pdf_progress=40)

    state = client_for(scenario.chair).get(pack_url("pack_status", scenario, version=1)).json()

    assert state["status"] == "rendering" and state["progress"] == 40
    assert state["words"] == "Printing the PDF: 40% done."
    assert state["pdf_url"] == pack_url("pack_pdf", scenario, version=1)


def test_the_pdf_link_explains_while_the_pdf_is_printing(published, scenario, client_for):
    response = client_for(scenario.chair).get(pack_url("pack_pdf", scenario, version=1))

    assert response.status_code == 503
    assert "The PDF of version 1 is not ready" in page_text(response)


def test_the_public_pdf_is_offered_only_for_meetings_held_in_public(published, scenario,
                                                                    client_for):
    scenario.meeting.held_in_public = False
    scenario.meeting.save()

    response = client_for(scenario.chair).get(pack_url("pack_public_pdf", scenario, version=1))

    assert response.status_code == 404


def test_the_meeting_page_shows_the_pmo_the_panel_to_publish_and_follow_the_pdf(
    published, scenario, pmo, client_for
):
    response = client_for(pmo).get(scenario.meeting.get_absolute_url())

    page = page_text(response)
    html = response.content.decode()
    assert "Preview the pack" in page and "Publish version 2" in page
    assert '<progress id="pack-progress-1"' in html
    assert '<label class="nhsuk-body-s nhsuk-u-margin-bottom-1" for="pack-progress-1"' in html
    assert 'role="status" aria-live="polite"' in html and "Check again" in page
    assert pack_url("pack_status", scenario, version=1) in html
    assert "0 of 4 board members have read version 1" in page


def test_the_meeting_page_gives_members_the_latest_version_to_read(published, scenario,
                                                                   client_for):
    page = page_text(client_for(scenario.member).get(scenario.meeting.get_absolute_url()))

    assert "Read the pack on the web" in page
    assert "Publish" not in page and "Preview the pack" not in page
    assert "board members have read" not in page


def test_a_paper_is_downloaded_from_the_web_pack_while_it_is_the_one_published(
    scenario, pmo, client_for
):
    attach_paper(scenario.items["discharge"], b"PK\x03\x04 a word document", "report.docx")
    publish_pack(scenario.meeting, pmo)
    client = client_for(scenario.observer)
    url = pack_url("pack_paper", scenario, version=1, section="paper-2")

    response = client.get(url)
    assert response.status_code == 200 and response.content == b"PK\x03\x04 a word document"
    assert response["Content-Disposition"] == 'attachment; filename="report.docx"'

    attach_paper(scenario.items["discharge"], b"PK\x03\x04 replaced", "report.docx")
    assert client.get(url).status_code == 410
    assert client.get(pack_url("pack_paper", scenario, version=1,
                               section="paper-4")).status_code == 404  # part 2


def test_a_programme_director_outside_the_remit_cannot_open_the_pack(
    published, scenario, client_for
):
    outside = person_with_role(scenario.partnership, Role.PROGRAMME_DIRECTOR,
                               scope=scenario.estates.programme)

    assert client_for(outside).get(pack_url("pack", scenario, version=1)).status_code == 403
