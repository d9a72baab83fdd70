"""`generate_load_data` adds programmes at `scale` times a realistic partnership's delivery."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from programmes.models import (
    KPI,
    PID,
    KPIActual,
    Milestone,
    Programme,
    Risk,
    RiskScore,
    StatusUpdate,
    Workstream,
)
from stp import loaddata
from stp.models import Partnership, RoleAssignment, User
from stp.permissions import may

pytestmark = pytest.mark.django_db
Role = RoleAssignment.Role


def build(scale):
    call_command("generate_load_data", scale=scale, stdout=StringIO())
    return Partnership.objects.get(slug=f"load-x{scale}")


def counts(partnership):
    mine = {"workstream__partnership": partnership}
    return {
        "programmes": Programme.objects.filter(partnership=partnership).count(),
        "workstreams": Workstream.objects.filter(partnership=partnership).count(),
        "approved PIDs": PID.objects.filter(status=PID.Status.APPROVED, **mine).count(),
        "milestones": Milestone.objects.filter(**mine).count(),
        "KPIs": KPI.objects.filter(**mine).count(),
        "actuals": KPIActual.objects.filter(kpi__workstream__partnership=partnership).count(),
        "risks": Risk.objects.filter(partnership=partnership).count(),
        "re-scores": RiskScore.objects.filter(risk__partnership=partnership).count(),
        "updates": StatusUpdate.objects.filter(**mine).count(),
    }


def test_scale_1_builds_a_realistic_partnerships_delivery():
    assert counts(build(1)) == {
        "programmes": 10,
        "workstreams": 20,
        "approved PIDs": 20,
        "milestones": 20 * 8,
        "KPIs": 20 * 3,
        "actuals": 20 * 3 * 36,
        "risks": 20 * 10,
        # Each risk's first score, and 0 to 3 re-scores (13 a workstream).
        "re-scores": 20 * (10 + 13),
        # Six months each, but one workstream in five has not started the latest month.
        "updates": 20 * 6 - 4,
    }


def test_actuals_run_to_last_month_with_the_latest_month_in_a_mix_of_states():
    partnership = build(1)
    this_month = timezone.localdate().replace(day=1)
    latest = KPIActual.objects.filter(kpi__workstream__partnership=partnership).latest("period")
    assert latest.period < this_month
    statuses = set(StatusUpdate.objects.filter(
        workstream__partnership=partnership, period=latest.period).values_list("status", flat=True))
    assert statuses == {"draft", "approved", "submitted", "returned"}


def test_the_bench_user_sees_everything_and_one_person_leads_the_first_workstream():
    partnership = build(1)
    bench_user = User.objects.get(email=loaddata.bench_email(1))
    first = Workstream.objects.filter(partnership=partnership).order_by("pk").first()
    assert all(may(bench_user, "view_workstream", w)
               for w in Workstream.objects.filter(partnership=partnership))
    lead = RoleAssignment.objects.scoped_to(first).get(role=Role.WORKSTREAM_LEAD).person
    draft = StatusUpdate.objects.filter(workstream=first, status="draft").get()
    assert may(lead, "edit_update", draft)
    assert may(bench_user, "edit_update", draft)


def test_the_first_workstream_is_the_same_at_every_scale():
    """So a page's query count at two scales measures the scale, not a different workstream."""

    def first_workstream(partnership):
        first = Workstream.objects.filter(partnership=partnership).order_by("pk").first()
        return (first.name, first.milestones.count(), first.kpis.count(), first.risks.count(),
                first.status_updates.count(),
                KPIActual.objects.filter(kpi__workstream=first).count())

    assert first_workstream(build(1)) == first_workstream(build(2))
    assert Workstream.objects.filter(partnership__slug="load-x2").count() == 40
