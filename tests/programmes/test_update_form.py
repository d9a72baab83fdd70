"""The monthly update form: one page for ratings, text, milestones and KPI actuals, saved whole."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from programmes.models import KPIActual, Milestone, StatusUpdate
from programmes.updates import return_update, start_update, submit_update
from tests.programme_factories import MilestoneFactory
from tests.programme_samples import delivery, due_month, form_fields, months_ago, page_text

pytestmark = pytest.mark.django_db
Status = StatusUpdate.Status


@pytest.fixture
def scenario(partnership):
    return delivery(partnership)


@pytest.fixture
def update(scenario):
    return start_update(scenario.workstream, due_month(), scenario.lead)


@pytest.fixture
def url(update, partnership):
    return reverse("update_edit", kwargs={"partnership": partnership.slug, "update": update.pk})


def signed_in(person):
    client = Client()
    client.force_login(person)
    return client


def date_parts(prefix, day):
    return {f"{prefix}-day": str(day.day), f"{prefix}-month": str(day.month),
            f"{prefix}-year": str(day.year)}


def test_the_form_shows_each_suggested_rating_beside_the_choice(scenario, url):
    page = page_text(signed_in(scenario.lead).get(url))

    assert ("Milestones Suggested: Red – 1 key milestone is overdue or more than 30 days late: "
            "Discharge hub open.") in page
    assert "Risks Suggested: Red – The highest open risk scores 16 (Extreme): Care home capacity" \
        in page
    assert "Delivery confidence Suggested: Red" in page
    assert "Red (suggested)" in page


def test_the_form_shows_open_milestones_with_their_baseline_and_the_kpi_due(scenario, url):
    page = page_text(signed_in(scenario.lead).get(url))
    today = timezone.localdate()
    last_month = format_date(months_ago(1), "F Y")

    baseline = format_date(today - timedelta(days=60), "j F Y")
    assert f"Discharge hub open (key milestone) Baseline {baseline} (PID version 1)" in page
    assert "Trusted assessor in post" in page
    assert "Business case agreed" not in page  # complete: nothing left to forecast
    assert f"Discharges before noon: actual for {last_month}" in page
    assert f"Trajectory for {last_month}: 31%." in page


def test_a_lead_saves_a_draft_with_ratings_text_a_forecast_and_a_kpi_actual(
    scenario, update, url
):
    client = signed_in(scenario.lead)
    milestone, kpi = scenario.milestones[1], scenario.kpis[0]
    forecast = timezone.localdate() + timedelta(days=45)
    data = form_fields(client.get(url))
    data.update({
        "update-delivery_confidence": "amber", "update-finance_rating": "green",
        "update-summary": "The hub opens in January.",
        **date_parts(f"milestone-{milestone.pk}-forecast_date", forecast),
        f"milestone-{milestone.pk}-status": "at_risk",
        f"kpi-{kpi.pk}-value": "33.5", "action": "save",
    })

    response = client.post(url, data, follow=True)

    assert f"Your draft of the {update.period_label} update is saved." in page_text(response)
    update.refresh_from_db()
    milestone.refresh_from_db()
    assert (update.status, update.delivery_confidence, update.finance_rating) == (
        Status.DRAFT, "amber", "green")
    assert update.summary == "The hub opens in January."
    assert (milestone.forecast_date, milestone.status) == (forecast, Milestone.Status.AT_RISK)
    assert KPIActual.objects.get(kpi=kpi, period=months_ago(1)).value == 33.5
    # The form shows what was saved.
    assert form_fields(response)[f"kpi-{kpi.pk}-value"] == "33.5"


def test_submitting_sends_it_to_the_sro_and_shows_the_report(scenario, update, url):
    client = signed_in(scenario.lead)
    data = {**form_fields(client.get(url)), "update-delivery_confidence": "amber_green",
            "action": "submit"}

    response = client.post(url, data, follow=True)

    assert response.redirect_chain[-1][0] == reverse(
        "status_update", kwargs={"partnership": scenario.partnership.slug, "update": update.pk})
    assert (f"The {update.period_label} update is submitted to Sam Okafor (SRO) for approval."
            in page_text(response))
    update.refresh_from_db()
    assert (update.status, update.submitted_by) == (Status.SUBMITTED, scenario.lead)


def test_submitting_without_a_summary_says_so_at_the_field_and_keeps_what_was_typed(
    scenario, update, url
):
    client = signed_in(scenario.lead)
    data = {**form_fields(client.get(url)), "update-summary": "  ",
            "update-issues": "Care home beds are short.", "action": "submit"}

    response = client.post(url, data)

    page = page_text(response)
    assert response.status_code == 200
    assert page.startswith("Error:")
    assert "There is a problem Enter a summary before submitting the update" in page
    assert 'href="#id_update-summary"' in response.content.decode()
    assert form_fields(response)["update-issues"] == "Care home beds are short."
    update.refresh_from_db()
    assert (update.status, update.issues) == (Status.DRAFT, "")


def test_a_save_as_draft_needs_no_summary(scenario, update, url):
    client = signed_in(scenario.lead)
    data = {**form_fields(client.get(url)), "update-summary": "", "action": "save"}

    client.post(url, data)

    update.refresh_from_db()
    assert update.summary == ""


def test_bad_input_is_refused_at_each_field_nothing_is_saved_and_the_input_is_kept(
    scenario, update, url
):
    client = signed_in(scenario.lead)
    late, soon, kpi = scenario.milestones[0], scenario.milestones[1], scenario.kpis[0]
    tomorrow = timezone.localdate() + timedelta(days=1)
    data = form_fields(client.get(url))
    data.update({
        "update-summary": "A summary that must not be half-saved.",
        f"milestone-{late.pk}-status": "complete",
        **date_parts(f"milestone-{late.pk}-completed_on", tomorrow),
        f"milestone-{soon.pk}-forecast_date-year": "2001",
        f"kpi-{kpi.pk}-value": "about forty",
        "action": "save",
    })

    response = client.post(url, data)

    page = page_text(response)
    assert response.status_code == 200
    assert ("Discharge hub open: Enter an actual completion date that is today or in the past"
            in page)
    assert ("Trusted assessor in post: Enter a forecast date on or after 1 April 2024, when the "
            "workstream started") in page
    assert "Enter the actual for Discharges before noon as a number, like 95.2" in page
    kept = form_fields(response)
    assert kept["update-summary"] == "A summary that must not be half-saved."
    assert kept[f"milestone-{soon.pk}-forecast_date-year"] == "2001"
    assert kept[f"kpi-{kpi.pk}-value"] == "about forty"
    update.refresh_from_db()
    late.refresh_from_db()
    assert update.summary != "A summary that must not be half-saved."
    assert late.status != Milestone.Status.COMPLETE
    assert not KPIActual.objects.filter(kpi=kpi, period=months_ago(1)).exists()


def test_a_completion_date_needs_the_complete_status_and_the_reverse(scenario, url):
    client = signed_in(scenario.lead)
    first, second = scenario.milestones[0], scenario.milestones[1]
    data = form_fields(client.get(url))
    data.update({
        **date_parts(f"milestone-{first.pk}-completed_on", timezone.localdate()),
        f"milestone-{second.pk}-status": "complete", "action": "save",
    })

    page = page_text(client.post(url, data))

    assert "Discharge hub open: Set the status to complete, or clear the actual completion date" \
        in page
    assert "Trusted assessor in post: Enter the date the milestone was completed" in page


def test_completing_a_milestone_saves_its_status_and_date(scenario, url):
    client = signed_in(scenario.lead)
    milestone = scenario.milestones[0]
    today = timezone.localdate()
    data = {**form_fields(client.get(url)), f"milestone-{milestone.pk}-status": "complete",
            **date_parts(f"milestone-{milestone.pk}-completed_on", today), "action": "save"}

    client.post(url, data)

    milestone.refresh_from_db()
    assert (milestone.status, milestone.completed_on) == (Milestone.Status.COMPLETE, today)


# Two people at once ---------------------------------------------------------------------------

def test_a_stale_save_is_refused_showing_the_other_persons_change_and_keeping_both_texts(
    scenario, update, url
):
    lead, director = signed_in(scenario.lead), signed_in(scenario.director)
    lead_form, director_form = form_fields(lead.get(url)), form_fields(director.get(url))
    director.post(url, {**director_form, "update-summary": "The director's summary.",
                        "action": "save"})

    response = lead.post(url, {**lead_form, "update-summary": "The lead's summary.",
                               "action": "save"})

    page = page_text(response)
    assert "Dana Director saved this status update while you were editing it" in page
    assert "Your changes have not been saved and are still in the form" in page
    assert "This update: changed by Dana Director" in page
    before = "“The discharge hub opens late; the trusted assessor starts next month.”"
    assert f"Summary {before} “The director's summary.” “The lead's summary.”" in page
    kept = form_fields(response)
    assert kept["update-summary"] == "The lead's summary."  # the lead's typing stays
    update.refresh_from_db()
    assert update.summary == "The director's summary."  # the director's is saved

    # Seen the other change, the lead saves again: now theirs is saved.
    lead.post(url, {**kept, "action": "save"})
    update.refresh_from_db()
    assert update.summary == "The lead's summary."


def test_after_a_conflict_the_form_keeps_the_others_changes_where_this_person_typed_nothing(
    scenario, update, url
):
    lead, director = signed_in(scenario.lead), signed_in(scenario.director)
    lead_form, director_form = form_fields(lead.get(url)), form_fields(director.get(url))
    director.post(url, {**director_form, "update-issues": "Winter pressure.", "action": "save"})

    response = lead.post(url, {**lead_form, "update-achieved": "The hub is staffed.",
                               "action": "save"})
    kept = form_fields(response)
    assert (kept["update-achieved"], kept["update-issues"]) == (
        "The hub is staffed.", "Winter pressure.")

    lead.post(url, {**kept, "action": "save"})
    update.refresh_from_db()
    assert (update.achieved, update.issues) == ("The hub is staffed.", "Winter pressure.")


def test_a_milestone_changed_meanwhile_refuses_the_whole_save_and_shows_the_new_forecast(
    scenario, update, url
):
    lead, director = signed_in(scenario.lead), signed_in(scenario.director)
    milestone = scenario.milestones[1]
    new_forecast = timezone.localdate() + timedelta(days=50)
    lead_form, director_form = form_fields(lead.get(url)), form_fields(director.get(url))
    director.post(url, {
        **director_form, **date_parts(f"milestone-{milestone.pk}-forecast_date", new_forecast),
        "action": "save"})

    response = lead.post(url, {**lead_form, f"milestone-{milestone.pk}-status": "at_risk",
                               "update-summary": "Lead's words.", "action": "save"})

    page = page_text(response)
    assert "Milestone: Trusted assessor in post: changed by Dana Director" in page
    assert f"Forecast date {format_date(new_forecast - timedelta(days=30), 'j F Y')}" in page
    assert format_date(new_forecast, "j F Y") in page
    kept = form_fields(response)
    assert kept[f"milestone-{milestone.pk}-status"] == "at_risk"
    assert kept[f"milestone-{milestone.pk}-forecast_date-day"] == str(new_forecast.day)
    assert kept["update-summary"] == "Lead's words."
    update.refresh_from_db()
    milestone.refresh_from_db()
    assert update.summary != "Lead's words."  # nothing half-saved
    assert (milestone.status, milestone.forecast_date) == (Milestone.Status.ON_TRACK,
                                                          new_forecast)


def test_a_kpi_actual_entered_meanwhile_is_shown_and_not_overwritten(scenario, update, url):
    lead, director = signed_in(scenario.lead), signed_in(scenario.director)
    kpi = scenario.kpis[0]
    lead_form, director_form = form_fields(lead.get(url)), form_fields(director.get(url))
    director.post(url, {**director_form, f"kpi-{kpi.pk}-value": "31", "action": "save"})

    response = lead.post(url, {**lead_form, f"kpi-{kpi.pk}-value": "29", "action": "save"})

    page = page_text(response)
    month = format_date(months_ago(1), "F Y")
    assert (f"Dana Director saved this KPI actual while you were editing it, changing "
            f"Discharges before noon, {month} from nothing to 31") in page
    assert form_fields(response)[f"kpi-{kpi.pk}-value"] == "29"
    assert KPIActual.objects.get(kpi=kpi, period=months_ago(1)).value == 31


# The update's journey: submitted, approved or returned ------------------------------------------

def test_the_sro_approves_a_submitted_update(scenario, update, partnership):
    submit_update(update, scenario.lead)
    client = signed_in(scenario.sro)
    detail = reverse("status_update", kwargs={"partnership": partnership.slug, "update": update.pk})
    assert "Approve or return" in page_text(client.get(detail))

    response = client.post(reverse("update_approve", kwargs={
        "partnership": partnership.slug, "update": update.pk}), follow=True)

    assert f"You approved the {update.period_label} update." in page_text(response)
    update.refresh_from_db()
    assert (update.status, update.approved_by) == (Status.APPROVED, scenario.sro)
    assert "Approve or return" not in page_text(response)


def test_returning_needs_a_comment_which_the_lead_then_sees_on_the_form(
    scenario, update, partnership, url
):
    submit_update(update, scenario.lead)
    client = signed_in(scenario.sro)
    return_url = reverse("update_return", kwargs={"partnership": partnership.slug,
                                                  "update": update.pk})

    refused = client.post(return_url, {"comment": " "})
    assert refused.status_code == 200
    assert "There is a problem Say what needs changing before returning the update" in page_text(
        refused)
    update.refresh_from_db()
    assert update.status == Status.SUBMITTED

    client.post(return_url, {"comment": "Add the winter plan to the issues."})
    update.refresh_from_db()
    assert update.status == Status.RETURNED
    page = page_text(signed_in(scenario.lead).get(url))
    assert "Returned for changes Sam Okafor returned this update" in page
    assert "Add the winter plan to the issues." in page


def test_a_returned_update_can_be_changed_and_submitted_again(scenario, update, url):
    submit_update(update, scenario.lead)
    return_update(update, scenario.sro, "Say when the hub opens.")
    client = signed_in(scenario.lead)
    data = {**form_fields(client.get(url)), "update-summary": "The hub opens on 5 January.",
            "action": "submit"}

    client.post(url, data)

    update.refresh_from_db()
    assert (update.status, update.summary) == (Status.SUBMITTED, "The hub opens on 5 January.")


def test_a_submitted_update_opens_as_the_report_rather_than_the_form(scenario, update, url):
    submit_update(update, scenario.lead)

    response = signed_in(scenario.lead).get(url, follow=True)

    page = page_text(response)
    assert f"The {update.period_label} update is submitted, so it cannot be changed." in page
    assert "Save as draft" not in page


def test_saving_after_someone_submitted_it_meanwhile_changes_nothing(scenario, update, url):
    client = signed_in(scenario.director)
    data = {**form_fields(client.get(url)), "update-summary": "Too late.", "action": "save"}
    submit_update(update, scenario.lead)

    response = client.post(url, data, follow=True)

    assert "cannot be changed" in page_text(response)
    update.refresh_from_db()
    assert update.summary != "Too late."


def test_the_update_due_is_started_once_and_opens_the_form(scenario, partnership):
    client = signed_in(scenario.lead)
    start = reverse("update_start", kwargs={"partnership": partnership.slug,
                                            "workstream": scenario.workstream.pk})

    first = client.post(start)
    second = client.post(start)

    update = StatusUpdate.objects.get(workstream=scenario.workstream, period=due_month())
    assert first["Location"] == second["Location"] == reverse(
        "update_edit", kwargs={"partnership": partnership.slug, "update": update.pk})
    assert client.get(start).status_code == 405


def test_a_milestone_added_while_the_form_was_open_does_not_stop_the_save(scenario, update, url):
    client = signed_in(scenario.lead)
    data = {**form_fields(client.get(url)), "update-summary": "Saved anyway.", "action": "save"}
    MilestoneFactory(workstream=scenario.workstream, title="Added by the PMO")

    response = client.post(url, data, follow=True)

    assert "Added by the PMO" in page_text(response)
    update.refresh_from_db()
    assert update.summary == "Saved anyway."


def test_clearing_a_kpi_actual_removes_it(scenario, update, url):
    kpi = scenario.kpis[0]
    KPIActual.objects.create(kpi=kpi, period=months_ago(1), value=30)
    client = signed_in(scenario.lead)
    data = {**form_fields(client.get(url)), f"kpi-{kpi.pk}-value": "", "action": "save"}

    client.post(url, data)

    assert not KPIActual.objects.filter(kpi=kpi, period=months_ago(1)).exists()
