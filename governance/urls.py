"""The governance app's pages, all under /p/<partnership>/.

Two blocks, kept apart so each owner edits only its own: boards and meetings (agendas,
attendance, minutes, decisions, actions, the register of interests), and board packs.
"""

from governance.views import meetings, packs

urlpatterns = [
    # -- boards, meetings, minutes, actions, interests --
    *meetings.urlpatterns,
    # -- board packs: compile, publish, read, PDF --
    *packs.urlpatterns,
]
