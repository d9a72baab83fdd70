"""The delivery pages cost the same number of queries however much data a workstream has."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programmes.models import KPIActual
from programmes.updates import start_update
from tests.programme_factories import ProgrammeFactory, WorkstreamFactory
from tests.programme_samples import delivery, due_month, form_fields, grow, months_ago

pytestmark = pytest.mark.django_db

SMALL, LARGE = 2, 12


@pytest.fixture
def scenario(partnership):
    return delivery(partnership)


def signed_in(person):
    client = Client()
    client.force_login(person)
    return client


def queries(client, url, data=None):
    """How many queries a GET (or, with data, a POST) of the page costs."""
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, data) if data is not None else client.get(url)
    assert response.status_code in (200, 302), url
    return len(captured.captured_queries)


def grow_partnership(scenario, n):
    """`n` more programmes and workstreams, each with records and updates of its own."""
    grow(scenario, n)
    for _ in range(n):
        programme = ProgrammeFactory(partnership=scenario.partnership)
        for workstream in (WorkstreamFactory(programme=programme),
                           WorkstreamFactory(programme=scenario.programme)):
            grow(replace(scenario, workstream=workstream), 1)


def test_the_workstream_page_costs_the_same_however_many_records(scenario, partnership):
    client = signed_in(scenario.lead)
    url = reverse("workstream", kwargs={"partnership": partnership.slug,
                                        "workstream": scenario.workstream.pk})
    grow(scenario, SMALL)
    client.get(url)  # warm the caches every request shares (content types ...)
    small = queries(client, url)

    grow(scenario, LARGE)
    large = queries(client, url)

    assert small == large, f"{small} queries with a little data, {large} with more"


def test_the_update_form_costs_the_same_to_open_however_many_records(scenario, partnership):
    client = signed_in(scenario.lead)
    update = start_update(scenario.workstream, due_month(), scenario.lead)
    url = reverse("update_edit", kwargs={"partnership": partnership.slug, "update": update.pk})
    grow(scenario, SMALL)
    client.get(url)
    small = queries(client, url)

    grow(scenario, LARGE)
    large = queries(client, url)

    assert small == large, f"{small} queries with a little data, {large} with more"


def test_saving_the_update_form_costs_the_same_however_many_records(scenario, partnership):
    client = signed_in(scenario.lead)
    update = start_update(scenario.workstream, due_month(), scenario.lead)
    url = reverse("update_edit", kwargs={"partnership": partnership.slug, "update": update.pk})
    milestone, kpi = scenario.milestones[1], scenario.kpis[0]
    KPIActual.objects.create(kpi=kpi, period=months_ago(1), value=30)

    def save(summary, days, value):
        forecast = timezone.localdate() + timedelta(days=days)
        data = form_fields(client.get(url))
        data.update({
            "update-summary": summary,
            f"milestone-{milestone.pk}-forecast_date-day": str(forecast.day),
            f"milestone-{milestone.pk}-forecast_date-month": str(forecast.month),
            f"milestone-{milestone.pk}-forecast_date-year": str(forecast.year),
            f"kpi-{kpi.pk}-value": value, "action": "save",
        })
        return queries(client, url, data)

    grow(scenario, SMALL)
    save("First.", 30, "31")
    small = save("Second.", 35, "32")

    grow(scenario, LARGE)
    large = save("Third.", 40, "33")

    assert small == large, f"{small} queries with a little data, {large} with more"
    assert KPIActual.objects.get(kpi=kpi, period=months_ago(1)).value == 33


@pytest.mark.parametrize("name", ["my_work", "programme_list"])
def test_the_partnership_wide_pages_cost_the_same_however_many_workstreams(
    name, scenario, partnership, pmo
):
    client = signed_in(pmo)
    url = reverse(name, kwargs={"partnership": partnership.slug})
    grow_partnership(scenario, SMALL)
    client.get(url)
    small = queries(client, url)

    grow_partnership(scenario, LARGE)
    large = queries(client, url)

    assert small == large, f"{small} queries with a little data, {large} with more"


def test_the_update_report_costs_the_same_however_many_records(scenario, partnership):
    client = signed_in(scenario.sro)
    url = reverse("status_update", kwargs={"partnership": partnership.slug,
                                           "update": scenario.previous.pk})
    grow(scenario, SMALL)
    client.get(url)
    small = queries(client, url)

    grow(scenario, LARGE)
    large = queries(client, url)

    assert small == large, f"{small} queries with a little data, {large} with more"
