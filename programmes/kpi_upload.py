"""KPI actuals from a spreadsheet: read a CSV or XLSX, check every row, then save all or none.

The rules a file is checked against (the upload page says the same to its users):

- The first non-blank row names the columns: KPI, period and value are needed, note is optional;
  names are matched without regard to case, and "(name or id)"-style hints are ignored.
- KPI: the KPI's id (shown on its page) or its name. A name two workstreams share must be given
  as the id. Only KPIs the person may enter actuals for are taken.
- Period: a month, as 2026-10, 2026-10-01 (any day: the month is taken), 10/2026, 01/10/2026
  (day first, as written in England), Oct 2026 or October 2026; an NHS financial month such as
  "M7 2026/27"; a date cell in Excel. A quarterly KPI takes the first or the last month of the
  quarter (April or June for April to June), or "Q1 2026/27"; either way it is stored against
  the quarter's first month, as the KPI pages show it. The month must have started.
- Value: a number; thousands commas and a leading £ are allowed. A percentage KPI takes 0 to
  100, with or without a % sign; an Excel cell formatted as a percentage (0.85 shown as 85%)
  counts as what it shows. Values are kept to 4 decimal places.
- Note: free text; a blank note keeps the note already recorded for that period.
- One row per KPI and period: a repeat of an earlier row is an error, wherever it is.
- An actual already recorded for the KPI and period is replaced, and counted as updated.

Every row is checked before anything is saved; with any problem nothing is saved.
"""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.text import get_text_list

from programmes.models import KPI, KPIActual
from programmes.models.kpis import QUARTER_START_MONTHS
from stp.permissions import may

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UPLOAD_LABEL = "2 MB"
MAX_ROWS = 5000
# A 2 MB workbook can unpack to far more; refuse before openpyxl reads it (a "zip bomb").
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
DECIMAL_PLACES = Decimal("0.0001")
LARGEST_VALUE = Decimal(10) ** 12  # the field keeps 12 digits before the point

COLUMN_NAMES = {
    "kpi": ("kpi", "kpi name", "kpi id", "kpi name or id", "indicator"),
    "period": ("period", "month", "date", "quarter"),
    "value": ("value", "actual", "actual value"),
    "note": ("note", "notes", "comment", "comments"),
}
REQUIRED_COLUMNS = ("kpi", "period", "value")
COLUMN_LABELS = {"kpi": "KPI", "period": "Period", "value": "Value", "note": "Note"}

MONTH_NAMES = {
    **{datetime.date(2000, m, 1).strftime("%B").lower(): m for m in range(1, 13)},
    **{datetime.date(2000, m, 1).strftime("%b").lower(): m for m in range(1, 13)},
    "sept": 9,
}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")
_YEAR_SLASH_MONTH = re.compile(r"^(\d{4})/(\d{1,2})$")
_MONTH_SLASH_YEAR = re.compile(r"^(\d{1,2})/(\d{4})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_NAMED_MONTH = re.compile(r"^([a-z]+)[\s\-]+(\d{4})$")
_FINANCIAL_YEAR = r"(\d{4})\s*/\s*(\d{2}|\d{4})"
_QUARTER = re.compile(rf"^(?:q([1-4])\s+{_FINANCIAL_YEAR}|{_FINANCIAL_YEAR}\s+q([1-4]))$")
_FINANCIAL_MONTH = re.compile(rf"^m(1[0-2]|[1-9])\s+{_FINANCIAL_YEAR}$")
_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")
PERIOD_EXAMPLE = "like 2026-10 or October 2026"
# The last month of each NHS financial quarter: June, September, December, March.
QUARTER_END_MONTHS = (6, 9, 12, 3)


class UploadRefused(Exception):
    """The file as a whole cannot be read: say why and what to do, at the file field."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one row: where, what, and what to do about it."""

    row: int
    column: str
    message: str


@dataclass
class Entry:
    """A row that passed every check: what will be saved."""

    row: int
    kpi: KPI
    period: datetime.date
    value: Decimal
    note: str

    @property
    def key(self):
        return self.kpi.pk, self.period


@dataclass
class Checked:
    """Every row of a file checked: the entries to save, or the problems that stop it."""

    entries: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems and bool(self.entries)


@dataclass(frozen=True)
class Saved:
    new: int
    updated: int

    @property
    def total(self):
        return self.new + self.updated

    @property
    def message(self):
        noun = "actual" if self.total == 1 else "actuals"
        return f"{self.total} {noun} saved: {self.new} new, {self.updated} updated"


# Reading the file ----------------------------------------------------------------------------

def read_rows(upload):
    """(row number, {column: raw cell}) for each non-blank row under the header row.

    The file is recognised by its content, not its name: an XLSX is a zip holding a workbook;
    anything else must be text. `upload` is a file object (a Django UploadedFile).
    """
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if not data:
        raise UploadRefused("The selected file is empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadRefused(f"The selected file must be smaller than {MAX_UPLOAD_LABEL}")
    if data.startswith(b"PK\x03\x04"):
        table = _xlsx_rows(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UploadRefused(
            "The selected file is an older Excel file (.xls): save it as an Excel workbook "
            "(.xlsx) or as CSV, then upload it again"
        )
    else:
        table = _csv_rows(data)
    return _with_columns(table)


def _csv_rows(data):
    if b"\x00" in data[:4096]:
        raise UploadRefused("The selected file must be a CSV or an Excel (.xlsx) file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in Windows-1252 unless told to use UTF-8.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise UploadRefused(
                "The selected file could not be read as text: save it as CSV (UTF-8) or as an "
                "Excel workbook (.xlsx), then upload it again"
            ) from None
    if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text[:4096]):
        raise UploadRefused("The selected file must be a CSV or an Excel (.xlsx) file")
    try:
        reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
        for number, row in enumerate(reader, start=1):
            yield number, [(cell, False) for cell in row]
    except csv.Error:
        raise UploadRefused(
            "The selected file is not a well-formed CSV file: check for a stray quote mark, "
            "or save it from Excel again"
        ) from None


def _delimiter(text):
    """Comma, or the semicolon or tab some Excel locales save "CSV" with: read from the header,
    which, unlike a note, holds no stray punctuation."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _xlsx_rows(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise UploadRefused(
            "The selected file is not a readable Excel workbook: open it in Excel and save it "
            "again as .xlsx, or save it as CSV"
        ) from None
    if "xl/workbook.xml" not in names:
        raise UploadRefused("The selected file must be a CSV or an Excel (.xlsx) file")
    if unpacked > MAX_UNPACKED_BYTES:
        raise UploadRefused(
            "The selected workbook is too large once opened: upload only the sheet of actuals, "
            "or save it as CSV"
        )
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise UploadRefused(
            "The selected file is not a readable Excel workbook: open it in Excel and save it "
            "again as .xlsx, or save it as CSV"
        ) from None
    try:
        sheet = workbook.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(), start=1):
            yield number, [
                (cell.value, "%" in str(getattr(cell, "number_format", "") or ""))
                for cell in row
            ]
    finally:
        workbook.close()


def _with_columns(table):
    header, columns, rows = None, {}, []
    for number, cells in table:
        if all(_blank(value) for value, _ in cells):
            continue
        if header is None:
            header = number
            columns = _columns(cells)
            continue
        if len(rows) >= MAX_ROWS:
            raise UploadRefused(
                f"The selected file has more than {MAX_ROWS:,} rows: split it into smaller files"
            )
        row = {}
        for name, index in columns.items():
            value, percent_cell = cells[index] if index < len(cells) else (None, False)
            row[name] = value
            if name == "value":
                row["percent_cell"] = percent_cell
        rows.append((number, row))
    if header is None:
        raise UploadRefused("The selected file is empty")
    if not rows:
        raise UploadRefused(
            "The selected file has column names but no rows of actuals: add a row for each KPI "
            "and period"
        )
    return rows


def _columns(cells):
    found = {}
    for index, (value, _) in enumerate(cells):
        name = _column_name(value)
        for column, names in COLUMN_NAMES.items():
            if name in names and column not in found:
                found[column] = index
    missing = [f"“{COLUMN_LABELS[c]}”" for c in REQUIRED_COLUMNS if c not in found]
    if missing:
        noun = "column" if len(missing) == 1 else "columns"
        raise UploadRefused(
            f"The selected file has no {get_text_list(missing, 'or')} {noun}: its first row "
            "must name the columns KPI, Period, Value and Note"
        )
    return found


def _column_name(value):
    text = str(value or "").split("(")[0].lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


# Checking the rows ---------------------------------------------------------------------------

def check_rows(rows, partnership, user, today=None):
    """Check every row against the partnership's KPIs and the person's rights: a Checked."""
    today = today or timezone.localdate()
    kpis = list(
        KPI.objects.filter(workstream__partnership=partnership)
        .select_related("workstream__programme")
    )
    by_id = {kpi.pk: kpi for kpi in kpis}
    by_name = {}
    for kpi in kpis:
        by_name.setdefault(_name_key(kpi.name), []).append(kpi)

    checked, seen = Checked(), {}
    for number, row in rows:
        problems = []

        def problem(column, message, number=number, problems=problems):
            problems.append(Problem(number, column, message))

        kpi = _find_kpi(row.get("kpi"), by_id, by_name, partnership, problem)
        if kpi is not None and not may(user, "enter_kpi_actuals", kpi):
            problem("KPI", f"You cannot enter actuals for “{kpi.name}” ({kpi.workstream}): "
                           "remove the row, or ask the PMO or the workstream's lead to enter it")
            kpi = None
        period = _period(row.get("period"), kpi, today, problem)
        value = _value(row.get("value"), row.get("percent_cell"), kpi, problem)
        note = "" if _blank(row.get("note")) else str(row["note"]).strip()

        if kpi is not None and period is not None:
            first = seen.get((kpi.pk, period))
            if first is not None:
                problem("KPI and period",
                        f"Row {number} repeats row {first}: both are for “{kpi.name}”, "
                        f"{period_label(kpi, period)}. Keep one of the two rows")
            else:
                seen[(kpi.pk, period)] = number
        if problems:
            checked.problems.extend(problems)
        elif kpi is not None and period is not None and value is not None:
            checked.entries.append(Entry(number, kpi, period, value, note))
    return checked


def _name_key(name):
    return " ".join(str(name).split()).casefold()


def _find_kpi(raw, by_id, by_name, partnership, problem):
    if _blank(raw):
        problem("KPI", "Enter the KPI's name or id")
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    if text.isdigit() and int(text) in by_id:
        return by_id[int(text)]
    matches = by_name.get(_name_key(text), [])
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        places = " and ".join(sorted(str(k.workstream) for k in matches))
        ids = ", ".join(str(k.pk) for k in sorted(matches, key=lambda k: k.pk))
        problem("KPI", f"{len(matches)} KPIs are called “{text}” (in {places}): use the id "
                       f"of the one you mean instead ({ids})")
        return None
    if text.isdigit():
        problem("KPI", f"There is no KPI with id {text} in {partnership.short_name}: check the "
                       "id on the KPI's page, or use the KPI's name")
    else:
        problem("KPI", f"There is no KPI called “{text}” in {partnership.short_name}: check the "
                       "name against the list of KPIs on this page, or use the KPI's id")
    return None


def parse_period(raw):
    """The month a period cell means (its first day); ValueError if it is not a month.

    A quarter ("Q2 2026/27") gives its first month.
    """
    if isinstance(raw, datetime.datetime):
        raw = raw.date()
    if isinstance(raw, datetime.date):
        return raw.replace(day=1)
    text = " ".join(str(raw).strip().lower().split())
    if match := _ISO.match(text):
        year, month, day = match.groups()
        return _month(int(year), int(month), int(day) if day else 1)
    if match := _YEAR_SLASH_MONTH.match(text):
        return _month(int(match[1]), int(match[2]))
    if match := _MONTH_SLASH_YEAR.match(text):
        return _month(int(match[2]), int(match[1]))
    if match := _DAY_MONTH_YEAR.match(text):
        return _month(int(match[3]), int(match[2]), int(match[1]))
    if (match := _NAMED_MONTH.match(text)) and match[1] in MONTH_NAMES:
        return _month(int(match[2]), MONTH_NAMES[match[1]])
    if match := _QUARTER.match(text):
        quarter = int(match[1] or match[6])
        start_year = _financial_year(match[2] or match[4], match[3] or match[5])
        return _financial_month(start_year, 3 * (quarter - 1) + 1)
    if match := _FINANCIAL_MONTH.match(text):
        return _financial_month(_financial_year(match[2], match[3]), int(match[1]))
    raise ValueError(text)


def _month(year, month, day=1):
    return datetime.date(year, month, day).replace(day=1)  # ValueError for 2026-13 or 31/2


def _financial_year(start, end):
    start = int(start)
    end = int(end) if len(end) == 4 else (start // 100) * 100 + int(end)
    if end != start + 1:
        raise ValueError(f"{start}/{end}")
    return start


def _financial_month(start_year, month_number):
    """M1 is April of the financial year's first calendar year; M12 is March after it."""
    month = (month_number + 2) % 12 + 1
    return datetime.date(start_year if month >= 4 else start_year + 1, month, 1)


def _period(raw, kpi, today, problem):
    if _blank(raw):
        problem("Period", f"Enter the period the value is for, {PERIOD_EXAMPLE}")
        return None
    try:
        period = parse_period(raw)
    except ValueError:
        problem("Period", f"“{raw}” is not a month: enter the period {PERIOD_EXAMPLE}")
        return None
    quarterly = kpi is not None and kpi.frequency == KPI.Frequency.QUARTERLY
    if quarterly and period.month in QUARTER_END_MONTHS:
        period = _months_before(period, 2)  # stored against the quarter's first month
    elif quarterly and period.month not in QUARTER_START_MONTHS:
        start = _months_before(period, (period.month - 1) % 3)
        problem("Period", f"“{kpi.name}” is quarterly: enter the first or last month of the "
                          f"quarter ({_month_name(start)} or "
                          f"{_month_name(_months_before(start, -2))}), or the quarter as "
                          f"{quarter_name(start)}")
        return None
    if period > today.replace(day=1):
        problem("Period", f"{_month_name(period)} has not started yet: enter actuals only "
                          "for months that have started")
        return None
    return period


def _months_before(period, count):
    index = period.year * 12 + period.month - 1 - count
    return datetime.date(index // 12, index % 12 + 1, 1)


def _month_name(period):
    return format_date(period, "F Y")


def quarter_name(start):
    """'Q2 2026/27' for the quarter starting July 2026."""
    first_year = start.year if start.month >= 4 else start.year - 1
    quarter = ((start.month - 4) % 12) // 3 + 1
    return f"Q{quarter} {first_year}/{(first_year + 1) % 100:02d}"


def period_label(kpi, period):
    """How a KPI's period reads: 'October 2026', or 'Q3 2026/27 (October to December 2026)'."""
    if kpi.frequency == KPI.Frequency.QUARTERLY:
        end = _months_before(period, -2)
        return f"{quarter_name(period)} ({format_date(period, 'F')} to {_month_name(end)})"
    return _month_name(period)


def _value(raw, percent_cell, kpi, problem):
    if _blank(raw):
        problem("Value", "Enter the value, a number like 85.2, or remove the row")
        return None
    value, shown_as_percent = _number(raw, percent_cell)
    if value is None or not value.is_finite():
        problem("Value", f"“{raw}” is not a number: enter the value as a number, like 85.2")
        return None
    if kpi is None:
        return value
    is_percentage = kpi.unit == KPI.Unit.PERCENTAGE
    if shown_as_percent and not is_percentage:
        problem("Value", f"“{kpi.name}” is measured as {kpi.get_unit_display().lower()}, "
                         "not a percentage: remove the % sign, or check the KPI")
        return None
    value = value.quantize(DECIMAL_PLACES, rounding=ROUND_HALF_UP)
    if abs(value) >= LARGEST_VALUE:
        problem("Value", f"{raw} is too large: enter a value below 1,000,000,000,000")
        return None
    if is_percentage and not 0 <= value <= 100:
        side = "over 100%" if value > 100 else "below 0%"
        problem("Value", f"{_plain(value)}% is {side}: “{kpi.name}” is a percentage, so "
                         "enter a value from 0 to 100")
        return None
    return value


def _number(raw, percent_cell):
    """(Decimal or None, whether it was written as a percentage) of a value cell."""
    if isinstance(raw, bool):
        return None, False
    if isinstance(raw, int | float | Decimal):
        value = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
        # An Excel cell formatted as a percentage holds 0.85 and shows 85%.
        return (value * 100, True) if percent_cell else (value, False)
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
    shown_as_percent = text.endswith("%")
    text = text.removesuffix("%")
    text = "-" + text[2:] if text.startswith("-£") else text.removeprefix("£")
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    try:
        return Decimal(text), shown_as_percent
    except InvalidOperation:
        return None, shown_as_percent


def _plain(value):
    return f"{value.normalize():f}"


# Saving --------------------------------------------------------------------------------------

def save_actuals(entries, by):
    """Save checked entries in one transaction: new actuals created, existing ones replaced."""
    entries = list(entries)
    if not entries:
        return Saved(0, 0)
    new = updated = 0
    with transaction.atomic():
        wanted = Q()
        for entry in entries:
            wanted |= Q(kpi_id=entry.kpi.pk, period=entry.period)
        existing = {
            (a.kpi_id, a.period): a for a in KPIActual.objects.select_for_update().filter(wanted)
        }
        for entry in entries:
            actual = existing.get(entry.key)
            if actual is None:
                actual = KPIActual(kpi=entry.kpi, period=entry.period)
                new += 1
            else:
                actual.kpi = entry.kpi
                updated += 1
            actual.value = entry.value
            if entry.note:
                actual.note = entry.note
            actual.entered_by = by
            actual.full_clean(validate_unique=False, validate_constraints=False)
            actual._history_user = by
            actual.save()
    return Saved(new, updated)
