"""My work: what the signed-in person owes this month in a partnership."""

from django.shortcuts import render
from django.utils import timezone

from programmes.pages import my_work as my_work_page
from stp.permissions import partnership_or_404, require


def my_work(request, partnership):
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    require(request.user, "view_my_work", partnership)
    context = my_work_page(request.user, partnership, timezone.localdate())
    return render(request, "programmes/my_work.html", context)
