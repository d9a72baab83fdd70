"""The governance app's pages, all under /p/<partnership>/.

Three blocks, kept apart so each owner edits only its own: boards and meetings (agendas,
attendance, minutes, decisions, actions, the register of interests), board packs, and
assurance reports.
"""

from governance.views import assurance, meetings, packs

urlpatterns = [
    # -- boards, meetings, minutes, actions, interests --
    *meetings.urlpatterns,
    # -- board packs: compile, publish, read, PDF --
    *packs.urlpatterns,
    # -- assurance reports for NHS England (the region pages: stp/urls.py) --
    *assurance.urlpatterns,
]
