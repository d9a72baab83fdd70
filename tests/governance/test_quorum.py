"""The quorum rule: a minimum of voting members, constituencies, the chair, and deputies."""

from datetime import date

from governance.models import Attendance, Board, BoardMembership
from governance.quorum import check_quorum
from stp.models import Organisation, User

Kind = Organisation.Kind
Seat = BoardMembership.Role
Status = Attendance.Status
DAY = date(2026, 12, 3)


def board(**rule):
    defaults = {"quorum_minimum": 3, "quorum_constituencies": [], "quorum_needs_chair": False,
                "deputies_count": True}
    return Board(name="Programme Board", code="PB", **{**defaults, **rule})


def seat(kind=Kind.TRUST, role=Seat.MEMBER, voting=True, start=date(2025, 4, 1), end=None):
    return BoardMembership(
        person=User(full_name=f"{role} of {kind}"), organisation=Organisation(name=kind, kind=kind),
        role=role, voting=voting, start_date=start, end_date=end,
    )


def came(status=Status.PRESENT, **seat_fields):
    return Attendance(membership=seat(**seat_fields), status=status)


def test_enough_voting_members_present_make_a_quorum():
    quorum = check_quorum(board(), [came(), came(), came()], on=DAY)
    assert quorum.met and quorum.present == 3 and quorum.required == 3
    assert quorum.shortfalls == []


def test_too_few_present_is_not_quorate_and_says_how_many_were_needed():
    quorum = check_quorum(board(), [came(), came(), came(status=Status.APOLOGIES)], on=DAY)
    assert not quorum.met
    assert quorum.shortfalls == ["Only 2 voting members present; at least 3 needed"]


def test_non_voting_members_and_ended_seats_do_not_count():
    quorum = check_quorum(board(), [
        came(), came(), came(role=Seat.ATTENDEE, voting=False),
        came(start=date(2024, 4, 1), end=date(2026, 3, 31)),
    ], on=DAY)
    assert not quorum.met and quorum.present == 2


def test_each_named_constituency_must_be_represented():
    rule = board(quorum_minimum=2, quorum_constituencies=[Kind.COMMISSIONER,
                                                          Kind.LOCAL_AUTHORITY, Kind.TRUST])
    quorum = check_quorum(rule, [came(kind=Kind.TRUST), came(kind=Kind.TRUST),
                                 came(kind=Kind.COMMISSIONER)], on=DAY)
    assert not quorum.met
    assert quorum.shortfalls == ["No council member present"]


def test_the_chair_or_a_vice_chair_must_be_present_when_the_rule_says_so():
    members = [came(), came(), came()]
    assert not check_quorum(board(quorum_needs_chair=True), members, on=DAY).met
    assert check_quorum(board(quorum_needs_chair=True), members, on=DAY).shortfalls == [
        "Neither the chair nor a vice chair is present"]
    with_vice = [*members, came(role=Seat.VICE_CHAIR)]
    assert check_quorum(board(quorum_needs_chair=True), with_vice, on=DAY).met


def test_a_chair_represented_by_a_deputy_is_not_the_chair_present():
    members = [came(), came(), came(role=Seat.CHAIR, status=Status.DEPUTY)]
    quorum = check_quorum(board(quorum_needs_chair=True), members, on=DAY)
    assert quorum.shortfalls == ["Neither the chair nor a vice chair is present"]


def test_deputies_count_when_the_board_allows_it():
    members = [came(), came(), came(kind=Kind.LOCAL_AUTHORITY, status=Status.DEPUTY)]
    rule = {"quorum_constituencies": [Kind.LOCAL_AUTHORITY]}
    assert check_quorum(board(deputies_count=True, **rule), members, on=DAY).met
    quorum = check_quorum(board(deputies_count=False, **rule), members, on=DAY)
    assert not quorum.met and quorum.present == 2
    assert quorum.shortfalls == [
        "Only 2 voting members present; at least 3 needed",
        "No council member present (only a deputy, and deputies do not count)",
    ]


def test_with_no_attendance_recorded_the_quorum_is_not_known():
    quorum = check_quorum(board(), [], on=DAY)
    assert not quorum.met and not quorum.recorded
    assert quorum.summary == "Attendance has not been recorded yet."


def test_an_independent_chair_without_an_organisation_counts_but_represents_no_constituency():
    chair = Attendance(membership=BoardMembership(
        person=User(full_name="Independent chair"), organisation=None, role=Seat.CHAIR,
        voting=True, start_date=date(2025, 4, 1)), status=Status.PRESENT)
    rule = board(quorum_minimum=2, quorum_needs_chair=True,
                 quorum_constituencies=[Kind.TRUST])
    assert check_quorum(rule, [chair, came(kind=Kind.TRUST)], on=DAY).met
    assert check_quorum(rule, [chair, came(kind=Kind.COMMISSIONER)], on=DAY).shortfalls == [
        "No NHS trust member present"]
