"""Scheduling a meeting, its page, and marking it held: what the PMO and members see."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.meetings import approve_minutes, mark_held
from governance.models import AgendaItem, Meeting
from programmes.exceptions import TransitionNotAllowed
from stp.models import RoleAssignment
from tests.factories import person_with_role
from tests.governance_factories import MeetingFactory, at
from tests.governance_samples import add_paper, governance, past_meeting
from tests.programme_samples import form_fields, page_text

pytestmark = pytest.mark.django_db
Role = RoleAssignment.Role


@pytest.fixture
def scenario(partnership, pmo):
    return governance(partnership, pmo)


def url(name, scenario, meeting=None, **kwargs):
    kwargs.setdefault("partnership", scenario.partnership.slug)
    if name == "meeting_create":
        kwargs["board"] = scenario.board.pk
    else:
        kwargs["meeting"] = (meeting or scenario.meeting).pk
    return reverse(name, kwargs=kwargs)


def schedule(client, scenario, day, time="14:00", **fields):
    data = {"date-day": day.day, "date-month": day.month, "date-year": day.year, "time": time,
            "location": "Room 2, Stafford", "online_link": "", **fields}
    return client.post(url("meeting_create", scenario), data)


# Scheduling ----------------------------------------------------------------------------------

def test_the_pmo_schedules_a_meeting_with_the_standing_items_on_its_agenda(scenario, client_for):
    day = timezone.localdate() + timedelta(days=60)
    response = schedule(client_for(scenario.pmo), scenario, day, time="9.30",
                        held_in_public="on")
    meeting = Meeting.objects.get(board=scenario.board, starts_at=at(day, 9, 30))
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert meeting.held_in_public and meeting.location == "Room 2, Stafford"
    titles = list(meeting.items.order_by("order").values_list("title", flat=True))
    assert titles == ["Welcome and apologies", "Declarations of interest",
                      "Minutes of the last meeting and action log", "Any other business"]
    assert meeting.items.get(order=1).presenter == scenario.chair


def test_the_meeting_page_shows_the_papers_deadline_in_working_days(scenario, viewer, client_for):
    # 31 December 2026: five working days back skip Christmas Day and the Boxing Day
    # substitute (Monday 28th), landing on Tuesday 22 December.
    meeting = MeetingFactory(board=scenario.board, starts_at=at(date(2026, 12, 31)))
    page = page_text(client_for(viewer).get(meeting.get_absolute_url()))
    assert "Papers due Tuesday 22 December 2026 (5 working days before)" in page


def test_scheduling_a_meeting_after_its_papers_deadline_warns_the_pmo(scenario, client_for):
    client = client_for(scenario.pmo)
    response = schedule(client, scenario, timezone.localdate() + timedelta(days=2))
    page = page_text(client.get(response["Location"]))
    assert "has already passed: publish the pack as soon as possible" in page
    assert "Passed" in page


def test_scheduling_in_good_time_gives_no_warning(scenario, client_for):
    client = client_for(scenario.pmo)
    response = schedule(client, scenario, timezone.localdate() + timedelta(days=40))
    assert "already passed" not in page_text(client.get(response["Location"]))


def test_a_meeting_needs_a_place_or_an_online_link_and_keeps_what_was_typed(scenario, client_for):
    day = timezone.localdate() + timedelta(days=30)
    response = schedule(client_for(scenario.pmo), scenario, day, time="15:15", location="",
                        online_link="")
    assert response.status_code == 200
    assert "Enter the place, an online meeting link, or both" in page_text(response)
    kept = form_fields(response)
    assert kept["time"] == "15:15" and kept["date-day"] == str(day.day)
    assert not Meeting.objects.filter(starts_at=at(day, 15, 15)).exists()


def test_an_online_meeting_needs_no_place(scenario, client_for):
    day = timezone.localdate() + timedelta(days=30)
    schedule(client_for(scenario.pmo), scenario, day, location="",
             online_link="https://teams.microsoft.com/l/meetup-join/abc")
    assert Meeting.objects.get(starts_at=at(day, 14)).online_link.startswith("https://teams")


@pytest.mark.parametrize("typed", ["2pm", "25:00", "14:75", "1400"])
def test_a_time_that_is_not_on_the_24_hour_clock_is_refused(scenario, client_for, typed):
    response = schedule(client_for(scenario.pmo), scenario,
                        timezone.localdate() + timedelta(days=30), time=typed)
    assert "Enter the start time like 14:00, using the 24-hour clock" in page_text(response)
    assert form_fields(response)["time"] == typed


def test_a_board_cannot_meet_twice_at_the_same_time(scenario, client_for):
    day = scenario.meeting.local_start.date()
    response = schedule(client_for(scenario.pmo), scenario, day, time="14:00")
    assert "Programme Board already meets at this date and time" in page_text(response)


def test_a_date_that_does_not_exist_is_refused_at_the_date(scenario, client_for):
    response = client_for(scenario.pmo).post(url("meeting_create", scenario), {
        "date-day": "31", "date-month": "2", "date-year": "2027", "time": "14:00",
        "location": "Stafford"})
    assert "Date must be a real date" in page_text(response)


def test_only_the_pmo_schedules_meetings(scenario, client_for):
    assert client_for(scenario.chair).get(url("meeting_create", scenario)).status_code == 403
    assert client_for(scenario.pmo).get(url("meeting_create", scenario)).status_code == 200


def test_the_pmo_changes_a_meetings_time_and_place(scenario, client_for):
    client = client_for(scenario.pmo)
    fields = form_fields(client.get(url("meeting_edit", scenario)))
    assert fields["time"] == "14:00" and fields["location"] == "Room 1, Stafford"
    fields.update(time="10:00", location="Civic Centre, Stoke")
    client.post(url("meeting_edit", scenario), fields)
    scenario.meeting.refresh_from_db()
    assert scenario.meeting.local_start.hour == 10
    assert scenario.meeting.location == "Civic Centre, Stoke"


# The meeting page ------------------------------------------------------------------------------

def test_the_agenda_lists_part_1_then_the_exclusion_resolution_then_part_2(
    scenario, client_for
):
    page = page_text(client_for(scenario.attendee).get(scenario.meeting.get_absolute_url()))
    order = ["Welcome and apologies", "Declarations of interest",
             "Minutes of the last meeting and action log", "Urgent care recovery plan",
             "Any other business",
             "Resolution to exclude the press and public under section 1(2) of the Public "
             "Bodies (Admission to Meetings) Act 1960", "Community services procurement"]
    positions = [page.index(words) for words in order]
    assert positions == sorted(positions)
    assert "4 Urgent care recovery plan" in page and "6 Community services procurement" in page


def test_a_meeting_held_in_private_has_no_exclusion_resolution(scenario, client_for):
    scenario.meeting.held_in_public = False
    scenario.meeting.save()
    page = page_text(client_for(scenario.attendee).get(scenario.meeting.get_absolute_url()))
    assert "Community services procurement" in page
    assert "Resolution to exclude" not in page


@pytest.mark.parametrize("who", ["chair", "trust", "attendee", "pmo"])
def test_members_and_attendees_see_part_2_business(scenario, client_for, who):
    page = page_text(client_for(getattr(scenario, who)).get(scenario.meeting.get_absolute_url()))
    assert "Community services procurement" in page and "Part 2: in private" in page


@pytest.mark.parametrize("who", ["observer", "viewer", "director"])
def test_observers_and_others_see_nothing_of_part_2(scenario, client_for, viewer, who):
    person = {"observer": scenario.observer, "viewer": viewer,
              "director": person_with_role(scenario.partnership, Role.PROGRAMME_DIRECTOR)}[who]
    page = page_text(client_for(person).get(scenario.meeting.get_absolute_url()))
    assert "Urgent care recovery plan" in page
    assert "Community services procurement" not in page
    assert "Part 2" not in page and "Resolution to exclude" not in page


def test_someone_from_another_partnership_gets_not_found(scenario, outsider, client_for):
    response = client_for(outsider).get(scenario.meeting.get_absolute_url())
    assert response.status_code == 404


def test_the_pmo_sees_the_agenda_controls_and_members_do_not(scenario, client_for):
    create = url("agenda_item_create", scenario)
    pmo_page = client_for(scenario.pmo).get(scenario.meeting.get_absolute_url())
    assert create in pmo_page.content.decode()
    member_page = client_for(scenario.trust).get(scenario.meeting.get_absolute_url())
    assert create not in member_page.content.decode()
    assert "Move up" not in page_text(member_page)


def test_the_meeting_page_shows_the_pack_panel_template(scenario, client_for):
    response = client_for(scenario.pmo).get(scenario.meeting.get_absolute_url())
    assert "governance/includes/pack_panel.html" in [t.name for t in response.templates]
    assert "pack_panel" in response.context


# Held, and approving the minutes -----------------------------------------------------------------

def test_a_meeting_is_marked_held_only_once_it_has_started(scenario, client_for):
    client = client_for(scenario.pmo)
    client.post(url("meeting_held", scenario))
    scenario.meeting.refresh_from_db()
    assert scenario.meeting.status == Meeting.Status.SCHEDULED
    past = past_meeting(scenario.board, 3, scenario.pmo)
    client.post(url("meeting_held", scenario, meeting=past))
    past.refresh_from_db()
    assert past.status == Meeting.Status.HELD


def test_minutes_are_approved_at_a_later_meeting_that_has_taken_place(scenario, client_for):
    earlier = past_meeting(scenario.board, 40, scenario.pmo)
    later = past_meeting(scenario.board, 10, scenario.pmo)
    mark_held(earlier, scenario.pmo)
    client = client_for(scenario.pmo)
    page = page_text(client.get(earlier.get_absolute_url()))
    assert "Approve the minutes" in page and later.date_label in page
    with pytest.raises(TransitionNotAllowed):
        approve_minutes(earlier, scenario.meeting, scenario.pmo)  # not yet taken place
    client.post(url("minutes_approve", scenario, meeting=earlier), {"at_meeting": later.pk})
    earlier.refresh_from_db()
    assert earlier.status == Meeting.Status.MINUTES_APPROVED
    assert earlier.minutes_approved_at_meeting == later
    assert f"Approved at the meeting of {later.date_label}" in page_text(
        client.get(earlier.get_absolute_url()))


def test_once_the_minutes_are_approved_the_agenda_cannot_be_changed(scenario, client_for):
    earlier = past_meeting(scenario.board, 40, scenario.pmo)
    later = past_meeting(scenario.board, 10, scenario.pmo)
    mark_held(earlier, scenario.pmo)
    approve_minutes(earlier, later, scenario.pmo)
    client = client_for(scenario.pmo)
    item = earlier.items.first()
    response = client.post(url("agenda_item_create", scenario, meeting=earlier),
                           {"title": "Late paper", "purpose": "information",
                            "minutes_allotted": "5", "part": "1"}, follow=True)
    assert "its agenda can no longer be changed" in page_text(response)
    assert not AgendaItem.objects.filter(title="Late paper").exists()
    client.post(url("agenda_item_delete", scenario, meeting=earlier, item=item.pk))
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    page = page_text(client.get(earlier.get_absolute_url()))
    assert "can no longer be changed" in page and "Add an agenda item" not in page


def test_added_papers_go_before_any_other_business(scenario):
    add_paper(scenario.meeting, "Workforce plan")
    titles = list(scenario.meeting.items.order_by("part", "order").values_list("title", flat=True))
    assert titles[-3:] == ["Workforce plan", "Any other business",
                           "Community services procurement"]
    assert list(scenario.meeting.items.order_by("part", "order").values_list("order", flat=True)) \
        == [1, 2, 3, 4, 5, 6, 7]
