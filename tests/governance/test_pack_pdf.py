"""The pack's PDF, read back with pypdf: bookmarks in section order, uploaded papers after their
cover sheets, SPC charts, page numbers, the part 1 version; frozen bytes; failure and retry.

Printing needs Debian's Chromium (stp.pdf), as the PID PDF tests do."""

import io
import time

import pytest
from django.urls import reverse
from pypdf import PdfReader

from governance.models import BoardPack
from governance.pack_pdf import print_pack
from governance.publishing import publish_pack
from programmes.models import KPIActual
from programmes.risks import rescore_risk
from stp import pdf as stp_pdf
from tests.governance_pack_samples import attach_paper, pdf_paper
from tests.programme_samples import page_text

pytestmark = pytest.mark.django_db
Status = BoardPack.PDFStatus


def read(field_or_bytes):
    data = field_or_bytes if isinstance(field_or_bytes, bytes) else field_or_bytes.read()
    return PdfReader(io.BytesIO(data))


def text_of(reader, pages=None):
    chosen = reader.pages if pages is None else [reader.pages[n] for n in pages]
    return " ".join(" ".join(page.extract_text().split()) for page in chosen)


def outline(reader, items=None, depth=0):
    """(depth, title, page index) of every bookmark, in order."""
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            yield from outline(reader, item, depth + 1)
        else:
            yield depth, item.title, reader.get_destination_page_number(item)


def pack_url(name, scenario, **kwargs):
    return reverse(name, kwargs={"partnership": scenario.partnership.slug,
                                 "meeting": scenario.meeting.pk, **kwargs})


@pytest.fixture
def printed(scenario, pmo):
    """Version 1 with a three-page PDF paper on item 2, printed."""
    attach_paper(scenario.items["discharge"], pdf_paper("Discharge paper", pages=3),
                 "discharge-report.pdf")
    pack = publish_pack(scenario.meeting, pmo)
    started = time.perf_counter()
    print_pack(pack)
    print(f"Printed both versions in {time.perf_counter() - started:.2f} s")
    pack.refresh_from_db()
    assert pack.pdf_status == Status.READY, pack.pdf_error
    return pack


def test_the_pdf_has_every_section_bookmarked_in_order_with_the_paper_after_its_cover_sheet(
    printed,
):
    reader = read(printed.pdf)
    marks = list(outline(reader))

    top = [title for depth, title, _ in marks if depth == 0]
    assert top == [s["title"] for s in printed.sections if s["level"] == 1]
    seconds = [title for depth, title, _ in marks if depth == 1]
    for s in printed.sections:
        if s["level"] == 2:
            assert s["title"] in seconds
    pages = [page for _, _, page in marks]
    assert pages == sorted(pages), "bookmarks out of page order"
    depth, title, at = next(m for m in marks if m[1].startswith("Paper: "))
    assert (depth, title) == (2, "Paper: discharge-report.pdf (3 pages)")
    cover_sheet = next(p for d, t, p in marks if t == "2 Discharge to assess: progress report")
    assert at == cover_sheet + 1
    assert text_of(reader, [at, at + 1, at + 2]).count("Discharge paper page") == 3


def test_the_page_count_is_the_printed_pages_and_the_paper_and_every_page_is_numbered(printed):
    reader = read(printed.pdf)
    alone = PdfReader(io.BytesIO(stp_pdf.render_pdf(printed.html, footer=False)))

    assert len(reader.pages) == len(alone.pages) + 3 == printed.pdf_pages
    total = len(reader.pages)
    for number in (1, total // 2, total):
        assert f"Page {number} of {total}" in text_of(reader, [number - 1])


def test_the_pdf_shows_the_spc_charts_with_their_data_and_carries_the_title(printed, scenario):
    reader = read(printed.pdf)
    words = text_of(reader)

    assert reader.metadata.title == "Programme Board pack, " \
        f"{scenario.meeting.date_label}, version 1"
    assert "Discharges before noon: XmR chart" in words  # the chart's data table
    assert "Common cause variation" in words
    assert "Hit and miss: the target lies within the process limits" in words
    kpi_page = next(p for d, t, p in outline(reader) if t == "Discharges before noon")
    assert "Process limits" in text_of(reader, [kpi_page])  # the chart's legend
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged for screen readers


def test_the_part_1_pdf_holds_no_part_2_business(printed):
    full, part1 = text_of(read(printed.pdf)), text_of(read(printed.public_pdf))

    for private in ("Procurement of community beds", "compared the three confidential bids",
                    "Acme Beds"):
        assert private in full
        assert private not in part1
    assert "Discharge paper page 1" in part1  # the part 1 paper is there


def test_the_pdf_downloaded_is_byte_for_byte_the_same_after_the_data_changes(
    printed, scenario, client_for
):
    client = client_for(scenario.chair)
    url = pack_url("pack_pdf", scenario, version=1)
    before = b"".join(client.get(url).streaming_content)
    contents = client.get(pack_url("pack", scenario, version=1))
    assert contents.status_code == 200

    KPIActual.objects.filter(kpi=scenario.kpi).update(value=99)
    rescore_risk(scenario.risk, 5, 5, by=scenario.chair)
    scenario.items["discharge"].title = "Renamed"
    scenario.items["discharge"].save()

    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == before
    assert before.startswith(b"%PDF")


def test_readers_without_private_access_download_part_1(printed, scenario, client_for):
    response = client_for(scenario.observer).get(pack_url("pack_pdf", scenario, version=1))

    words = text_of(read(b"".join(response.streaming_content)))
    assert "Procurement of community beds" not in words
    assert 'part-1.pdf"' in response["Content-Disposition"]


def test_a_failure_is_shown_to_the_pmo_with_its_reason_and_retry_prints_it(
    scenario, pmo, client_for, monkeypatch, eager_tasks, django_capture_on_commit_callbacks
):
    def broken(html, **options):
        raise stp_pdf.PDFUnavailable("Chromium is not installed: install Debian's chromium.")

    monkeypatch.setattr("governance.pack_pdf.render_pdf", broken)
    client = client_for(pmo)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(pack_url("pack_publish", scenario))
    pack = BoardPack.objects.get(meeting=scenario.meeting)
    assert pack.pdf_status == Status.FAILED

    page = page_text(client.get(scenario.meeting.get_absolute_url()))
    assert "The PDF could not be printed." in page
    assert "Chromium is not installed" in page
    assert "Retry printing the PDF" in page

    monkeypatch.setattr("governance.pack_pdf.render_pdf", stp_pdf.render_pdf)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(pack_url("pack_retry", scenario, version=1), follow=True)
    assert "Printing the PDF of version 1 again" in page_text(response)

    pack.refresh_from_db()
    assert pack.pdf_status == Status.READY and pack.pdf_error == ""
    page = page_text(client.get(scenario.meeting.get_absolute_url()))
    assert "Download the pack as a PDF" in page and "could not be printed" not in page
