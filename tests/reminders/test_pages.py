"""The PMO's page of reminders sent, and each person's notification settings."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reminders.kinds import KINDS
from reminders.models import Heartbeat, Message, Preference, Reminder
from reminders.schedule import DAILY_TASK, SWEEP_TASK
from reminders.sending import record_due, send_digests
from stp.models import RoleAssignment
from tests.factories import UserFactory, person_with_role
from tests.programme_samples import page_text
from tests.reminders.backends import RefusingBackend

pytestmark = pytest.mark.django_db
Role = RoleAssignment.Role
DAY = date(2026, 11, 24)


def log_url(partnership, **query):
    url = reverse("reminder_log", kwargs={"partnership": partnership.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def all_running():
    """Heartbeats of a beat and worker that keep to the schedule."""
    now = timezone.now()
    for task in (DAILY_TASK, SWEEP_TASK):
        Heartbeat.objects.create(task=task, last_started_at=now, last_finished_at=now)


def test_the_pmo_sees_what_was_sent_to_whom_and_what_failed_and_why(
    monkeypatch, world, client_for, settings
):
    settings.EMAIL_BACKEND = "tests.reminders.backends.RefusingBackend"
    monkeypatch.setattr(RefusingBackend, "refused", {world.lead.email})
    record_due(DAY)
    send_digests(DAY)
    all_running()

    text = page_text(client_for(world.pmo).get(log_url(world.partnership)).content.decode())

    assert "Reminders sent" in text
    assert "Dan Director" in text and "dan@example.nhs.uk" in text
    assert "Discharge to assess: October 2026 update due by 26 November 2026" in text
    assert "Sent" in text and "Trying again" in text
    assert "Try 1 failed" in text and "SMTPRecipientsRefused" in text
    assert "Reminders are not being sent" not in text


def test_the_pmo_can_list_only_the_failures(world, client_for):
    record_due(DAY)
    failed = Reminder.objects.get(person=world.lead)
    message = Message.objects.create(person=world.lead, day=DAY, subject="Your reminders",
                                     status=Message.Status.FAILED, attempts=5,
                                     last_error="SMTPRecipientsRefused: mailbox full")
    Reminder.objects.filter(pk=failed.pk).update(status=Reminder.Status.FAILED, message=message)

    text = page_text(client_for(world.pmo).get(
        log_url(world.partnership, status="failed")).content.decode())

    assert "Gave up after 5 tries: SMTPRecipientsRefused: mailbox full" in text
    assert "Ann Lead" in text and "Dan Director" not in text


def test_a_stalled_daily_run_is_shown_as_a_warning(world, client_for):
    long_ago = timezone.now() - timedelta(days=3)
    Heartbeat.objects.create(task=DAILY_TASK, last_started_at=long_ago,
                             last_finished_at=long_ago)

    text = page_text(client_for(world.pmo).get(log_url(world.partnership)).content.decode())

    assert "Reminders are not being sent" in text
    assert "The daily reminders should have run at 07:00 on" in text
    assert "The Celery beat or worker may have stopped" in text


def test_emails_waiting_without_a_sweep_are_shown_as_a_warning(world, client_for):
    all_running()
    Heartbeat.objects.filter(task=SWEEP_TASK).update(
        last_started_at=timezone.now() - timedelta(minutes=20))
    Message.objects.create(person=world.lead, day=DAY, subject="Pack published",
                           delivery="immediate")

    text = page_text(client_for(world.pmo).get(log_url(world.partnership)).content.decode())

    assert "E-mails are waiting to be sent, but the task that sends them" in text


def test_only_the_pmo_opens_the_page_and_outsiders_do_not_learn_it_exists(
    world, client_for, viewer, outsider
):
    assert client_for(world.lead).get(log_url(world.partnership)).status_code == 403
    assert client_for(viewer).get(log_url(world.partnership)).status_code == 403
    assert client_for(outsider).get(log_url(world.partnership)).status_code == 404


def test_another_partnerships_reminders_never_show(world, other_partnership, client_for):
    record_due(DAY)
    theirs = person_with_role(other_partnership, Role.PMO)
    Reminder.objects.update(partnership=other_partnership)

    text = page_text(client_for(theirs).get(log_url(other_partnership)).content.decode())
    assert "Ann Lead" in text
    mine = page_text(client_for(world.pmo).get(log_url(world.partnership)).content.decode())
    assert "Ann Lead" not in mine and "No reminders match these filters." in mine


def test_the_page_is_listed_among_the_partnerships_sections_for_the_pmo(world, client_for):
    home = client_for(world.pmo).get(world.partnership.get_absolute_url()).content.decode()
    assert log_url(world.partnership) in home


def grow(world, n):
    for i in range(n):
        person = UserFactory()
        for j in range(3):
            Reminder.objects.create(
                kind="milestone_overdue", person=person, period=f"2026-11-{j + 10}",
                key=f"grow:{i}:{j}:{person.pk}", day=DAY, partnership=world.partnership,
                title="Milestone overdue", text="Late.", link_text="Update it", url="/",
                status=Reminder.Status.FAILED if j else Reminder.Status.SENT,
                message=Message.objects.create(person=person, day=DAY, subject="Reminders",
                                               status="failed", last_error="Refused"),
            )


@pytest.mark.parametrize("n", [2, 30])
def test_the_page_costs_the_same_however_many_reminders(world, client_for, n,
                                                        django_assert_max_num_queries):
    grow(world, n)
    client = client_for(world.pmo)
    client.get(log_url(world.partnership))

    with django_assert_max_num_queries(11):
        response = client.get(log_url(world.partnership, page=2 if n > 20 else 1))

    assert response.status_code == 200


# Notification settings -----------------------------------------------------------------------

SETTINGS_URL = "/account/notifications/"


def test_everyone_chooses_how_they_get_each_kind(world, client_for):
    client = client_for(world.lead)
    page = client.get(SETTINGS_URL).content.decode()
    assert 'type="radio"' in page and "Monthly update due" in page
    assert "Board pack published" in page and "Straight away, in an e-mail of its own" in page

    choices = {"update_due": "off", "pack_published": "digest", "update_escalation": "digest"}
    defaults = {code: kind.default for code, kind in KINDS.items()}
    response = client.post(SETTINGS_URL, {**defaults, **choices}, follow=True)

    assert "Your choices are saved" in response.content.decode()
    assert dict(Preference.objects.filter(person=world.lead).values_list("kind", "choice")) == {
        "update_due": "off", "pack_published": "digest",
    }


def test_turning_off_the_escalation_to_the_sro_is_refused_at_its_question(world, client_for):
    client = client_for(world.sro)
    posted = {code: kind.default for code, kind in KINDS.items()}
    posted.update(update_escalation="off", milestone_due="off")

    response = client.post(SETTINGS_URL, posted)

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "nhsuk-error-summary" in page
    assert ("“Monthly update overdue: told to the SRO” cannot be turned off: select the daily "
            "e-mail or straight away") in page
    assert "checked" in radio(page, "milestone_due", "off")  # what they chose is kept
    assert not Preference.objects.filter(person=world.sro).exists()


def question(page, name):
    """The fieldset of the radios named `name`."""
    return next(f for f in re.findall(r"<fieldset.*?</fieldset>", page, flags=re.S)
                if f'name="{name}"' in f)


def radio(page, name, value):
    return re.search(rf'<input[^>]*name="{name}"[^>]*value="{value}"[^>]*>', page).group(0)


def test_the_escalation_question_offers_no_way_to_turn_it_off(world, client_for):
    page = client_for(world.sro).get(SETTINGS_URL).content.decode()

    escalation = question(page, "update_escalation")
    assert 'value="digest"' in escalation and 'value="immediate"' in escalation
    assert 'value="off"' not in escalation
    assert "cannot be turned off" in escalation
    assert 'value="off"' in question(page, "milestone_due")


def test_the_settings_need_a_signed_in_person(client):
    response = client.get(SETTINGS_URL)
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


def test_switching_the_daily_run_off_in_the_admin_is_shown_as_a_warning(world, client_for):
    from django_celery_beat.models import PeriodicTask

    all_running()
    PeriodicTask.objects.filter(task=DAILY_TASK).update(enabled=False)

    text = page_text(client_for(world.pmo).get(log_url(world.partnership)).content.decode())

    assert "The daily reminders are not scheduled" in text


def test_a_failed_daily_run_is_shown_with_its_error(world, client_for, monkeypatch):
    from reminders.tasks import run_daily

    def broken(day):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("reminders.sending.run_day", broken)
    with pytest.raises(RuntimeError):
        run_daily()

    text = page_text(client_for(world.pmo).get(log_url(world.partnership)).content.decode())
    assert "The last daily run failed: RuntimeError: the database went away" in text
