"""The programmes app's pages, all under /p/<partnership>/.

Two blocks, kept apart so each owner edits only its own: the delivery loop (my work,
programmes, workstreams, monthly updates) and the registers (KPIs, risks, PIDs).
"""

from programmes.views import delivery, registers

urlpatterns = [
    # -- delivery: my work, programmes, workstreams, monthly updates --
    *delivery.urlpatterns,
    # -- registers: KPIs, risks, PIDs --
    *registers.urlpatterns,
]

