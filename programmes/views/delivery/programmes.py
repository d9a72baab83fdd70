"""The programmes of a partnership, and one programme with its workstreams."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from programmes.pages import programme_list as programme_list_page
from programmes.pages import programme_page, programmes_in
from stp.permissions import partnership_or_404, require


def programme_list(request, partnership):
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    require(request.user, "view_programmes", partnership)
    context = programme_list_page(partnership, request.user, timezone.localdate())
    return render(request, "programmes/programme_list.html", context)


def programme(request, partnership, programme):
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    programme = get_object_or_404(programmes_in(partnership), pk=programme)
    require(request.user, "view_programme", programme)
    context = programme_page(programme, request.user, timezone.localdate())
    return render(request, "programmes/programme_detail.html", context)
