"""What the boards-and-meetings pages show, each read in a fixed number of queries.

Views call one function here and render what it returns. Part 2 (private) business is left
out of everything built for a person who may not see it: not hidden by the template, never
loaded.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Case, IntegerField, OuterRef, Prefetch, Q, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_text_list

from governance.models import (
    Action,
    ActionNote,
    AgendaItem,
    Attendance,
    Board,
    BoardMembership,
    Decision,
    Declaration,
    Interest,
    Meeting,
)
from governance.quorum import meeting_quorum
from stp.models import RoleAssignment, User
from stp.permissions import may

Role = BoardMembership.Role
EXCLUSION_RESOLUTION = (
    "Resolution to exclude the press and public under section 1(2) of the Public Bodies "
    "(Admission to Meetings) Act 1960"
)
EXCLUSION_TEXT = (
    "That representatives of the press and other members of the public be excluded from the "
    "remainder of this meeting, having regard to the confidential nature of the business to be "
    "transacted, publicity on which would be prejudicial to the public interest."
)
STATUS_TAGS = {
    Meeting.Status.SCHEDULED: "nhsuk-tag--grey",
    Meeting.Status.PACK_PUBLISHED: "nhsuk-tag--blue",
    Meeting.Status.HELD: "nhsuk-tag--yellow",
    Meeting.Status.MINUTES_APPROVED: "nhsuk-tag--green",
}
ROLE_ORDER = [Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER, Role.ATTENDEE, Role.OBSERVER]
ROLE_HEADINGS = {
    Role.CHAIR: "Chair", Role.VICE_CHAIR: "Vice chairs", Role.MEMBER: "Members",
    Role.ATTENDEE: "In attendance", Role.OBSERVER: "Observers",
}


# Links ---------------------------------------------------------------------------------------

def crumbs(partnership, *records):
    """Breadcrumbs from home down to `records`: model instances, or (title, url) pairs."""
    trail = [{"title": "Home", "url": reverse("home")},
             {"title": partnership.short_name, "url": partnership.get_absolute_url()}]
    for record in records:
        title, url = record if isinstance(record, tuple) else (str(record),
                                                                record.get_absolute_url())
        trail.append({"title": title, "url": url})
    return trail


def boards_crumb(partnership):
    return ("Boards and meetings", reverse("board_list", kwargs={"partnership": partnership.slug}))


def meeting_crumbs(meeting, *more):
    partnership = meeting.board.partnership
    return crumbs(partnership, boards_crumb(partnership), meeting.board,
                  (f"Meeting of {meeting.date_label}", meeting.get_absolute_url()), *more)


def _url(name, meeting, **kwargs):
    return reverse(name, kwargs={"partnership": meeting.board.partnership.slug,
                                 "meeting": meeting.pk, **kwargs})


# Who is who --------------------------------------------------------------------------------

def partnership_people(partnership, include=()):
    """People who can present, own an action or declare: a current role in the partnership or
    a current seat on one of its boards (and anyone in `include`, e.g. the current owner)."""
    today = timezone.localdate()
    holders = RoleAssignment.objects.current().filter(partnership=partnership)
    seats = BoardMembership.objects.current(today).filter(board__partnership=partnership)
    condition = Q(role_assignments__in=holders) | Q(board_memberships__in=seats)
    include = [pk for pk in include if pk]
    if include:
        condition |= Q(pk__in=include)
    return User.objects.filter(condition).distinct().order_by("full_name")


def private_board_ids(user, boards):
    """The boards whose part 2 business this person sees (no query beyond the first)."""
    return {board.pk for board in boards if may(user, "view_private_business", board)}


# The quorum rule in words -------------------------------------------------------------------

def quorum_rule_words(board):
    minimum = board.quorum_minimum
    words = [f"At least {minimum} voting member{'' if minimum == 1 else 's'} present"]
    labels = board.constituency_labels()
    if labels:
        words[0] += (", including at least one from each of: "
                     + get_text_list(labels, "and"))
    words.append("the chair or a vice chair must be present" if board.quorum_needs_chair
                 else "the chair need not be present")
    words.append("a member's deputy counts towards the quorum" if board.deputies_count
                 else "deputies do not count towards the quorum")
    return "; ".join(words) + "."


# Boards ------------------------------------------------------------------------------------

def board_list_page(partnership, user):
    """The partnership's boards, each with its next meeting: two queries."""
    now = timezone.now()
    boards = list(
        Board.objects.filter(partnership=partnership)
        .select_related("partnership")
        .prefetch_related(Prefetch(
            "meetings", queryset=Meeting.objects.filter(starts_at__gte=now).order_by("starts_at"),
            to_attr="upcoming",
        ))
    )
    for board in boards:
        board.next_meeting = board.upcoming[0] if board.upcoming else None
    return {
        "partnership": partnership,
        "boards": boards,
        "admin_add_url": reverse("admin:governance_board_add")
        if may(user, "manage_partnership", partnership) and may(user, "use_admin") else "",
        "breadcrumbs": crumbs(partnership),
    }


def board_page(board, user):
    """A board: terms of reference, remit, quorum, members, meetings. Four queries.

    `board` loaded with select_related("partnership").
    """
    today = timezone.localdate()
    now = timezone.now()
    members = list(
        BoardMembership.objects.current(today).filter(board=board)
        .select_related("person", "organisation")
    )
    groups = [
        {"role": role, "heading": ROLE_HEADINGS[role],
         "members": sorted((m for m in members if m.role == role),
                           key=lambda m: m.person.full_name)}
        for role in ROLE_ORDER
    ]
    meetings = list(Meeting.objects.filter(board=board).order_by("starts_at"))
    for meeting in meetings:
        meeting.board = board
        meeting.status_tag = STATUS_TAGS[meeting.status]
        meeting.deadline_passed = _deadline_passed(meeting, today)
    upcoming = [m for m in meetings if m.starts_at >= now]
    past = [m for m in reversed(meetings) if m.starts_at < now]
    manage = may(user, "manage_board", board)
    return {
        "partnership": board.partnership,
        "board": board,
        "programmes": list(board.remit_programmes.order_by("name")),
        "workstreams": list(board.remit_workstreams.select_related("programme")
                            .order_by("programme__name", "name")),
        "quorum_rule": quorum_rule_words(board),
        "member_groups": [g for g in groups if g["members"]],
        "upcoming": upcoming,
        "past": past,
        "next_meeting": upcoming[0] if upcoming else None,
        "may_schedule": manage,
        "admin_url": reverse("admin:governance_board_change", args=[board.pk])
        if manage and may(user, "use_admin") else "",
        "breadcrumbs": crumbs(board.partnership, boards_crumb(board.partnership)),
    }


def _deadline_passed(meeting, today):
    return meeting.status == Meeting.Status.SCHEDULED and meeting.papers_due < today


# A meeting ---------------------------------------------------------------------------------

def agenda_items(meeting, private, *, minutes=False):
    """The agenda in order, part 2 only when `private`; with declarations (and, for the
    minutes, decisions and actions). Three or five queries."""
    items = (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("presenter", "pid__workstream")
        .prefetch_related(
            "risks",
            Prefetch("declarations",
                     queryset=Declaration.objects.select_related("person", "interest")),
        )
        .order_by("part", "order", "pk")
    )
    if minutes:
        items = items.prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.order_by("pk")),
            Prefetch("actions", queryset=Action.objects.select_related("owner").order_by("pk")),
        )
    if not private:
        items = items.filter(part=AgendaItem.Part.PUBLIC)
    items = list(items)
    for item in items:
        item.meeting = meeting
        item.left = [d.person for d in item.declarations.all() if d.excluded]
    return items


def _parts(meeting, items):
    """The agenda as shown: part 1, then (if any) the exclusion resolution and part 2."""
    part1 = [i for i in items if i.part == AgendaItem.Part.PUBLIC]
    part2 = [i for i in items if i.part == AgendaItem.Part.PRIVATE]
    return {
        "part1": part1,
        "part2": part2,
        "exclusion": bool(part2) and meeting.held_in_public,
        "exclusion_title": EXCLUSION_RESOLUTION,
        "exclusion_text": EXCLUSION_TEXT,
    }


def meeting_page(meeting, user):
    """A meeting: details, papers deadline, agenda, attendance and quorum, the PMO's controls.

    `meeting` loaded with select_related("board__partnership"). Six queries (plus the pack
    panel's), however long the agenda.
    """
    today = timezone.localdate()
    private = may(user, "view_private_business", meeting)
    manage = may(user, "manage_meeting", meeting)
    items = agenda_items(meeting, private)
    attendances = list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("membership__person", "membership__organisation")
    )
    later = []
    if manage and meeting.status == Meeting.Status.HELD:
        later = list(Meeting.objects.filter(board=meeting.board_id,
                                            starts_at__gt=meeting.starts_at,
                                            starts_at__lte=timezone.now())
                     .order_by("starts_at"))
    return {
        "partnership": meeting.board.partnership,
        "board": meeting.board,
        "meeting": meeting,
        "status_tag": STATUS_TAGS[meeting.status],
        "deadline_passed": _deadline_passed(meeting, today),
        **_parts(meeting, items),
        "total_minutes": sum(i.minutes_allotted for i in items),
        "attendance": _attendance_groups(attendances),
        "quorum": meeting_quorum(meeting, attendances),
        "private": private,
        "may_manage": manage,
        "may_edit_agenda": manage and not meeting.is_closed,
        "may_minute": manage and not meeting.is_closed and meeting.has_started,
        "may_mark_held": manage and meeting.status in (
            Meeting.Status.SCHEDULED, Meeting.Status.PACK_PUBLISHED) and meeting.has_started,
        "approval_meetings": later,
        "breadcrumbs": crumbs(meeting.board.partnership, boards_crumb(meeting.board.partnership),
                              meeting.board),
    }


def _attendance_groups(attendances):
    """Present, in attendance, apologies, absent: as minutes list them."""
    Status = Attendance.Status
    members = (Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER)
    ordered = sorted(attendances, key=lambda a: (ROLE_ORDER.index(a.membership.role),
                                                 a.membership.person.full_name))
    return {
        "recorded": bool(attendances),
        "present": [a for a in ordered if a.membership.role in members
                    and a.status in (Status.PRESENT, Status.DEPUTY)],
        "in_attendance": [a for a in ordered if a.membership.role not in members
                          and a.status in (Status.PRESENT, Status.DEPUTY)],
        "apologies": [a for a in ordered if a.status in (Status.APOLOGIES, Status.DEPUTY)],
        "absent": [a for a in ordered if a.status == Status.ABSENT],
    }


def meeting_form_page(board, meeting=None):
    title = f"Change the meeting of {meeting.date_label}" if meeting else "Schedule a meeting"
    trail = [boards_crumb(board.partnership), board]
    if meeting:
        trail.append((f"Meeting of {meeting.date_label}", meeting.get_absolute_url()))
    return {
        "partnership": board.partnership,
        "board": board,
        "meeting": meeting,
        "title": title,
        "breadcrumbs": crumbs(board.partnership, *trail),
    }


def item_form_page(meeting, item=None):
    return {
        "partnership": meeting.board.partnership,
        "board": meeting.board,
        "meeting": meeting,
        "item": item,
        "title": f"Change agenda item {item.number}" if item else "Add an agenda item",
        "breadcrumbs": meeting_crumbs(meeting),
    }


def attendance_page(meeting):
    return {
        "partnership": meeting.board.partnership,
        "board": meeting.board,
        "meeting": meeting,
        "breadcrumbs": meeting_crumbs(meeting),
    }


def attendance_members(meeting):
    """The seats attendance is taken for: those current on the day, and any already recorded."""
    day = meeting.local_start.date()
    recorded = Attendance.objects.filter(meeting=meeting).values("membership_id")
    seats = BoardMembership.objects.filter(
        Q(pk__in=BoardMembership.objects.current(day).filter(board=meeting.board_id).values("pk"))
        | Q(pk__in=recorded)
    ).select_related("person", "organisation")
    return sorted(seats, key=lambda m: (ROLE_ORDER.index(m.role), m.person.full_name))


def meeting_action_log(meeting, private=True):
    """The action log the meeting reviews: actions its board gave at earlier meetings that were
    open at the time, and those closed since the previous meeting."""
    previous = (
        Meeting.objects.filter(board=meeting.board_id, starts_at__lt=meeting.starts_at)
        .order_by("-starts_at").first()
    )
    actions = Action.objects.filter(board=meeting.board_id,
                                    meeting__starts_at__lt=meeting.starts_at)
    if previous is not None:
        actions = actions.filter(
            Q(closed_on__isnull=True) | Q(closed_on__gt=previous.local_start.date())
        )
    if not private:
        actions = actions.exclude(item__part=AgendaItem.Part.PRIVATE)
    return list(
        actions.select_related("owner", "meeting", "item")
        .annotate(**_latest_note())
        .order_by(_open_first(), "due_date", "pk")
    )


def minutes_page(meeting, user):
    """The minutes as they read: present, apologies, quorum, declarations, each item with its
    RESOLVED decisions and actions, the action log, any other business, the next meeting.

    Ten queries however long the agenda.
    """
    private = may(user, "view_private_business", meeting)
    items = agenda_items(meeting, private, minutes=True)
    attendances = list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("membership__person", "membership__organisation")
    )
    next_meeting = (
        Meeting.objects.filter(board=meeting.board_id, starts_at__gt=meeting.starts_at)
        .order_by("starts_at").first()
    )
    approved_at = None
    if meeting.minutes_approved_at_meeting_id:
        approved_at = Meeting.objects.filter(pk=meeting.minutes_approved_at_meeting_id).first()
    log = meeting_action_log(meeting, private)
    today = timezone.localdate()
    for action in log:
        action.overdue = action.is_overdue(today)
    return {
        "partnership": meeting.board.partnership,
        "board": meeting.board,
        "meeting": meeting,
        **_parts(meeting, items),
        "attendance": _attendance_groups(attendances),
        "quorum": meeting_quorum(meeting, attendances),
        "declarations": [d for item in items for d in item.declarations.all()],
        "decisions": [d for item in items for d in item.decisions.all()],
        "actions": [a for item in items for a in item.actions.all()],
        "action_log": log,
        "next_meeting": next_meeting,
        "approved_at": approved_at,
        "private": private,
        "may_manage": may(user, "manage_meeting", meeting),
        "breadcrumbs": meeting_crumbs(meeting),
    }


def item_minutes_page(item, user):
    """An item's minutes with what was declared, decided and actioned on it. Four queries."""
    meeting = item.meeting
    return {
        "partnership": meeting.board.partnership,
        "board": meeting.board,
        "meeting": meeting,
        "item": item,
        "declarations": list(item.declarations.select_related("person", "interest")),
        "decisions": list(item.decisions.order_by("pk")),
        "actions": list(item.actions.select_related("owner").order_by("pk")),
        "is_aob": item.standing == AgendaItem.Standing.ANY_OTHER_BUSINESS,
        "breadcrumbs": meeting_crumbs(meeting, ("Minutes", _url("meeting_minutes", meeting))),
    }


# Actions -----------------------------------------------------------------------------------

def _latest_note():
    latest = ActionNote.objects.filter(action=OuterRef("pk")).order_by("-written_at", "-pk")
    return {"latest_note": Subquery(latest.values("text")[:1]),
            "latest_note_at": Subquery(latest.values("written_at")[:1])}


def _open_first():
    return Case(When(status=Action.Status.OPEN, then=Value(0)), default=Value(1),
                output_field=IntegerField())


def action_log_page(partnership, user, filters):
    """Every action of the partnership's boards, open ones first (overdue marked): two queries.

    `filters`: board (a Board) and status ("open", "overdue", "done", "dropped") if given.
    Part 2 actions only of the boards whose private business the person sees.
    """
    today = timezone.localdate()
    boards = list(Board.objects.filter(partnership=partnership).select_related("partnership"))
    private = private_board_ids(user, boards)
    actions = Action.objects.filter(board__partnership=partnership).filter(
        Q(item__isnull=True) | Q(item__part=AgendaItem.Part.PUBLIC) | Q(board__in=private)
    )
    if filters.get("board"):
        actions = actions.filter(board=filters["board"])
    status = filters.get("status")
    if status == "overdue":
        actions = actions.filter(status=Action.Status.OPEN, due_date__lt=today)
    elif status:
        actions = actions.filter(status=status)
    actions = list(
        actions.select_related("owner", "meeting__board__partnership", "item")
        .annotate(**_latest_note())
        .order_by(_open_first(), "due_date", "pk")
    )
    for action in actions:
        action.overdue = action.is_overdue(today)
    return {
        "partnership": partnership,
        "actions": actions,
        "open_count": sum(a.status == Action.Status.OPEN for a in actions),
        "overdue_count": sum(a.overdue for a in actions),
        "breadcrumbs": crumbs(partnership),
    }


def action_page(action, user):
    """An action and its progress notes, newest first: one query.

    `action` loaded with select_related of owner, board__partnership, meeting, item.
    """
    partnership = action.board.partnership
    return {
        "partnership": partnership,
        "action": action,
        "notes": list(action.notes.select_related("written_by")),
        "overdue": action.is_overdue(),
        "may_update": may(user, "update_action", action),
        "breadcrumbs": crumbs(partnership, (
            "Action log", reverse("action_log", kwargs={"partnership": partnership.slug}))),
    }


# The register of interests -------------------------------------------------------------------

@dataclass(frozen=True)
class Undeclared:
    person: object
    boards: list


def interest_register_page(partnership, user):
    """Published entries for everyone; withheld ones and who has not declared in the last
    12 months for the PMO. Two or three queries."""
    withheld = may(user, "view_withheld_interests", partnership)
    entries = Interest.objects.filter(partnership=partnership).select_related(
        "person__organisation"
    )
    if not withheld:
        entries = entries.filter(published=True)
    entries = list(entries.order_by("person__full_name", "-declared_on", "pk"))
    undeclared = []
    if withheld:
        undeclared = _undeclared(partnership)
    return {
        "partnership": partnership,
        "entries": entries,
        "undeclared": undeclared,
        "show_withheld": withheld,
        "may_manage": may(user, "manage_interests", partnership),
        "breadcrumbs": crumbs(partnership),
    }


def _undeclared(partnership):
    """People with a current seat on a board of the partnership and no entry (nil returns
    count) declared in the last 12 months."""
    today = timezone.localdate()
    since = today - timedelta(days=365)
    declared = Interest.objects.filter(partnership=partnership, declared_on__gt=since)
    seats = (
        BoardMembership.objects.current(today)
        .filter(board__partnership=partnership)
        .exclude(person__in=declared.values("person"))
        .select_related("person", "board")
        .order_by("person__full_name", "board__name")
    )
    people = {}
    for seat in seats:
        people.setdefault(seat.person_id, Undeclared(seat.person, []))
        if seat.board.name not in people[seat.person_id].boards:
            people[seat.person_id].boards.append(seat.board.name)
    return list(people.values())


def interest_form_page(partnership, interest=None):
    register = ("Register of interests",
                reverse("interest_register", kwargs={"partnership": partnership.slug}))
    return {
        "partnership": partnership,
        "interest": interest,
        "title": "Change an entry in the register" if interest else "Add an entry to the register",
        "breadcrumbs": crumbs(partnership, register),
    }
