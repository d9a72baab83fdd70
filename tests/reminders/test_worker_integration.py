"""A real Celery worker and beat, a real Redis and a real SMTP server: the daily digests are
delivered, once each, even when the worker is killed half-way through or two of everything run.

The worker and beat are `celery -A stp worker|beat` subprocesses on the test database (the data
is committed: `transaction=True`) and on a Redis database of their own, so tasks queued by other
tests never reach them. They send e-mail by SMTP to an aiosmtpd server in this process, which
keeps what it is sent. These run in the PostgreSQL and Redis pass of `make test`; the SQLite
pass leaves out `-m celery`.
"""

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import suppress
from datetime import date
from email import message_from_bytes, policy
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
import redis
from aiosmtpd.controller import Controller
from celery import Celery
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.html import escape
from django_celery_beat.models import ClockedSchedule, IntervalSchedule, PeriodicTask

from reminders.models import Message, Reminder
from reminders.schedule import DAILY_TASK, SWEEP_TASK
from tests.factories import UserFactory
from tests.governance_factories import ActionFactory
from tests.programme_factories import MilestoneFactory

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")
DAY = date(2026, 11, 24)  # a Tuesday: the October update is due in two working days
SUBJECT = "Your reminders for Tuesday 24 November 2026"


# The SMTP server ----------------------------------------------------------------------------

class Mailbox:
    """What the SMTP server on loopback is sent. With a `delay`, the server is slow to take each
    e-mail (it waits before answering MAIL FROM), so a test can stop the sender half-way."""

    def __init__(self):
        self.delay = 0
        self.begun = 0  # e-mails a sender has begun to send
        self.received = []  # (recipient, e-mail) for each e-mail the server took

    async def handle_MAIL(self, server, session, envelope, address, mail_options):  # noqa: N802
        self.begun += 1
        await asyncio.sleep(self.delay)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        email = message_from_bytes(envelope.content, policy=policy.default)
        self.received.extend((recipient, email) for recipient in envelope.rcpt_tos)
        return "250 Message accepted for delivery"

    def to(self, person):
        return [email for recipient, email in self.received if recipient == person.email]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mailbox():
    mailbox = Mailbox()
    server = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    server.start()
    mailbox.port = server.port
    yield mailbox
    server.stop()


# The worker and beat ----------------------------------------------------------------------------

def database_url(database):
    """The address of the test database, for the worker and beat."""
    password = f":{quote(database['PASSWORD'], safe='')}" if database["PASSWORD"] else ""
    port = f":{database['PORT']}" if database["PORT"] else ""
    return (f"postgres://{quote(database['USER'] or '', safe='')}{password}@"
            f"{quote(database['HOST'] or 'localhost', safe='')}{port}/{database['NAME']}")


def own_redis_url(url):
    """Another database of the same Redis server, emptied before and after each test."""
    parts = urlsplit(url)
    mine = 14 if parts.path.strip("/") == "15" else 15
    return urlunsplit(parts._replace(path=f"/{mine}"))


class Processes:
    """`celery -A stp worker|beat` subprocesses, each in a session of its own (so kill -9 takes
    anything it started too) and logging to a file; the fixture kills what is left."""

    def __init__(self, env, logs):
        self.env, self.logs, self.started = env, logs, []

    def worker(self, name="worker"):
        return self._start(name, "worker", "--pool=solo", f"--hostname={name}@%h",
                           "--without-gossip", "--without-mingle", "--without-heartbeat")

    def beat(self, name="beat"):
        return self._start(name, "beat", "--max-interval=1",
                           "--scheduler=django_celery_beat.schedulers:DatabaseScheduler")

    def _start(self, name, *args):
        with (self.logs / f"{name}.log").open("wb") as log:
            process = subprocess.Popen(
                [CELERY, "-A", "stp", *args, "--loglevel=INFO"], cwd=ROOT, env=self.env,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
        process.name = name
        self.started.append(process)
        return process

    def kill(self, process):
        """kill -9, as when a machine loses power: no chance to tidy up or hand work back."""
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def kill_all(self):
        for process in self.started:
            self.kill(process)

    def log(self, process):
        return (self.logs / f"{process.name}.log").read_text(errors="replace")

    def send(self, task, **kwargs):
        """Queue a task for the workers, as beat or a retry would."""
        app = Celery("tests", broker=self.env["REDIS_URL"])
        try:
            app.send_task(task, kwargs=kwargs)
        finally:
            app.close()

    def wait_for(self, condition, what, timeout=40):
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                logs = "\n".join(f"--- {process.name} (last lines)\n"
                                 + "\n".join(self.log(process).splitlines()[-25:])
                                 for process in self.started)
                pytest.fail(f"Waited {timeout} s for {what}.\n{logs}")
            time.sleep(0.05)


@pytest.fixture
def celery(transactional_db, mailbox, tmp_path):
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("Needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL), as `make test` has")
    broker = own_redis_url(settings.REDIS_URL)
    redis.Redis.from_url(broker).flushdb()
    processes = Processes({
        **os.environ,
        "DATABASE_URL": database_url(connection.settings_dict),
        "CONN_MAX_AGE": "0",
        "REDIS_URL": broker,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(mailbox.port),
        # Three e-mails a batch, and a claim a stopped worker holds for three seconds only.
        "REMINDER_SEND_BATCH": "3",
        "REMINDER_SEND_LEASE_SECONDS": "3",
        "PYTHONUNBUFFERED": "1",
    }, tmp_path)
    yield processes
    processes.kill_all()
    redis.Redis.from_url(broker).flushdb()


def schedule_daily_run(*, once_now):
    """The test's periodic tasks only: the daily run for DAY, either once now (a clocked task,
    which beat fires at once) or every second; and the sweep every second (every five minutes
    in service)."""
    PeriodicTask.objects.all().delete()
    every_second, _ = IntervalSchedule.objects.get_or_create(every=1,
                                                             period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(name="Sweep", task=SWEEP_TASK, interval=every_second)
    when = ({"clocked": ClockedSchedule.objects.create(clocked_time=timezone.now()),
             "one_off": True} if once_now else {"interval": every_second})
    PeriodicTask.objects.create(name="Daily run", task=DAILY_TASK,
                                kwargs=json.dumps({"day": DAY.isoformat()}), **when)


# The people ---------------------------------------------------------------------------------

@pytest.fixture
def owing(world):
    """Seven people owing several things on DAY: Ann Lead the October update, a late milestone
    and an action; Dan Director the update and an action; five others a late milestone and an
    action each."""
    people = [world.lead, world.director]
    ActionFactory(meeting=world.meeting, owner=world.director, due_date=date(2026, 11, 27))
    people += [UserFactory(full_name=f"Owner {i} Smith", email=f"owner{i}@example.nhs.uk")
               for i in range(5)]
    for person in [world.lead, *people[2:]]:
        MilestoneFactory(workstream=world.workstream, owner=person, status="late",
                         title=f"Trusted assessor {person.pk} in post",
                         baseline_date=date(2026, 11, 2), forecast_date=date(2026, 11, 16))
        ActionFactory(meeting=world.meeting, owner=person, due_date=date(2026, 12, 1))
    return people


def all_sent(people):
    return lambda: (Message.objects.filter(status="sent").count() == len(people)
                    and not Message.objects.exclude(status="sent").exists())


def assert_one_digest_each(mailbox, people):
    assert sorted(recipient for recipient, _email in mailbox.received) \
        == sorted(person.email for person in people)
    for person in people:
        [digest] = mailbox.to(person)
        owed = list(Reminder.objects.filter(person=person, day=DAY))
        assert digest["Subject"] == SUBJECT and digest.get_content_type() == "multipart/alternative"
        text = digest.get_body(("plain",)).get_content()
        html = digest.get_body(("html",)).get_content()
        assert f"you have {len(owed)} things to do" in text
        for reminder in owed:
            assert f"{reminder.link_text}: {reminder.url}" in text
            assert f'<a href="{escape(reminder.url)}"' in html
            assert escape(reminder.link_text) in html
    assert set(Message.objects.values_list("status", flat=True)) == {"sent"}
    assert set(Reminder.objects.values_list("status", flat=True)) == {"sent"}


# The tests ----------------------------------------------------------------------------------

def test_beat_starts_the_daily_run_and_each_person_gets_one_digest_by_smtp(
    owing, mailbox, celery
):
    schedule_daily_run(once_now=True)
    celery.worker()
    celery.beat()

    celery.wait_for(all_sent(owing), "every digest to be sent")

    assert_one_digest_each(mailbox, owing)
    [ann] = mailbox.to(owing[0])
    text = ann.get_body(("plain",)).get_content()
    assert "Hello Ann, you have 3 things to do." in text
    assert text.index("MONTHLY UPDATES") < text.index("MILESTONES") < text.index("BOARD ACTIONS")


def test_a_worker_killed_while_sending_sends_nothing_twice_and_loses_nothing_once_restarted(
    owing, mailbox, celery
):
    mailbox.delay = 0.5
    schedule_daily_run(once_now=True)
    worker = celery.worker("first")
    celery.beat()
    celery.wait_for(lambda: mailbox.begun >= 5, "the fifth e-mail to begin")

    celery.kill(worker)

    # Killed in the second batch of three: the first batch is marked sent; of the second, the
    # server took an e-mail (or two) the database does not know was sent, the rest were still to
    # go; the last e-mail, built with the others before anything was sent, waits.
    assert Message.objects.filter(status="sent").count() == 3 < len(mailbox.received)
    assert Message.objects.filter(status="sending").count() == 3
    assert Message.objects.filter(status="pending").count() == 1
    mailbox.delay = 0
    celery.worker("restarted")
    celery.send(DAILY_TASK, day=DAY.isoformat())  # as the broker hands back a killed task
    celery.wait_for(all_sent(owing), "the restarted worker to send the rest")
    time.sleep(2)  # the sweep runs every second: an e-mail sent twice would be here by now

    assert_one_digest_each(mailbox, owing)


def test_two_beats_and_two_workers_running_the_day_at_once_send_each_digest_once(
    owing, mailbox, celery
):
    mailbox.delay = 0.2  # each run takes a while, so the runs overlap
    schedule_daily_run(once_now=False)  # every second, by each beat
    workers = [celery.worker("one"), celery.worker("two")]
    celery.wait_for(lambda: all(" ready." in celery.log(worker) for worker in workers),
                    "both workers to be ready")
    beats = [celery.beat("beat-one"), celery.beat("beat-two")]

    celery.wait_for(all_sent(owing), "every digest to be sent")
    time.sleep(3)  # both beats go on starting the day's run: none sends anything again

    assert_one_digest_each(mailbox, owing)
    for worker in workers:
        assert "reminders.tasks.run_daily[" in celery.log(worker)
    for beat in beats:
        assert "Sending due task Daily run (reminders.tasks.run_daily)" in celery.log(beat)
