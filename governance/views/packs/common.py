"""Loading a meeting or a published pack within the partnership, for the pack pages."""

from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404

from governance.models import BoardPack, Meeting
from stp.permissions import partnership_or_404, require


def meeting_or_404(request, partnership, meeting, action):
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    meeting = get_object_or_404(Meeting.objects.select_related("board__partnership"),
                                pk=meeting, board__partnership=partnership)
    require(request.user, action, meeting)
    return meeting


def pack_or_404(request, partnership, meeting, version, action="view_packs"):
    """A published version of the meeting's pack, once the person may `action` it."""
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    meeting = get_object_or_404(Meeting.objects.select_related("board__partnership"),
                                pk=meeting, board__partnership=partnership)
    require(request.user, "view_meeting", meeting)
    pack = get_object_or_404(BoardPack, meeting=meeting, version=version)
    pack.meeting = meeting
    require(request.user, action, pack)
    return pack


def post_only(request):
    """None for a POST; otherwise the 405 to answer (after the partnership check)."""
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])
