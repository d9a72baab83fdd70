"""My work, programmes, workstreams and the monthly update: the delivery loop's pages."""

from django.urls import path

from programmes.views.delivery import my_work, programmes, updates, workstreams

urlpatterns = [
    path("my-work/", my_work.my_work, name="my_work"),
    path("programmes/", programmes.programme_list, name="programme_list"),
    path("programmes/<int:programme>/", programmes.programme, name="programme"),
    path("workstreams/<int:workstream>/", workstreams.workstream, name="workstream"),
    path("workstreams/<int:workstream>/updates/start/", updates.start, name="update_start"),
    path("updates/<int:update>/", updates.status_update, name="status_update"),
    path("updates/<int:update>/edit/", updates.edit, name="update_edit"),
    path("updates/<int:update>/approve/", updates.approve, name="update_approve"),
    path("updates/<int:update>/return/", updates.return_for_changes, name="update_return"),
]
