"""Attendance and quorum, an item's minutes, declarations, decisions (approving a PID), actions,
and the minutes as members read them."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.meetings import (
    add_action,
    approve_minutes,
    mark_held,
    record_attendance,
    record_decision,
    record_item_minutes,
)
from governance.models import Attendance, Decision, Declaration
from programmes.exceptions import TransitionNotAllowed
from programmes.models import PID
from tests.governance_factories import InterestFactory
from tests.governance_samples import governance, past_meeting
from tests.programme_factories import PIDFactory, ProgrammeFactory, WorkstreamFactory
from tests.programme_samples import form_fields, page_text

pytestmark = pytest.mark.django_db
Status = Attendance.Status


@pytest.fixture
def scenario(partnership, pmo):
    """The meeting took place yesterday."""
    return governance(partnership, pmo, days_from_now=-1)


def url(name, scenario, item=None):
    kwargs = {"partnership": scenario.partnership.slug, "meeting": scenario.meeting.pk}
    if item is not None:
        kwargs["item"] = item.pk
    return reverse(name, kwargs=kwargs)


def item_titled(scenario, title):
    return scenario.meeting.items.get(title=title)


def typed(response, name):
    """What a text area of the page holds (the page has one form per kind of record)."""
    found = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>',
                      response.content.decode(), flags=re.S)
    return html.unescape(found.group(1)).strip() if found else None


def attendance_data(scenario, statuses, deputies=None):
    data = {}
    for person, membership in scenario.seats.items():
        data[f"status_{membership.pk}"] = statuses.get(person, Status.PRESENT)
        data[f"deputy_{membership.pk}"] = (deputies or {}).get(person, "")
    return data


# Attendance and quorum ------------------------------------------------------------------------

def test_the_attendance_page_asks_about_every_current_member(scenario, client_for):
    page = page_text(client_for(scenario.pmo).get(url("meeting_attendance", scenario)))
    for person in scenario.seats:
        assert person.full_name in page
    assert "Represented by a deputy" in page


def test_a_deputy_needs_a_name_and_the_other_answers_are_kept(scenario, client_for):
    data = attendance_data(scenario, {scenario.council: Status.DEPUTY,
                                      scenario.trust: Status.APOLOGIES})
    response = client_for(scenario.pmo).post(url("meeting_attendance", scenario), data)
    assert "Enter the name of Colin Council’s deputy" in page_text(response)
    kept = form_fields(response)
    assert kept[f"status_{scenario.seats[scenario.trust].pk}"] == Status.APOLOGIES
    assert not Attendance.objects.filter(meeting=scenario.meeting).exists()


def test_recorded_attendance_shows_who_came_and_the_quorum(scenario, client_for):
    data = attendance_data(scenario, {scenario.council: Status.DEPUTY,
                                      scenario.trust: Status.APOLOGIES},
                           {scenario.council: "Clare Deputy"})
    client = client_for(scenario.pmo)
    client.post(url("meeting_attendance", scenario), data)
    page = page_text(client.get(scenario.meeting.get_absolute_url()))
    assert "Clare Deputy (deputy for Colin Council, Staffordshire County Council)" in page
    assert "Tara Trust (University Hospitals of North Midlands NHS Trust)" in page
    assert "Not quorate" in page and "No NHS trust member present" in page
    minutes = page_text(client.get(url("meeting_minutes", scenario)))
    assert "No NHS trust member present" in minutes


def test_a_quorate_meeting_says_so(scenario, client_for):
    client = client_for(scenario.pmo)
    client.post(url("meeting_attendance", scenario), attendance_data(scenario, {}))
    page = page_text(client.get(scenario.meeting.get_absolute_url()))
    assert "Quorate 5 voting members counted; at least 3 needed" in page


def test_a_board_member_cannot_record_attendance(scenario, client_for):
    response = client_for(scenario.chair).post(url("meeting_attendance", scenario),
                                               attendance_data(scenario, {}))
    assert response.status_code == 403


# An item's minutes ----------------------------------------------------------------------------

def test_the_pmo_minutes_an_item_and_members_read_it(scenario, client_for):
    item = item_titled(scenario, "Urgent care recovery plan")
    client = client_for(scenario.pmo)
    client.post(url("item_minutes", scenario, item), {
        "minutes": "", "minutes-minutes": "The director presented the plan."})
    client.post(url("item_minutes", scenario, item), {
        "decision": "", "decision-resolution": "The Board approved the recovery plan.",
        "decision-votes_for": "5", "decision-votes_against": "1", "decision-abstentions": "0"})
    due = timezone.localdate() + timedelta(days=28)
    client.post(url("item_minutes", scenario, item), {
        "action": "", "action-description": "Bring the revised trajectory.",
        "action-owner": scenario.attendee.pk, "action-due_date-day": due.day,
        "action-due_date-month": due.month, "action-due_date-year": due.year})
    minutes = page_text(client_for(scenario.trust).get(url("meeting_minutes", scenario)))
    assert "The director presented the plan." in minutes
    start = scenario.meeting.local_start
    assert (f"RESOLVED (PB/{start:%Y}/{start:%m}/D1): The Board approved the recovery plan. "
            "Votes: 5 for, 1 against, 0 abstentions.") in minutes
    assert (f"ACTION (PB/{start:%Y}/{start:%m}/A1): Bring the revised trajectory. Owner: "
            "Dana Director.") in minutes


def test_a_member_who_declared_and_left_is_shown_out_of_the_item(scenario, client_for):
    item = item_titled(scenario, "Urgent care recovery plan")
    interest = InterestFactory(partnership=scenario.partnership, person=scenario.trust)
    client = client_for(scenario.pmo)
    client.post(url("item_minutes", scenario, item), {
        "declaration": "", "declaration-person": scenario.trust.pk,
        "declaration-interest": interest.pk, "declaration-excluded": "on",
        "declaration-description": "Director of a provider bidding for the service."})
    declaration = Declaration.objects.get(item=item)
    assert declaration.interest == interest and declaration.excluded
    meeting_page = page_text(client.get(scenario.meeting.get_absolute_url()))
    assert "Out of this item (declared an interest): Tara Trust" in meeting_page
    minutes = page_text(client.get(url("meeting_minutes", scenario)))
    assert "Tara Trust, on item 4 (Urgent care recovery plan): Director of a provider" in minutes
    assert "Left the meeting for this item" in minutes


def test_a_declaration_is_made_by_a_board_member_with_their_own_register_entry(
    scenario, client_for, viewer
):
    item = item_titled(scenario, "Urgent care recovery plan")
    someone_elses = InterestFactory(partnership=scenario.partnership, person=scenario.ccg)
    client = client_for(scenario.pmo)
    response = client.post(url("item_minutes", scenario, item), {
        "declaration": "", "declaration-person": scenario.trust.pk,
        "declaration-interest": someone_elses.pk, "declaration-description": "Shares."})
    assert "Select one of Tara Trust’s own entries, or none" in page_text(response)
    assert typed(response, "declaration-description") == "Shares."
    response = client.post(url("item_minutes", scenario, item), {
        "declaration": "", "declaration-person": viewer.pk, "declaration-description": "x"})
    assert "Select a valid choice" in page_text(response)
    assert not Declaration.objects.exists()


def _submitted_pid(scenario):
    workstream = WorkstreamFactory(programme=ProgrammeFactory(partnership=scenario.partnership),
                                   name="Discharge to assess")
    return PIDFactory(workstream=workstream, status=PID.Status.SUBMITTED)


def test_a_decision_approves_the_pid_linked_to_the_item(scenario, client_for):
    pid = _submitted_pid(scenario)
    item = item_titled(scenario, "Urgent care recovery plan")
    item.pid = pid
    item.save()
    client = client_for(scenario.pmo)
    page = page_text(client.get(url("item_minutes", scenario, item)))
    assert f"This decision approves {pid}" in page
    client.post(url("item_minutes", scenario, item), {
        "decision": "", "decision-resolution": "The Board approved the PID.",
        "decision-approves_pid": "on"})
    pid.refresh_from_db()
    decision = Decision.objects.get(item=item)
    assert pid.status == PID.Status.APPROVED and pid.decision_reference == decision.reference


def test_a_pid_no_longer_awaiting_approval_is_refused_at_the_field_and_nothing_is_recorded(
    scenario, client_for
):
    pid = _submitted_pid(scenario)
    item = item_titled(scenario, "Urgent care recovery plan")
    item.pid = pid
    item.save()
    PID.objects.filter(pk=pid.pk).update(status=PID.Status.DRAFT)
    response = client_for(scenario.pmo).post(url("item_minutes", scenario, item), {
        "decision": "", "decision-resolution": "The Board approved the PID.",
        "decision-approves_pid": "on"})
    page = page_text(response)
    assert "There is a problem" in page and "is a draft: submit it for approval first" in page
    assert typed(response, "decision-resolution") == "The Board approved the PID."
    assert not Decision.objects.exists()


def test_the_approves_pid_box_is_offered_only_when_the_item_links_a_pid(scenario, client_for):
    item = item_titled(scenario, "Urgent care recovery plan")
    page = page_text(client_for(scenario.pmo).get(url("item_minutes", scenario, item)))
    assert "This decision approves" not in page
    with pytest.raises(TransitionNotAllowed):
        record_decision(item, scenario.pmo, resolution="Approved.", approves_pid=True)


def test_minutes_wait_for_the_meeting_to_start(partnership, pmo, client_for):
    future = governance(partnership, pmo, days_from_now=7)
    item = future.meeting.items.first()
    with pytest.raises(TransitionNotAllowed, match="once the meeting has started"):
        record_item_minutes(item, pmo, "Too early")
    response = client_for(pmo).get(reverse("item_minutes", kwargs={
        "partnership": partnership.slug, "meeting": future.meeting.pk, "item": item.pk}))
    assert response.status_code == 302


def test_approved_minutes_can_no_longer_be_changed(scenario, client_for):
    later = past_meeting(scenario.board, 0, scenario.pmo)
    later.starts_at = timezone.now() - timedelta(minutes=5)
    later.save()
    mark_held(scenario.meeting, scenario.pmo)
    approve_minutes(scenario.meeting, later, scenario.pmo)
    item = item_titled(scenario, "Urgent care recovery plan")
    with pytest.raises(TransitionNotAllowed, match="approved and can no longer be changed"):
        record_item_minutes(item, scenario.pmo, "Rewriting history")
    with pytest.raises(TransitionNotAllowed):
        record_attendance(scenario.meeting, scenario.pmo, [])
    with pytest.raises(TransitionNotAllowed):
        add_action(scenario.meeting, scenario.pmo, description="x", owner=scenario.trust,
                   due_date=timezone.localdate())
    response = client_for(scenario.pmo).post(url("item_minutes", scenario, item), {
        "minutes": "", "minutes-minutes": "Rewriting history"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.minutes == ""


# Who reads the minutes -------------------------------------------------------------------------

def test_part_2_minutes_are_only_for_those_who_see_private_business(scenario, client_for, viewer):
    private = item_titled(scenario, "Community services procurement")
    record_item_minutes(private, scenario.pmo, "Commercial terms were discussed.")
    record_decision(private, scenario.pmo, resolution="The Board awarded the contract.")
    member = page_text(client_for(scenario.trust).get(url("meeting_minutes", scenario)))
    assert "Commercial terms were discussed." in member
    assert "The Board awarded the contract." in member
    for person in (scenario.observer, viewer):
        page = page_text(client_for(person).get(url("meeting_minutes", scenario)))
        assert "Community services procurement" not in page
        assert "Commercial terms" not in page and "awarded the contract" not in page


def test_the_minutes_are_not_found_from_another_partnership(scenario, client_for, outsider):
    assert client_for(outsider).get(url("meeting_minutes", scenario)).status_code == 404


def test_any_other_business_is_minuted_on_the_meeting(scenario):
    aob = item_titled(scenario, "Any other business")
    record_item_minutes(aob, scenario.pmo, "None was raised.")
    scenario.meeting.refresh_from_db()
    assert scenario.meeting.any_other_business == "None was raised."


def test_the_minutes_give_the_date_of_the_next_meeting(scenario, client_for):
    nxt = past_meeting(scenario.board, -27, scenario.pmo)
    page = page_text(client_for(scenario.trust).get(url("meeting_minutes", scenario)))
    assert f"Date of the next meeting {nxt.local_start:%A} {nxt.date_label} at 10:00" in page
