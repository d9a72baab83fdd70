"""The programme list, a programme, a workstream and an update as their readers see them."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from programmes.models import PID, StatusUpdate
from programmes.updates import start_update
from stp.models import RoleAssignment
from tests.factories import RoleAssignmentFactory
from tests.programme_factories import PIDFactory
from tests.programme_samples import delivery, due_month, months_ago, page_text

pytestmark = pytest.mark.django_db
Role = RoleAssignment.Role


@pytest.fixture
def scenario(partnership):
    return delivery(partnership)


@pytest.fixture
def assurance_lead(partnership):
    return RoleAssignmentFactory(partnership=None, region=partnership.region,
                                 role=Role.ASSURANCE_LEAD).person


def read(person, name, partnership, **kwargs):
    client = Client()
    client.force_login(person)
    return client.get(reverse(name, kwargs={"partnership": partnership.slug, **kwargs}))


def workstream_page(person, scenario):
    return read(person, "workstream", scenario.partnership, workstream=scenario.workstream.pk)


def test_the_programme_list_shows_leaders_and_each_workstreams_confidence(
    scenario, partnership, viewer
):
    start_update(scenario.workstream, due_month(), scenario.lead)

    page = page_text(read(viewer, "programme_list", partnership))

    last, now = format_date(months_ago(2), "F Y"), format_date(due_month(), "F Y")
    assert ("Urgent and emergency care Clinical priority programme Programme director: "
            "Dana Director. SRO: not appointed. Clinical lead: Dr Chris Lam.") in page
    assert "Getting people home from hospital sooner." in page
    assert f"Workstream Lead and SRO {last} {now}" in page
    assert "Discharge to assess Lead: Lee Lead SRO: Sam Okafor Amber/Green" in page
    assert "Red Draft" in page  # this month's suggested confidence, not yet submitted
    assert "Mental health" in page and "Crisis care" in page


def test_a_programme_page_shows_its_description_and_workstreams(scenario, partnership, viewer):
    page = page_text(read(viewer, "programme", partnership, programme=scenario.programme.pk))

    assert page.startswith("Urgent and emergency care – Together We're Better")
    assert "Programme director Dana Director" in page
    assert "Clinical lead Dr Chris Lam" in page
    assert "About the programme Getting people home from hospital sooner." in page
    assert "Discharge to assess Lead: Lee Lead SRO: Sam Okafor Amber/Green No update" in page
    assert "Crisis care" not in page


def test_the_workstream_page_shows_the_approved_ratings_and_the_latest_text(scenario, viewer):
    page = page_text(workstream_page(viewer, scenario))

    month = format_date(months_ago(2), "F Y")
    assert (f"Current ratings From the {month} update, approved by Sam Okafor on "
            f"{format_date(timezone.localdate(), 'j F Y')}.") in page
    assert ("Delivery confidence Amber/Green Successful delivery is probable, but issues need "
            "constant attention. Milestones Amber KPIs Green Finance Green Risks Red") in page
    assert f"Latest update: {month} Approved" in page
    assert "The discharge hub opens late; the trusted assessor starts next month." in page


def test_the_workstream_page_names_the_sro_now_and_before_with_dates(scenario, viewer):
    page = page_text(workstream_page(viewer, scenario))

    ended = format_date(timezone.localdate() - timedelta(days=31), "j F Y")
    assert "Senior responsible officer Sam Okafor, since" in page
    assert f"Previous SROs Priya Shah, 1 April 2024 to {ended}" in page
    assert "Workstream lead Lee Lead, since" in page
    assert "Programme director Dana Director" in page
    assert "Clinical lead Dr Chris Lam" in page


def test_the_workstream_page_shows_milestones_on_a_timeline_and_in_a_table(scenario, viewer):
    response = workstream_page(viewer, scenario)

    page = page_text(response)
    content = response.content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in content
    assert "Milestones: baseline against forecast" in page
    assert "Timeline of 3 milestones" in page and "1 late or beyond tolerance" in page
    today = timezone.localdate()
    assert (f"Discharge hub open (key milestone) {format_date(today - timedelta(days=60), 'j M Y')}"
            f" PID version 1 {format_date(today - timedelta(days=15), 'j M Y')} +45 Late "
            "(recorded as on track) Overdue by 15 days") in page
    assert "Trusted assessor in post (key milestone)" in page and "On track" in page
    assert "+2 Complete Complete on" in page  # Business case agreed, two days after baseline


def test_the_workstream_page_shows_kpis_with_trajectory_rating_and_mdc_icons(scenario, viewer):
    page = page_text(workstream_page(viewer, scenario))

    month = format_date(months_ago(2), "F Y")
    assert f"Discharges before noon Up: higher is better 32% {month} 32% Green" in page
    assert "Common cause variation" in page or "Special cause variation" in page
    assert "Consistently" in page or "Hit and miss" in page


def test_the_workstream_page_shows_risks_with_score_band_and_trend(scenario, viewer):
    page = page_text(workstream_page(viewer, scenario))

    assert "Care home capacity 16 out of 25 Extreme Score up" in page


def test_the_workstream_page_lists_pid_versions_linking_to_each(scenario, viewer, partnership):
    PIDFactory(workstream=scenario.workstream)  # version 2, in draft

    response = workstream_page(viewer, scenario)

    page = page_text(response)
    assert "Version 2 Draft" in page and "Version 1 Approved" in page
    pid_url = reverse("pid", kwargs={"partnership": partnership.slug, "pid": scenario.pid.pk})
    assert f'href="{pid_url}"' in response.content.decode()


def test_the_workstream_page_lists_the_updates_by_month(scenario, viewer, partnership):
    response = workstream_page(viewer, scenario)

    page = page_text(response)
    assert f"{format_date(months_ago(2), 'F Y')} Amber/Green Approved" in page
    detail = reverse("status_update", kwargs={"partnership": partnership.slug,
                                              "update": scenario.previous.pk})
    assert f'href="{detail}"' in response.content.decode()


def test_an_nhse_assurance_lead_never_sees_a_draft(scenario, assurance_lead, pmo):
    draft = start_update(scenario.workstream, due_month(), scenario.lead)
    draft.summary = "Draft words only the partnership may read."
    draft.save()
    PIDFactory(workstream=scenario.workstream)

    assurance_page = page_text(workstream_page(assurance_lead, scenario))
    pmo_page = page_text(workstream_page(pmo, scenario))

    assert "Draft words" not in assurance_page
    assert f"Latest update: {format_date(months_ago(2), 'F Y')}" in assurance_page
    assert "Version 2" not in assurance_page
    assert "Draft words only the partnership may read." in pmo_page
    assert f"Latest update: {draft.period_label} Draft" in pmo_page
    # The ratings stay those of the approved update, for everyone.
    assert f"From the {format_date(months_ago(2), 'F Y')} update, approved" in pmo_page


def test_without_an_approved_update_the_latest_one_gives_the_ratings(partnership, viewer):
    scenario = delivery(partnership)
    scenario.previous.status = StatusUpdate.Status.SUBMITTED
    scenario.previous.approved_at = None
    scenario.previous.save()

    page = page_text(workstream_page(viewer, scenario))

    assert "(submitted, not yet approved)" in page


def test_the_page_offers_to_start_the_update_due_to_those_who_write_it(scenario, viewer):
    month = format_date(due_month(), "F Y")

    assert f"Start the {month} update" in page_text(workstream_page(scenario.lead, scenario))
    assert f"Start the {month} update" not in page_text(workstream_page(viewer, scenario))

    start_update(scenario.workstream, due_month(), scenario.lead)
    assert f"Continue the {month} update" in page_text(workstream_page(scenario.lead, scenario))


def test_the_update_report_shows_ratings_against_last_month_texts_milestones_and_kpis(
    scenario, partnership, viewer
):
    update = start_update(scenario.workstream, due_month(), scenario.lead)
    update.issues = "Care home beds are short."
    update.save()

    page = page_text(read(viewer, "status_update", partnership, update=update.pk))

    last, now = format_date(months_ago(2), "F Y"), format_date(due_month(), "F Y")
    assert f"{now} update" in page
    assert f"Rating {last} {now} Delivery confidence Amber/Green Red" in page
    assert "Milestones Amber Red" in page
    assert "Issues Care home beds are short." in page
    assert "Judged against PID version 1" in page
    assert "Milestones: baseline, forecast and status" in page
    assert "Discharges before noon" in page
    assert "Approve or return" not in page


def test_the_approved_update_and_its_pid_link_where_the_pid_page_is(scenario, partnership, pmo):
    response = read(pmo, "status_update", partnership, update=scenario.previous.pk)

    pid_url = reverse("pid", kwargs={"partnership": partnership.slug, "pid": scenario.pid.pk})
    assert f'href="{pid_url}"' in response.content.decode()
    assert PID.objects.filter(pk=scenario.pid.pk).exists()
