"""A KPI's page and the upload of KPI actuals from a spreadsheet."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from programmes.forms.registers import KPIUploadForm
from programmes.kpi_upload import save_actuals
from programmes.models import KPI
from programmes.registers import kpi_page, kpi_upload_page
from stp.permissions import partnership_or_404, require


def detail(request, partnership, kpi):
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    kpi = get_object_or_404(
        KPI.objects.select_related("workstream__programme__partnership",
                                   "workstream__partnership"),
        pk=kpi, workstream__partnership=partnership,
    )
    require(request.user, "view_kpi", kpi)
    return render(request, "programmes/kpi_detail.html", kpi_page(kpi, request.user))


def upload(request, partnership):
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    require(request.user, "upload_kpi_actuals", partnership)
    form = KPIUploadForm(_posted(request, request.POST), _posted(request, request.FILES),
                         partnership=partnership, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = save_actuals(form.checked.entries, by=request.user)
        messages.success(request, saved.message)
        return redirect("kpi_upload", partnership=partnership.slug)
    context = kpi_upload_page(partnership, request.user)
    context.update(form=form, problems=form.checked.problems if form.checked else [])
    return render(request, "programmes/kpi_upload.html", context)


def _posted(request, data):
    """The posted data, or None for a GET: an empty POST is still a submitted form."""
    return data if request.method == "POST" else None
