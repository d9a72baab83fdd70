"""HTML to tagged PDF with Debian's Chromium, driven by Playwright and kept open per thread.

Measured on the 2-core machine (shared/PDF-NOTES.md): Chromium prints an 80-page pack in about
1.6 s when the browser stays open, against 10-13 s for WeasyPrint. Chromium cannot number pages
in a contents list, so documents link their contents instead and carry bookmarks (outline).
"""

import os
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings

from stp.pdf_update import restore_bookmark_titles

CHROMIUM_CANDIDATES = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"]
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--font-render-hinting=none",
]
FOOTER = (
    '<div style="font-size:8pt;font-family:Arial,sans-serif;width:100%;margin:0 12mm;'
    'display:flex;justify-content:space-between;color:#4c6272">'
    '<span class="title"></span>'
    '<span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>'
)

_local = threading.local()
# Playwright's sync API runs an event loop in the thread that starts it, which Django's ORM
# refuses to share, so one printer thread per process owns the browser and prints for all.
_printer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdf-printer")


class PDFUnavailable(RuntimeError):
    """Chromium is not installed, so no PDF can be printed."""


def chromium_path():
    configured = getattr(settings, "CHROMIUM_PATH", "") or os.environ.get("CHROMIUM", "")
    for candidate in [configured, *CHROMIUM_CANDIDATES, shutil.which("chromium") or ""]:
        if candidate and os.path.exists(candidate):
            return candidate
    raise PDFUnavailable("Chromium is not installed: install Debian's chromium package.")


def _browser():
    browser = getattr(_local, "browser", None)
    if browser is None or not browser.is_connected():
        from playwright.sync_api import sync_playwright

        _local.playwright = getattr(_local, "playwright", None) or sync_playwright().start()
        browser = _local.playwright.chromium.launch(
            executable_path=chromium_path(), args=FLAGS, headless=True
        )
        _local.browser = browser
    return browser


def render_pdf(html, *, footer=True, fix_bookmarks=True):
    """Print `html` (a whole document with its styles inline) to PDF bytes.

    The PDF is tagged for screen readers, carries the document's <title> and lang, bookmarks
    from its headings, and page numbers in the footer.
    """
    chromium_path()  # fail early, in the caller's thread, with a clear message
    printed = _printer.submit(_print, html, footer).result()
    # Chromium drops the space where a heading wraps in its bookmark: put the heading back.
    # (`fix_bookmarks=False` for a caller that changes the PDF afterwards and fixes them then.)
    return restore_bookmark_titles(printed, html) if fix_bookmarks else printed


def _print(html, footer):
    page = _browser().new_page()
    try:
        page.set_content(html, wait_until="load")
        return page.pdf(
            format="A4",
            print_background=True,
            prefer_css_page_size=True,
            outline=True,
            tagged=True,
            display_header_footer=footer,
            header_template="<span></span>",
            footer_template=FOOTER if footer else "<span></span>",
            margin={"top": "15mm", "bottom": "18mm", "left": "15mm", "right": "15mm"},
        )
    finally:
        page.close()


def close():
    """Close the printer's browser (tests and worker shutdown)."""
    _printer.submit(_close).result()


def _close():
    browser = getattr(_local, "browser", None)
    if browser is not None:
        browser.close()
        _local.browser = None
    playwright = getattr(_local, "playwright", None)
    if playwright is not None:
        playwright.stop()
        _local.playwright = None
