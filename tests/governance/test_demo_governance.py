"""The demo's Programme Board: its seats from the framework, a year of meetings, their packs."""

from collections import Counter
from datetime import date

import pytest

from governance.demo import meeting_days
from governance.models import (
    Action,
    AssuranceReport,
    AssuranceVersion,
    Board,
    BoardPack,
    Decision,
    Interest,
    Meeting,
)
from programmes.demo import DEMO_TODAY
from programmes.models import StatusUpdate
from stp.models import Organisation, User
from stp.permissions import may
from stp.workingdays import is_working_day

Kind = Organisation.Kind


@pytest.fixture
def board(demo, db):
    return Board.objects.get(partnership__slug="staffordshire", name="Programme Board")


def test_the_programme_board_has_the_seats_the_strategic_framework_lists(board):
    seats = board.memberships.current().select_related("organisation", "person")
    chief_officers = Counter(
        s.organisation.kind for s in seats
        if s.voting and s.organisation and s.person.job_title != "Medical Director"
    )
    assert chief_officers[Kind.COMMISSIONER] == 6
    assert chief_officers[Kind.LOCAL_AUTHORITY] == 2
    assert chief_officers[Kind.TRUST] == 5
    chair = seats.get(role="chair")
    assert (chair.person.full_name, chair.organisation) == ("Dr Alison Whitby", None)
    non_voting = {s.person.job_title for s in seats if not s.voting}
    assert "Operational Lead, NHS England Midlands" in non_voting
    assert "Chair, Healthwatch Staffordshire" in non_voting
    assert board.remit_programmes.count() == 10


def test_a_year_of_monthly_meetings_each_held_with_minutes_decisions_and_actions(board):
    meetings = list(board.meetings.order_by("starts_at"))
    assert [m.local_start.date() for m in meetings] == meeting_days()
    past = [m for m in meetings if m.local_start.date() < DEMO_TODAY]
    assert len(past) == 11
    assert all(m.status == Meeting.Status.MINUTES_APPROVED for m in past[:-1])
    assert past[-1].status == Meeting.Status.HELD  # approved at the next meeting
    for meeting in past:
        assert meeting.attendance.filter(status="present").count() >= 12
        assert Decision.objects.filter(meeting=meeting).exists()
        assert all(item.minutes for item in meeting.items.all())
    assert meetings[-2].status == Meeting.Status.PACK_PUBLISHED  # 26 November, upcoming
    assert meetings[-1].status == Meeting.Status.SCHEDULED  # December
    assert meetings[-1].papers_due == date(2026, 12, 10)


def test_actions_are_open_done_and_dropped_with_some_overdue(board):
    statuses = Counter(Action.objects.filter(board=board).values_list("status", flat=True))
    assert set(statuses) == {"open", "done", "dropped"}
    overdue = [a for a in Action.objects.filter(board=board) if a.is_overdue(DEMO_TODAY)]
    assert overdue


def test_every_meeting_up_to_today_published_its_pack_on_its_papers_deadline(board):
    packs = BoardPack.objects.filter(meeting__board=board).select_related("meeting")
    assert packs.count() == 12
    for pack in packs:
        assert pack.published_at.date() == pack.meeting.papers_due
        assert pack.published_by.email == "pmo@example.com"
    # The updates those packs reported on are locked, as approved.
    locked = StatusUpdate.objects.filter(
        workstream__partnership__slug="staffordshire", period__lt=date(2026, 10, 1)
    )
    assert set(locked.values_list("status", flat=True)) == {StatusUpdate.Status.LOCKED}


def test_private_business_and_declarations_are_minuted(board):
    private = board.meetings.filter(items__part=2).distinct()
    assert private.count() >= 2
    assert all(m.held_in_public for m in private)
    declared = board.meetings.filter(items__declarations__excluded=True).distinct()
    assert declared.count() >= 3


def test_the_register_has_published_withheld_and_nil_returns(board):
    interests = Interest.objects.filter(partnership=board.partnership)
    assert interests.filter(published=False).exclude(withheld_reason="").count() == 1
    assert interests.filter(nil_return=True).count() == 3
    member = User.objects.get(email="member@example.com")
    assert interests.filter(person=member, nil_return=True).exists()


# Assurance reports: Staffordshire's May to October 2026, South East London's October ------------

@pytest.fixture
def assurance_versions(demo, db):
    return list(AssuranceVersion.objects.select_related("report__partnership", "published_by")
                .order_by("report__partnership__slug", "report__month", "number"))


def test_staffordshire_published_a_report_for_each_of_the_last_six_months(assurance_versions):
    staffordshire = [v for v in assurance_versions if v.report.partnership.slug == "staffordshire"]
    assert sorted({v.report.month for v in staffordshire}) == [
        date(2026, m, 1) for m in range(5, 11)]
    for version in staffordshire:
        published = version.published_at.date()
        assert published < DEMO_TODAY and is_working_day(published)
        assert version.data["signed_off_by"] == "Simon Whitehouse"
        assert version.published_by.email == "pmo@example.com"
        assert version.data["oversight"]["segment"] == 2
        assert version.data["summary"]["narrative"]
        with version.pdf.open("rb") as pdf:
            assert pdf.read(5) == b"%PDF-"


def test_august_was_corrected_by_a_second_version_and_the_first_stays(assurance_versions):
    august = [v for v in assurance_versions if v.report.month == date(2026, 8, 1)]
    assert [v.number for v in august] == [1, 2]
    assert "four months" in august[0].data["summary"]["narrative"]
    assert "three months" in august[1].data["summary"]["narrative"]
    assert august[1].reason.startswith("The narrative said falls admissions")


def test_every_demo_report_ends_published(demo, db):
    assert set(AssuranceReport.objects.values_list("status", flat=True)) == {"published"}


def test_each_regions_lead_sees_only_their_partnerships_published_reports(assurance_versions):
    midlands = User.objects.get(email="assurance@example.com")
    london = User.objects.get(email="assurance-london@example.com")
    for version in assurance_versions:
        in_london = version.report.partnership.slug == "south-east-london"
        assert may(london, "download_assurance", version) == in_london
        assert may(midlands, "download_assurance", version) != in_london
        assert not may(midlands, "view_assurance_drafts", version.report)
    assert any(v.report.partnership.slug == "south-east-london" for v in assurance_versions)
