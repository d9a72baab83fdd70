"""The reminders' periodic tasks, in the database schedule the PMO edits in the admin.

Daily at 07:00 UK time (a Europe/London crontab, so it stays 07:00 across the clock changes),
and a sweep every five minutes. Created only if missing: a schedule the PMO has changed is kept.
"""

from django.db import migrations
from django.utils import timezone

DAILY = "Reminders: daily digest"
SWEEP = "Reminders: send what is waiting"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    seven_am, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="7", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="Europe/London",
    )
    every_five, _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
    PeriodicTask.objects.get_or_create(name=DAILY, defaults={
        "task": "reminders.tasks.run_daily", "crontab": seven_am,
        "description": "Records what everyone owes today and sends each person one e-mail. "
                       "Does nothing on weekends and bank holidays.",
    })
    PeriodicTask.objects.get_or_create(name=SWEEP, defaults={
        "task": "reminders.tasks.sweep_pending", "interval": every_five,
        "description": "Sends e-mails still waiting: notifications made while Redis was down, "
                       "retries, e-mails a stopped worker was holding.",
    })
    # Tell a running beat to reload its schedule.
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[DAILY, SWEEP]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("reminders", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
