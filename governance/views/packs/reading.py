"""Reading a published pack: its contents, each section, the PDF, and the papers."""

import hashlib

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from governance.models import AgendaItem, PackRead
from governance.packs import pack_page, readable_sections, reads_full_version, record_read
from governance.packs import section_page as section_context
from governance.uploads import content_type_of
from governance.views.packs.common import pack_or_404
from stp.permissions import require


def contents(request, partnership, meeting, version):
    pack = pack_or_404(request, partnership, meeting, version)
    record_read(pack, request.user, PackRead.Format.WEB)
    return render(request, "governance/packs/contents.html", pack_page(pack, request.user))


def section(request, partnership, meeting, version, section):
    pack = pack_or_404(request, partnership, meeting, version)
    context = section_context(pack, request.user, section)
    if context is None:
        raise Http404("This pack has no such section.")
    record_read(pack, request.user, PackRead.Format.WEB)
    return render(request, "governance/packs/section.html", context)


def pdf(request, partnership, meeting, version):
    """The version's PDF as printed when it was published: full, or part 1 alone."""
    pack = pack_or_404(request, partnership, meeting, version)
    field = pack.pdf if reads_full_version(pack, request.user) else pack.public_pdf
    if pack.pdf_status != pack.PDFStatus.READY or not field:
        return _not_ready(request, pack)
    record_read(pack, request.user, PackRead.Format.PDF)
    return _pdf_response(field, _filename(pack, full=reads_full_version(pack, request.user)))


def public_pdf(request, partnership, meeting, version):
    """Part 1 alone, for a meeting held in public: the pack as the public may read it."""
    pack = pack_or_404(request, partnership, meeting, version, "view_meeting")
    if not pack.meeting.held_in_public:
        raise Http404("This meeting is not held in public.")
    if pack.pdf_status != pack.PDFStatus.READY or not pack.public_pdf:
        return _not_ready(request, pack)
    return _pdf_response(pack.public_pdf, _filename(pack, full=False))


def paper(request, partnership, meeting, version, section):
    """An uploaded paper of the version, only while its file is the one published."""
    pack = pack_or_404(request, partnership, meeting, version)
    slugs = {s["slug"] for s in readable_sections(pack, request.user)}
    entry = next(
        ((int(pk), e) for pk, e in pack.snapshot.get("items", {}).items()
         if e.get("section") == section and e.get("paper")),
        None,
    ) if section in slugs else None
    if entry is None:
        raise Http404("This version has no such paper.")
    item = AgendaItem.objects.filter(pk=entry[0], meeting=pack.meeting).first()
    if item is not None and item.is_private:
        require(request.user, "view_private_business", pack.meeting)
    content = _read(item)
    if content is None or hashlib.sha256(content).hexdigest() != entry[1]["paper"]:
        return render(request, "governance/packs/paper_gone.html", {
            "pack": pack, "meeting": pack.meeting, "partnership": pack.meeting.board.partnership,
            "number": entry[1]["number"], "contents_url": pack.get_absolute_url(),
        }, status=410)
    record_read(pack, request.user, PackRead.Format.WEB)
    name = entry[1].get("paper_name") or f"{slugify(entry[1]['title']) or 'paper'}"
    extension = ".pdf" if item.paper.name.lower().endswith(".pdf") else ".docx"
    if not name.lower().endswith(extension):
        name += extension
    response = HttpResponse(content, content_type=content_type_of(item.paper.name))
    disposition = "inline" if extension == ".pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{_safe(name)}"'
    return response


def _read(item):
    if item is None or not item.paper:
        return None
    try:
        with item.paper.open("rb") as file:
            return file.read()
    except OSError:
        return None


def _not_ready(request, pack):
    response = render(request, "governance/packs/pdf_waiting.html", {
        "pack": pack, "meeting": pack.meeting, "partnership": pack.meeting.board.partnership,
        "contents_url": pack.get_absolute_url(),
    }, status=503)
    response["Retry-After"] = "5"
    return response


def _pdf_response(field, filename):
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404("The PDF's file is missing.") from None
    return FileResponse(handle, content_type="application/pdf", as_attachment=True,
                        filename=filename)


def _filename(pack, full):
    meeting = pack.meeting
    part = "" if full else "-part-1"
    return (f"{slugify(meeting.board.name) or 'board'}-pack-{meeting.local_start:%Y-%m-%d}-"
            f"v{pack.version}{part}.pdf")


def _safe(name):
    return "".join(c for c in name if c.isalnum() or c in " ._-()")[:150] or "paper"
