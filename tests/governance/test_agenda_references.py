"""Agenda item, decision and action references: given at first publication, then never changed."""

import pytest

from governance.meetings import move_item, remove_item
from governance.models import Board, Meeting
from governance.references import assign_references, next_reference
from tests.governance_factories import ActionFactory, DecisionFactory
from tests.governance_samples import add_paper, governance
from tests.programme_samples import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(partnership, pmo):
    return governance(partnership, pmo)


def references(meeting):
    return dict(meeting.items.values_list("title", "reference"))


def prefix(meeting):
    start = meeting.local_start
    return f"PB/{start:%Y}/{start:%m}"


def test_publication_numbers_the_items_in_agenda_order(scenario):
    assign_references(scenario.meeting)
    p = prefix(scenario.meeting)
    assert references(scenario.meeting) == {
        "Welcome and apologies": f"{p}/1",
        "Declarations of interest": f"{p}/2",
        "Minutes of the last meeting and action log": f"{p}/3",
        "Urgent care recovery plan": f"{p}/4",
        "Any other business": f"{p}/5",
        "Community services procurement": f"{p}/6",
    }


def test_references_stay_when_items_move_are_removed_or_publication_repeats(scenario):
    meeting = scenario.meeting
    assign_references(meeting)
    before = references(meeting)
    move_item(meeting.items.get(title="Urgent care recovery plan"), scenario.pmo, "up")
    remove_item(meeting.items.get(title="Declarations of interest"), scenario.pmo)
    assign_references(meeting)
    after = references(meeting)
    del before["Declarations of interest"]
    assert after == before


def test_an_item_added_after_publication_takes_the_next_free_number(scenario):
    meeting = scenario.meeting
    assign_references(meeting)
    late = add_paper(meeting, "Winter plan")
    assert late.reference == ""
    assert late.number == str(late.order)
    assign_references(meeting)
    late.refresh_from_db()
    assert late.reference == f"{prefix(meeting)}/7"
    assert late.number == "7"


def test_the_meeting_page_shows_references_once_published(scenario, client_for):
    assign_references(scenario.meeting)
    Meeting.objects.filter(pk=scenario.meeting.pk).update(status=Meeting.Status.PACK_PUBLISHED)
    page = page_text(client_for(scenario.trust).get(scenario.meeting.get_absolute_url()))
    assert f"{prefix(scenario.meeting)}/4 Urgent care recovery plan" in page


def test_decision_and_action_references_count_up_within_the_meeting(scenario):
    meeting = scenario.meeting
    item = meeting.items.get(title="Urgent care recovery plan")
    p = prefix(meeting)
    assert next_reference(meeting, "D") == f"{p}/D1"
    DecisionFactory(item=item, reference=f"{p}/D1")
    DecisionFactory(item=item, reference=f"{p}/D2")
    assert next_reference(meeting, "D") == f"{p}/D3"
    assert next_reference(meeting, "A") == f"{p}/A1"
    ActionFactory(meeting=meeting, item=item, reference=f"{p}/A1")
    assert next_reference(meeting, "A") == f"{p}/A2"


def test_a_board_meeting_more_than_monthly_adds_the_day_to_its_references(scenario):
    scenario.board.frequency = Board.Frequency.FORTNIGHTLY
    scenario.board.save()
    start = scenario.meeting.local_start
    assert scenario.meeting.reference_prefix() == f"PB/{start:%Y}/{start:%m}/{start:%d}"
