"""Recording what is due, and e-mailing it: once each, after the database commit, in bulk.

- `record_due(day)` inserts a `Reminder` for everything due that day. The key is unique and the
  insert ignores conflicts, so running it twice (a retried task, two beat processes) records
  nothing twice. A person's choice is applied as it is recorded: daily e-mail, straight away,
  or turned off (recorded as skipped, so turning it on again later does not resend it).
- `send_digests(day)` gathers each person's waiting reminders into one `Message` and sends it;
  `send_message(id)` sends one; `sweep()` sends whatever is still waiting (events recorded while
  Redis was down, retries whose task was lost, e-mails a killed worker was holding).
- `run_day(day)`, the daily task's work, records the day's digest reminders straight into
  their e-mails (everyone's, in one transaction, before anything is sent), then sends them.
- Sending claims an e-mail with one conditional UPDATE (`WHERE status = 'pending'`), committed
  before anything is sent: of two workers, one gets it. Sent ones are marked in one UPDATE per
  batch; between the mail server accepting an e-mail and that UPDATE, a note in Redis (the
  journal) records it, so an e-mail a killed worker had already handed over is not sent again
  when its claim runs out. A failure is recorded on the e-mail (attempts, error, when to try
  again) and never stops the others; after REMINDER_MAX_ATTEMPTS it is shown as failed.

Everything here works in batches: the number of queries grows with the batches (of
REMINDER_SEND_BATCH people, and of a thousand reminders recorded), not with the people.
"""

import logging
from contextlib import suppress
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from itertools import groupby
from types import SimpleNamespace
from uuid import uuid4

import redis
from django.conf import settings
from django.core.cache import cache
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.constants import OnConflict
from django.utils import timezone
from django.utils.dateformat import format as format_date

from reminders.due import due_on
from reminders.emails import build_email
from reminders.kinds import DIGEST, IMMEDIATE, KINDS, OFF
from reminders.models import Message, Preference, Reminder
from reminders.schedule import DAILY_TASK, last_started
from stp.workingdays import is_working_day

log = logging.getLogger(__name__)
Status = Message.Status
# How long the journal remembers that an e-mail was handed to the mail server.
JOURNAL_SECONDS = 7 * 24 * 60 * 60


class DeliveryFailed(Exception):
    """An e-mail could not be sent this time; it will be tried again."""


@dataclass
class Outcome:
    sent: int = 0
    failed: int = 0  # attempts that failed this time (tried again later)
    gave_up: int = 0  # of those, e-mails now shown as failed

    def __iadd__(self, other):
        self.sent += other.sent
        self.failed += other.failed
        self.gave_up += other.gave_up
        return self


# Choices --------------------------------------------------------------------------------------

def delivery_for(kind_code, choice=None):
    """What a person's choice means for a kind: their choice if the kind allows it, else its
    default (escalations cannot be turned off, whatever is stored)."""
    kind = KINDS[kind_code]
    return choice if choice is not None and kind.allows(choice) else kind.default


def chosen(people_ids=None):
    """{(person id, kind): choice} for the people given, or everyone: one query."""
    preferences = Preference.objects.all()
    if people_ids is not None:
        preferences = preferences.filter(person_id__in=list(people_ids))
    return {(p, k): c for p, k, c in preferences.values_list("person_id", "kind", "choice")}


# Recording and the day's run ------------------------------------------------------------------

def reminders_due(day, dues=None):
    """[(Due, delivery)] for everything due on `day`, each delivered as its person chose.

    Besides `due_on`'s fixed queries: one for everyone's choices.
    """
    dues = due_on(day) if dues is None else dues
    choices = chosen()
    return [(due, delivery_for(due.kind, choices.get((due.person.pk, due.kind))))
            for due in dues]


def record_due(day, dues=None):
    """Record a reminder for everything due on `day`; already recorded ones are left alone.

    Returns the number of things due. One insert per thousand reminders.
    """
    due = reminders_due(day, dues)
    _record(day, due)
    return len(due)


# A new reminder's columns: those set from its Due, then those the same for many reminders.
DUE_COLUMNS = ("key", "kind", "object_type", "object_id", "person", "period", "partnership",
               "title", "text", "link_text", "url", "message")
SHARED_COLUMNS = ("delivery", "status", "day", "details", "created_at")


def _record(day, due, messages=None):
    """Insert a reminder for each (Due, delivery) of `due`, in its person's e-mail when
    `messages` ({person id: message id}) names one; a key already recorded is left alone, so
    recording anything twice records it once. A turned-off one is recorded as skipped.
    """
    messages = messages or {}
    now = timezone.now()
    for delivery in sorted({delivery for _due, delivery in due}):
        status = Reminder.Status.SKIPPED if delivery == OFF else Reminder.Status.PENDING
        _insert(
            [(d.key, d.kind, d.object_type_id, d.object_id, d.person.pk, d.period,
              d.partnership_id, d.title[:200], d.text, d.link_text[:200], d.url,
              messages.get(d.person.pk)) for d, chosen in due if chosen == delivery],
            shared=(delivery, status, day, [], now),
        )


def _insert(rows, shared):
    """Insert reminders, each from a row of DUE_COLUMNS values and the `shared` values of
    SHARED_COLUMNS, leaving alone any whose key is recorded already.

    Written out rather than made with bulk_create, which prepares each of the 17 values of
    every row through its field and sends them all: for a hundred thousand reminders that takes
    longer than storing them. The row values are plain strings and numbers, sent as they are;
    the shared ones are prepared and sent once a statement. That halves the time taken.
    """
    fields = [Reminder._meta.get_field(name) for name in DUE_COLUMNS + SHARED_COLUMNS]
    ops = connection.ops
    # The columns of VALUES are column1, column2 ... on PostgreSQL and SQLite alike. Those that
    # may be NULL are cast: a column of nothing but NULLs would be taken for text.
    picked = [f"CAST(column{i} AS {field.cast_db_type(connection)})" if field.null
              else f"column{i}" for i, field in enumerate(fields[:len(DUE_COLUMNS)], start=1)]
    shared = [field.get_db_prep_save(value, connection)
              for field, value in zip(fields[len(DUE_COLUMNS):], shared, strict=True)]
    # Names from the model, values as parameters.
    statement = (
        f"{ops.insert_statement(on_conflict=OnConflict.IGNORE)} "  # noqa: S608
        f"{ops.quote_name(Reminder._meta.db_table)} "
        f"({', '.join(ops.quote_name(field.column) for field in fields)}) "
        f"SELECT {', '.join(picked + ['%s'] * len(shared))} FROM (VALUES {{}}) AS due "
        f"{ops.on_conflict_suffix_sql(fields, OnConflict.IGNORE, None, None)}"
    )
    row = f"({', '.join(['%s'] * len(DUE_COLUMNS))})"
    size = min(1000, ops.bulk_batch_size(fields, rows))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = rows[start:start + size]
            cursor.execute(statement.format(", ".join([row] * len(batch))),
                           shared + [value for values in batch for value in values])


def run_day(day):
    """The day's work: record what is due, then send the digests and anything immediate.

    The digest reminders are recorded straight into their e-mails (see `send_digests`), which
    spares rewriting each of them to put it in its e-mail.
    Nothing on a weekend or bank holiday: the next working day's run finds it all still due.
    """
    if not is_working_day(day):
        return Outcome()
    due = reminders_due(day)
    _record(day, [(d, delivery) for d, delivery in due if delivery != DIGEST])
    outcome = send_digests(day, recording=[d for d, delivery in due if delivery == DIGEST])
    outcome += send_immediate()
    return outcome


# Building e-mails ---------------------------------------------------------------------------------

def _waiting(delivery, day=None):
    waiting = Reminder.objects.filter(status=Reminder.Status.PENDING, delivery=delivery,
                                      message__isnull=True)
    return waiting.filter(day__lte=day) if day is not None else waiting


def send_digests(day, recording=()):
    """One e-mail per person holding every reminder waiting for a digest up to `day`, and the
    new digest reminders `recording` (Dues, recorded here); send them.

    First, in one transaction: create everyone's e-mail, record the new reminders in them (one
    already recorded stays where it is), attach the waiting ones (one UPDATE) and drop e-mails
    left empty (a concurrent run took their reminders). So everything is recorded before
    anything is sent: if the worker stops while sending, the sweep sends the rest. Two runs at
    once record in the same order, so one of them records every reminder of a person and the
    other none: each person still gets one e-mail. Then deliver, a batch at a time.
    """
    new = {}
    for due in recording:
        new.setdefault(due.person.pk, []).append((due, DIGEST))
    people = sorted(
        set(_waiting(DIGEST, day).order_by().values_list("person_id", flat=True).distinct())
        | new.keys()
    )
    if not people:
        return Outcome()
    batch = uuid4().hex
    subject = f"Your reminders for {format_date(day, 'l j F Y')}"
    with transaction.atomic():
        messages = Message.objects.bulk_create(
            [Message(person_id=person, delivery=DIGEST, day=day, subject=subject, batch=batch)
             for person in people],
            batch_size=1000,
        )
        _record(day, [due for person in people for due in new.get(person, ())],
                messages={message.person_id: message.pk for message in messages})
        _waiting(DIGEST, day).update(message=Subquery(
            Message.objects.filter(batch=batch, person_id=OuterRef("person_id")).values("pk")[:1]
        ))
        Message.objects.filter(batch=batch).exclude(
            Exists(Reminder.objects.filter(message=OuterRef("pk")))
        ).delete()
    return deliver(Message.objects.filter(batch=batch))


def send_immediate():
    """An e-mail of its own for each reminder chosen "straight away" that has none yet.

    Event notifications get theirs when recorded (`events.notify`); this finds the rest
    (escalations, say) and those whose e-mail was lost. Few: a query or two each.
    """
    batch = uuid4().hex
    for reminder in _waiting(IMMEDIATE).order_by("pk")[:1000]:
        with transaction.atomic():
            message = Message.objects.create(
                person_id=reminder.person_id, delivery=IMMEDIATE, day=reminder.day,
                subject=reminder.title, batch=batch,
            )
            if not _waiting(IMMEDIATE).filter(pk=reminder.pk).update(message=message):
                message.delete()  # another run took it meanwhile
    return deliver(Message.objects.filter(batch=batch))


# Sending ----------------------------------------------------------------------------------------

def _claimable(now, *, waiting_for_retry=True):
    """Waiting e-mails (due for their retry, unless asked for one by one), and e-mails whose
    claim ran out (their worker stopped)."""
    pending = Q(status=Status.PENDING)
    if waiting_for_retry:
        pending &= Q(retry_at__isnull=True) | Q(retry_at__lte=now)
    return pending | Q(status=Status.SENDING, lease_until__lt=now)


def deliver(messages, *, waiting_for_retry=False):
    """Send the e-mails of `messages` (a queryset) that nobody else holds, a batch at a time
    in the order they were made, each tried once; returns the Outcome."""
    outcome = Outcome()
    size = settings.REMINDER_SEND_BATCH
    after = 0  # the batches move on: an e-mail that fails now waits for its retry
    while True:
        now = timezone.now()
        claim = uuid4().hex
        claimable = _claimable(now, waiting_for_retry=waiting_for_retry)
        first = messages.filter(claimable, pk__gt=after).order_by("pk").values("pk")[:size]
        claimed = Message.objects.filter(claimable, pk__in=Subquery(first)).update(
            status=Status.SENDING, claim=claim, attempts=F("attempts") + 1,
            lease_until=now + timedelta(seconds=settings.REMINDER_SEND_LEASE_SECONDS),
        )
        if not claimed:
            return outcome
        held = list(Message.objects.filter(claim=claim, status=Status.SENDING)
                    .select_related("person").order_by("pk"))
        if held:
            outcome += _send(claim, held)
            after = held[-1].pk
        if claimed < size:
            return outcome


@dataclass(frozen=True)
class Emailed:
    """What an e-mail shows of a reminder. A batch holds thousands: they are loaded as plain
    rows, which is several times quicker than as models."""

    pk: int
    kind: str
    message_id: int
    partnership_id: int | None
    partnership: object  # its short_name shows when an e-mail spans partnerships
    title: str
    text: str
    link_text: str
    url: str
    details: list

    @property
    def heading(self):
        kind = KINDS.get(self.kind)
        return kind.heading if kind else self.kind

    def __getitem__(self, name):
        # A template looks `reminder.title` up as a key before trying an attribute: answering
        # it at once spares an exception for each of the hundreds of thousands of lookups.
        return getattr(self, name)


def _emailed(reminders):
    """The reminders of a queryset as `Emailed`, by e-mail and in the order recorded."""
    partnerships = {}
    rows = reminders.order_by("message_id", "pk").values_list(
        "pk", "kind", "message_id", "partnership_id", "partnership__short_name", "title", "text",
        "link_text", "url", "details",
    )
    for pk, kind, message_id, partnership_id, short_name, *words in rows:
        if partnership_id not in partnerships:
            partnerships[partnership_id] = SimpleNamespace(short_name=short_name)
        yield Emailed(pk, kind, message_id, partnership_id, partnerships[partnership_id], *words)


def _send(claim, held):
    """Send the e-mails this delivery claimed (`held`), then mark them: sent, or why not."""
    carried = {
        message_id: list(rows) for message_id, rows in groupby(
            _emailed(Reminder.objects.filter(message__claim=claim)), key=lambda r: r.message_id
        )
    }
    handed_over = _journal([m for m in held if m.attempts > 1])
    sent, failures, empty = [], [], []
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:  # the mail server is not there: every e-mail waits
        return _mark(claim, [], [(message, error) for message in held], [])
    try:
        for message in held:
            reminders = carried.get(message.pk)
            if not reminders:
                empty.append(message.pk)
            elif message.journal_key in handed_over:
                sent.append(message.pk)
            else:
                try:
                    email = build_email(message, reminders, connection)
                    if not connection.send_messages([email]):
                        raise DeliveryFailed("The mail server accepted no recipient.")
                except Exception as error:  # one e-mail's failure never stops the others
                    failures.append((message, error))
                    continue
                sent.append(message.pk)
                note_handed_over(message)
    finally:
        with suppress(Exception):  # what was sent is marked, whatever the server says now
            connection.close()
    return _mark(claim, sent, failures, empty)


# The journal: a note, made the moment the mail server accepts an e-mail, that it was handed
# over. Kept in Redis (shared by every worker, and one quick round trip) or, without Redis, in
# the cache. It is only read for e-mails claimed again after a worker stopped.

@lru_cache(maxsize=1)
def _redis(url):
    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)


def note_handed_over(message):
    """Note that the mail server accepted this e-mail (never fails: without the note, the
    e-mail would be sent again if its worker stopped before marking it sent)."""
    try:
        if settings.REDIS_URL:
            _redis(settings.REDIS_URL).set(message.journal_key, 1, ex=JOURNAL_SECONDS)
        else:
            cache.set(message.journal_key, 1, JOURNAL_SECONDS)
    except Exception:
        log.warning("Reminders: could not note that e-mail %s was sent", message.pk)


def _journal(messages):
    """The journal keys of these e-mails that an earlier attempt handed to the mail server."""
    keys = [m.journal_key for m in messages]
    if not keys:
        return set()
    try:
        if settings.REDIS_URL:
            found = _redis(settings.REDIS_URL).mget(keys)
            return {key for key, value in zip(keys, found, strict=True) if value}
        return set(cache.get_many(keys))
    except Exception:  # without the journal, send again rather than lose an e-mail
        log.warning("Reminders: the journal could not be read; claimed e-mails are sent again")
        return set()


@transaction.atomic
def _mark(claim, sent, failures, empty):
    """Record how a delivery went, in one transaction: an e-mail is never marked sent without
    its reminders (a worker killed in between would leave them waiting for ever)."""
    now = timezone.now()
    outcome = Outcome(sent=len(sent))
    if sent:
        Message.objects.filter(pk__in=sent, claim=claim).update(
            status=Status.SENT, sent_at=now, last_error="", lease_until=None, retry_at=None,
        )
        Reminder.objects.filter(message_id__in=sent).update(status=Reminder.Status.SENT,
                                                             sent_at=now)
    if empty:
        Message.objects.filter(pk__in=empty, claim=claim).delete()
    # Failures often share their cause (the server is down): one UPDATE per cause.
    by_cause = {}
    for message, error in failures:
        gave_up = message.attempts >= settings.REMINDER_MAX_ATTEMPTS
        cause = (gave_up, message.attempts, f"{type(error).__name__}: {error}"[:2000])
        by_cause.setdefault(cause, []).append(message.pk)
    for (gave_up, attempts, error), ids in by_cause.items():
        log.warning("Reminders: %s e-mail(s) failed on attempt %s%s: %s", len(ids), attempts,
                    ", given up" if gave_up else "", error)
        Message.objects.filter(pk__in=ids, claim=claim).update(
            status=Status.FAILED if gave_up else Status.PENDING, last_error=error,
            lease_until=None, retry_at=None if gave_up else now + backoff(attempts),
        )
        outcome.failed += len(ids)
        if gave_up:
            Reminder.objects.filter(message_id__in=ids).update(status=Reminder.Status.FAILED)
            outcome.gave_up += len(ids)
    return outcome


def backoff(attempts):
    """How long to wait after a failed attempt: one minute, doubling, at most an hour."""
    return timedelta(seconds=min(60 * 2 ** max(attempts - 1, 0), 3600))


def send_message(message_id):
    """Send one e-mail now, if nobody else holds it. Raises DeliveryFailed when it failed and
    will be tried again, so the task retries it with back-off."""
    outcome = deliver(Message.objects.filter(pk=message_id))
    if outcome.failed > outcome.gave_up:
        error = Message.objects.filter(pk=message_id).values_list("last_error", flat=True).first()
        raise DeliveryFailed(error or "The e-mail could not be sent.")
    return outcome


def sweep(now=None):
    """Send whatever is waiting: immediate reminders without an e-mail, digests a stopped run
    left (up to the day of the last daily run), retries that are due, e-mails whose claim ran
    out. Digest reminders recorded for a later day wait for that day's run."""
    outcome = send_immediate()
    started = last_started(DAILY_TASK)
    if started is not None:
        outcome += send_digests(timezone.localdate(started))
    outcome += deliver(Message.objects.filter(status__in=[Status.PENDING, Status.SENDING]),
                       waiting_for_retry=True)
    return outcome
