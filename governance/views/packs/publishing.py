"""The PMO's pack pages: preview, publish, follow and retry the PDF, see who has read it."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from governance.pack_panel import VersionLine
from governance.packs import preview_pack, readers_page
from governance.publishing import publish_pack, retry_pack_pdf
from governance.views.packs.common import meeting_or_404, pack_or_404, post_only
from programmes.exceptions import TransitionNotAllowed


def preview(request, partnership, meeting):
    meeting = meeting_or_404(request, partnership, meeting, "publish_pack")
    contents, sections = preview_pack(meeting, timezone.localdate())
    return render(request, "governance/packs/preview.html", {
        "meeting": meeting,
        "board": meeting.board,
        "partnership": meeting.board.partnership,
        "pack": contents,
        "sections": sections,
        "next_version": meeting.packs.count() + 1,
        "meeting_url": _meeting_url(meeting),
    })


def publish(request, partnership, meeting):
    meeting = meeting_or_404(request, partnership, meeting, "publish_pack")
    if refused := post_only(request):
        return refused
    try:
        pack = publish_pack(meeting, by=request.user)
    except TransitionNotAllowed as error:
        messages.error(request, f"The pack was not published: {error.message}")
        return redirect("pack_preview", partnership=partnership, meeting=meeting.pk)
    messages.success(request, f"Version {pack.version} of the pack is published. The PDF is "
                              "being printed: its progress shows below.")
    return redirect(_meeting_url(meeting) or pack.get_absolute_url())


def status(request, partnership, meeting, version):
    """The PDF's state for the progress poll."""
    pack = pack_or_404(request, partnership, meeting, version)
    line = VersionLine(pack, "", "", "", "", "", True)
    return JsonResponse({
        "version": pack.version,
        "status": pack.pdf_status,
        "label": pack.get_pdf_status_display(),
        "progress": pack.pdf_progress,
        "words": line.status_words,
        "error": pack.pdf_error,
        "pages": pack.pdf_pages,
        "pdf_url": reverse("pack_pdf", kwargs={"partnership": partnership,
                                               "meeting": meeting, "version": version}),
    })


def retry(request, partnership, meeting, version):
    pack = pack_or_404(request, partnership, meeting, version, "publish_pack")
    if refused := post_only(request):
        return refused
    if retry_pack_pdf(pack):
        messages.success(request, f"Printing the PDF of version {pack.version} again.")
    else:
        messages.info(request, f"The PDF of version {pack.version} is "
                               f"{pack.get_pdf_status_display().lower()}: nothing to retry.")
    return redirect(_meeting_url(pack.meeting) or pack.get_absolute_url())


def readers(request, partnership, meeting, version):
    pack = pack_or_404(request, partnership, meeting, version, "view_pack_readers")
    return render(request, "governance/packs/readers.html", readers_page(pack))


def _meeting_url(meeting):
    try:
        return reverse("meeting", kwargs={"partnership": meeting.board.partnership.slug,
                                          "meeting": meeting.pk})
    except NoReverseMatch:
        return ""
