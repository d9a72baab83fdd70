"""A KPI's page: its definition, the Making Data Count chart and icons, and actuals vs plan."""

import re
from datetime import date
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes.models import KPI
from tests.programme_factories import (
    KPIActualFactory,
    KPIFactory,
    KPITrajectoryPointFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def falls(partnership):
    """Emergency admissions for falls: lower is better, monthly, target 380 a month."""
    workstream = WorkstreamFactory(programme__partnership=partnership, name="Falls prevention")
    return KPIFactory(
        workstream=workstream, name="Emergency admissions for falls", unit=KPI.Unit.NUMBER,
        improvement=KPI.Improvement.DECREASE, frequency=KPI.Frequency.MONTHLY,
        definition="Emergency admissions of people aged 65 and over with a fall as the cause.",
        data_source="SUS+ admitted patient care", baseline_value=Decimal("420"),
        baseline_period=date(2024, 4, 1), target_value=Decimal("380"),
        target_date=date(2027, 3, 31), tolerance_percent=Decimal("5"),
    )


def months(start, count):
    year, month = start
    for _ in range(count):
        yield date(year, month, 1)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def enter(kpi, values, start=(2024, 4)):
    for period, value in zip(months(start, len(values)), values, strict=True):
        if value is not None:
            KPIActualFactory(kpi=kpi, period=period, value=value)


def text(response):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_kpi_page_shows_what_the_kpi_is(falls, viewer, client_for):
    page = text(client_for(viewer).get(falls.get_absolute_url()))

    for words in ("Emergency admissions for falls", "aged 65 and over with a fall",
                  "Unit Number", "Improvement direction Down: lower is better",
                  "Frequency Monthly", "Data source SUS+ admitted patient care",
                  "Baseline 420 in April 2024", "Target 380 by 31 March 2027",
                  "Tolerance 5% of the trajectory"):
        assert words in page, words
    assert "No actuals have been entered yet, so there is no chart." in page


def test_with_fewer_than_15_points_the_limits_are_called_trial_limits(falls, viewer, client_for):
    enter(falls, [420, 431, 415, 409, 426, 418, 400, 412, 405, 398])

    response = client_for(viewer).get(falls.get_absolute_url())
    page = text(response)

    assert "Trial limits (fewer than 15 points)" in page
    assert "Trial limits: fewer than 15 points." in page  # under the chart too
    assert "<svg" in response.content.decode()


def test_from_15_points_they_are_process_limits(falls, viewer, client_for):
    enter(falls, [420, 431, 415, 409, 426, 418, 400, 412, 405, 398, 410, 420, 415, 408, 411])

    page = text(client_for(viewer).get(falls.get_absolute_url()))

    assert "Process limits" in page
    assert "Trial limits" not in page
    assert re.search(r"Mean 413\.2 Process limits [\d.]+ to [\d.]+", page)


def test_special_cause_and_the_icons_are_given_in_words(falls, viewer, client_for):
    # Seven months running below the mean at the end: a shift, which is improvement when
    # lower is better; the target 380 lies inside the limits: hit and miss.
    enter(falls, [430, 428, 432, 431, 429, 433, 430, 405, 404, 406, 403, 405, 404, 402])

    page = text(client_for(viewer).get(falls.get_absolute_url()))

    assert "Variation Special cause variation: improvement (low)" in page
    assert "Special cause: improvement (low)" in page  # the period's row says it too
    assert re.search(r"Special cause points [1-9]", page)
    assert ("Consistently failing the target" in page
            or "Hit and miss: the target lies within the process limits" in page
            or "Consistently passing the target" in page)
    assert "Target" in page


def test_without_a_target_there_is_no_assurance_icon_and_the_page_says_why(
    falls, viewer, client_for
):
    falls.target_value = None
    falls.save()
    enter(falls, [420, 431, 415])

    page = text(client_for(viewer).get(falls.get_absolute_url()))

    assert "No target, so no assurance icon" in page


def test_a_missing_month_is_a_gap_in_the_chart_and_says_no_actual(falls, viewer, client_for):
    enter(falls, [420, 431, None, 409, 426])

    response = client_for(viewer).get(falls.get_absolute_url())
    html, page = response.content.decode(), text(response)

    assert html.count("<polyline") == 2  # the line breaks at the gap
    assert "June 2024 No actual" in page


def test_each_period_is_rated_against_the_trajectory_within_the_tolerance(
    falls, viewer, client_for
):
    # Lower is better, tolerance 5%: 400 planned, so up to 420 is amber, above is red.
    for period, planned, actual in [(date(2025, 1, 1), 400, 395), (date(2025, 2, 1), 400, 415),
                                    (date(2025, 3, 1), 400, 430)]:
        KPITrajectoryPointFactory(kpi=falls, period=period, value=planned)
        KPIActualFactory(kpi=falls, period=period, value=actual, note=f"Note for {actual}")
    KPITrajectoryPointFactory(kpi=falls, period=date(2025, 4, 1), value=390)

    page = text(client_for(viewer).get(falls.get_absolute_url()))

    assert "January 2025 395 400 Green" in page
    assert "February 2025 415 400 Amber" in page
    assert "March 2025 430 400 Red" in page
    assert "April 2025 No actual 390 Not rated" in page
    assert "Note for 415" in page


def test_percentages_and_quarters_read_as_people_write_them(partnership, viewer, client_for):
    kpi = KPIFactory(workstream__programme__partnership=partnership, name="Uptake",
                     unit=KPI.Unit.PERCENTAGE, frequency=KPI.Frequency.QUARTERLY)
    KPIActualFactory(kpi=kpi, period=date(2025, 7, 1), value=Decimal("85.2500"))
    KPIActualFactory(kpi=kpi, period=date(2026, 1, 1), value=Decimal("90"))

    page = text(client_for(viewer).get(kpi.get_absolute_url()))

    assert "Q2 2025/26 (July to September 2025) 85.25%" in page
    assert "Q3 2025/26 (October to December 2025) No actual" in page  # a gap of one quarter
    assert "Q4 2025/26 (January to March 2026) 90%" in page


def test_the_kpi_page_costs_the_same_queries_for_5_actuals_as_for_48(falls, viewer, client_for):
    client = client_for(viewer)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(falls.get_absolute_url()).status_code == 200
        return len(captured.captured_queries)

    enter(falls, [400 + i % 7 for i in range(5)])
    for period in months((2024, 4), 5):
        KPITrajectoryPointFactory(kpi=falls, period=period, value=410)
    queries()  # the first request also fills per-process caches (content types)
    small = queries()
    enter(falls, [400 + i % 9 for i in range(43)], start=(2024, 9))
    for period in months((2024, 9), 43):
        KPITrajectoryPointFactory(kpi=falls, period=period, value=405)
    assert queries() == small
    print(f"KPI page: {small} queries at 5 actuals and at 48")


def test_a_kpi_of_another_partnership_is_not_found(other_partnership, partnership, pmo,
                                                   client_for):
    elsewhere = KPIFactory(workstream__programme__partnership=other_partnership)
    url = f"/p/{partnership.slug}/kpis/{elsewhere.pk}/"
    assert client_for(pmo).get(url).status_code == 404



def _admin_post_data(context):
    """The admin change form's own initial data, inlines and management forms included."""
    data = {}
    form = context["adminform"].form
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is not None:
            data[name] = value.pk if hasattr(value, "pk") else value
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for sub in formset.forms:
            for name in sub.fields:
                value = sub.initial.get(name)
                if value is not None:
                    data[sub.add_prefix(name)] = value.pk if hasattr(value, "pk") else value
    return data


def test_the_admin_saves_a_target_below_the_baseline_of_a_rising_kpi_but_warns(
    falls, pmo, client_for
):
    from django.urls import reverse

    falls.improvement, falls.baseline_value, falls.target_value = "increase", 80, 70
    falls.save()
    url = reverse("admin:programmes_kpi_change", args=[falls.pk])
    client = client_for(pmo)
    response = client.post(url, _admin_post_data(client.get(url).context), follow=True)
    assert response.status_code == 200
    assert "The target is below the baseline, but higher is better" in text(response)
    falls.refresh_from_db()
    assert falls.target_value == 70
