"""When a workstream's monthly update is due.

The update for a month feeds the pack of the first meeting after the month ends of a board whose
remit holds the workstream: it is due by that meeting's papers deadline. A workstream no board
oversees, or with no meeting scheduled yet, is due a fixed number of working days after the month
ends (`UPDATE_DUE_WORKING_DAYS`). The assurance report's submission compliance and the reminders
both read these dates.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from governance.models import Meeting
from programmes.timeline import add_months
from stp.workingdays import add_working_days, working_days_before


def default_deadline(month):
    """The fallback: a fixed number of working days after the month ends."""
    return add_working_days(_month_end(month), settings.UPDATE_DUE_WORKING_DAYS)


def update_deadlines(workstreams, month):
    """{workstream id: the date its update for `month` (its first day) is due}, in 3 queries."""
    workstreams = list(workstreams)
    if not workstreams:
        return {}
    start = add_months(month, 1)
    after = timezone.make_aware(datetime.combine(start, time.min))
    # A meeting more than a quarter away calls for a later month's update.
    before = timezone.make_aware(datetime.combine(add_months(start, 3), time.min))
    ids = [w.pk for w in workstreams]
    programme_ids = {w.programme_id for w in workstreams}
    meetings = list(
        Meeting.objects.filter(starts_at__gte=after, starts_at__lt=before)
        .filter(Q(board__remit_workstreams__in=ids) | Q(board__remit_programmes__in=programme_ids))
        .select_related("board")
        .prefetch_related("board__remit_workstreams", "board__remit_programmes")
        .distinct().order_by("starts_at")
    )
    fallback = default_deadline(month)
    due = {}
    for meeting in meetings:
        board = meeting.board
        held = {w.pk for w in board.remit_workstreams.all()}
        programmes = {p.pk for p in board.remit_programmes.all()}
        papers_due = working_days_before(meeting.local_start.date(), board.papers_due_working_days)
        for workstream in workstreams:
            if workstream.pk not in due and (
                    workstream.pk in held or workstream.programme_id in programmes):
                due[workstream.pk] = papers_due
    return {w.pk: due.get(w.pk, fallback) for w in workstreams}


def _month_end(month):
    return add_months(month.replace(day=1), 1) - timedelta(days=1)
