"""Who may see and do what with boards, meetings and board packs (registered with stp.permissions).

- Every member of the partnership sees its boards, meetings, agendas (part 1), decisions and
  actions of part 1, and the published register of interests.
- Part 2 (private) business is seen only by the board's current members and attendees (not
  observers) and by the PMO.
- Published packs are read by the board's members, attendees and observers, by the PMO, and by
  programme directors whose programmes or workstreams are in the board's remit. Those without
  part 2 access read the part 1 version.
- The PMO schedules meetings, builds agendas, records minutes, decisions and actions, publishes
  packs, and sees who has read them. An action's owner reports progress on it.
- Assurance reports for NHS England: see the block at the end.

Board seats are read once per request and kept on the person's cached Access.
"""

from django.db.models import Q

from governance.models import (
    Action,
    AssuranceDownload,
    AssuranceReport,
    AssuranceVersion,
    Board,
    BoardMembership,
    BoardPack,
    Meeting,
)
from programmes.models import Programme, Workstream
from stp.permissions import Role, rule


def _board_of(record):
    if isinstance(record, Board):
        return record
    if isinstance(record, Meeting):
        return record.board
    if isinstance(record, BoardPack):
        return record.meeting.board
    if isinstance(record, Action):
        return record.board
    raise TypeError(f"No board for {record!r}")


def seats(access):
    """{board id: set of membership roles} for the person's current seats."""
    cached = getattr(access, "_board_seats", None)
    if cached is None:
        cached = {}
        rows = BoardMembership.objects.current().filter(person=access.user)
        for board_id, role in rows.values_list("board_id", "role"):
            cached.setdefault(board_id, set()).add(role)
        access._board_seats = cached
    return cached


def remit_boards(access):
    """Ids of boards whose remit holds a programme or workstream the person directs."""
    cached = getattr(access, "_remit_boards", None)
    if cached is None:
        programmes = access.scoped_ids(Role.PROGRAMME_DIRECTOR, Programme)
        workstreams = access.scoped_ids(Role.PROGRAMME_DIRECTOR, Workstream)
        cached = set()
        if programmes or workstreams:
            cached = set(
                Board.objects.filter(
                    Q(remit_programmes__in=programmes)
                    | Q(remit_workstreams__in=workstreams)
                    | Q(remit_programmes__workstreams__in=workstreams)
                ).values_list("pk", flat=True)
            )
        access._remit_boards = cached
    return cached


def is_pmo(access, record):
    return access.has_role(_board_of(record).partnership_id, Role.PMO)


def reads(access, record):
    return access.is_member(_board_of(record).partnership_id)


def reads_private(access, record):
    board = _board_of(record)
    return is_pmo(access, board) or (
        reads(access, board)
        and bool(seats(access).get(board.pk, set()) & set(BoardMembership.PRIVATE_READERS))
    )


def reads_packs(access, record):
    board = _board_of(record)
    return reads(access, board) and (
        is_pmo(access, board) or board.pk in seats(access) or board.pk in remit_boards(access)
    )


# A partnership's sections -----------------------------------------------------------------

@rule("view_boards")
def _view_boards(access, partnership):
    return access.is_member(partnership)


@rule("view_interests")
def _view_interests(access, partnership):
    return access.is_member(partnership)


@rule("manage_interests")
def _manage_interests(access, partnership):
    return access.has_role(partnership, Role.PMO)


@rule("view_withheld_interests")
def _view_withheld_interests(access, partnership):
    return access.has_role(partnership, Role.PMO)


@rule("view_actions")
def _view_actions(access, partnership):
    return access.is_member(partnership)


# Boards and meetings -------------------------------------------------------------------------

@rule("view_board")
def _view_board(access, board):
    return reads(access, board)


@rule("manage_board")
def _manage_board(access, board):
    return is_pmo(access, board)


@rule("view_meeting")
def _view_meeting(access, meeting):
    return reads(access, meeting)


@rule("view_private_business")
def _view_private_business(access, record):
    return reads_private(access, record)


@rule("manage_meeting")
def _manage_meeting(access, meeting):
    """Scheduling, the agenda, attendance, minutes, decisions and actions."""
    return is_pmo(access, meeting)


# Packs ----------------------------------------------------------------------------------------

@rule("view_packs")
def _view_packs(access, record):
    """Read the published packs of a board or meeting (or a pack)."""
    return reads_packs(access, record)


@rule("publish_pack")
def _publish_pack(access, meeting):
    return is_pmo(access, meeting)


@rule("view_pack_readers")
def _view_pack_readers(access, record):
    return is_pmo(access, record)


# Actions ----------------------------------------------------------------------------------------

@rule("view_action")
def _view_action(access, action):
    if action.is_private:
        return reads_private(access, action)
    return reads(access, action)


@rule("update_action")
def _update_action(access, action):
    """Report progress or close it: the owner or the PMO."""
    return _view_action(access, action) and (
        is_pmo(access, action) or action.owner_id == access.user.pk
    )


# Assurance reports ------------------------------------------------------------------------------
# The PMO, programme directors and board members of the partnership read the draft (a live
# preview) and the published versions. NHS England's assurance leads (of the partnership's
# region, or assigned to it) read published versions only, never a draft. Programme directors
# write the assessment and sign it off; the PMO may also write it, publishes and reopens, and
# sees who downloaded what. Rules given a report also check its state, so pages can ask them
# whether to offer a button.

ASSURANCE_DRAFT_READERS = (Role.PMO, Role.PROGRAMME_DIRECTOR, Role.BOARD_MEMBER)


def _assurance_partnership(record):
    """The partnership (or its id) of a partnership, report, version or download."""
    if isinstance(record, AssuranceDownload):
        record = record.version
    if isinstance(record, AssuranceVersion):
        record = record.report
    if isinstance(record, AssuranceReport):
        return record.partnership_id
    return record


def _report_in(record, *statuses):
    """True for a partnership (no report yet counts as a draft), else the report's status."""
    if isinstance(record, AssuranceReport):
        return record.status in statuses
    return AssuranceReport.Status.DRAFT in statuses


@rule("view_assurance")
def _view_assurance(access, record):
    """See the partnership's assurance reports at all (drafts or published versions)."""
    return access.has_role(_assurance_partnership(record), *ASSURANCE_DRAFT_READERS,
                           Role.ASSURANCE_LEAD)


@rule("view_assurance_drafts")
def _view_assurance_drafts(access, record):
    return access.has_role(_assurance_partnership(record), *ASSURANCE_DRAFT_READERS)


@rule("view_published_assurance")
def _view_published_assurance(access, record):
    return _view_assurance(access, record)


@rule("download_assurance")
def _download_assurance(access, record):
    return _view_published_assurance(access, record)


@rule("edit_assessment")
def _edit_assessment(access, record):
    """Write the overall rating, narrative, segment and support (not once published)."""
    return not _report_in(record, AssuranceReport.Status.PUBLISHED) and access.has_role(
        _assurance_partnership(record), Role.PROGRAMME_DIRECTOR, Role.PMO
    )


@rule("sign_off_assurance")
def _sign_off_assurance(access, record):
    return _report_in(record, AssuranceReport.Status.DRAFT) and access.has_role(
        _assurance_partnership(record), Role.PROGRAMME_DIRECTOR
    )


@rule("publish_assurance")
def _publish_assurance(access, record):
    return _report_in(record, AssuranceReport.Status.SIGNED_OFF) and access.has_role(
        _assurance_partnership(record), Role.PMO
    )


@rule("reopen_assurance")
def _reopen_assurance(access, record):
    return _report_in(record, AssuranceReport.Status.PUBLISHED) and access.has_role(
        _assurance_partnership(record), Role.PMO
    )


@rule("view_assurance_downloads")
def _view_assurance_downloads(access, record):
    return access.has_role(_assurance_partnership(record), Role.PMO)
