"""The assurance report as a zip of CSV files, one per section (assurance_tables), named like
`staffordshire-2026-10-v1-milestones.csv`: UTF-8 with a byte order mark so that Excel reads the
accents right, a header row, ISO dates and plain numbers. The same data gives the same bytes."""

import csv
import io
import zipfile
from datetime import date

from django.utils import timezone

from governance.assurance_tables import file_stem, report_tables, stamp


def report_csv_zip(data):
    """The zip's bytes."""
    stem = file_stem(data)
    when = timezone.localtime(stamp(data)).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in report_tables(data):
            info = zipfile.ZipInfo(f"{stem}-{table.slug}.csv", date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, table_csv(table).encode("utf-8-sig"))
    return out.getvalue()


def table_csv(table):
    """One table as CSV text: the header, the rows, then any totals."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow([column.header for column in table.columns])
    for row in [*table.rows, *table.totals]:
        writer.writerow([_plain(value) for value in table.values(row)])
    return text.getvalue()


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return value
