"""Uploading KPI actuals from a CSV or XLSX: the whole file checked, then all saved or none."""

import io
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from programmes.kpi_upload import MAX_UPLOAD_BYTES, parse_period
from programmes.models import KPI, KPIActual
from stp.models import RoleAssignment
from tests.programme_factories import KPIActualFactory, KPIFactory, WorkstreamFactory, appointed

Role = RoleAssignment.Role
pytestmark = pytest.mark.django_db


@pytest.fixture
def falls_prevention(partnership):
    return WorkstreamFactory(programme__partnership=partnership, name="Falls prevention")


@pytest.fixture
def admissions(falls_prevention):
    return KPIFactory(workstream=falls_prevention, name="Emergency admissions for falls",
                      unit=KPI.Unit.NUMBER, improvement=KPI.Improvement.DECREASE)


@pytest.fixture
def uptake(falls_prevention):
    return KPIFactory(workstream=falls_prevention, name="Strength and balance uptake",
                      unit=KPI.Unit.PERCENTAGE, improvement=KPI.Improvement.INCREASE)


@pytest.fixture
def quarterly(falls_prevention):
    return KPIFactory(workstream=falls_prevention, name="Falls risk assessments",
                      unit=KPI.Unit.NUMBER, frequency=KPI.Frequency.QUARTERLY)


@pytest.fixture
def lead(falls_prevention):
    return appointed(Role.WORKSTREAM_LEAD, falls_prevention, full_name="Lee Hart")


def csv_file(rows, name="actuals.csv", header=("KPI", "Period", "Value", "Note")):
    lines = [",".join(header)] + [",".join(str(cell) for cell in row) for row in rows]
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode(), "text/csv")


def xlsx_file(rows, name="actuals.xlsx", header=("KPI (name or id)", "Period", "Value", "Note"),
              percent_cells=()):
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    for cell in percent_cells:
        sheet[cell].number_format = "0.0%"
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(),
                              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def upload(client, partnership, file):
    return client.post(reverse("kpi_upload", kwargs={"partnership": partnership.slug}),
                       {"file": file}, follow=True)


def text(response):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def problems(response):
    """(row, column, message) of each problem listed under the form."""
    return [(p.row, p.column, p.message) for p in response.context["problems"]]


def saved():
    return {(a.kpi.name, a.period, a.value) for a in KPIActual.objects.select_related("kpi")}


# A good file ---------------------------------------------------------------------------------

def test_a_good_csv_saves_every_row_and_says_how_many_are_new_and_updated(
    partnership, admissions, uptake, lead, client_for
):
    KPIActualFactory(kpi=admissions, period=date(2026, 9, 1), value=430, note="Kept")
    KPIActualFactory(kpi=uptake, period=date(2026, 9, 1), value=60)
    file = csv_file([
        ("Emergency admissions for falls", "2026-08", "441", "Heatwave"),
        ("Emergency admissions for falls", "September 2026", "425", ""),
        (uptake.pk, "01/10/2026", "72.5%", "New classes"),
        ("strength  and balance UPTAKE", "2026-09-15", "64", ""),
    ])

    response = upload(client_for(lead), partnership, file)

    assert "4 actuals saved: 2 new, 2 updated" in text(response)
    assert saved() == {
        ("Emergency admissions for falls", date(2026, 8, 1), Decimal("441")),
        ("Emergency admissions for falls", date(2026, 9, 1), Decimal("425")),
        ("Strength and balance uptake", date(2026, 10, 1), Decimal("72.5")),
        ("Strength and balance uptake", date(2026, 9, 1), Decimal("64")),
    }
    updated = KPIActual.objects.get(kpi=admissions, period=date(2026, 9, 1))
    assert (updated.note, updated.entered_by) == ("Kept", lead)  # a blank note keeps the old
    assert updated.history.first().history_user == lead


def test_a_good_xlsx_with_date_and_percentage_cells_saves_what_the_cells_show(
    partnership, admissions, uptake, quarterly, lead, client_for
):
    file = xlsx_file([
        (admissions.pk, datetime(2026, 7, 1), 452, "From SUS"),
        ("Strength and balance uptake", "Oct 2026", 0.725, None),
        ("Falls risk assessments", "Q2 2026/27", 1200, None),
        ("Falls risk assessments", "2026-06", 1100, "Quarter end month"),
    ], percent_cells=["C3"])

    response = upload(client_for(lead), partnership, file)

    assert "4 actuals saved: 4 new, 0 updated" in text(response)
    assert saved() == {
        ("Emergency admissions for falls", date(2026, 7, 1), Decimal("452")),
        ("Strength and balance uptake", date(2026, 10, 1), Decimal("72.5")),
        ("Falls risk assessments", date(2026, 7, 1), Decimal("1200")),
        ("Falls risk assessments", date(2026, 4, 1), Decimal("1100")),  # June: Q1 starts April
    }


def test_a_csv_saved_by_excel_with_semicolons_and_windows_characters_is_read(
    partnership, admissions, lead, client_for
):
    content = "KPI;Period;Value;Note\nEmergency admissions for falls;2026-08;441;Caf\xe9 closed\n"
    file = SimpleUploadedFile("actuals.csv", content.encode("cp1252"), "text/csv")

    response = upload(client_for(lead), partnership, file)

    assert "1 actual saved: 1 new, 0 updated" in text(response)
    assert KPIActual.objects.get().note == "Café closed"


# Each kind of bad row, and nothing saved -----------------------------------------------------

GOOD_ROW = ("Emergency admissions for falls", "2026-08", "441", "")


@pytest.mark.parametrize(("row", "column", "message"), [
    (("Falls in care homes", "2026-08", "12", ""), "KPI",
     "There is no KPI called “Falls in care homes” in Together We're Better: check the name "
     "against the list of KPIs on this page, or use the KPI's id"),
    (("99999", "2026-08", "12", ""), "KPI",
     "There is no KPI with id 99999 in Together We're Better: check the id on the KPI's page, "
     "or use the KPI's name"),
    (("Emergency admissions for falls", "Octember 2026", "12", ""), "Period",
     "“Octember 2026” is not a month: enter the period like 2026-10 or October 2026"),
    (("Emergency admissions for falls", "2099-01", "12", ""), "Period",
     "January 2099 has not started yet: enter actuals only for months that have started"),
    (("Falls risk assessments", "2026-08", "12", ""), "Period",
     "“Falls risk assessments” is quarterly: enter the first or last month of the quarter "
     "(July 2026 or September 2026), or the quarter as Q2 2026/27"),
    (("Emergency admissions for falls", "2026-07", "lots", ""), "Value",
     "“lots” is not a number: enter the value as a number, like 85.2"),
    (("Emergency admissions for falls", "2026-07", "", ""), "Value",
     "Enter the value, a number like 85.2, or remove the row"),
    (("Strength and balance uptake", "2026-07", "104.5", ""), "Value",
     "104.5% is over 100%: “Strength and balance uptake” is a percentage, so enter a value "
     "from 0 to 100"),
    (("Strength and balance uptake", "2026-07", "-2", ""), "Value",
     "-2% is below 0%: “Strength and balance uptake” is a percentage, so enter a value from 0 "
     "to 100"),
    (("Emergency admissions for falls", "2026-07", "41%", ""), "Value",
     "“Emergency admissions for falls” is measured as number, not a percentage: remove the % "
     "sign, or check the KPI"),
    (("Emergency admissions for falls", "2026-08", "450", "Again"), "KPI and period",
     "Row 3 repeats row 2: both are for “Emergency admissions for falls”, August 2026. Keep one "
     "of the two rows"),
])
def test_a_bad_row_is_named_with_what_is_wrong_and_nothing_is_saved(
    partnership, admissions, uptake, quarterly, lead, client_for, row, column, message
):
    response = upload(client_for(lead), partnership, csv_file([GOOD_ROW, row]))

    assert problems(response) == [(3, column, message)]
    assert KPIActual.objects.count() == 0
    page = text(response)
    assert "There is a problem" in page
    assert "1 row has a problem, so nothing has been saved" in page
    assert f"Row 3 {column} {message}" in page


def test_every_bad_row_is_listed_in_one_go(partnership, admissions, lead, client_for):
    file = csv_file([("Nope", "2026-08", "1", ""), GOOD_ROW, ("", "", "", "only a note")])

    response = upload(client_for(lead), partnership, file)

    assert [(row, column) for row, column, _ in problems(response)] == [
        (2, "KPI"), (4, "KPI"), (4, "Period"), (4, "Value")]
    assert "2 rows have problems, so nothing has been saved" in text(response)
    assert not KPIActual.objects.exists()


def test_a_kpi_of_a_workstream_the_person_does_not_lead_is_refused(
    partnership, admissions, lead, client_for
):
    elsewhere = KPIFactory(workstream__programme__partnership=partnership, name="Bed days",
                           workstream__name="Discharge to assess")

    response = upload(client_for(lead), partnership,
                      csv_file([GOOD_ROW, ("Bed days", "2026-08", "900", "")]))

    assert problems(response) == [(3, "KPI", "You cannot enter actuals for “Bed days” "
                                   "(Discharge to assess): remove the row, or ask the PMO or "
                                   "the workstream's lead to enter it")]
    assert not KPIActual.objects.filter(kpi__in=[admissions, elsewhere]).exists()


def test_a_name_two_workstreams_share_must_be_given_as_an_id(
    partnership, admissions, pmo, client_for
):
    twin = KPIFactory(workstream__programme__partnership=partnership, workstream__name="Frailty",
                      name="Emergency admissions for falls")

    response = upload(client_for(pmo), partnership, csv_file([GOOD_ROW]))

    [(_, _, message)] = problems(response)
    assert message.startswith("2 KPIs are called “Emergency admissions for falls”")
    assert f"use the id of the one you mean instead ({admissions.pk}, {twin.pk})" in message


# The file as a whole -------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "content", "message"), [
    ("actuals.csv", b"", "The selected file is empty"),
    ("actuals.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "The selected file must be a CSV or "
     "an Excel (.xlsx) file"),
    ("actuals.xlsx", b"KPI,Period,Value\n", "The selected file has column names but no rows of "
     "actuals: add a row for each KPI and period"),
    ("actuals.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "The selected file is an "
     "older Excel file (.xls): save it as an Excel workbook (.xlsx) or as CSV, then upload it "
     "again"),
    ("actuals.csv", b"Name,When,Amount\nFalls,2026-08,3\n", "The selected file has no “KPI”, "
     "“Period” or “Value” columns: its first row must name the columns KPI, Period, Value and "
     "Note"),
])
def test_a_file_that_cannot_be_read_is_refused_at_the_field(
    partnership, admissions, lead, client_for, name, content, message
):
    response = upload(client_for(lead), partnership, SimpleUploadedFile(name, content))

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<a href="#id_file">{message}</a>' in html  # in the error summary
    assert re.search(r'id="id_file-error">\s*<span[^>]*>Error: </span>' + re.escape(message),
                     html)
    assert not KPIActual.objects.exists()


def test_a_zip_that_is_not_a_workbook_is_refused(partnership, lead, client_for):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    file = SimpleUploadedFile("actuals.xlsx", buffer.getvalue())

    response = upload(client_for(lead), partnership, file)

    assert response.context["form"].errors["file"] == [
        "The selected file must be a CSV or an Excel (.xlsx) file"]


def test_a_file_over_the_size_limit_is_refused(partnership, lead, client_for):
    file = SimpleUploadedFile("actuals.csv", b"KPI,Period,Value\n" + b"x" * MAX_UPLOAD_BYTES)

    response = upload(client_for(lead), partnership, file)

    assert response.context["form"].errors["file"] == [
        "The selected file must be smaller than 2 MB"]


def test_sending_no_file_asks_for_one(partnership, lead, client_for):
    response = client_for(lead).post(reverse("kpi_upload",
                                             kwargs={"partnership": partnership.slug}))
    assert response.context["form"].errors["file"] == ["Select a CSV or Excel (.xlsx) file"]


def test_the_upload_page_lists_the_kpis_the_person_may_enter_with_their_ids(
    partnership, admissions, lead, client_for
):
    KPIFactory(workstream__programme__partnership=partnership, name="Bed days")

    page = text(client_for(lead).get(reverse("kpi_upload",
                                             kwargs={"partnership": partnership.slug})))

    assert f"{admissions.pk} Emergency admissions for falls Falls prevention" in page
    assert "Bed days" not in page
    assert "Upload KPI actuals" in page and "Spreadsheet of KPI actuals" in page


# Periods -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "month"), [
    ("2026-10", date(2026, 10, 1)),
    ("2026-10-31", date(2026, 10, 1)),
    ("2026/10", date(2026, 10, 1)),
    ("10/2026", date(2026, 10, 1)),
    ("31/10/2026", date(2026, 10, 1)),
    ("Oct 2026", date(2026, 10, 1)),
    ("October 2026", date(2026, 10, 1)),
    ("sept 2026", date(2026, 9, 1)),
    ("M7 2026/27", date(2026, 10, 1)),
    ("M12 2026/27", date(2027, 3, 1)),
    ("Q1 2026/27", date(2026, 4, 1)),
    ("2026/27 Q4", date(2027, 1, 1)),
    (datetime(2026, 10, 15, 9, 30), date(2026, 10, 1)),
])
def test_periods_are_read_as_people_write_them(written, month):
    assert parse_period(written) == month


@pytest.mark.parametrize("written", ["2026-13", "31/02/2026", "Q5 2026/27", "M7 2026/28",
                                     "next month", "202610"])
def test_what_is_not_a_month_is_refused(written):
    with pytest.raises(ValueError):
        parse_period(written)
