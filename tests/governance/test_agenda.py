"""Building the agenda: items with their papers (checked by content), cover sheets, risks and
PIDs, moving and removing them, and who may download a paper."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from governance.meetings import add_item
from governance.models import AgendaItem
from programmes.models import PID
from stp.models import RoleAssignment
from tests.factories import person_with_role
from tests.governance_samples import governance
from tests.programme_factories import PIDFactory, ProgrammeFactory, RiskFactory, WorkstreamFactory
from tests.programme_samples import form_fields, page_text

pytestmark = pytest.mark.django_db
Role = RoleAssignment.Role
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def scenario(partnership, pmo):
    return governance(partnership, pmo)


def docx_bytes():
    """A minimal Word document: a zip holding word/document.xml."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    return buffer.getvalue()


def url(name, scenario, item=None):
    kwargs = {"partnership": scenario.partnership.slug, "meeting": scenario.meeting.pk}
    if item is not None:
        kwargs["item"] = item.pk
    return reverse(name, kwargs=kwargs)


def item_data(**fields):
    return {"title": "Discharge to assess: business case", "purpose": "approval",
            "minutes_allotted": "20", "part": "1", "author": "Amir Khan",
            "summary": "The case for a discharge hub.", **fields}


def item_titled(scenario, title):
    return scenario.meeting.items.get(title=title)


# Adding and changing items --------------------------------------------------------------------

def test_the_pmo_adds_an_item_with_a_pdf_paper_and_a_cover_sheet(scenario, client_for):
    paper = SimpleUploadedFile("Business case v3.pdf", PDF_BYTES, content_type="application/pdf")
    response = client_for(scenario.pmo).post(url("agenda_item_create", scenario),
                                             item_data(presenter=scenario.chair.pk, paper=paper))
    assert response.status_code == 302
    item = item_titled(scenario, "Discharge to assess: business case")
    assert item.paper_name == "Business case v3.pdf" and item.paper.name.endswith(".pdf")
    assert item.author == "Amir Khan" and item.presenter == scenario.chair
    assert item.order == 5  # after the other papers, before any other business
    assert item_titled(scenario, "Any other business").order == 6


def test_a_real_word_document_is_accepted(scenario, client_for):
    paper = SimpleUploadedFile("paper.docx", docx_bytes(), content_type="application/msword")
    client_for(scenario.pmo).post(url("agenda_item_create", scenario), item_data(paper=paper))
    assert item_titled(scenario, "Discharge to assess: business case").paper.name.endswith(
        ".docx")


def test_a_text_file_named_pdf_is_refused_and_everything_typed_is_kept(scenario, client_for):
    fake = SimpleUploadedFile("minutes.pdf", b"These are not really minutes.",
                              content_type="application/pdf")
    response = client_for(scenario.pmo).post(url("agenda_item_create", scenario),
                                             item_data(paper=fake))
    assert response.status_code == 200
    page = page_text(response)
    assert "There is a problem" in page
    assert "The paper must be a PDF or Word (DOCX) file" in page
    kept = form_fields(response)
    assert kept["title"] == "Discharge to assess: business case"
    assert kept["author"] == "Amir Khan" and kept["minutes_allotted"] == "20"
    assert kept["summary"] == "The case for a discharge hub."
    assert "choose the file again" in page
    assert not AgendaItem.objects.filter(title__startswith="Discharge").exists()


def test_a_zip_that_is_not_a_word_document_is_refused(scenario, client_for):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data.csv", "a,b\n1,2\n")
    fake = SimpleUploadedFile("paper.docx", buffer.getvalue())
    response = client_for(scenario.pmo).post(url("agenda_item_create", scenario),
                                             item_data(paper=fake))
    assert "The paper must be a PDF or Word (DOCX) file" in page_text(response)


def test_a_paper_over_the_size_limit_is_refused(scenario, client_for, settings):
    settings.PAPER_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * (1024 * 1024))
    response = client_for(scenario.pmo).post(url("agenda_item_create", scenario),
                                             item_data(paper=big))
    assert "The paper must be smaller than 1 MB" in page_text(response)
    assert form_fields(response)["title"] == "Discharge to assess: business case"


def test_replacing_a_paper_keeps_the_old_one_when_the_form_has_a_problem(scenario, client_for):
    client = client_for(scenario.pmo)
    client.post(url("agenda_item_create", scenario),
                item_data(paper=SimpleUploadedFile("first.pdf", PDF_BYTES)))
    item = item_titled(scenario, "Discharge to assess: business case")
    first = item.paper.name
    edit = url("agenda_item_edit", scenario, item)
    page = page_text(client.get(edit))
    assert "Current paper: first.pdf" in page
    assert "If you do not choose a file, the paper already uploaded is kept" in page
    bad = client.post(edit, item_data(title="", paper=SimpleUploadedFile("second.docx",
                                                                          docx_bytes())))
    assert "Enter the title of the item" in page_text(bad)
    item.refresh_from_db()
    assert item.paper.name == first
    client.post(edit, item_data(paper=SimpleUploadedFile("second.docx", docx_bytes())))
    item.refresh_from_db()
    assert item.paper_name == "second.docx" and item.paper.name.endswith(".docx")
    client.post(edit, item_data(author="Someone else"))
    item.refresh_from_db()
    assert item.paper_name == "second.docx" and item.author == "Someone else"


def test_the_presenter_is_chosen_from_the_people_of_the_partnership(
    scenario, client_for, outsider
):
    response = client_for(scenario.pmo).post(url("agenda_item_create", scenario),
                                             item_data(presenter=outsider.pk))
    assert "Select a valid choice" in page_text(response)
    options = client_for(scenario.pmo).get(url("agenda_item_create", scenario)).content.decode()
    assert "Chris Chair" in options and outsider.full_name not in options


def test_only_submitted_pids_of_the_partnership_can_be_linked(
    scenario, client_for, other_partnership
):
    programme = ProgrammeFactory(partnership=scenario.partnership)
    submitted = PIDFactory(workstream=WorkstreamFactory(programme=programme, name="Discharge"),
                           status=PID.Status.SUBMITTED)
    draft = PIDFactory(workstream=WorkstreamFactory(programme=programme, name="Frailty"))
    theirs = PIDFactory(workstream=WorkstreamFactory(
        programme=ProgrammeFactory(partnership=other_partnership), name="Theirs"),
        status=PID.Status.SUBMITTED)
    page = client_for(scenario.pmo).get(url("agenda_item_create", scenario)).content.decode()
    assert str(submitted) in page
    assert str(draft) not in page and str(theirs) not in page
    client_for(scenario.pmo).post(url("agenda_item_create", scenario),
                                  item_data(pid=submitted.pk))
    assert item_titled(scenario, "Discharge to assess: business case").pid == submitted


def test_risks_of_the_partnership_can_be_linked(scenario, client_for, other_partnership):
    workstream = WorkstreamFactory(programme=ProgrammeFactory(partnership=scenario.partnership))
    ours = RiskFactory(workstream=workstream, title="Care home capacity")
    theirs = RiskFactory(workstream=WorkstreamFactory(
        programme=ProgrammeFactory(partnership=other_partnership)), title="Their risk")
    client = client_for(scenario.pmo)
    assert "Their risk" not in page_text(client.get(url("agenda_item_create", scenario)))
    client.post(url("agenda_item_create", scenario), item_data(risks=[ours.pk, theirs.pk]))
    assert not AgendaItem.objects.filter(title__startswith="Discharge").exists()
    client.post(url("agenda_item_create", scenario), item_data(risks=[ours.pk]))
    assert list(item_titled(scenario, "Discharge to assess: business case").risks.all()) == [ours]


def test_a_member_cannot_add_items(scenario, client_for):
    response = client_for(scenario.chair).post(url("agenda_item_create", scenario), item_data())
    assert response.status_code == 403


# Moving and removing ----------------------------------------------------------------------------

def test_moving_an_item_up_swaps_it_with_the_one_before_in_its_part(scenario, client_for):
    item = item_titled(scenario, "Urgent care recovery plan")
    client_for(scenario.pmo).post(url("agenda_item_move", scenario, item), {"direction": "up"})
    titles = list(scenario.meeting.items.order_by("part", "order").values_list("title", flat=True))
    assert titles[2:4] == ["Urgent care recovery plan",
                           "Minutes of the last meeting and action log"]


def test_the_first_part_2_item_cannot_move_up_into_part_1(scenario, client_for):
    item = item_titled(scenario, "Community services procurement")
    response = client_for(scenario.pmo).post(url("agenda_item_move", scenario, item),
                                             {"direction": "up"}, follow=True)
    assert "is already first in Part 2 (private)" in page_text(response)
    item.refresh_from_db()
    assert item.part == 2 and item.order == 6


def test_removing_an_item_renumbers_the_agenda_before_publication(scenario, client_for):
    item = item_titled(scenario, "Declarations of interest")
    client = client_for(scenario.pmo)
    assert "Remove “Declarations of interest” from the agenda?" in page_text(
        client.get(url("agenda_item_delete", scenario, item)))
    client.post(url("agenda_item_delete", scenario, item))
    assert list(scenario.meeting.items.order_by("part", "order").values_list("order", flat=True)) \
        == [1, 2, 3, 4, 5]


def test_changing_an_items_part_moves_it_to_that_part(scenario, client_for):
    item = item_titled(scenario, "Urgent care recovery plan")
    client = client_for(scenario.pmo)
    fields = form_fields(client.get(url("agenda_item_edit", scenario, item)))
    fields["part"] = "2"
    client.post(url("agenda_item_edit", scenario, item), fields)
    item.refresh_from_db()
    assert item.part == 2 and item.order == 6


# Papers ---------------------------------------------------------------------------------------

def _with_paper(scenario, title, part):
    return add_item(scenario.meeting, scenario.pmo, AgendaItem(
        title=title, purpose="information", part=part),
        paper=SimpleUploadedFile("Paper.pdf", PDF_BYTES))


def test_members_download_a_part_1_paper(scenario, client_for, viewer):
    item = _with_paper(scenario, "Finance report", part=1)
    response = client_for(viewer).get(url("agenda_paper", scenario, item))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_a_part_2_paper_is_only_for_those_who_see_private_business(scenario, client_for):
    item = _with_paper(scenario, "Commercial in confidence", part=2)
    paper = url("agenda_paper", scenario, item)
    assert client_for(scenario.trust).get(paper).status_code == 200
    assert client_for(scenario.attendee).get(paper).status_code == 200
    assert client_for(scenario.observer).get(paper).status_code == 403
    director = person_with_role(scenario.partnership, Role.PROGRAMME_DIRECTOR)
    assert client_for(director).get(paper).status_code == 403


def test_a_part_2_item_cannot_be_opened_for_editing_by_address_by_someone_without_access(
    scenario, client_for
):
    item = item_titled(scenario, "Community services procurement")
    assert client_for(scenario.observer).get(
        url("agenda_item_edit", scenario, item)).status_code == 403
