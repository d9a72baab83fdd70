"""The home page and a partnership's front page."""

from django.shortcuts import render

from stp import permissions
from stp.navigation import links_for, sections_for
from stp.overview import partnership_overview


def home(request):
    partnerships = [
        {"partnership": p, "sections": sections_for(request.user, p), "roles": roles}
        for p, roles in permissions.roles_by_partnership(request.user)
    ]
    return render(request, "stp/home.html", {"partnerships": partnerships,
                                             "links": links_for(request.user)})


def partnership(request, partnership):
    partnership = permissions.partnership_or_404(request.user, partnership)
    request.partnership = partnership
    context = partnership_overview(partnership, request.user)
    context["sections"] = sections_for(request.user, partnership)
    return render(request, "stp/partnership.html", context)
