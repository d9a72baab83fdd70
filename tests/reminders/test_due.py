"""Who is due which reminder on a day: updates, escalation, milestones, actions, PIDs, risks,
KPI actuals and papers; nothing on weekends and bank holidays."""

from datetime import date

import pytest
from django.utils import timezone

from governance.models import Action
from programmes.models import PID, KPIActual, Milestone, StatusUpdate
from reminders import kinds
from reminders.due import due_on
from tests.governance_factories import ActionFactory, AgendaItemFactory
from tests.programme_factories import (
    KPIFactory,
    MilestoneFactory,
    PIDFactory,
    RiskFactory,
    StatusUpdateFactory,
)
from tests.reminders.conftest import PAPERS_DUE

pytestmark = pytest.mark.django_db


def owed(day, kind=None):
    """(kind, person's name, period) of everything due on `day`."""
    return sorted((d.kind, d.person.full_name, d.period) for d in due_on(day)
                  if kind is None or d.kind == kind.code)


def test_the_update_is_first_reminded_the_set_number_of_working_days_before_the_papers_deadline(
    world, settings
):
    settings.REMINDER_UPDATE_LEAD_DAYS = 3

    assert owed(date(2026, 11, 20), kinds.UPDATE_DUE) == []  # Friday: 4 working days before
    assert owed(date(2026, 11, 23), kinds.UPDATE_DUE) == [  # Monday: 3 working days before
        ("update_due", "Ann Lead", "2026-11-26"), ("update_due", "Dan Director", "2026-11-26"),
    ]


def test_the_due_reminder_names_the_month_the_deadline_and_links_to_where_it_is_written(world):
    reminder = next(d for d in due_on(date(2026, 11, 24)) if d.person == world.lead)

    assert reminder.text == ("The October 2026 update for Discharge to assess (Urgent and "
                             "emergency care) is due by 26 November 2026.")
    assert reminder.link_text == "Write the October 2026 update for Discharge to assess"
    assert reminder.url == f"http://127.0.0.1:8000/p/{world.partnership.slug}/my-work/"


def test_a_started_update_links_straight_to_its_form(world):
    update = StatusUpdateFactory(workstream=world.workstream, period=date(2026, 10, 1))

    reminder = next(d for d in due_on(date(2026, 11, 24)) if d.person == world.lead)

    assert reminder.url.endswith(f"/p/{world.partnership.slug}/updates/{update.pk}/edit/")


def test_no_reminder_once_the_update_is_submitted(world):
    StatusUpdate.objects.create(workstream=world.workstream, period=date(2026, 10, 1),
                                status=StatusUpdate.Status.SUBMITTED)

    assert owed(date(2026, 11, 24)) == []
    assert owed(date(2026, 11, 30)) == []


def test_an_overdue_update_is_reminded_each_working_day_with_the_day_as_its_period(world):
    assert owed(date(2026, 11, 27), kinds.UPDATE_OVERDUE) == [
        ("update_overdue", "Ann Lead", "2026-11-27"),
        ("update_overdue", "Dan Director", "2026-11-27"),
    ]
    reminder = next(d for d in due_on(date(2026, 11, 30)) if d.kind == "update_overdue")
    assert "was due on 26 November 2026 and is 2 working days overdue" in reminder.text


@pytest.mark.parametrize("day, escalated", [
    (date(2026, 12, 2), False),  # 4 working days overdue
    (date(2026, 12, 3), True),  # 5: exactly the threshold
    (date(2026, 12, 4), True),  # 6
])
def test_the_sro_is_told_once_the_update_is_the_set_number_of_working_days_overdue(
    world, settings, day, escalated
):
    settings.REMINDER_ESCALATE_AFTER_DAYS = 5

    expected = [("update_escalation", "Sam Sro", day.isoformat())] if escalated else []
    assert owed(day, kinds.UPDATE_ESCALATION) == expected


def test_the_escalation_says_who_writes_the_update_and_links_to_the_workstream(world, settings):
    settings.REMINDER_ESCALATE_AFTER_DAYS = 1

    escalation = next(d for d in due_on(date(2026, 11, 27)) if d.kind == "update_escalation")

    assert escalation.text == (
        "You are the SRO for Discharge to assess (Urgent and emergency care). Its October 2026 "
        "update was due on 26 November 2026 and is 1 working day overdue. It is written by "
        "Ann Lead, Dan Director."
    )
    assert escalation.url.endswith(f"/workstreams/{world.workstream.pk}/")


def test_the_escalation_threshold_counts_working_days_not_bank_holidays(world, settings):
    """The November update is due 14 December 2026 (10 working days after November: no meeting
    in the quarter after). 25 and 28 December are bank holidays."""
    settings.REMINDER_ESCALATE_AFTER_DAYS = 9
    world.meeting.delete()
    StatusUpdate.objects.create(workstream=world.workstream, period=date(2026, 10, 1),
                                status=StatusUpdate.Status.SUBMITTED)

    assert owed(date(2026, 12, 24), kinds.UPDATE_ESCALATION) == []  # 8 working days overdue
    assert owed(date(2026, 12, 29), kinds.UPDATE_ESCALATION) == [  # 9: 25, 28 do not count
        ("update_escalation", "Sam Sro", "2026-12-29")
    ]


@pytest.mark.parametrize("day", [
    date(2026, 11, 28),  # Saturday
    date(2026, 11, 29),  # Sunday
    date(2026, 12, 25),  # Christmas Day
    date(2026, 12, 28),  # Boxing Day (substitute day)
    date(2027, 3, 26),  # Good Friday
    date(2027, 3, 29),  # Easter Monday
])
def test_nothing_is_due_on_weekends_and_bank_holidays(world, day):
    MilestoneFactory(workstream=world.workstream, baseline_date=date(2026, 11, 1),
                     forecast_date=date(2026, 11, 1), owner=world.lead)

    assert due_on(day) == []


def test_what_fell_due_over_christmas_is_picked_up_on_the_next_working_day(world):
    ActionFactory(meeting=world.meeting, owner=world.lead, due_date=date(2026, 12, 25),
                  reference="PB/2026/12/A1")

    assert owed(date(2026, 12, 29), kinds.ACTION_OVERDUE) == [
        ("action_overdue", "Ann Lead", "2026-12-29")
    ]


def test_milestones_are_reminded_within_the_set_days_and_each_working_day_once_late(
    world, settings
):
    settings.REMINDER_MILESTONE_DAYS = 14
    soon = MilestoneFactory(workstream=world.workstream, title="Discharge hub open",
                            baseline_date=date(2026, 12, 8), forecast_date=date(2026, 12, 8),
                            owner=world.director)
    MilestoneFactory(workstream=world.workstream, title="Later", owner=world.director,
                     baseline_date=date(2026, 12, 9), forecast_date=date(2026, 12, 9))
    late = MilestoneFactory(workstream=world.workstream, title="Trusted assessor in post",
                            baseline_date=date(2026, 11, 2), forecast_date=date(2026, 11, 16))
    MilestoneFactory(workstream=world.workstream, title="Done", status=Milestone.Status.COMPLETE,
                     baseline_date=date(2026, 11, 2), completed_on=date(2026, 11, 2))

    dues = {d.title: d for d in due_on(date(2026, 11, 24)) if d.kind.startswith("milestone")}

    assert sorted(dues) == ["Milestone due on 8 December 2026: Discharge hub open",
                            "Milestone overdue: Trusted assessor in post"]
    assert dues["Milestone due on 8 December 2026: Discharge hub open"].period == "2026-12-08"
    overdue = dues["Milestone overdue: Trusted assessor in post"]
    assert overdue.person == world.lead  # no owner: the workstream lead
    assert overdue.period == "2026-11-24"
    assert "was due on 16 November 2026 and is 8 days late" in overdue.text
    assert overdue.url.endswith(f"/workstreams/{world.workstream.pk}/#milestone-{late.pk}")
    assert soon.pk != late.pk


def test_actions_due_soon_and_overdue_go_to_their_owners(world, settings):
    settings.REMINDER_ACTION_DAYS = 7
    ActionFactory(meeting=world.meeting, owner=world.lead, due_date=date(2026, 12, 1),
                  reference="PB/2026/11/A1", description="Bring the discharge trajectory")
    ActionFactory(meeting=world.meeting, owner=world.sro, due_date=date(2026, 11, 20),
                  reference="PB/2026/11/A2")
    ActionFactory(meeting=world.meeting, owner=world.sro, due_date=date(2026, 11, 20),
                  reference="PB/2026/11/A3", status=Action.Status.DONE)
    ActionFactory(meeting=world.meeting, owner=world.sro, due_date=date(2026, 12, 2),
                  reference="PB/2026/11/A4")

    dues = {d.title: d for d in due_on(date(2026, 11, 24)) if d.kind.startswith("action")}

    assert sorted(dues) == ["Action PB/2026/11/A1 due on 1 December 2026",
                            "Action PB/2026/11/A2 overdue"]
    assert dues["Action PB/2026/11/A1 due on 1 December 2026"].text == (
        "Action PB/2026/11/A1 of the Programme Board: Bring the discharge trajectory. "
        "Due on 1 December 2026."
    )
    assert dues["Action PB/2026/11/A2 overdue"].person == world.sro


def test_pids_awaiting_a_decision_go_to_the_pmo_once_a_week(world):
    PIDFactory(workstream=world.workstream, status=PID.Status.SUBMITTED,
               submitted_at=timezone.make_aware(timezone.datetime(2026, 11, 10, 9)))

    assert owed(date(2026, 11, 24), kinds.PID_AWAITING) == [
        ("pid_awaiting_decision", "Pat Pmo", "2026-W48")
    ]
    assert owed(date(2026, 11, 27), kinds.PID_AWAITING)[0][2] == "2026-W48"
    assert owed(date(2026, 11, 30), kinds.PID_AWAITING)[0][2] == "2026-W49"


def test_overdue_risk_reviews_go_to_the_risk_owner(world):
    RiskFactory(workstream=world.workstream, title="Care home capacity", owner=world.sro,
                review_date=date(2026, 11, 1))
    RiskFactory(workstream=world.workstream, title="Not yet", owner=world.sro,
                review_date=date(2026, 12, 1))

    [review] = [d for d in due_on(date(2026, 11, 24)) if d.kind == "risk_review_overdue"]

    assert (review.person, review.period) == (world.sro, "2026-W48")
    assert review.text.startswith("The risk Care home capacity (Discharge to assess) was due "
                                  "for review on 1 November 2026, 23 days ago.")


def test_a_missing_kpi_actual_goes_to_the_lead_once_the_update_is_reminded(world):
    kpi = KPIFactory(workstream=world.workstream, name="Discharges before noon")
    KPIActual.objects.create(kpi=KPIFactory(workstream=world.workstream), value=5,
                             period=date(2026, 10, 1))

    assert owed(date(2026, 11, 20), kinds.KPI_MISSING) == []  # before the update's reminder
    [missing] = [d for d in due_on(date(2026, 11, 23)) if d.kind == "kpi_actual_missing"]
    assert missing.person == world.lead
    assert missing.text == ("The October 2026 actual of the KPI Discharges before noon "
                            "(Discharge to assess) has not been entered.")
    assert missing.url.endswith(f"/kpis/{kpi.pk}/")


def test_presenters_without_a_paper_are_reminded_before_the_papers_deadline(world, settings):
    settings.REMINDER_PAPERS_LEAD_DAYS = 2
    AgendaItemFactory(meeting=world.meeting, title="Winter plan", presenter=world.director)
    AgendaItemFactory(meeting=world.meeting, title="Has a paper", presenter=world.lead,
                      paper="papers/2026/11/plan.pdf")

    assert owed(date(2026, 11, 23), kinds.PAPERS_DUE) == []
    assert owed(date(2026, 11, 24), kinds.PAPERS_DUE) == [
        ("papers_due", "Dan Director", PAPERS_DUE.isoformat())
    ]
    [paper] = [d for d in due_on(PAPERS_DUE) if d.kind == "papers_due"]
    assert paper.title == "Paper due today: Winter plan"
    assert owed(date(2026, 11, 27), kinds.PAPERS_DUE) == []


def test_people_whose_account_is_closed_are_not_reminded(world):
    world.director.is_active = False
    world.director.save()

    assert {d.person.full_name for d in due_on(date(2026, 11, 24))} == {"Ann Lead"}
