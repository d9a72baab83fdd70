"""A workstream's page: its ratings, people, milestones, KPIs, risks, PIDs and updates."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from programmes.pages import workstream_page, workstreams_in
from stp.permissions import partnership_or_404, require


def workstream(request, partnership, workstream):
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    workstream = get_object_or_404(workstreams_in(partnership), pk=workstream)
    require(request.user, "view_workstream", workstream)
    context = workstream_page(workstream, request.user, timezone.localdate())
    return render(request, "programmes/workstream_detail.html", context)
