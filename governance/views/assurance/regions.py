"""NHS England's region pages, outside any one partnership (included at /regions/ by the root
URLs): the regions a person leads assurance in, and a region's reports for a month."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone

from governance.assurance_pages import lead_partnerships, picker_months, region_page, regions_page
from governance.forms.assurance import MonthPickerForm
from stp.models import Region


def region_list(request):
    return render(request, "governance/assurance/regions.html", regions_page(request.user))


def region_assurance(request, region):
    """Every partnership of the region the person leads assurance for, for the month chosen.
    Someone who leads none of them gets 404, as for a region that does not exist."""
    region = get_object_or_404(Region, pk=region)
    partnerships = lead_partnerships(request.user, region)
    if not partnerships:
        raise Http404("You are not an assurance lead in this region.")
    today = timezone.localdate()
    form = MonthPickerForm(request.GET or None, months=picker_months(today))
    context = region_page(region, partnerships, form.chosen(), today)
    context["form"] = form
    return render(request, "governance/assurance/region.html", context)


urlpatterns = [
    path("", region_list, name="region_list"),
    path("<int:region>/assurance/", region_assurance, name="region_assurance"),
]
