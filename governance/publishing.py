"""Publishing a meeting's board pack: freeze a version, say what changed, print it later.

`publish_pack(meeting, by)` compiles the pack from the live data and freezes it as the next
version: both versions' HTML and web sections, a snapshot of the data shown, the plain-English
changes since the previous version's snapshot, a SHA-256 of the content, who and when. It locks
the updates the pack used and, once the transaction commits, queues the PDF. Nothing published
is ever compiled again: readers get the frozen HTML and the PDF printed from it.
"""

import hashlib
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.dateformat import format as format_date
from kombu.exceptions import OperationalError as QueueError
from redis.exceptions import RedisError

from governance.models import BoardPack, Meeting
from governance.packs import Edition, read_pack, render_pack
from governance.references import assign_references
from programmes.models import Milestone, StatusUpdate
from programmes.updates import lock_updates
from reminders.events import notify_pack_published

Status = BoardPack.PDFStatus
QUEUE_UNREACHABLE = "The print queue could not be reached"
# Errors that mean the broker is not there (Redis down, refused, unknown host).
QUEUE_ERRORS = (QueueError, RedisError, ConnectionError, OSError)


def publish_pack(meeting, by, today=None, *, queue=True):
    """Publish the next version of the meeting's pack and queue its PDF; returns the pack.

    `queue=False` leaves the PDF waiting (pending) for `pack_pdf.print_pack` to be called:
    loading demo data, say, where printing a year of packs in-process would be slow. It tells
    nobody either (the board is notified by `reminders.events` only when queueing).
    """
    with transaction.atomic():
        meeting = (Meeting.objects.select_for_update().select_related("board__partnership")
                   .get(pk=meeting.pk))
        assign_references(meeting)
        previous = BoardPack.objects.filter(meeting=meeting).order_by("-version").first()
        contents = read_pack(meeting, today or timezone.localdate())
        version = previous.version + 1 if previous else 1
        _lock(contents.updates_used, meeting, version)
        snapshot = contents.snapshot()
        changes = describe_changes(previous.snapshot, snapshot) if previous else []
        now = timezone.now()
        edition = Edition(version=version, published_at=now, published_by=by,
                          changes=tuple(changes),
                          previous_version=previous.version if previous else None)
        compiled = render_pack(contents, edition)
        pack = BoardPack.objects.create(
            meeting=meeting, version=version,
            html=compiled.full.html, public_html=compiled.part1.html,
            sections=[s.as_dict() for s in compiled.full.sections],
            public_sections=[s.as_dict() for s in compiled.part1.sections],
            snapshot=snapshot, changes=changes,
            content_hash=content_hash(compiled.full.html, compiled.part1.html),
            published_by=by, published_at=now,
        )
        if meeting.status == Meeting.Status.SCHEDULED:
            meeting.status = Meeting.Status.PACK_PUBLISHED
            meeting._history_user = by
            meeting.save(update_fields=["status"])
        if queue:
            transaction.on_commit(lambda: queue_pdf(pack.pk))
            # -- reminders (issue #6): tell the board; e-mailed once this commits --
            notify_pack_published(pack)
    return pack


def _lock(updates, meeting, version):
    """Lock the updates the pack uses; the snapshot keeps the versions they are locked at."""
    if not updates:
        return
    lock_updates(updates, reason=f"Used in the {meeting.board.name} pack for "
                                 f"{meeting.date_label}, version {version}")
    locked = dict(StatusUpdate.objects.filter(pk__in=[u.pk for u in updates])
                  .values_list("pk", "version"))
    for update in updates:
        update.version = locked[update.pk]


def content_hash(html, public_html):
    digest = hashlib.sha256(html.encode())
    if public_html != html:
        digest.update(b"\0")
        digest.update(public_html.encode())
    return digest.hexdigest()


def queue_pdf(pack_id):
    """Ask the worker to print the pack; if the queue is down, say so on the pack."""
    from governance.tasks import render_pack_pdf

    try:
        render_pack_pdf.apply_async(
            (pack_id,), retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.5},
        )
    except QUEUE_ERRORS as error:
        BoardPack.objects.filter(pk=pack_id).exclude(pdf_status=Status.READY).update(
            pdf_status=Status.FAILED, pdf_progress=0,
            pdf_error=f"{QUEUE_UNREACHABLE} ({type(error).__name__}): try again in a few "
                      "minutes, or tell the service team if it keeps failing.",
        )
        return False
    return True


def retry_pack_pdf(pack):
    """Print a pack's PDF again after a failure; a ready or printing PDF is left alone."""
    with transaction.atomic():
        updated = BoardPack.objects.filter(pk=pack.pk, pdf_status=Status.FAILED).update(
            pdf_status=Status.PENDING, pdf_progress=0, pdf_error=""
        )
        if updated:
            transaction.on_commit(lambda: queue_pdf(pack.pk))
    pack.refresh_from_db()
    return bool(updated)


# What changed since the previous version ------------------------------------------------------

def describe_changes(before, after):
    """What differs between two versions' snapshots, in plain English, in the pack's order."""
    return [
        *_workstream_changes(before.get("workstreams", {}), after.get("workstreams", {})),
        *_milestone_changes(before.get("milestones", {}), after.get("milestones", {})),
        *_kpi_changes(before.get("kpis", {}), after.get("kpis", {})),
        *_risk_changes(before.get("risks", {}), after.get("risks", {})),
        *_item_changes(before.get("items", {}), after.get("items", {})),
    ]


def _confidence(value):
    return StatusUpdate.Confidence(value).label if value else "not rated"


def _workstream_changes(before, after):
    for key, now in after.items():
        name = now["name"]
        was = before.get(key)
        if was is None:
            yield f"{name}: added to the board's remit"
            continue
        if was["update"] is None and now["update"] is not None:
            yield (f"{name}: highlight report now approved, delivery confidence "
                   f"{_confidence(now['confidence'])}")
        elif was["update"] is not None and now["update"] is None:
            yield f"{name}: the highlight report is no longer approved"
        elif was["confidence"] != now["confidence"]:
            yield (f"{name}: delivery confidence changed from {_confidence(was['confidence'])} "
                   f"to {_confidence(now['confidence'])}")
        elif (was["update"], was["update_version"]) != (now["update"], now["update_version"]):
            yield f"{name}: the highlight report has changed"
    for key, was in before.items():
        if key not in after:
            yield f"{was['name']}: no longer in the board's remit"


def _day(iso):
    return format_date(_date(iso), "j F Y") if iso else "no date"


def _date(iso):
    return date.fromisoformat(iso)


def _milestone_status(value):
    try:
        return Milestone.Status(value).label.lower()
    except ValueError:
        return value


def _milestone_changes(before, after):
    for key, now in after.items():
        label = f"Key milestone {now['title']} ({now['workstream']})"
        was = before.get(key)
        if was is None:
            yield f"{label}: added"
            continue
        if was["status"] != now["status"]:
            yield (f"{label}: status changed from {_milestone_status(was['status'])} to "
                   f"{_milestone_status(now['status'])}")
        if was["due"] != now["due"] and not now["completed_on"]:
            yield f"{label}: now due {_day(now['due'])}, was {_day(was['due'])}"
        if was["completed_on"] != now["completed_on"] and now["completed_on"]:
            yield f"{label}: completed on {_day(now['completed_on'])}"
    for key, was in before.items():
        if key not in after:
            yield f"Key milestone {was['title']} ({was['workstream']}): no longer listed"


def _kpi_changes(before, after):
    for key, now in after.items():
        was = before.get(key)
        if was is None:
            yield f"KPI {now['name']}: added"
        elif was["period"] != now["period"]:
            month = format_date(_date(now["period"]), "F Y") if now["period"] else "no period"
            yield f"KPI {now['name']}: new actual for {month}, {now['value'] or 'none'}"
        elif was["value"] != now["value"]:
            yield (f"KPI {now['name']}: latest actual changed from {was['value'] or 'none'} "
                   f"to {now['value'] or 'none'}")
    for key, was in before.items():
        if key not in after:
            yield f"KPI {was['name']}: no longer listed"


def _risk_changes(before, after):
    for key, now in after.items():
        was = before.get(key)
        if was is None:
            yield f"Risk {now['title']}: now listed, scored {now['score']}"
        elif was["score"] != now["score"]:
            yield f"Risk {now['title']}: score changed from {was['score']} to {now['score']}"
    for key, was in before.items():
        if key not in after:
            yield f"Risk {was['title']}: no longer listed (closed, de-escalated or rescored)"


def _item_changes(before, after):
    """Agenda changes; part 2 items are named by number only, so part 1 readers learn nothing
    of private business from the list."""
    def label(entry):
        if entry["part"] == 2:
            return f"Agenda item {entry['number']} (part 2)"
        return f"Agenda item {entry['number']}"

    for key, now in after.items():
        was = before.get(key)
        public = now["part"] != 2
        if was is None:
            yield f"{label(now)} added" + (f": {now['title']}" if public else "")
            continue
        if was["title"] != now["title"]:
            yield f"{label(now)}: retitled" + (f" {now['title']}" if public else "")
        if was["part"] != now["part"]:
            yield f"{label(now)}: moved to part {now['part']}"
        if was["paper"] != now["paper"]:
            if not was["paper"]:
                yield f"{label(now)}: paper added"
            elif not now["paper"]:
                yield f"{label(now)}: paper removed"
            else:
                yield f"{label(now)}: paper replaced"
    for key, was in before.items():
        if key not in after:
            yield f"{label(was)} removed" + (f": {was['title']}" if was["part"] != 2 else "")
