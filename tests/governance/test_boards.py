"""The board list and a board's page: who sees them, what they say."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import Meeting
from stp.models import RoleAssignment
from tests.factories import person_with_role
from tests.governance_factories import BoardFactory, BoardMembershipFactory, MeetingFactory, at
from tests.governance_samples import governance
from tests.programme_factories import ProgrammeFactory, WorkstreamFactory
from tests.programme_samples import page_text

pytestmark = pytest.mark.django_db
Role = RoleAssignment.Role


@pytest.fixture
def scenario(partnership, pmo):
    return governance(partnership, pmo)


def board_url(board):
    return reverse("board", kwargs={"partnership": board.partnership.slug, "board": board.pk})


def list_url(partnership):
    return reverse("board_list", kwargs={"partnership": partnership.slug})


def test_everyone_in_the_partnership_sees_its_boards_and_their_next_meeting(
    scenario, viewer, client_for
):
    BoardFactory(partnership=scenario.partnership, name="Clinical Programme Board")
    page = page_text(client_for(viewer).get(list_url(scenario.partnership)))
    assert "Programme Board" in page and "Clinical Programme Board" in page
    assert f"Next meeting: {scenario.meeting.date_label} at 14:00" in page
    assert "No meeting scheduled" in page


def test_someone_from_another_partnership_sees_neither_the_list_nor_a_board(
    scenario, outsider, client_for
):
    client = client_for(outsider)
    assert client.get(list_url(scenario.partnership)).status_code == 404
    assert client.get(board_url(scenario.board)).status_code == 404


def test_a_board_of_another_partnership_is_not_found_under_this_one(
    scenario, other_partnership, client_for
):
    theirs = BoardFactory(partnership=other_partnership)
    url = reverse("board", kwargs={"partnership": scenario.partnership.slug, "board": theirs.pk})
    assert client_for(scenario.pmo).get(url).status_code == 404


def test_the_board_page_shows_its_quorum_rule_in_words_and_its_members_by_role(
    scenario, viewer, client_for
):
    page = page_text(client_for(viewer).get(board_url(scenario.board)))
    assert ("At least 3 voting members present, including at least one from each of: ICB or CCG, "
            "Local authority and NHS trust or foundation trust; the chair or a vice chair must be "
            "present; a member's deputy counts towards the quorum.") in page
    assert "Chair Chris Chair Programme manager Independent Voting" in page
    assert "In attendance Dana Director" in page and "Non-voting" in page
    assert page.index("Chris Chair") < page.index("Val Vice") < page.index("Cora Commissioner")


def test_a_member_whose_seat_has_ended_is_not_listed(scenario, viewer, client_for):
    former = BoardMembershipFactory(
        board=scenario.board, person=person_with_role(scenario.partnership, Role.VIEWER,
                                                      full_name="Fay Former"),
        start_date=timezone.localdate() - timedelta(days=400),
        end_date=timezone.localdate() - timedelta(days=1),
    )
    page = page_text(client_for(viewer).get(board_url(scenario.board)))
    assert former.person.full_name not in page


def test_the_board_page_lists_its_remit_and_meetings_with_their_papers_deadline(
    scenario, viewer, client_for
):
    programme = ProgrammeFactory(partnership=scenario.partnership, name="Urgent and emergency care")
    workstream = WorkstreamFactory(
        programme=ProgrammeFactory(partnership=scenario.partnership, name="Mental health"),
        name="Crisis care",
    )
    scenario.board.remit_programmes.add(programme)
    scenario.board.remit_workstreams.add(workstream)
    MeetingFactory(board=scenario.board, starts_at=at(timezone.localdate() - timedelta(days=30)))
    page = page_text(client_for(viewer).get(board_url(scenario.board)))
    assert "Urgent and emergency care (the whole programme)" in page
    assert "Crisis care (Mental health)" in page
    due = scenario.meeting.papers_due
    assert f"for the next meeting, by {due.day} {due:%B %Y}" in page
    upcoming = page[page.index("Upcoming meetings"):page.index("Past meetings")]
    assert scenario.meeting.date_label in upcoming and "Scheduled" in upcoming
    assert "Past meetings" in page and "No past meetings" not in page


def test_only_the_pmo_is_offered_scheduling_and_the_admin(scenario, viewer, client_for):
    schedule = reverse("meeting_create", kwargs={"partnership": scenario.partnership.slug,
                                                 "board": scenario.board.pk})
    pmo_page = client_for(scenario.pmo).get(board_url(scenario.board)).content.decode()
    assert schedule in pmo_page
    assert reverse("admin:governance_board_change", args=[scenario.board.pk]) in pmo_page
    viewer_page = client_for(viewer).get(board_url(scenario.board)).content.decode()
    assert schedule not in viewer_page and "/admin/" not in viewer_page.split("<footer")[0]


def test_the_boards_section_the_action_log_and_the_register_are_in_the_menu(
    scenario, viewer, client_for
):
    page = client_for(viewer).get(scenario.partnership.get_absolute_url()).content.decode()
    for name in ("board_list", "action_log", "interest_register"):
        assert reverse(name, kwargs={"partnership": scenario.partnership.slug}) in page


def test_a_pmo_manages_a_boards_members_in_the_admin(scenario, client_for):
    scenario.pmo.is_staff = True
    scenario.pmo.save()
    client = client_for(scenario.pmo)
    page = client.get(reverse("admin:governance_board_change", args=[scenario.board.pk]))
    assert page.status_code == 200
    assert "Chris Chair" in page.content.decode()
    listing = client.get(reverse("admin:governance_boardmembership_changelist")).content.decode()
    assert "Tara Trust" in listing


def test_a_pmo_sees_nothing_of_another_partnerships_boards_in_the_admin(
    scenario, outsider, other_partnership, client_for
):
    BoardFactory(partnership=other_partnership, name="Their Board")
    listing = client_for(scenario.pmo).get(
        reverse("admin:governance_board_changelist")).content.decode()
    assert "Their Board" not in listing and scenario.board.name in listing
    other = client_for(outsider).get(reverse("admin:governance_board_change",
                                             args=[scenario.board.pk]))
    assert other.status_code in (302, 404)


def test_meetings_show_their_status(scenario, viewer, client_for):
    scenario.meeting.status = Meeting.Status.PACK_PUBLISHED
    scenario.meeting.save()
    page = page_text(client_for(viewer).get(board_url(scenario.board)))
    assert "Pack published" in page
