"""Notifications of events (a board pack published, an assurance report published).

`notify` records a reminder for each person in the caller's transaction, so it is kept or
rolled back with the data it is about. Those who want it straight away get an e-mail, queued
once the transaction commits. If the queue (Redis) cannot be reached, the error is logged and
nothing else happens: the data is saved, the e-mail waits, and the sweep every few minutes
sends it once Redis is back. Saving never fails because Redis is down.
"""

import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.dateformat import format as format_date
from kombu.exceptions import OperationalError as QueueError
from redis.exceptions import RedisError

from governance.models import BoardMembership
from reminders import kinds
from reminders.kinds import IMMEDIATE, OFF
from reminders.models import Message, Reminder, reminder_key
from reminders.schedule import next_digest_day
from reminders.sending import chosen, delivery_for
from stp.models import RoleAssignment, User

log = logging.getLogger(__name__)
# Errors that mean the broker is not there (Redis down, refused, unknown host).
QUEUE_ERRORS = (QueueError, RedisError, ConnectionError, OSError)
# A republished pack's e-mail lists this many of its changes, then says how many more.
CHANGES_LISTED = 15


def notify(kind, obj, people, period, *, title, text, link_text, url, partnership,
           details=()):
    """Tell `people` about an event concerning `obj`, once per (kind, obj, person, period)."""
    kind = kinds.KINDS[kind] if isinstance(kind, str) else kind
    people = list({p.pk: p for p in people if p.is_active}.values())
    if not people:
        return []
    object_key = f"{obj._meta.label_lower}:{obj.pk}"
    keys = {p.pk: reminder_key(kind.code, object_key, p.pk, period) for p in people}
    known = set(Reminder.objects.filter(key__in=keys.values()).values_list("key", flat=True))
    choices = chosen(keys)
    today = timezone.localdate()
    digest_day = None
    object_type = ContentType.objects.get_for_model(obj)
    messages, rows = [], []
    for person in people:
        if keys[person.pk] in known:
            continue
        choice = delivery_for(kind.code, choices.get((person.pk, kind.code)))
        if choice == kinds.DIGEST and digest_day is None:
            digest_day = next_digest_day()
        row = Reminder(
            kind=kind.code, object_type=object_type, object_id=obj.pk, person=person,
            period=period, key=keys[person.pk],
            day=digest_day if choice == kinds.DIGEST else today, delivery=choice,
            partnership=partnership, title=title[:200], text=text, link_text=link_text[:200],
            url=url, details=list(details),
            status=Reminder.Status.SKIPPED if choice == OFF else Reminder.Status.PENDING,
        )
        if choice == IMMEDIATE:
            row.message = Message(person=person, delivery=IMMEDIATE, day=today,
                                  subject=title[:200])
            messages.append(row.message)
        rows.append(row)
    Message.objects.bulk_create(messages)
    # A concurrent call may have recorded some meanwhile: theirs stand, and the e-mails made
    # here for them carry nothing, so they are dropped unsent.
    Reminder.objects.bulk_create(rows, ignore_conflicts=True)
    ids = [message.pk for message in messages]
    if ids:
        transaction.on_commit(lambda: queue(ids))
    return rows


def queue(message_ids):
    """Ask the workers to send these e-mails. If the queue is down, leave them to the sweep."""
    from reminders.tasks import send_message

    for message_id in message_ids:
        try:
            send_message.apply_async(
                (message_id,), retry=True,
                retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.5},
            )
        except QUEUE_ERRORS as error:
            log.warning("Reminders: the queue could not be reached (%s: %s); %s e-mail(s) "
                        "wait for the sweep", type(error).__name__, error, len(message_ids))
            return False
        except Exception:  # run in-process (no Redis), the task's own failure: it is recorded
            log.exception("Reminders: sending e-mail %s failed", message_id)
    return True


def _absolute(path):
    return f"{settings.SITE_URL}{path}"


# Board packs ---------------------------------------------------------------------------------

def notify_pack_published(pack):
    """Tell the board's members, attendees and observers that a version of a pack is out;
    a republished version says what changed (in the pack's own words, which name part 2
    items by number only)."""
    meeting = pack.meeting
    board = meeting.board
    people = [seat.person for seat in
              BoardMembership.objects.current().filter(board=board).select_related("person")]
    when = meeting.date_label
    if pack.version == 1:
        title = f"{board.name} pack published for {when}"
        text = (f"The pack for the {board.name} meeting on {when} is published. "
                "Read it before the meeting.")
        details = []
    else:
        title = f"{board.name} pack republished for {when}: version {pack.version}"
        changes = list(pack.changes or [])
        details = changes[:CHANGES_LISTED]
        if len(changes) > CHANGES_LISTED:
            details.append(f"… and {len(changes) - CHANGES_LISTED} more changes, listed in "
                           "the pack")
        text = (f"Version {pack.version} of the pack for the {board.name} meeting on {when} is "
                "published. "
                + (f"What changed since version {pack.version - 1}:" if changes else
                   f"The papers are the same as in version {pack.version - 1}; it was "
                   "published again to include the latest data."))
    return notify(
        kinds.PACK_PUBLISHED, meeting, people, f"v{pack.version}", title=title, text=text,
        link_text=f"Read the {board.name} pack for {when}",
        url=_absolute(pack.get_absolute_url()), partnership=board.partnership,
        details=details,
    )


# Assurance reports ------------------------------------------------------------------------------

def assurance_leads(partnership):
    """The NHSE assurance leads who can see the partnership: by their region, or assigned."""
    leads = RoleAssignment.objects.current().filter(
        Q(region_id=partnership.region_id) | Q(partnership=partnership),
        role=RoleAssignment.Role.ASSURANCE_LEAD, person=OuterRef("pk"),
    )
    return User.objects.filter(Exists(leads), is_active=True)


def notify_assurance_published(version):
    """Tell the assurance leads who can see it that a version of a monthly report is out.

    `version` is the published AssuranceVersion (issue #5): its `report` has the partnership
    and month, `number` counts the versions, and `reason` says what a correction corrects.
    """
    report = version.report
    partnership = report.partnership
    number = getattr(version, "number", None) or 1
    month = format_date(report.month, "F Y")
    text = f"{partnership.name} has published its assurance report for {month}."
    if number > 1:
        reason = (getattr(version, "reason", "") or "").strip().rstrip(".")
        text = (f"{partnership.name} has published version {number} of its assurance report "
                f"for {month}, correcting version {number - 1}"
                + (f": {reason}." if reason else "."))
    return notify(
        kinds.ASSURANCE_PUBLISHED, report, assurance_leads(partnership), f"v{number}",
        title=f"{partnership.short_name} assurance report for {month} published", text=text,
        link_text=f"Read the {partnership.short_name} assurance report for {month}",
        url=_absolute(_page_of(version, report, partnership)), partnership=partnership,
    )


def _page_of(*records):
    """The first of the records' pages that is routed (the report's pages may come later)."""
    for record in records:
        try:
            return record.get_absolute_url()
        except (AttributeError, NoReverseMatch):
            continue
    return "/"
