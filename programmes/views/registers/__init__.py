"""KPIs, the risk register and PIDs."""

from django.urls import path

from programmes.views.registers import kpis, pids, risks

urlpatterns = [
    path("kpis/upload/", kpis.upload, name="kpi_upload"),
    path("kpis/<int:kpi>/", kpis.detail, name="kpi"),
    path("risks/", risks.register, name="risk_register"),
    path("risks/new/", risks.create, name="risk_create"),
    path("risks/<int:risk>/", risks.detail, name="risk"),
    path("risks/<int:risk>/edit/", risks.edit, name="risk_edit"),
    path("pids/<int:pid>/", pids.detail, name="pid"),
    path("pids/<int:pid>/edit/", pids.edit, name="pid_edit"),
    path("pids/<int:pid>/submit/", pids.submit, name="pid_submit"),
    path("pids/<int:pid>/print/", pids.print_view, name="pid_print"),
    path("pids/<int:pid>/pdf/", pids.pdf, name="pid_pdf"),
    path("workstreams/<int:workstream>/pids/new/", pids.new_version, name="pid_new_version"),
]
