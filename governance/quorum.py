"""Whether a meeting was quorate under its board's rule, and if not, why, in plain English.

The rule (CONVENTIONS §4): a minimum number of voting members present, each of the named
constituencies (kinds of organisation) represented, the chair or a vice chair present, and
whether a member's authorised deputy counts. Only voting members whose seat is current on the
day of the meeting count.
"""

from dataclasses import dataclass, field

from django.utils import timezone

from governance.models import Attendance, BoardMembership
from stp.models import Organisation

# How a missing constituency is named: "No council member present".
MEMBER_OF = {
    Organisation.Kind.COMMISSIONER: "ICB or CCG member",
    Organisation.Kind.LOCAL_AUTHORITY: "council member",
    Organisation.Kind.TRUST: "NHS trust member",
    Organisation.Kind.PCN: "primary care network member",
    Organisation.Kind.HEALTHWATCH: "Healthwatch member",
    Organisation.Kind.NHSE_REGION: "NHS England member",
    Organisation.Kind.VOLUNTARY: "voluntary sector member",
    Organisation.Kind.OTHER: "member from another organisation",
}


@dataclass(frozen=True)
class Quorum:
    met: bool
    present: int  # voting members counted (present, or by a deputy when deputies count)
    required: int
    shortfalls: list = field(default_factory=list)
    recorded: bool = True  # False when no attendance has been recorded yet

    @property
    def summary(self):
        if not self.recorded:
            return "Attendance has not been recorded yet."
        counted = f"{self.present} voting member{'' if self.present == 1 else 's'} counted"
        if self.met:
            return f"The meeting was quorate: {counted}, at least {self.required} needed."
        return f"The meeting was not quorate: {counted}, at least {self.required} needed."


def check_quorum(board, attendances, on=None):
    """The quorum of a meeting of `board` from its Attendance rows (memberships loaded).

    `on` is the day of the meeting (seats current that day count); default today.
    """
    on = on or timezone.localdate()
    attendances = list(attendances)
    voting = [
        a for a in attendances if a.membership.voting and a.membership.is_current(on)
    ]
    counts = {Attendance.Status.PRESENT}
    if board.deputies_count:
        counts.add(Attendance.Status.DEPUTY)
    counted = [a for a in voting if a.status in counts]
    shortfalls = []
    if len(counted) < board.quorum_minimum:
        shortfalls.append(
            f"{_count_words(len(counted))} present; at least {board.quorum_minimum} needed"
        )
    for kind in board.quorum_constituencies or []:
        if any(_kind(a) == kind for a in counted):
            continue
        sentence = f"No {MEMBER_OF.get(kind, 'member of ' + str(kind))} present"
        by_deputy = any(
            _kind(a) == kind and a.status == Attendance.Status.DEPUTY
            for a in voting
        )
        if by_deputy:
            sentence += " (only a deputy, and deputies do not count)"
        shortfalls.append(sentence)
    if board.quorum_needs_chair and not any(
        a.membership.role in BoardMembership.CHAIRS and a.status == Attendance.Status.PRESENT
        and a.membership.is_current(on)
        for a in attendances
    ):
        shortfalls.append("Neither the chair nor a vice chair is present")
    return Quorum(
        met=not shortfalls, present=len(counted), required=board.quorum_minimum,
        shortfalls=shortfalls, recorded=bool(attendances),
    )


def meeting_quorum(meeting, attendances=None):
    """The quorum of `meeting`; pass its attendances if already loaded (one query otherwise)."""
    if attendances is None:
        attendances = Attendance.objects.filter(meeting=meeting).select_related(
            "membership__organisation"
        )
    return check_quorum(meeting.board, attendances, on=meeting.local_start.date())


def _kind(attendance):
    organisation = attendance.membership.organisation
    return organisation.kind if organisation is not None else None


def _count_words(count):
    if count == 0:
        return "No voting members"
    if count == 1:
        return "Only 1 voting member"
    return f"Only {count} voting members"
