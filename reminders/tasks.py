"""Background work of reminders: the daily run, sending one e-mail, and the sweep.

Each task only calls a plain function of `sending` (what the tests exercise) and is
idempotent: the reminder keys and the e-mail claims make running it twice harmless.
"""

from datetime import date

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from reminders import sending
from reminders.schedule import DAILY_TASK, SWEEP_TASK, heartbeat


@shared_task(ignore_result=True)
def run_daily(day=None):
    """Record today's reminders and send the digests (nothing on a day off). `day` ("2026-11-24")
    runs another day's instead: one the service missed, or a test's."""
    with heartbeat(DAILY_TASK):
        sending.run_day(date.fromisoformat(day) if day else timezone.localdate())


@shared_task(
    ignore_result=True, autoretry_for=(sending.DeliveryFailed,), retry_backoff=60,
    retry_backoff_max=3600, max_retries=max(settings.REMINDER_MAX_ATTEMPTS - 1, 0),
)
def send_message(message_id):
    """Send one e-mail; a failure is retried with back-off (then by the sweep)."""
    sending.send_message(message_id)


@shared_task(ignore_result=True)
def sweep_pending():
    """Every few minutes: send whatever is waiting."""
    with heartbeat(SWEEP_TASK):
        sending.sweep()
