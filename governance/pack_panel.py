"""The board pack panel on a meeting's page: versions, PDF progress, publish button."""

from dataclasses import dataclass

from django.urls import reverse

from governance.models import BoardMembership, BoardPack, PackRead
from stp.permissions import may

Status = BoardPack.PDFStatus
# The big frozen fields stay in the database: the panel needs none of them.
FROZEN = ("html", "public_html", "sections", "public_sections", "snapshot")


@dataclass(frozen=True)
class VersionLine:
    """A published version as the panel lists it."""

    pack: BoardPack
    read_url: str
    pdf_url: str
    public_pdf_url: str
    status_url: str
    retry_url: str
    is_latest: bool

    @property
    def version(self):
        return self.pack.version

    @property
    def status(self):
        return self.pack.pdf_status

    @property
    def status_words(self):
        """The PDF's state in words, as the status region reads it out."""
        pack = self.pack
        if pack.pdf_status == Status.READY:
            pages = f", {pack.pdf_pages} pages" if pack.pdf_pages else ""
            return f"The PDF is ready{pages}."
        if pack.pdf_status == Status.FAILED:
            return "The PDF could not be printed."
        if pack.pdf_status == Status.RENDERING:
            return f"Printing the PDF: {pack.pdf_progress}% done."
        return "Waiting to print the PDF."

    @property
    def in_progress(self):
        return self.pack.pdf_status in (Status.PENDING, Status.RENDERING)


def pack_panel(meeting, user):
    """What the meeting page shows about the meeting's packs, for this person.

    `meeting` loaded with select_related("board__partnership"). At most three queries.
    """
    may_publish = may(user, "publish_pack", meeting)
    may_read = may(user, "view_packs", meeting)
    if not (may_publish or may_read):
        return {"visible": False}
    slug = meeting.board.partnership.slug
    packs = list(
        BoardPack.objects.filter(meeting=meeting).defer(*FROZEN)
        .select_related("published_by").order_by("-version")
    )
    lines = [_line(pack, slug, meeting, n == 0) for n, pack in enumerate(packs)]
    latest = lines[0] if lines else None
    kwargs = {"partnership": slug, "meeting": meeting.pk}
    panel = {
        "visible": True,
        "meeting": meeting,
        "meeting_url": reverse("meeting", kwargs=kwargs),
        "latest": latest,
        "versions": lines if may_publish else lines[:1],
        "may_publish": may_publish,
        "readers": None,
    }
    if may_publish:
        panel.update(
            preview_url=reverse("pack_preview", kwargs=kwargs),
            publish_url=reverse("pack_publish", kwargs=kwargs),
            publish_label=(f"Publish version {latest.version + 1}" if latest
                           else "Publish the pack"),
        )
    if latest is not None and may(user, "view_pack_readers", meeting):
        panel["readers"] = _readers(latest, meeting)
    return panel


def _line(pack, slug, meeting, is_latest):
    pack.meeting = meeting
    kwargs = {"partnership": slug, "meeting": meeting.pk, "version": pack.version}
    return VersionLine(
        pack=pack,
        read_url=reverse("pack", kwargs=kwargs),
        pdf_url=reverse("pack_pdf", kwargs=kwargs),
        public_pdf_url=reverse("pack_public_pdf", kwargs=kwargs),
        status_url=reverse("pack_status", kwargs=kwargs),
        retry_url=reverse("pack_retry", kwargs=kwargs),
        is_latest=is_latest,
    )


def _readers(line, meeting):
    """How many of the board's current members, attendees and observers opened the latest."""
    seated = set(
        BoardMembership.objects.current().filter(board=meeting.board_id)
        .values_list("person_id", flat=True)
    )
    read = set(PackRead.objects.filter(pack=line.pack).values_list("person_id", flat=True))
    return {
        "read": len(seated & read),
        "seats": len(seated),
        "url": reverse("pack_readers", kwargs={
            "partnership": meeting.board.partnership.slug, "meeting": meeting.pk,
            "version": line.version,
        }),
    }
