"""The assurance report as a PDF for reading: its document (templates/governance/assurance/)
rendered from the report's data alone, printed by Chromium (stp.pdf) with its title, language,
a bookmark per section and "Page n of N" in the footer."""

from django.template.loader import render_to_string

from stp.pdf import render_pdf


def report_html(data):
    """The whole printable document, styles inline."""
    return render_to_string("governance/assurance/document.html", {"data": data})


def report_pdf(data):
    """The PDF's bytes (needs Chromium: stp.pdf.PDFUnavailable when it is missing)."""
    return render_pdf(report_html(data), footer=True)
