"""Computing and sending the day's digests costs the same queries for few people as for many."""

from datetime import date

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reminders.loaddata import build_owing
from reminders.models import Message, Reminder
from reminders.sending import record_due, run_day, send_digests

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 24)
ITEMS = 6
INSERT = ('INSERT INTO "reminders_reminder"', 'INSERT OR IGNORE INTO "reminders_reminder"')
FEWEST_AN_INSERT = 999 // 17  # SQLite takes 999 values a statement; a reminder has 17


def queries_of(work):
    """What `work` returns, and the number of its queries but the inserts of reminders, which
    grow with the reminders recorded (a thousand an insert; on SQLite, 58): asserted apart."""
    before = Reminder.objects.count()
    with CaptureQueriesContext(connection) as queries:
        outcome = work()
    recorded = Reminder.objects.count() - before
    inserts = [q for q in queries if q["sql"].startswith(INSERT)]
    assert len(inserts) <= 1 + recorded // FEWEST_AN_INSERT
    return outcome, len(queries) - len(inserts)


def test_the_days_run_costs_the_same_queries_for_4_people_as_for_40(settings):
    settings.REMINDER_SEND_BATCH = 100
    build_owing(4, ITEMS)
    run_day(DAY)  # content types are looked up once a process
    mail.outbox.clear()
    few, few_queries = queries_of(lambda: run_day(date(2026, 11, 25)))

    build_owing(40, ITEMS)
    many, many_queries = queries_of(lambda: run_day(date(2026, 11, 26)))

    assert (few.sent, many.sent) == (4, 44)
    assert len(mail.outbox) == 48
    assert Reminder.objects.filter(day=date(2026, 11, 26), status="sent").count() == 44 * ITEMS
    assert few_queries == many_queries <= 30


def test_sending_recorded_digests_costs_the_same_queries_for_4_people_as_for_40(settings):
    settings.REMINDER_SEND_BATCH = 100
    build_owing(4, ITEMS)
    record_due(DAY)
    few, few_queries = queries_of(lambda: send_digests(DAY))

    build_owing(40, ITEMS)
    record_due(DAY)
    many, many_queries = queries_of(lambda: send_digests(DAY))

    assert (few.sent, many.sent) == (4, 40)
    assert Message.objects.filter(status="sent").count() == 44
    assert few_queries == many_queries <= 15


def test_the_queries_grow_with_the_batches_of_people_not_with_the_people(settings):
    settings.REMINDER_SEND_BATCH = 10
    build_owing(20, ITEMS)
    run_day(DAY)
    _two_batches, two = queries_of(lambda: run_day(date(2026, 11, 25)))

    build_owing(30, ITEMS)  # 50 people: five batches of ten
    _five_batches, five = queries_of(lambda: run_day(date(2026, 11, 26)))

    per_batch = (five - two) / 3
    assert per_batch == int(per_batch) <= 15
