"""The periodic work's schedule, held by django-celery-beat, and whether it is keeping to it.

The schedule lives in the database (created by migration 0002, edited by the PMO in the admin
under "Periodic tasks"), in Europe/London time, so 07:00 stays 07:00 across the clock changes.
Each periodic task writes a `Heartbeat`; the PMO's page warns when one has not run when the
schedule says it should have: a stalled worker or beat must not go unnoticed.
"""

from contextlib import contextmanager
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.dateformat import format as format_date
from django_celery_beat.models import PeriodicTask

from reminders.models import Heartbeat, Message, Reminder
from stp.workingdays import add_working_days, is_working_day

DAILY_TASK = "reminders.tasks.run_daily"
SWEEP_TASK = "reminders.tasks.sweep_pending"
# How late each may be before the PMO is warned.
DAILY_GRACE = timedelta(hours=1)
SWEEP_GRACE = timedelta(minutes=15)


@contextmanager
def heartbeat(task):
    """Record that `task` started, then that it finished (or how it failed)."""
    Heartbeat.objects.update_or_create(task=task, defaults={"last_started_at": timezone.now()})
    try:
        yield
    except Exception as error:
        Heartbeat.objects.filter(task=task).update(
            last_error=f"{type(error).__name__}: {error}"[:2000]
        )
        raise
    Heartbeat.objects.filter(task=task).update(last_finished_at=timezone.now(), last_error="")


def last_started(task):
    return Heartbeat.objects.filter(task=task).values_list("last_started_at", flat=True).first()


def next_digest_day(now=None):
    """The day whose digest an event's reminder joins: today, if today's run is still to come
    (a working day, before the daily run started), else the next working day."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    started = last_started(DAILY_TASK)
    if is_working_day(today) and (started is None or timezone.localdate(started) < today):
        return today
    return add_working_days(today, 1)


def daily_task():
    return PeriodicTask.objects.filter(task=DAILY_TASK).select_related("crontab").first()


def next_run(task, after):
    """When a periodic task with a crontab runs next after `after`, in its own time zone."""
    last, delta, _now = task.crontab.schedule.remaining_delta(after)
    return last + delta


def previous_run(crontab, moment):
    """The latest time at or before `moment` that the crontab fires, in its time zone."""
    schedule = crontab.schedule
    zone = ZoneInfo(str(crontab.timezone))
    local = moment.astimezone(zone)
    for back in range(0, 40):
        day = local.date() - timedelta(days=back)
        if (day.month not in schedule.month_of_year or day.day not in schedule.day_of_month
                or day.isoweekday() % 7 not in schedule.day_of_week):
            continue
        for hour in sorted(schedule.hour, reverse=True):
            for minute in sorted(schedule.minute, reverse=True):
                fires = datetime.combine(day, time(hour, minute), tzinfo=zone)
                if fires <= local:
                    return fires
    return None


def _when(moment):
    local = timezone.localtime(moment)
    return f"{format_date(local, 'H:i')} on {format_date(local, 'l j F Y')}"


def stalled_warnings(now=None):
    """What the PMO should know about the periodic work not running: a few sentences."""
    now = now or timezone.now()
    beats = {beat.task: beat for beat in Heartbeat.objects.all()}
    warnings = []
    daily, sweep = beats.get(DAILY_TASK), beats.get(SWEEP_TASK)
    task = daily_task()
    if task is None or not task.enabled:
        warnings.append(
            "The daily reminders are not scheduled: in the admin, under Periodic tasks, switch "
            "on the daily reminders task. Until then nobody is reminded of anything."
        )
    elif task.crontab is not None:
        expected = previous_run(task.crontab, now - DAILY_GRACE)
        started = daily.last_started_at if daily else None
        if expected is not None and (started is None or started < expected):
            since = f"last ran at {_when(started)}" if started else "have never run"
            warnings.append(
                f"The daily reminders should have run at {_when(expected)} but {since}. "
                "The Celery beat or worker may have stopped: ask the service team to check them."
            )
        elif (started and (daily.last_finished_at is None or daily.last_finished_at < started)
              and started < now - DAILY_GRACE):
            warnings.append(
                f"The daily reminders started at {_when(started)} and have not finished. "
                "The Celery worker may have stopped: ask the service team to check it."
            )
    if daily and daily.last_error:
        warnings.append(f"The last daily run failed: {daily.last_error}")
    waiting = (
        Message.objects.filter(status__in=[Message.Status.PENDING, Message.Status.SENDING])
        .exists()
        or Reminder.objects.filter(status=Reminder.Status.PENDING, delivery="immediate",
                                   message__isnull=True).exists()
    )
    swept = sweep.last_started_at if sweep else None
    if waiting and (swept is None or swept < now - SWEEP_GRACE):
        since = f"has not run since {_when(swept)}" if swept else "has never run"
        warnings.append(
            "E-mails are waiting to be sent, but the task that sends them every few minutes "
            f"{since}. The Celery beat or worker may have stopped: ask the service team to "
            "check them."
        )
    return warnings
