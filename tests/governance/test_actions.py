"""The action log: open actions first, overdue marked, part 2 kept private; progress on an
action; and open actions carried to the next meeting's log."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.meetings import update_action
from governance.models import Action, ActionNote
from governance.pages import meeting_action_log
from tests.governance_factories import ActionFactory, BoardFactory, MeetingFactory, at
from tests.governance_samples import governance, past_meeting
from tests.programme_samples import page_text

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def scenario(partnership, pmo):
    return governance(partnership, pmo, days_from_now=-14)


def log_url(partnership, **query):
    url = reverse("action_log", kwargs={"partnership": partnership.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def action_url(action):
    return reverse("action", kwargs={"partnership": action.board.partnership.slug,
                                     "action": action.pk})


def give(scenario, description, *, part=1, due=None, status=Action.Status.OPEN, owner=None,
         closed_on=None, meeting=None):
    meeting = meeting or scenario.meeting
    item = meeting.items.filter(part=part).first()
    return ActionFactory(meeting=meeting, item=item, description=description,
                         owner=owner or scenario.attendee, due_date=due or TODAY + timedelta(7),
                         status=status, closed_on=closed_on)


def test_the_log_lists_open_actions_first_and_marks_the_overdue(scenario, client_for, viewer):
    give(scenario, "Closed one", status=Action.Status.DONE, due=TODAY - timedelta(60),
         closed_on=TODAY - timedelta(3))
    give(scenario, "Late one", due=TODAY - timedelta(2))
    give(scenario, "Next one", due=TODAY + timedelta(5))
    page = page_text(client_for(viewer).get(log_url(scenario.partnership)))
    assert page.index("Late one") < page.index("Next one") < page.index("Closed one")
    late_row = page[page.index("Late one"):page.index("Next one")]
    assert "Overdue" in late_row
    assert "2 open, 1 overdue" in page


def test_the_log_shows_the_latest_progress_note(scenario, client_for, viewer):
    action = give(scenario, "Revise the trajectory")
    ActionNote.objects.create(action=action, text="First draft shared.",
                              written_at=timezone.now() - timedelta(days=3))
    ActionNote.objects.create(action=action, text="Agreed with the trusts.")
    page = page_text(client_for(viewer).get(log_url(scenario.partnership)))
    assert "Agreed with the trusts." in page and "First draft shared." not in page


def test_the_log_filters_by_board_and_status(scenario, client_for, viewer):
    give(scenario, "Programme board action")
    give(scenario, "Done action", status=Action.Status.DONE, closed_on=TODAY)
    other_board = BoardFactory(partnership=scenario.partnership, name="Clinical Board")
    ActionFactory(meeting=MeetingFactory(board=other_board), description="Clinical action",
                  due_date=TODAY - timedelta(1))
    client = client_for(viewer)
    by_board = page_text(client.get(log_url(scenario.partnership, board=other_board.pk)))
    assert "Clinical action" in by_board and "Programme board action" not in by_board
    done = page_text(client.get(log_url(scenario.partnership, status="done")))
    assert "Done action" in done and "Programme board action" not in done
    overdue = page_text(client.get(log_url(scenario.partnership, status="overdue")))
    assert "Clinical action" in overdue and "Programme board action" not in overdue


def test_part_2_actions_are_only_for_those_who_see_private_business(scenario, client_for, viewer):
    give(scenario, "Negotiate the contract price", part=2)
    give(scenario, "Publish the plan", part=1)
    assert "Negotiate the contract price" in page_text(
        client_for(scenario.trust).get(log_url(scenario.partnership)))
    for person in (scenario.observer, viewer):
        page = page_text(client_for(person).get(log_url(scenario.partnership)))
        assert "Publish the plan" in page and "Negotiate the contract price" not in page


def test_a_part_2_action_page_is_refused_to_an_observer(scenario, client_for):
    action = give(scenario, "Negotiate the contract price", part=2)
    assert client_for(scenario.observer).get(action_url(action)).status_code == 403
    assert client_for(scenario.trust).get(action_url(action)).status_code == 200


def test_the_log_and_an_action_are_not_found_from_another_partnership(
    scenario, client_for, outsider
):
    action = give(scenario, "Publish the plan")
    client = client_for(outsider)
    assert client.get(log_url(scenario.partnership)).status_code == 404
    assert client.get(action_url(action)).status_code == 404


# Progress -----------------------------------------------------------------------------------

def test_the_owner_reports_progress_and_closes_the_action(scenario, client_for):
    action = give(scenario, "Revise the trajectory", owner=scenario.attendee)
    client = client_for(scenario.attendee)
    client.post(action_url(action), {"note": "Draft shared with the trusts.", "status": "open"})
    client.post(action_url(action), {"note": "", "status": "done"})
    action.refresh_from_db()
    assert action.status == Action.Status.DONE and action.closed_on == TODAY
    page = page_text(client.get(action_url(action)))
    assert "Draft shared with the trusts." in page
    assert "Status changed from open to done." in page
    assert page.index("Status changed") < page.index("Draft shared")  # newest first


def test_progress_needs_a_note_or_a_new_status(scenario, client_for):
    action = give(scenario, "Revise the trajectory", owner=scenario.attendee)
    response = client_for(scenario.attendee).post(action_url(action),
                                                  {"note": "  ", "status": "open"})
    assert "Enter the progress made, or change the status" in page_text(response)
    assert not action.notes.exists()


def test_someone_else_cannot_update_an_action_they_do_not_own(scenario, client_for, viewer):
    action = give(scenario, "Revise the trajectory", owner=scenario.attendee)
    assert client_for(scenario.trust).post(action_url(action), {
        "note": "Done it", "status": "done"}).status_code == 403
    page = page_text(client_for(viewer).get(action_url(action)))
    assert "Report progress" not in page
    pmo = client_for(scenario.pmo)
    pmo.post(action_url(action), {"note": "Chased.", "status": "open"})
    assert action.notes.get().written_by == scenario.pmo


def test_reopening_an_action_clears_its_closing_date(scenario):
    action = give(scenario, "Revise the trajectory", status=Action.Status.DONE, closed_on=TODAY)
    update_action(action, scenario.pmo, note="Not finished after all.",
                  status=Action.Status.OPEN)
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN and action.closed_on is None


# Carried to the next meeting -------------------------------------------------------------------

def test_open_actions_carry_to_the_next_meetings_log_with_those_closed_since(scenario):
    board = scenario.board
    first = past_meeting(board, 70)
    second = scenario.meeting  # 14 days ago
    upcoming = MeetingFactory(board=board, starts_at=at(TODAY + timedelta(days=14)))
    still_open = give(scenario, "Still open", meeting=first)
    closed_since = give(scenario, "Closed since the last meeting", meeting=first,
                        status=Action.Status.DONE, closed_on=TODAY - timedelta(days=3))
    closed_before = give(scenario, "Closed before the last meeting", meeting=first,
                         status=Action.Status.DONE, closed_on=TODAY - timedelta(days=30))
    from_second = give(scenario, "Given at the last meeting", meeting=second)
    log = meeting_action_log(upcoming)
    assert set(log) == {still_open, closed_since, from_second}
    assert closed_before not in log
    assert log.index(still_open) < log.index(closed_since)
    assert set(meeting_action_log(second)) == {still_open, closed_since, closed_before}


def test_the_minutes_show_the_action_log_the_meeting_reviewed(scenario, client_for):
    first = past_meeting(scenario.board, 70)
    give(scenario, "Carried from before", meeting=first)
    page = page_text(client_for(scenario.trust).get(reverse("meeting_minutes", kwargs={
        "partnership": scenario.partnership.slug, "meeting": scenario.meeting.pk})))
    log = page[page.index("Action log"):page.index("Actions from this meeting")]
    assert "Carried from before" in log
