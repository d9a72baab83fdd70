"""Every PDF the service produces is readable with a screen reader: tagged, titled, in English,
with bookmarks, and read in the order it is printed.

The kinds: a board pack (full and part 1), a PID, an assurance report. Each is read back with
pypdf, the way a screen reader's PDF layer sees it.
"""

import io

import pytest
from pypdf import PdfReader

from governance.assurance_pdf import report_pdf
from governance.pack_pdf import print_pack
from governance.publishing import publish_pack
from stp.models import RoleAssignment
from tests.assurance_samples import sample_report_data
from tests.factories import person_with_role
from tests.governance_pack_samples import pack_scenario
from tests.programme_samples import delivery

pytestmark = pytest.mark.django_db


def bookmarks(reader, items=None):
    """(title, page index) of every bookmark, in the outline's order."""
    found = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            found.extend(bookmarks(reader, item))
        else:
            found.append((item.title, reader.get_destination_page_number(item)))
    return found


def assert_accessible(pdf_bytes, title):
    reader = PdfReader(io.BytesIO(pdf_bytes))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"], "not tagged"
    assert "/StructTreeRoot" in root, "no structure tree"
    assert str(root["/Lang"]).lower().startswith("en"), "no language"
    assert reader.metadata.title == title
    marks = bookmarks(reader)
    assert len(marks) >= 3, "too few bookmarks"
    # Reading order: the bookmarks come in the order of their pages, and each bookmarked
    # heading's text is on its page, after the one before it in the extracted text.
    pages = [page for _, page in marks]
    assert pages == sorted(pages), "bookmarks out of the printed order"
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    position = 0
    for heading, _ in marks:
        found = text.find(" ".join(heading.split())[:40], position)
        assert found >= 0, f"bookmark {heading!r} not in the text after the one before it"
        position = found
    return reader


def test_a_board_pack_and_its_part_1_version_are_tagged_titled_and_bookmarked(
    partnership, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    scenario = pack_scenario(partnership)
    pmo = person_with_role(partnership, RoleAssignment.Role.PMO)
    pack = publish_pack(scenario.meeting, pmo, queue=False)
    print_pack(pack)
    pack.refresh_from_db()
    title = f"Programme Board pack, {scenario.meeting.date_label}, version 1"
    with pack.pdf.open("rb") as pdf:
        reader = assert_accessible(pdf.read(), title)
    assert [t for t, _ in bookmarks(reader)][:3] == [
        f"Programme Board pack, {scenario.meeting.date_label}", "Contents", "Agenda"]
    if pack.public_pdf:
        with pack.public_pdf.open("rb") as pdf:
            assert_accessible(pdf.read(), f"{title}, part 1")


def test_a_pid_pdf_is_tagged_titled_and_bookmarked(partnership, client_for):
    scenario = delivery(partnership)
    pid = scenario.workstream.pids.order_by("-version").first()
    response = client_for(scenario.director).get(
        f"/p/{partnership.slug}/pids/{pid.pk}/pdf/")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    reader = PdfReader(io.BytesIO(content))
    assert_accessible(content, reader.metadata.title)
    assert scenario.workstream.name in reader.metadata.title


def test_an_assurance_report_pdf_is_tagged_titled_and_bookmarked():
    data = sample_report_data()
    reader = PdfReader(io.BytesIO(report_pdf(data)))
    assert_accessible(report_pdf(data), reader.metadata.title)
    assert data["partnership"]["name"] in reader.metadata.title
    assert data["month_label"] in reader.metadata.title
