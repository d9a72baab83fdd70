"""The assurance report's files read back as NHS England's analysts and leads would open them:
the XLSX with openpyxl, the CSV zip with zipfile and csv, the PDF with pypdf. Each is rendered
from the report's data alone (tests/assurance_samples.py), so no database is needed.

Printing the PDF needs Debian's Chromium (stp.pdf), as the board pack's PDF tests do."""

import csv
import io
import re
import zipfile
from datetime import datetime, timedelta
from html.parser import HTMLParser

import openpyxl
import pytest
import time_machine
from pypdf import PdfReader

from governance.assurance_csv import report_csv_zip
from governance.assurance_files import FILE_TYPES, file_name, render_files
from governance.assurance_pdf import report_html, report_pdf
from governance.assurance_xlsx import report_xlsx
from tests.assurance_samples import sample_report_data, sized_report_data

SHEETS = ["Summary", "Assessment", "Workstreams", "Milestones", "KPIs", "Risks", "Decisions",
          "Actions", "Compliance"]
SECTIONS = ["Summary", "Programmes and workstreams", "Milestones", "KPIs", "Risks",
            "Board decisions and actions", "Submission compliance", "NHS oversight and support"]
HEADER_ROW = 5
CORRECTION = "The Musculoskeletal Pathway's rating was entered against the wrong month."


@pytest.fixture
def data():
    return sample_report_data()


def workbook(data):
    return openpyxl.load_workbook(io.BytesIO(report_xlsx(data)))


def sheet_rows(sheet):
    """The rows below the header, as dicts keyed by the header's words."""
    headers = [cell.value for cell in sheet[HEADER_ROW]]
    return [dict(zip(headers, row, strict=True))
            for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]


def csv_files(data):
    with zipfile.ZipFile(io.BytesIO(report_csv_zip(data))) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def csv_rows(content):
    assert content.startswith(b"\xef\xbb\xbf"), "no byte order mark: Excel would garble accents"
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def milestone_count(data):
    return sum(len(rows) for rows in data["milestones"].values())


# The XLSX workbook ---------------------------------------------------------------------------

def test_the_workbook_has_one_sheet_per_section_and_says_what_it_is(data):
    book = workbook(data)

    assert book.sheetnames == SHEETS
    assert book.properties.title == (
        "Assurance report: Staffordshire and Stoke-on-Trent, October 2026, version 1")
    assert book.properties.creator == "Jo Smith"
    assert book.properties.created == datetime(2026, 11, 10, 9, 30)


def test_every_sheet_names_the_partnership_month_and_version_above_a_frozen_filtered_header(
    data,
):
    for sheet in workbook(data).worksheets:
        assert sheet["B2"].value == "Staffordshire and Stoke-on-Trent", sheet.title
        assert sheet["B3"].value == datetime(2026, 10, 1), sheet.title
        assert sheet["B3"].number_format == "mmmm yyyy"
        assert sheet["B4"].value == 1
        assert sheet["C4"].value == "Published 10 November 2026 by Jo Smith"
        assert sheet.freeze_panes == f"A{HEADER_ROW + 1}", sheet.title
        assert sheet.auto_filter.ref.startswith(f"A{HEADER_ROW}:"), sheet.title
        assert sheet[HEADER_ROW][0].font.bold
        widths = [dimension.width for dimension in sheet.column_dimensions.values()]
        headers = [cell.value for cell in sheet[HEADER_ROW] if cell.value]
        assert len(widths) == len(headers) and all(8 <= w <= 60 for w in widths)


def test_the_summary_totals_match_the_distribution_and_the_workstream_count(data):
    rows = sheet_rows(workbook(data)["Summary"])

    *ratings, total = rows
    assert [row["Delivery confidence"] for row in ratings] == [
        "Green", "Amber/Green", "Amber", "Amber/Red", "Red", "Not rated"]
    assert [row["This month"] for row in ratings] == [2, 1, 1, 1, 0, 1]
    assert total == {"Delivery confidence": "Total workstreams", "This month": 6,
                     "Last month": 6, "Change": 0}
    assert total["This month"] == data["summary"]["workstreams"] == sum(
        row["This month"] for row in ratings)


def test_dates_are_dates_and_numbers_are_numbers_in_every_sheet(data):
    book = workbook(data)
    milestone = sheet_rows(book["Milestones"])[0]
    kpi = sheet_rows(book["KPIs"])[1]
    risk = sheet_rows(book["Risks"])[0]

    assert milestone["Baseline date"] == datetime(2026, 10, 11)
    assert book["Milestones"].cell(HEADER_ROW + 1, 6).is_date
    assert isinstance(milestone["Days against baseline"], int)
    assert (kpi["Period"], kpi["Actual"], kpi["Trajectory"], kpi["Target"]) == (
        datetime(2026, 10, 1), 80.7, 90.0, 95.0)
    assert (risk["Score"], risk["Previous score"]) == (16, None)
    numberlike = re.compile(r"^-?[\d,.]+%?$|^\d{4}-\d\d-\d\d$")
    for sheet in book.worksheets:
        for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True):
            texts = [value for value in row if isinstance(value, str)]
            assert not [t for t in texts if numberlike.match(t)], (sheet.title, row)


def test_the_lists_of_a_section_share_one_sheet_with_a_list_column(data):
    book = workbook(data)

    milestones = sheet_rows(book["Milestones"])
    assert len(milestones) == milestone_count(data)
    assert [row["List"] for row in milestones][::2] == [
        "Completed this month", "Due next month", "Slipped this month", "Overdue"]
    slipped = next(row for row in milestones if row["List"] == "Slipped this month")
    assert (slipped["Days against baseline"], slipped["Reason for the change"]) == (
        14, "Supplier delayed the kit by two weeks.")
    risks = sheet_rows(book["Risks"])
    assert {row["List"] for row in risks} == {
        "Scored 15 and over", "New this month", "Closed this month", "Re-scored this month"}
    actions = sheet_rows(book["Actions"])
    assert [(row["List"], row["Reference"]) for row in actions] == [
        ("Raised this month", "PB26/10/A1"), ("Overdue", "PB26/08/A3")]


def test_the_compliance_totals_follow_the_rows_outside_the_filter(data):
    sheet = workbook(data)["Compliance"]
    rows = sheet_rows(sheet)

    *workstreams, total = rows
    assert sheet.auto_filter.ref == f"A{HEADER_ROW}:H{HEADER_ROW + len(workstreams)}"
    assert [row["Submission"] for row in workstreams].count("Late") == 1
    assert (total["Programme"], total["On time"], total["Late"], total["Not submitted"]) == (
        "Total", 4, 1, 1)
    assert data["compliance_totals"] == {"on_time": 4, "late": 1, "not_submitted": 1}
    late = next(row for row in workstreams if row["Submission"] == "Late")
    assert (late["Workstream"], late["Submitted on"]) == (
        "Musculoskeletal Pathway", datetime(2026, 11, 24))


def test_the_workstreams_sheet_gives_ratings_in_words_with_the_escalations(data):
    rows = sheet_rows(workbook(data)["Workstreams"])

    frail = next(row for row in rows if row["Workstream"] == "Frail Elderly")
    assert (frail["This month"], frail["Last month"], frail["Change"]) == (
        "Amber", "Green", "Worse than last month")
    assert frail["Escalations"].startswith("Care home capacity")
    outpatients = next(row for row in rows if row["Workstream"] == "Outpatient Transformation")
    assert (outpatients["This month"], outpatients["Approved update"]) == ("Not rated", "No")


def test_a_correction_says_its_version_and_reason_on_every_sheet():
    data = sample_report_data(version=2, reason=CORRECTION)

    for sheet in workbook(data).worksheets:
        assert sheet["B4"].value == 2
        assert sheet["C4"].value == ("Published 10 November 2026 by Jo Smith. Corrects "
                                     f"version 1: {CORRECTION}")


def test_a_draft_preview_says_it_is_a_draft_in_every_file():
    data = sample_report_data(version=None, status="draft", published_at=None,
                              published_by="", signed_off_at=None, signed_off_by="")

    book = workbook(data)
    assert book["KPIs"]["B4"].value == "Draft"
    assert book.properties.title.endswith("October 2026, draft")
    assert book.properties.created == datetime(2026, 11, 10)  # the day it was compiled
    assert "staffordshire-2026-10-draft-summary.csv" in csv_files(data)
    assert "Draft preview." in report_html(data)


def test_rendering_the_same_data_again_later_gives_the_same_bytes(data):
    xlsx, csv_zip = report_xlsx(data), report_csv_zip(data)

    with time_machine.travel(datetime.now() + timedelta(days=40, hours=3)):
        assert report_xlsx(data) == xlsx
        assert report_csv_zip(data) == csv_zip


def test_the_workbook_of_a_realistic_report_is_quick_to_make():
    data = sized_report_data(workstreams=20, kpis=60, risks=200)

    started = datetime.now()
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx(data)))
    took = datetime.now() - started

    assert book["Risks"].max_row == HEADER_ROW + 200
    assert took < timedelta(seconds=3)  # the goal is 1 s; this leaves room for a busy machine


# The CSV zip ---------------------------------------------------------------------------------

def test_the_csv_zip_holds_one_file_per_section_and_nothing_else(data):
    files = csv_files(data)

    assert list(files) == [f"staffordshire-2026-10-v1-{sheet.lower()}.csv" for sheet in SHEETS]


def test_the_csv_rows_match_the_data_with_iso_dates_and_plain_numbers(data):
    files = csv_files(data)
    milestones = csv_rows(files["staffordshire-2026-10-v1-milestones.csv"])
    kpis = csv_rows(files["staffordshire-2026-10-v1-kpis.csv"])
    summary = csv_rows(files["staffordshire-2026-10-v1-summary.csv"])
    workstreams = csv_rows(files["staffordshire-2026-10-v1-workstreams.csv"])

    assert len(milestones) == milestone_count(data)
    first = data["milestones"]["completed"][0]
    assert milestones[0] == {
        "List": "Completed this month", "Programme": first["programme"],
        "Workstream": first["workstream"], "Milestone": first["title"], "Owner": "",
        "Baseline date": "2026-10-11", "Forecast date": "2026-10-11",
        "Completed on": "2026-10-11", "Days against baseline": "0", "Status": "Complete",
        "Reason for the change": ""}
    assert [(k["KPI"], k["Actual"], k["Target"]) for k in kpis[:2]] == [
        ("KPI 1: Bed days", "80.0", "95.0"), ("KPI 2: Patients discharged by midday", "80.7",
                                             "95.0")]
    assert kpis[4]["Actual"] == kpis[4]["Period"] == ""  # no actual yet
    assert summary[-1] == {"Delivery confidence": "Total workstreams", "This month": "6",
                           "Last month": "6", "Change": "0"}
    assert "Crisis Café – Stoke" in [row["Workstream"] for row in workstreams]


def test_the_csv_files_and_the_workbook_show_the_same_rows(data):
    book, files = workbook(data), csv_files(data)

    for sheet in book.worksheets:
        rows = csv_rows(files[f"staffordshire-2026-10-v1-{sheet.title.lower()}.csv"])
        assert len(rows) == len(sheet_rows(sheet)), sheet.title
        first_column = [row[0] for row in sheet.iter_rows(min_row=HEADER_ROW + 1,
                                                          values_only=True)]
        assert [next(iter(row.values())) for row in rows] == [
            "" if value is None else str(value) for value in first_column], sheet.title


# The PDF --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def correction_pdf():
    """Version 2 of the sample report, printed once for the module (printing takes a second)."""
    data = sample_report_data(version=2, reason=CORRECTION)
    return data, PdfReader(io.BytesIO(report_pdf(data)))


def pdf_text(reader):
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def outline(reader, items=None, depth=0):
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            yield from outline(reader, item, depth + 1)
        else:
            yield depth, item.title, reader.get_destination_page_number(item)


def test_the_pdf_carries_its_title_and_language_and_is_tagged(correction_pdf):
    _, reader = correction_pdf

    assert reader.metadata.title == (
        "Assurance report: Staffordshire and Stoke-on-Trent, October 2026, version 2")
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in reader.trailer["/Root"]


def test_the_pdf_bookmarks_list_the_sections_in_the_reports_order(correction_pdf):
    _, reader = correction_pdf
    marks = list(outline(reader))

    assert marks[0][:2] == (0, "Assurance report for October 2026")
    assert [title for depth, title, _ in marks if depth == 1] == SECTIONS
    pages = [page for _, _, page in marks]
    assert pages == sorted(pages)


def test_the_pdf_shows_the_text_of_every_section(correction_pdf):
    data, reader = correction_pdf
    words = pdf_text(reader)

    for expected in [
        *SECTIONS,
        "Overall rating by the programme director: Amber/Green",
        "Total workstreams 6 6 No change",
        "Care home capacity in the north of the county",  # an escalation
        "Supplier delayed the kit by two weeks.",  # why a milestone slipped
        "14 days late",
        "KPI 2: Patients discharged by midday",
        "80.7%",
        "Consistently failing the target",
        "R001 Risk 1: workforce gaps in winter",
        "Approved the business case for the community MSK service.",
        "Share the care home bed review.",
        "4 on time, 1 late, 1 not submitted",
        "Segment 2: flexible support for specific issues",
        "Help from the NHSE Midlands independent sector team",
    ]:
        assert expected in words, expected
    assert data["summary"]["narrative"].split("\n")[0] in words


def test_the_pdf_header_says_version_status_who_published_and_why_it_was_corrected(
    correction_pdf,
):
    _, reader = correction_pdf
    first_page = " ".join(reader.pages[0].extract_text().split())

    for expected in ["Staffordshire and Stoke-on-Trent", "Reporting month October 2026",
                     "Version 2", "Status Published",
                     "Signed off 9 November 2026 by Simon Whitehouse",
                     "Published 10 November 2026 at 9:30am by Jo Smith",
                     f"Corrects version 1: {CORRECTION}"]:
        assert expected in first_page, expected


def test_render_files_gives_every_format_with_its_file_type_and_name(data):
    files = render_files(data)

    assert set(files) == set(FILE_TYPES) == {"pdf", "xlsx", "csv"}
    assert files["pdf"].startswith(b"%PDF")
    assert files["xlsx"] == report_xlsx(data) and files["csv"] == report_csv_zip(data)
    assert FILE_TYPES["csv"] == ("zip", "application/zip")
    assert [file_name(data, kind) for kind in ("pdf", "xlsx", "csv")] == [
        "staffordshire-2026-10-v1.pdf", "staffordshire-2026-10-v1.xlsx",
        "staffordshire-2026-10-v1-csv.zip"]


# The document's markup: what the PDF's tags and the web preview are made of -------------------

class TableAudit(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self.captions, self.headers_without_scope = 0, 0, 0

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables += 1
        elif tag == "caption":
            self.captions += 1
        elif tag == "th" and "scope" not in dict(attrs):
            self.headers_without_scope += 1


def test_every_table_has_a_caption_and_every_header_cell_a_scope(data):
    audit = TableAudit()
    audit.feed(report_html(data))

    assert audit.tables >= 10
    assert audit.captions == audit.tables
    assert audit.headers_without_scope == 0


def test_ratings_are_written_in_words_beside_their_colour(data):
    html = report_html(data)

    assert '<strong class="nhsuk-tag app-tag--amber-red">Amber/Red</strong>' in html
    assert '<strong class="nhsuk-tag app-tag--risk-extreme">Extreme</strong>' in html


def test_empty_lists_say_so_rather_than_show_an_empty_table():
    data = sample_report_data(kpis=[], board={"decisions": [], "actions": [],
                                              "overdue_actions": []})
    data["milestones"]["overdue"] = []

    html = report_html(data)
    assert "The workstreams have no KPIs." in html
    assert "No decision was made in the month." in html
    assert "No milestone is overdue." in html
    kpis = workbook(data)["KPIs"]
    assert kpis.max_row == HEADER_ROW and kpis.auto_filter.ref == f"A{HEADER_ROW}:J{HEADER_ROW}"
