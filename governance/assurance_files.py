"""Every file of an assurance report, rendered from its data alone: what publishing stores with
a version and what the download pages serve."""

from governance.assurance_csv import report_csv_zip
from governance.assurance_pdf import report_pdf
from governance.assurance_tables import file_stem
from governance.assurance_xlsx import report_xlsx

# format -> (file extension, content type)
FILE_TYPES = {
    "pdf": ("pdf", "application/pdf"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": ("zip", "application/zip"),
}


def render_files(data):
    """{"pdf": bytes, "xlsx": bytes, "csv": bytes} (the CSV files in one zip)."""
    return {"pdf": report_pdf(data), "xlsx": report_xlsx(data), "csv": report_csv_zip(data)}


def file_name(data, file_format):
    """The name a file downloads under: "staffordshire-2026-10-v1.pdf", "...-v1-csv.zip"."""
    extension = FILE_TYPES[file_format][0]
    suffix = "-csv" if file_format == "csv" else ""
    return f"{file_stem(data)}{suffix}.{extension}"
