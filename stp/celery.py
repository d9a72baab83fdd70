"""The Celery app: tasks run on a worker with Redis as the broker, or in-process without it."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stp.settings")

app = Celery("stp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
