"""Writes on a board's meetings: scheduling, the agenda, attendance, minutes, decisions, actions.

Each function is one transaction and refuses, with a message for the person who asked
(`TransitionNotAllowed`), what the meeting's state does not allow: nothing changes once the
minutes are approved, and minutes wait for the meeting to start.
"""

from django.db import transaction
from django.utils import timezone

from governance.models import (
    Action,
    ActionNote,
    AgendaItem,
    Attendance,
    BoardMembership,
    Decision,
    Declaration,
    Meeting,
)
from governance.references import next_reference
from governance.uploads import check_paper
from programmes.exceptions import TransitionNotAllowed
from programmes.pids import approve_pid

Standing = AgendaItem.Standing
Purpose = AgendaItem.Purpose

# Every agenda opens with these and closes with any other business (CONVENTIONS §4).
OPENING = [
    (Standing.WELCOME, Purpose.INFORMATION, 5),
    (Standing.DECLARATIONS, Purpose.INFORMATION, 5),
    (Standing.LAST_MINUTES, Purpose.APPROVAL, 10),
]
CLOSING = [(Standing.ANY_OTHER_BUSINESS, Purpose.DISCUSSION, 10)]

AGENDA_CLOSED = (
    "The minutes of this meeting have been approved, so its agenda can no longer be changed."
)
MINUTES_CLOSED = "The minutes of this meeting have been approved and can no longer be changed."


# The meeting --------------------------------------------------------------------------------

def schedule_meeting(board, by, *, starts_at, location="", online_link="", held_in_public=False):
    """A new meeting of `board`, its agenda opened with the standing items."""
    with transaction.atomic():
        meeting = Meeting(
            board=board, starts_at=starts_at, location=location, online_link=online_link,
            held_in_public=held_in_public,
        )
        _save(meeting, by)
        day = meeting.local_start.date()
        chair = (
            BoardMembership.objects.current(day)
            .filter(board=board, role=BoardMembership.Role.CHAIR)
            .values_list("person_id", flat=True)
            .first()
        )
        for order, (standing, purpose, minutes) in enumerate(OPENING + CLOSING, start=1):
            _save(AgendaItem(
                meeting=meeting, order=order, title=standing.label, standing=standing,
                purpose=purpose, minutes_allotted=minutes, presenter_id=chair,
            ), by)
    return meeting


def edit_meeting(meeting, by, *, starts_at, location, online_link, held_in_public):
    with transaction.atomic():
        meeting = _locked(meeting)
        if meeting.is_closed:
            raise TransitionNotAllowed(AGENDA_CLOSED)
        meeting.starts_at, meeting.location = starts_at, location
        meeting.online_link, meeting.held_in_public = online_link, held_in_public
        _save(meeting, by)
    return meeting


def mark_held(meeting, by):
    """The meeting took place: its minutes are now being written."""
    with transaction.atomic():
        meeting = _locked(meeting)
        if meeting.status not in (Meeting.Status.SCHEDULED, Meeting.Status.PACK_PUBLISHED):
            raise TransitionNotAllowed(
                f"This meeting is already marked as {meeting.get_status_display().lower()}."
            )
        if meeting.starts_at > timezone.now():
            raise TransitionNotAllowed(
                "This meeting has not started yet: mark it as held once it has taken place."
            )
        meeting.status = Meeting.Status.HELD
        _save(meeting, by)
    return meeting


def approve_minutes(meeting, at_meeting, by):
    """The board approved the minutes of `meeting` at `at_meeting` (a later meeting of it)."""
    with transaction.atomic():
        meeting = _locked(meeting)
        if meeting.status == Meeting.Status.MINUTES_APPROVED:
            raise TransitionNotAllowed("The minutes of this meeting are already approved.")
        if meeting.status != Meeting.Status.HELD:
            raise TransitionNotAllowed(
                "Mark the meeting as held before its minutes can be approved."
            )
        if at_meeting.board_id != meeting.board_id or at_meeting.starts_at <= meeting.starts_at:
            raise TransitionNotAllowed(
                "Minutes are approved at a later meeting of the same board."
            )
        if at_meeting.starts_at > timezone.now():
            raise TransitionNotAllowed(
                f"The meeting of {at_meeting.date_label} has not taken place yet: the minutes "
                "are approved once it has."
            )
        meeting.status = Meeting.Status.MINUTES_APPROVED
        meeting.minutes_approved_at_meeting = at_meeting
        _save(meeting, by)
    return meeting


# The agenda ---------------------------------------------------------------------------------

def add_item(meeting, by, item, *, risks=(), paper=None):
    """Add `item` (unsaved) to the agenda: part 1 items go before any other business, part 2
    items at the end. `paper` is an uploaded PDF or DOCX."""
    with transaction.atomic():
        meeting = _locked(meeting)
        if meeting.is_closed:
            raise TransitionNotAllowed(AGENDA_CLOSED)
        item.meeting = meeting
        items = _agenda(meeting)
        items.insert(_place(items, item.part), item)
        _sort(items)
        if paper is not None:
            _attach_paper(item, paper)
        item.order = items.index(item) + 1
        _save(item, by)
        item.risks.set(risks)
        _renumber(items, by)
    return item


def edit_item(item, by, *, risks=None, paper=None, remove_paper=False):
    """Save the changes made to `item`; a change of part moves it to the end of that part."""
    with transaction.atomic():
        meeting = _locked(item.meeting)
        if meeting.is_closed:
            raise TransitionNotAllowed(AGENDA_CLOSED)
        items = _agenda(meeting)
        index = next(n for n, i in enumerate(items) if i.pk == item.pk)
        stored = items.pop(index)
        items.insert(index if stored.part == item.part else _place(items, item.part), item)
        _sort(items)
        if paper is not None:
            _attach_paper(item, paper)
        elif remove_paper:
            item.paper, item.paper_name = "", ""
        item.order = items.index(item) + 1
        _save(item, by)
        if risks is not None:
            item.risks.set(risks)
        _renumber(items, by)
    return item


def move_item(item, by, direction):
    """Swap the item with the one before ("up") or after ("down") it in the same part."""
    with transaction.atomic():
        meeting = _locked(item.meeting)
        if meeting.is_closed:
            raise TransitionNotAllowed(AGENDA_CLOSED)
        items = _agenda(meeting)
        current = next(i for i in items if i.pk == item.pk)
        same_part = [i for i in items if i.part == current.part]
        index = same_part.index(current)
        other = index - 1 if direction == "up" else index + 1
        if direction not in ("up", "down") or not 0 <= other < len(same_part):
            where = "first" if direction == "up" else "last"
            raise TransitionNotAllowed(
                f"“{current.title}” is already {where} in {current.get_part_display()}."
            )
        neighbour = same_part[other]
        a, b = items.index(current), items.index(neighbour)
        items[a], items[b] = neighbour, current
        _renumber(items, by)
    return current


def remove_item(item, by):
    """Take an item off the agenda; one with minuted decisions, actions or declarations stays."""
    with transaction.atomic():
        meeting = _locked(item.meeting)
        if meeting.is_closed:
            raise TransitionNotAllowed(AGENDA_CLOSED)
        if (item.decisions.exists() or item.actions.exists()
                or item.declarations.exists()):
            raise TransitionNotAllowed(
                f"“{item.title}” has decisions, actions or declarations minuted against it, "
                "so it cannot be removed from the agenda."
            )
        item._history_user = by
        item.delete()
        _renumber(_agenda(meeting), by)


def _agenda(meeting):
    return list(AgendaItem.objects.filter(meeting=meeting).order_by("part", "order", "pk"))


def _place(items, part):
    """Where a new item of `part` goes: before any other business in part 1, else at the end
    of its part."""
    if part == AgendaItem.Part.PUBLIC:
        for index, existing in enumerate(items):
            if existing.part == part and existing.standing == Standing.ANY_OTHER_BUSINESS:
                return index
    before = [i for i in items if i.part <= part]
    return len(before)


def _renumber(items, by):
    """Orders run 1, 2, 3 ... through the agenda, part 1 then part 2: the number shown before
    the pack gives items their references."""
    _sort(items)
    for position, item in enumerate(items, start=1):
        if item.order != position:
            item.order = position
            item._history_user = by
            item.save(update_fields=["order"])


def _sort(items):
    items.sort(key=lambda i: i.part)  # stable: keeps the order within each part


def _attach_paper(item, upload):
    checked = check_paper(upload)
    item.paper.save(checked.stored_name, upload, save=False)
    item.paper_name = checked.original_name


# Attendance and minutes -----------------------------------------------------------------------

def record_attendance(meeting, by, rows):
    """Who came: `rows` of (membership, status, deputy name) for the board's members."""
    with transaction.atomic():
        meeting = _locked(meeting)
        if meeting.is_closed:
            raise TransitionNotAllowed(MINUTES_CLOSED)
        existing = {a.membership_id: a for a in Attendance.objects.filter(meeting=meeting)}
        saved = []
        for membership, status, deputy_name in rows:
            attendance = existing.get(membership.pk) or Attendance(
                meeting=meeting, membership=membership
            )
            deputy_name = deputy_name.strip() if status == Attendance.Status.DEPUTY else ""
            if attendance.pk and (attendance.status, attendance.deputy_name) == (
                    status, deputy_name):
                saved.append(attendance)
                continue
            attendance.status, attendance.deputy_name = status, deputy_name
            _save(attendance, by)
            saved.append(attendance)
    return saved


def record_item_minutes(item, by, minutes):
    """The discussion of an item as minuted (for any other business, the meeting's too)."""
    with transaction.atomic():
        meeting = _minutes_open(item.meeting)
        item.minutes = minutes.strip()
        item._history_user = by
        item.save(update_fields=["minutes"])
        if item.standing == Standing.ANY_OTHER_BUSINESS:
            meeting.any_other_business = item.minutes
            _save(meeting, by)
    return item


def record_declaration(item, by, *, person, description, interest=None, excluded=True):
    """A member declared an interest in the item; if `excluded`, they left it."""
    with transaction.atomic():
        _minutes_open(item.meeting)
        declaration = Declaration(
            item=item, person=person, interest=interest, description=description.strip(),
            excluded=excluded,
        )
        _save(declaration, by)
    return declaration


def record_decision(item, by, *, resolution, votes_for=None, votes_against=None,
                    abstentions=None, approves_pid=False):
    """What the board resolved on the item; approving the item's PID makes it the baseline.

    If the PID cannot be approved (it is no longer awaiting approval) nothing is recorded and
    TransitionNotAllowed says why.
    """
    with transaction.atomic():
        meeting = _minutes_open(item.meeting)
        if approves_pid and item.pid_id is None:
            raise TransitionNotAllowed("This item has no PID to approve.")
        decision = Decision(
            meeting=meeting, item=item, reference=next_reference(meeting, "D"),
            resolution=resolution.strip(), votes_for=votes_for, votes_against=votes_against,
            abstentions=abstentions, approves_pid=approves_pid, recorded_by=by,
        )
        _save(decision, by)
        if approves_pid:
            approve_pid(item.pid, by, decision_reference=decision.reference)
    return decision


def add_action(meeting, by, *, description, owner, due_date, item=None):
    """An action the meeting gave someone: it stays on the board's log until closed."""
    with transaction.atomic():
        meeting = _minutes_open(meeting)
        action = Action(
            board_id=meeting.board_id, meeting=meeting, item=item,
            reference=next_reference(meeting, "A"), description=description.strip(),
            owner=owner, due_date=due_date,
        )
        _save(action, by)
    return action


def remove_minuted(record, by):
    """Undo a declaration, decision or action minuted by mistake (not a PID approval, nor an
    action with progress reported)."""
    with transaction.atomic():
        _minutes_open(record.meeting if not isinstance(record, Declaration)
                      else record.item.meeting)
        if isinstance(record, Decision) and record.approves_pid:
            raise TransitionNotAllowed(
                f"Decision {record.reference} approved a PID and cannot be removed."
            )
        if isinstance(record, Action) and record.notes.exists():
            raise TransitionNotAllowed(
                f"Action {record.reference} has progress reported on it and cannot be removed; "
                "drop it instead."
            )
        record._history_user = by
        record.delete()


def update_action(action, by, *, note="", status=None):
    """Report progress on an action and, optionally, close (done or dropped) or reopen it."""
    note = note.strip()
    with transaction.atomic():
        action = Action.objects.select_for_update().get(pk=action.pk)
        status = status or action.status
        if not note and status == action.status:
            raise TransitionNotAllowed("Enter the progress made, or change the status.")
        if status != action.status:
            change = (f"Status changed from {action.get_status_display().lower()} to "
                      f"{Action.Status(status).label.lower()}.")
            note = f"{note}\n\n{change}" if note else change
            action.status = status
            action.closed_on = None if status == Action.Status.OPEN else timezone.localdate()
            _save(action, by)
        ActionNote.objects.create(action=action, text=note, written_by=by)
    return action


# Helpers -------------------------------------------------------------------------------------

def _locked(meeting):
    return Meeting.objects.select_for_update().select_related("board__partnership").get(
        pk=meeting.pk
    )


def _minutes_open(meeting):
    meeting = _locked(meeting)
    if meeting.is_closed:
        raise TransitionNotAllowed(MINUTES_CLOSED)
    if not meeting.has_started:
        raise TransitionNotAllowed(
            f"Minutes are recorded once the meeting has started ({meeting.date_label} at "
            f"{meeting.local_start:%H:%M})."
        )
    return meeting


def _save(record, by):
    record._history_user = by
    record.save()
    return record
