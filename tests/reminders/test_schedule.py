"""The schedule: held in the database in Europe/London time, right across the clock changes;
the tasks keep their heartbeats and do nothing on a day off."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from reminders.models import Heartbeat, Message
from reminders.schedule import (
    DAILY_TASK,
    SWEEP_TASK,
    daily_task,
    next_digest_day,
    next_run,
    previous_run,
)
from reminders.tasks import run_daily, send_message, sweep_pending

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def test_the_migration_schedules_the_daily_run_at_7am_uk_time_and_the_sweep_every_5_minutes():
    daily = daily_task()
    assert daily.enabled and str(daily.crontab.timezone) == "Europe/London"
    assert (daily.crontab.hour, daily.crontab.minute) == ("7", "0")
    sweep = PeriodicTask.objects.get(task=SWEEP_TASK)
    assert (sweep.interval.every, sweep.interval.period) == (5, "minutes")


@pytest.mark.parametrize("last, expected_utc", [
    # Clocks go back at 02:00 on Sunday 25 October 2026: 07:00 BST is 06:00 UTC, 07:00 GMT 07:00.
    (datetime(2026, 10, 24, 7, 0, tzinfo=LONDON), datetime(2026, 10, 25, 7, 0, tzinfo=UTC)),
    # Clocks go forward at 01:00 on Sunday 28 March 2027: 07:00 BST is 06:00 UTC.
    (datetime(2027, 3, 27, 7, 0, tzinfo=LONDON), datetime(2027, 3, 28, 6, 0, tzinfo=UTC)),
    # And the day after, still 07:00 UK time.
    (datetime(2027, 3, 28, 7, 0, tzinfo=LONDON), datetime(2027, 3, 29, 6, 0, tzinfo=UTC)),
])
def test_the_daily_run_stays_at_7am_uk_time_across_the_clock_changes(last, expected_utc):
    assert next_run(daily_task(), last) == expected_utc


def test_the_run_due_before_a_moment_is_found_across_the_clock_change():
    crontab = daily_task().crontab
    moment = datetime(2026, 10, 25, 6, 30, tzinfo=UTC)  # 06:30 GMT: before that day's run
    assert previous_run(crontab, moment) == datetime(2026, 10, 24, 6, 0, tzinfo=UTC)
    assert previous_run(crontab, moment + timedelta(hours=1)) == datetime(
        2026, 10, 25, 7, 0, tzinfo=UTC)


def test_the_daily_task_keeps_its_heartbeat_and_sends_the_days_emails(world):
    with time_machine.travel(datetime(2026, 11, 24, 7, 0, 5, tzinfo=LONDON), tick=False):
        run_daily()

    beat = Heartbeat.objects.get(task=DAILY_TASK)
    assert beat.last_started_at == datetime(2026, 11, 24, 7, 0, 5, tzinfo=LONDON)
    assert beat.last_finished_at >= beat.last_started_at and beat.last_error == ""
    assert len(mail.outbox) == 2


def test_on_a_sunday_the_daily_task_runs_but_sends_nothing(world):
    with time_machine.travel(datetime(2026, 11, 29, 7, 0, tzinfo=LONDON), tick=False):
        run_daily()

    assert Heartbeat.objects.get(task=DAILY_TASK).last_finished_at is not None
    assert mail.outbox == []


def test_the_sweep_keeps_its_heartbeat(world):
    sweep_pending()

    assert Heartbeat.objects.get(task=SWEEP_TASK).last_finished_at is not None


def test_the_send_task_retries_a_failed_email_until_the_last_attempt(world, settings):
    settings.EMAIL_BACKEND = "tests.reminders.backends.DownBackend"
    message = Message.objects.create(person=world.lead, day=date(2026, 11, 24), subject="Hi",
                                     delivery="immediate")
    world.lead.reminders.create(kind="pack_published", period="v1", key="k", day=message.day,
                                title="Hi", text="Hello.", link_text="Read", url="/",
                                message=message, delivery="immediate")

    assert send_message.retry_backoff and send_message.max_retries == 4

    send_message.app.conf.task_eager_propagates = False  # each retry is applied in turn
    try:
        send_message.apply(args=(message.pk,))  # in-process: retries follow at once
    finally:
        send_message.app.conf.task_eager_propagates = True

    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", 5)  # tried, then retried 4 times
    assert message.last_error.startswith("ConnectionRefusedError")


def test_an_event_joins_todays_digest_until_the_daily_run_has_started():
    with time_machine.travel(datetime(2026, 11, 24, 6, 0, tzinfo=LONDON), tick=False):
        assert next_digest_day() == date(2026, 11, 24)
        Heartbeat.objects.create(task=DAILY_TASK, last_started_at=datetime(
            2026, 11, 24, 7, 0, tzinfo=LONDON))
    with time_machine.travel(datetime(2026, 11, 24, 15, 0, tzinfo=LONDON), tick=False):
        assert next_digest_day() == date(2026, 11, 25)
    Heartbeat.objects.update(last_started_at=datetime(2026, 12, 24, 7, 0, tzinfo=LONDON))
    with time_machine.travel(datetime(2026, 12, 24, 15, 0, tzinfo=LONDON), tick=False):
        assert next_digest_day() == date(2026, 12, 29)  # after Christmas and Boxing Day


def test_the_pmo_changes_the_time_of_the_daily_run_in_the_admin(pmo, viewer, client_for):
    crontab = daily_task().crontab
    client = client_for(pmo)
    tasks = client.get(reverse("admin:django_celery_beat_periodictask_changelist"))
    assert tasks.status_code == 200 and "Reminders: daily digest" in tasks.content.decode()
    change = reverse("admin:django_celery_beat_crontabschedule_change", args=[crontab.pk])

    response = client.post(change, {"minute": "30", "hour": "6", "day_of_week": "*",
                                    "day_of_month": "*", "month_of_year": "*",
                                    "timezone": "Europe/London"})

    assert response.status_code == 302
    assert next_run(daily_task(), datetime(2026, 11, 24, 7, 0, tzinfo=LONDON)) == datetime(
        2026, 11, 25, 6, 30, tzinfo=LONDON)
    add = client.get(reverse("admin:django_celery_beat_periodictask_add"))
    assert add.status_code == 403  # tasks come from the migration; only superusers add them
    viewer.is_staff = True
    viewer.save()
    assert client_for(viewer).get(reverse("admin:django_celery_beat_periodictask_changelist")) \
        .status_code == 302
