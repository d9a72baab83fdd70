"""The monthly cycle in a browser: the programme director writes the update, the SRO approves it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.dateformat import format as format_date
from playwright.sync_api import expect

from programmes.models import KPIActual, StatusUpdate
from tests.programme_samples import delivery, due_month, months_ago

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_director_submits_the_months_update_and_the_sro_approves_it(
    page, sign_in, partnership
):
    scenario = delivery(partnership)
    month = format_date(due_month(), "F Y")
    milestone = scenario.milestones[1]
    forecast = timezone.localdate() + timedelta(days=40)

    # The programme director opens My work and starts this month's update.
    sign_in(scenario.director)
    page.get_by_role("link", name=re.compile(r"^My work")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("My work")
    page.get_by_role("button", name=re.compile(f"Start the {month} update")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{month} update")

    # Ratings, each beside its suggestion; the text; a forecast; a KPI actual.
    confidence = page.get_by_role("group", name="Delivery confidence")
    expect(confidence).to_contain_text("Suggested: Red")
    confidence.get_by_label(re.compile(r"^Amber$")).check()
    page.get_by_role("group", name="Finance").get_by_label(re.compile(r"^Green")).check()
    page.get_by_label("Summary").fill("The hub opens late; the trusted assessor starts soon.")
    page.get_by_label("Decisions the board is asked for").fill("Approve winter funding.")
    forecast_date = page.locator(f"#milestone-{milestone.pk}").get_by_role(
        "group", name=re.compile("Forecast date"))
    forecast_date.get_by_label("Day").fill(str(forecast.day))
    forecast_date.get_by_label("Month").fill(str(forecast.month))
    forecast_date.get_by_label("Year").fill(str(forecast.year))
    page.get_by_label(re.compile("Discharges before noon: actual for")).fill("33.5")
    page.get_by_role("button", name="Submit for approval").click()

    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
        f"The {month} update is submitted to Sam Okafor (SRO) for approval.")
    expect(page.locator("main")).to_contain_text("Approve winter funding.")
    update = StatusUpdate.objects.get(workstream=scenario.workstream, period=due_month())
    assert update.status == StatusUpdate.Status.SUBMITTED
    assert KPIActual.objects.get(kpi=scenario.kpis[0], period=months_ago(1)).value == 33.5
    milestone.refresh_from_db()
    assert milestone.forecast_date == forecast

    # The SRO finds it on My work and approves it.
    page.get_by_role("button", name="Sign out").click()
    sign_in(scenario.sro)
    page.get_by_role("link", name=re.compile(r"^My work")).first.click()
    expect(page.locator("main")).to_contain_text("Waiting for your approval")
    page.get_by_role("link", name=f"{month} update").click()
    page.get_by_role("button", name=re.compile("^Approve")).click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
        f"You approved the {month} update.")

    # The workstream page now shows the approved ratings.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name="Discharge to assess").click()
    ratings = page.locator("main")
    expect(ratings).to_contain_text(f"From the {month} update, approved by Sam Okafor")
    expect(page.locator("dl").first).to_contain_text("Delivery confidence Amber")
    expect(page.locator("dl").first).to_contain_text("Finance Green")
