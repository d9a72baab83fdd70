"""My work: a person's workstreams and what they owe this month, linked to where it is done."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from programmes.models import KPI, KPIActual, StatusUpdate, Workstream
from programmes.pages import reporting_period
from programmes.updates import return_update, start_update, submit_update
from stp.models import RoleAssignment
from tests.factories import person_with_role
from tests.programme_factories import MilestoneFactory, WorkstreamFactory
from tests.programme_samples import add_risk, delivery, due_month, months_ago, page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(partnership):
    return delivery(partnership)


def my_work(person, partnership):
    client = Client()
    client.force_login(person)
    return client, client.get(reverse("my_work", kwargs={"partnership": partnership.slug}))


def test_a_lead_sees_their_workstream_and_everything_owed_this_month(scenario, partnership):
    _, response = my_work(scenario.lead, partnership)

    page = page_text(response)
    month = format_date(due_month(), "F Y")
    assert "Discharge to assess Urgent and emergency care. Your role: Workstream lead." in page
    assert f"Start the {month} update" in page and "Not started" in page
    assert "Milestone: Discharge hub open" in page and "Late" in page
    assert "Milestone: Trusted assessor in post" in page and "Due in 20 days" in page
    assert (f"KPI actual: Discharges before noon The actual for "
            f"{format_date(months_ago(1), 'F Y')} is missing. Missing") in page
    assert "Risk review: Care home capacity" in page and "3 days ago" in page
    assert "You have 5 things to do" in page
    assert "Crisis care" not in page


def test_milestones_due_after_30_days_and_complete_ones_are_not_listed(scenario, partnership):
    MilestoneFactory(workstream=scenario.workstream, title="Far off",
                     baseline_date=timezone.localdate() + timedelta(days=31))

    page = page_text(my_work(scenario.lead, partnership)[1])

    assert "Far off" not in page
    assert "Business case agreed" not in page


def test_a_kpi_actual_entered_for_last_month_is_no_longer_owed(scenario, partnership):
    KPIActual.objects.create(kpi=scenario.kpis[0], period=months_ago(1), value=30)

    page = page_text(my_work(scenario.lead, partnership)[1])

    assert "KPI actual: Discharges before noon" not in page


def test_a_programme_director_sees_every_workstream_of_their_programme_only(
    scenario, partnership
):
    WorkstreamFactory(programme=scenario.programme, name="Urgent treatment centres")

    page = page_text(my_work(scenario.director, partnership)[1])

    assert "Discharge to assess" in page and "Urgent treatment centres" in page
    assert "Your role: Programme director of the programme." in page
    assert "Crisis care" not in page


def test_the_pmo_sees_every_active_workstream(scenario, partnership, pmo):
    WorkstreamFactory(programme=scenario.programme, name="Closed one",
                      status=Workstream.Status.CLOSED)

    page = page_text(my_work(pmo, partnership)[1])

    assert "Discharge to assess" in page and "Crisis care" in page
    assert "Closed one" not in page


def test_starting_the_update_from_my_work_opens_its_form(scenario, partnership):
    client, response = my_work(scenario.lead, partnership)
    start = reverse("update_start", kwargs={"partnership": partnership.slug,
                                            "workstream": scenario.workstream.pk})
    assert f'action="{start}"' in response.content.decode()

    opened = client.post(start, follow=True)

    assert opened.status_code == 200
    assert f"{format_date(due_month(), 'F Y')} update" in page_text(opened)
    assert "Save as draft" in page_text(opened)


def test_a_started_update_links_straight_to_its_form_as_do_its_milestones_and_kpis(
    scenario, partnership
):
    update = start_update(scenario.workstream, due_month(), scenario.lead)
    edit = reverse("update_edit", kwargs={"partnership": partnership.slug, "update": update.pk})

    client, response = my_work(scenario.lead, partnership)

    content = response.content.decode()
    assert "In progress" in page_text(response)
    assert f'href="{edit}"' in content
    assert f'href="{edit}#milestone-{scenario.milestones[0].pk}"' in content
    assert f'href="{edit}#kpi-{scenario.kpis[0].pk}"' in content


def test_a_returned_update_is_owed_again_with_the_sros_comment(scenario, partnership):
    update = start_update(scenario.workstream, due_month(), scenario.lead)
    submit_update(update, scenario.lead)
    return_update(update, scenario.sro, "Add the winter plan.")

    page = page_text(my_work(scenario.lead, partnership)[1])

    assert "Returned for changes: Add the winter plan. Returned for changes" in page


def test_the_sro_is_asked_to_approve_a_submitted_update(scenario, partnership):
    update = start_update(scenario.workstream, due_month(), scenario.lead)
    submit_update(update, scenario.lead)

    sro_client, sro_page = my_work(scenario.sro, partnership)
    lead_page = page_text(my_work(scenario.lead, partnership)[1])

    assert "Waiting for your approval" in page_text(sro_page)
    assert reverse("status_update", kwargs={"partnership": partnership.slug,
                                            "update": update.pk}) in sro_page.content.decode()
    assert "Submitted, waiting for the SRO's approval." in lead_page
    assert "Waiting for your approval" not in lead_page


def test_an_approved_update_is_nothing_more_to_do(scenario, partnership):
    StatusUpdate.objects.create(
        workstream=scenario.workstream, period=due_month(),
        status=StatusUpdate.Status.APPROVED, approved_at=timezone.now(), summary="Done.",
    )

    page = page_text(my_work(scenario.lead, partnership)[1])

    assert "Approved by the SRO." in page
    assert "Start the" not in page


def test_a_risk_owned_elsewhere_is_listed_with_the_others_to_review(scenario, partnership):
    risk = add_risk(scenario.other_workstream, "Crisis line staffing",
                    timezone.localdate() - timedelta(days=10))
    risk.owner = scenario.lead
    risk.save()

    page = page_text(my_work(scenario.lead, partnership)[1])

    assert "Other risks to review" in page
    assert "Risk review: Crisis line staffing Crisis care." in page


def test_a_clinical_lead_of_the_programme_sees_its_workstreams(scenario, partnership):
    page = page_text(my_work(scenario.clinical_lead, partnership)[1])

    assert "Discharge to assess" in page
    assert "Your role: Clinical lead of the programme." in page


def test_a_lead_without_a_workstream_yet_is_told_there_is_nothing_to_update(
    scenario, partnership
):
    newcomer = person_with_role(partnership, RoleAssignment.Role.WORKSTREAM_LEAD)

    page = page_text(my_work(newcomer, partnership)[1])

    assert "You do not lead any workstream here" in page


def test_the_sro_may_start_the_update_but_does_not_owe_it(scenario, partnership):
    page = page_text(my_work(scenario.sro, partnership)[1])

    assert f"Start the {format_date(due_month(), 'F Y')} update" in page
    # The SRO owes the late milestone, the KPI actual and the risk review (they may change
    # them) but not the update, which the lead writes: one fewer than the lead.
    assert "You have 4 things to do" in page
    assert "You have 5 things to do" in page_text(my_work(scenario.lead, partnership)[1])


def test_the_kpi_period_due_is_last_month_or_the_last_complete_quarter():
    monthly, quarterly = KPI.Frequency.MONTHLY, KPI.Frequency.QUARTERLY

    assert reporting_period(monthly, date(2026, 11, 1)) == date(2026, 10, 1)
    assert reporting_period(quarterly, date(2026, 11, 1)) == date(2026, 7, 1)  # July to Sept
    assert reporting_period(quarterly, date(2026, 10, 1)) == date(2026, 7, 1)
    assert reporting_period(quarterly, date(2027, 1, 1)) == date(2026, 10, 1)
    assert reporting_period(quarterly, date(2027, 3, 1)) == date(2026, 10, 1)
    assert reporting_period(quarterly, date(2026, 4, 1)) == date(2026, 1, 1)
