"""Compiling an assurance report costs the same number of queries however much the
partnership has: programmes, workstreams, milestones, KPIs, actuals, risks, decisions, actions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.assurance import compile_report
from governance.models import AssuranceReport
from tests.assurance_factories import TODAY, assurance_world, grow

pytestmark = pytest.mark.django_db
SMALL, LARGE = 1, 8
BUDGET = 18  # 14 today, 16 when a board meeting calls for the updates


@pytest.fixture(autouse=True)
def _ten_working_days(settings):
    settings.UPDATE_DUE_WORKING_DAYS = 10


def compiled_with_queries(report):
    # Loaded as a page would load it, so the count is the compile's own.
    report = AssuranceReport.objects.select_related(
        "partnership__region", "signed_off_by").get(pk=report.pk)
    with CaptureQueriesContext(connection) as queries:
        data = compile_report(report, TODAY)
    return data, len(queries)


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_compiling_a_report_stays_within_its_query_budget(
        partnership, size, django_assert_max_num_queries):
    world = assurance_world(partnership)
    grow(world, size)
    report = AssuranceReport.objects.select_related(
        "partnership__region", "signed_off_by").get(pk=world.report.pk)
    with django_assert_max_num_queries(BUDGET):
        data = compile_report(report, TODAY)
    assert data["summary"]["workstreams"] == 4 + size
    assert len(data["milestones"]["slipped"]) == 1 + size
    assert len(data["risks"]["rescored"]) == 1 + size


def test_a_larger_partnership_costs_no_more_queries(partnership):
    world = assurance_world(partnership)
    grow(world, SMALL)
    small, small_count = compiled_with_queries(world.report)
    grow(world, LARGE)
    large, large_count = compiled_with_queries(world.report)
    assert len(large["kpis"]) > len(small["kpis"])
    assert len(large["board"]["decisions"]) > len(small["board"]["decisions"])
    assert large_count == small_count
