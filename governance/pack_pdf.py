"""Printing a published pack to PDF: Chromium prints the frozen HTML, pypdf adds the papers.

`print_pack(pack)` makes the pack's PDFs from what publishing froze, never from live data: the
full version (`pdf`) and, where it differs, part 1 alone (`public_pdf`). Each is printed by
Chromium (stp.pdf: tagged, with bookmarks from the headings, the title and language), then
every uploaded PDF paper is put straight after its cover sheet, with a bookmark under the
paper's own, and every page is numbered "Page 3 of 52" across the whole document.

Chromium numbers only the pages it prints, so its footer is off and the numbers are written
onto every page afterwards: a few bytes of text per page, marked as a pagination artifact so
screen readers skip it, without re-encoding any page (fast: milliseconds for 80 pages).
Progress goes to `pdf_progress` in steps; a failure leaves `pdf_status` failed with the reason.
"""

import hashlib
import io
import logging
from html import unescape

from django.core.files.base import ContentFile
from django.utils.text import slugify
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    EncodedStreamObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from governance.models import AgendaItem, BoardPack
from stp.pdf import PDFUnavailable, render_pdf
from stp.pdf_update import (
    IncrementalUpdate,
    fix_bookmark_titles,
    heading_texts,
    outline_children,
)

logger = logging.getLogger(__name__)
Status = BoardPack.PDFStatus

MM = 72 / 25.4
FOOTER_Y = 9 * MM  # from the bottom edge, inside the 18 mm margin the print CSS leaves
FOOTER_X = 15 * MM
FOOTER_SIZE = 8
FOOTER_GREY = "0.298 0.384 0.447"  # #4c6272, NHS.UK secondary text
TITLE_CHARS = 90
# Not copied with a paper's page: its place in its own page tree and tagged structure.
SKIPPED_KEYS = {"/Parent", "/StructParents", "/B", "/P"}
A4 = (0, 0, 595.28, 841.89)
# Helvetica's widths (per 1000) of the characters in "Page 12 of 52", to right-align it.
HELVETICA_WIDTHS = {"P": 667, "a": 556, "g": 556, "e": 556, " ": 278, "o": 556, "f": 278,
                    **dict.fromkeys("0123456789", 556)}


class PackPrintError(Exception):
    """Why a pack could not be printed, in words for the PMO."""


def print_pack(pack):
    """Print the pack's PDFs and store them; does nothing if they are ready. Never raises."""
    pack.refresh_from_db(fields=["pdf_status", "pdf", "public_pdf"])
    if pack.pdf_status == Status.READY:
        return pack
    _progress(pack, Status.RENDERING, 5, error="")
    try:
        full, pages = render_version(
            pack, pack.html, pack.sections, step=lambda n: _progress(pack, progress=n), span=(5, 50)
        )
        part1 = full
        if pack.public_html and pack.public_html != pack.html:
            part1, _ = render_version(
                pack, pack.public_html, pack.public_sections,
                step=lambda n: _progress(pack, progress=n), span=(50, 90),
            )
        _store(pack, full, part1, pages)
    except PDFUnavailable as missing:
        _fail(pack, f"The PDF cannot be printed on this server: {missing}")
    except PackPrintError as refused:
        _fail(pack, str(refused))
    except Exception as error:  # a task must leave a reason behind, whatever went wrong
        logger.exception("Printing pack %s failed", pack.pk)
        _fail(pack, f"Printing failed unexpectedly ({type(error).__name__}: {error}). "
                    "Try again; if it fails again, tell the service team.")
    return pack


def render_version(pack, html, sections, step=None, span=(0, 100)):
    """One version's PDF bytes and page count: printed, papers appended, pages numbered."""
    step = step or (lambda n: None)
    low, high = span
    papers = _papers(pack, sections)
    printed = render_pdf(html, footer=False, fix_bookmarks=False)
    step(low + (high - low) * 8 // 10)
    document, pages = assemble(printed, papers, title=_title_of(html),
                               headings=heading_texts(html))
    step(high)
    return document, pages


def assemble(printed, papers, title="", headings=None):
    """Put each paper after its cover sheet with a bookmark, then number every page.

    `papers` lists (position among the papers' cover sheets, bookmark title, PDF bytes), the
    positions counting the level-2 bookmarks under the last top-level one ("Papers").
    `headings` (from `heading_texts`) puts back the spaces Chromium drops from a bookmark's
    title where its heading wraps onto a second line. The
    changes are an incremental update appended to Chromium's bytes: its tagged structure,
    outline and metadata stay as printed, and nothing is parsed that is not changed (pypdf
    copying all of a tagged 80-page pack would take seconds).
    """
    reader = PdfReader(io.BytesIO(printed))
    update = IncrementalUpdate(reader, printed)
    pages = [page.indirect_reference for page in reader.pages]
    if headings:
        fix_bookmark_titles(update, reader, headings)
    if papers:
        pages = _insert_papers(update, reader, pages, papers)
    _number_pages(update, pages, title)
    return printed + update.serialise(), len(pages)


# The papers ------------------------------------------------------------------------------------

def _papers(pack, sections):
    """(position, bookmark title, bytes) of the version's PDF papers, checked against the
    snapshot: a paper replaced or removed since publishing would not be what was published."""
    slugs = [s["slug"] for s in sections if s["level"] == 2 and s["slug"].startswith("paper-")]
    wanted = {
        int(item_id): entry for item_id, entry in pack.snapshot.get("items", {}).items()
        if entry.get("paper_kind") == "pdf" and entry.get("section") in slugs
    }
    items = {i.pk: i for i in AgendaItem.objects.filter(pk__in=list(wanted))}
    found = []
    for item_id, entry in wanted.items():
        label = f"item {entry['number']}"
        item = items.get(item_id)
        if item is None or not item.paper:
            raise PackPrintError(f"The paper for {label} has been removed since version "
                                 f"{pack.version} was published: publish a new version.")
        try:
            with item.paper.open("rb") as file:
                content = file.read()
        except OSError as error:
            raise PackPrintError(f"The paper for {label} could not be read: {error}.") from error
        if hashlib.sha256(content).hexdigest() != entry.get("paper"):
            raise PackPrintError(f"The paper for {label} has been replaced since version "
                                 f"{pack.version} was published: publish a new version.")
        pages = _paper_pages(content, label)
        name = entry.get("paper_name") or entry["title"]
        found.append((slugs.index(entry["section"]), f"Paper: {name} ({pages} page"
                      f"{'' if pages == 1 else 's'})", content))
    return sorted(found, key=lambda paper: paper[0])


def _paper_pages(content, label):
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            raise PackPrintError(f"The paper for {label} is protected by a password: upload "
                                 "it without one and publish a new version.")
        return len(reader.pages)
    except (PdfReadError, ValueError, KeyError) as error:
        raise PackPrintError(f"The paper for {label} is not a readable PDF ({error}): upload "
                             "it again and publish a new version.") from error


def _insert_papers(update, reader, pages, papers):
    """Put each paper's pages after its cover sheet; the new order of all pages."""
    index_of = {ref.idnum: n for n, ref in enumerate(pages)}
    top = outline_children(reader.trailer["/Root"].get("/Outlines"))
    if not top:
        raise PackPrintError("The printed pack has no bookmarks to place the papers by.")
    cover_sheets = outline_children(top[-1].get_object())  # the papers, under "Papers"
    starts = [index_of[_dest_page(ref.get_object()).idnum] for ref in cover_sheets]
    after = {}
    for position, title, content in papers:
        if position >= len(cover_sheets):
            raise PackPrintError("The printed pack lacks the cover sheet of a paper.")
        last = (starts[position + 1] - 1) if position + 1 < len(starts) else len(pages) - 1
        added = _import_pages(update, PdfReader(io.BytesIO(content)))
        _attach_pages(update, pages[last], added)
        _add_bookmark(update, cover_sheets[position], title, added[0])
        after[last] = added
    ordered = []
    for n, ref in enumerate(pages):
        ordered.append(ref)
        ordered.extend(after.get(n, []))
    return ordered


def _import_pages(update, paper):
    """Copy a paper's pages and everything they use into the update, under new numbers."""
    mapping = {}

    def copy(obj):
        if isinstance(obj, IndirectObject):
            if obj.idnum not in mapping:
                mapping[obj.idnum] = update.reserve()
                update.set(mapping[obj.idnum], copy(obj.get_object()))
            return mapping[obj.idnum]
        if isinstance(obj, StreamObject):
            stream = EncodedStreamObject()
            stream.update({k: copy(v) for k, v in obj.items() if k != "/Length"})
            stream._data = obj._data
            return stream
        if isinstance(obj, DictionaryObject):
            return DictionaryObject(
                {k: copy(v) for k, v in obj.items() if k not in SKIPPED_KEYS}
            )
        if isinstance(obj, ArrayObject):
            return ArrayObject(copy(v) for v in obj)
        return obj

    refs = []
    for page in paper.pages:
        ref = copy(page.indirect_reference)
        update.objects[ref.idnum][NameObject("/Type")] = NameObject("/Page")
        refs.append(ref)
    return refs


def _attach_pages(update, after_ref, refs):
    """Hang the pages in the page tree straight after `after_ref`, counting them upwards."""
    page = after_ref.get_object()
    parent_ref = page.raw_get("/Parent")
    parent = parent_ref.get_object()
    kids = list(parent["/Kids"])
    at = next(n for n, kid in enumerate(kids) if kid.idnum == after_ref.idnum) + 1
    parent[NameObject("/Kids")] = ArrayObject(kids[:at] + refs + kids[at:])
    for ref in refs:
        update.objects[ref.idnum][NameObject("/Parent")] = parent_ref
    node_ref, node = parent_ref, parent
    while node is not None:
        node[NameObject("/Count")] = NumberObject(int(node["/Count"]) + len(refs))
        update.set(node_ref, node)
        node_ref = node.raw_get("/Parent") if "/Parent" in node else None
        node = node_ref.get_object() if node_ref is not None else None


def _dest_page(item):
    """The page an outline item points to (a direct /Dest array, as Chromium writes them)."""
    dest = item["/Dest"] if "/Dest" in item else item["/A"]["/D"]
    return dest[0]


def _add_bookmark(update, parent_ref, title, page_ref):
    parent = parent_ref.get_object()
    item = DictionaryObject({
        NameObject("/Title"): TextStringObject(title),
        NameObject("/Parent"): parent_ref,
        NameObject("/Dest"): ArrayObject([page_ref, NameObject("/Fit")]),
    })
    ref = update.add(item)
    if "/Last" in parent:
        last_ref = parent.raw_get("/Last")
        last = last_ref.get_object()
        last[NameObject("/Next")] = ref
        item[NameObject("/Prev")] = last_ref
        update.set(last_ref, last)
    else:
        parent[NameObject("/First")] = ref
    parent[NameObject("/Last")] = ref
    count = int(parent.get("/Count", 0))
    # A closed item counts its hidden descendants as a negative number.
    parent[NameObject("/Count")] = NumberObject(count - 1 if count < 0 else count + 1)
    update.set(parent_ref, parent)


# Page numbers ----------------------------------------------------------------------------------

def _number_pages(update, pages, title):
    """Write "title ... Page n of N" in the bottom margin of every page."""
    font = update.add(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
        NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    }))
    save = update.add(_stream(b"q\n"))
    total = len(pages)
    title = _pdf_text(title[:TITLE_CHARS] + ("..." if len(title) > TITLE_CHARS else ""))
    for number, ref in enumerate(pages, start=1):
        page = update.resolve(ref)
        box = update.resolve(page.raw_get("/MediaBox")) if "/MediaBox" in page else A4
        left, bottom, right = (float(box[0]), float(box[1]), float(box[2]))
        words = f"Page {number} of {total}"
        width = sum(HELVETICA_WIDTHS.get(c, 556) for c in words) * FOOTER_SIZE / 1000
        footer = (
            "Q\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n"
            f"BT /PackFooter {FOOTER_SIZE} Tf {FOOTER_GREY} rg "
            f"{left + FOOTER_X:.2f} {bottom + FOOTER_Y:.2f} Td ({title}) Tj ET\n"
            f"BT /PackFooter {FOOTER_SIZE} Tf {FOOTER_GREY} rg "
            f"{right - FOOTER_X - width:.2f} {bottom + FOOTER_Y:.2f} Td ({_pdf_text(words)}) Tj "
            "ET\nEMC\n"
        )
        contents = page.raw_get("/Contents") if "/Contents" in page else None
        if contents is None:
            streams = []
        elif isinstance(update.resolve(contents), ArrayObject):
            streams = list(update.resolve(contents))
        else:
            streams = [contents]
        page[NameObject("/Contents")] = ArrayObject(
            [save, *streams, update.add(_stream(footer.encode("latin-1")))]
        )
        resources = page.raw_get("/Resources") if "/Resources" in page else None
        resources = DictionaryObject(update.resolve(resources) or {})
        fonts = resources.raw_get("/Font") if "/Font" in resources else None
        fonts = DictionaryObject(update.resolve(fonts) or {})
        fonts[NameObject("/PackFooter")] = font
        resources[NameObject("/Font")] = fonts
        page[NameObject("/Resources")] = resources
        update.set(ref, page)


def _stream(data):
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream


def _pdf_text(text):
    """A PDF string literal's body in WinAnsi (Latin-1 here, with "?" for anything else)."""
    encoded = text.replace("–", "-").replace("’", "'").encode(
        "latin-1", errors="replace").decode("latin-1")
    return encoded.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


# Storing and progress ---------------------------------------------------------------------------

def _store(pack, full, part1, pages):
    name = (f"{slugify(pack.meeting.board.name) or 'board'}-"
            f"{pack.meeting.local_start:%Y-%m-%d}-pack-v{pack.version}")
    for field in (pack.pdf, pack.public_pdf):
        if field:
            field.delete(save=False)
    pack.pdf.save(f"{name}.pdf", ContentFile(full), save=False)
    pack.public_pdf.save(f"{name}-part-1.pdf", ContentFile(part1), save=False)
    pack.pdf_pages = pages
    pack.pdf_status, pack.pdf_progress, pack.pdf_error = Status.READY, 100, ""
    pack.save(update_fields=["pdf", "public_pdf", "pdf_pages", "pdf_status", "pdf_progress",
                             "pdf_error"])


def _progress(pack, status=None, progress=None, error=None):
    changes = {}
    if status is not None:
        pack.pdf_status = changes["pdf_status"] = status
    if progress is not None:
        pack.pdf_progress = changes["pdf_progress"] = progress
    if error is not None:
        pack.pdf_error = changes["pdf_error"] = error
    BoardPack.objects.filter(pk=pack.pk).update(**changes)


def _fail(pack, reason):
    _progress(pack, Status.FAILED, 0, error=reason)


def _title_of(html):
    start = html.find("<title>")
    end = html.find("</title>", start)
    if start < 0 or end < 0:
        return ""
    return unescape(html[start + len("<title>"):end]).strip()
