"""Recording and sending: each reminder once, one digest per person, choices honoured, failures
retried without stopping the others, and no e-mail sent twice by two workers."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from reminders.models import Message, Preference, Reminder
from reminders.sending import (
    DeliveryFailed,
    deliver,
    note_handed_over,
    record_due,
    run_day,
    send_digests,
    send_message,
    sweep,
)
from tests.governance_factories import ActionFactory
from tests.programme_factories import MilestoneFactory
from tests.reminders.backends import DownBackend, MeanwhileBackend, RefusingBackend

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 24)  # Tuesday: the October update is due in two working days


@pytest.fixture
def owing(world):
    """Ann Lead also owns a late milestone and an action due next week."""
    MilestoneFactory(workstream=world.workstream, title="Trusted assessor in post",
                     owner=world.lead, baseline_date=date(2026, 11, 2),
                     forecast_date=date(2026, 11, 16))
    ActionFactory(meeting=world.meeting, owner=world.lead, due_date=date(2026, 12, 1),
                  reference="PB/2026/11/A1", description="Bring the discharge trajectory")
    return world


def mails_to(person):
    return [m for m in mail.outbox if m.to == [person.email]]


def html_of(email):
    [(content, mimetype)] = email.alternatives
    assert mimetype == "text/html"
    return content


def test_recording_the_day_twice_records_each_reminder_once(owing):
    first = record_due(DAY)
    keys = set(Reminder.objects.values_list("key", flat=True))

    second = record_due(DAY)

    assert first == second == 4  # Ann: update, milestone, action; Dan: update
    assert Reminder.objects.count() == 4
    assert set(Reminder.objects.values_list("key", flat=True)) == keys
    assert f"update_due:programmes.workstream:{owing.workstream.pk}:{owing.lead.pk}:2026-11-26" \
        in keys


def test_each_person_gets_one_email_holding_everything_they_owe(owing):
    run_day(DAY)

    assert len(mail.outbox) == 2
    [email] = mails_to(owing.lead)
    assert email.subject == "Your reminders for Tuesday 24 November 2026"
    assert "Hello Ann, you have 3 things to do." in email.body
    assert email.body.index("MONTHLY UPDATES") < email.body.index("MILESTONES") \
        < email.body.index("BOARD ACTIONS")
    assert ("Write the October 2026 update for Discharge to assess: "
            f"http://127.0.0.1:8000/p/{owing.partnership.slug}/my-work/") in email.body
    html = html_of(email)
    assert "<h1" in html and html.count("<h2") == 3 and html.count("<h3") == 3
    assert (f'<a href="http://127.0.0.1:8000/p/{owing.partnership.slug}/my-work/"'
            in html.replace("\n", " "))
    assert ">Report progress on action PB/2026/11/A1</a>" in html
    assert "Choose which e-mails you get, and how often" in html
    [other] = mails_to(owing.director)
    assert "you have 1 thing to do" in other.body


def test_what_was_sent_is_marked_sent_with_its_email(owing):
    run_day(DAY)

    message = Message.objects.get(person=owing.lead)
    assert (message.status, message.attempts) == (Message.Status.SENT, 1)
    assert message.reminders.count() == 3
    assert set(Reminder.objects.values_list("status", flat=True)) == {Reminder.Status.SENT}
    assert mails_to(owing.lead)[0].extra_headers["Message-ID"].startswith(
        f"<reminders.{message.pk}.")


def test_running_the_day_again_sends_nothing_twice(owing):
    run_day(DAY)
    run_day(DAY)
    send_digests(DAY)
    sweep()

    assert len(mail.outbox) == 2


def test_the_next_day_sends_only_what_is_new_that_day(owing):
    run_day(DAY)
    mail.outbox.clear()

    run_day(DAY + timedelta(days=1))

    # The update and the action are already reminded for their deadlines; the late milestone
    # is reminded each working day.
    [email] = mail.outbox
    assert email.to == [owing.lead.email] and "you have 1 thing to do" in email.body
    assert "Trusted assessor in post" in email.body


def test_a_kind_turned_off_is_recorded_as_skipped_and_not_sent(owing):
    Preference.objects.create(person=owing.lead, kind="update_due", choice="off")

    run_day(DAY)

    skipped = Reminder.objects.get(person=owing.lead, kind="update_due")
    assert skipped.status == Reminder.Status.SKIPPED
    [email] = mails_to(owing.lead)
    assert "you have 2 things to do" in email.body and "October 2026 update" not in email.body


def test_the_escalation_to_the_sro_cannot_be_turned_off(world, settings):
    settings.REMINDER_ESCALATE_AFTER_DAYS = 1
    Preference.objects.create(person=world.sro, kind="update_escalation", choice="off")

    run_day(date(2026, 11, 27))

    [email] = mails_to(world.sro)
    assert "You are the SRO for Discharge to assess" in email.body


def test_a_kind_chosen_straight_away_comes_in_an_email_of_its_own(world, settings):
    settings.REMINDER_ESCALATE_AFTER_DAYS = 1
    Preference.objects.create(person=world.sro, kind="update_escalation", choice="immediate")

    run_day(date(2026, 11, 27))

    [email] = mails_to(world.sro)
    assert email.subject == "Discharge to assess: October 2026 update 1 working day overdue"
    assert Message.objects.get(person=world.sro).delivery == "immediate"


def test_nothing_is_sent_on_a_bank_holiday(owing):
    assert run_day(date(2026, 12, 25)).sent == 0
    assert mail.outbox == [] and not Reminder.objects.exists()


def test_two_workers_sending_the_same_email_send_it_once(owing, settings, monkeypatch):
    settings.EMAIL_BACKEND = "tests.reminders.backends.MeanwhileBackend"
    record_due(DAY)
    second = []
    # While the first worker hands Ann's e-mail over, a second asks to send every e-mail.
    monkeypatch.setattr(MeanwhileBackend, "meanwhile",
                        lambda: second.append(deliver(Message.objects.all())))

    outcome = send_digests(DAY)

    assert second[0].sent == 0  # it found them all held by the first
    assert outcome.sent == 2
    assert len(mail.outbox) == 2
    assert Message.objects.filter(status=Message.Status.SENT).count() == 2


def test_a_refused_email_is_recorded_and_retried_and_never_stops_the_others(
    monkeypatch, owing, settings
):
    settings.EMAIL_BACKEND = "tests.reminders.backends.RefusingBackend"
    monkeypatch.setattr(RefusingBackend, "refused", {owing.lead.email})
    record_due(DAY)

    outcome = send_digests(DAY)

    assert (outcome.sent, outcome.failed) == (1, 1)
    assert [m.to for m in mail.outbox] == [[owing.director.email]]
    failed = Message.objects.get(person=owing.lead)
    assert (failed.status, failed.attempts) == (Message.Status.PENDING, 1)
    assert failed.last_error.startswith("SMTPRecipientsRefused")
    assert failed.retry_at > timezone.now()


def test_each_email_is_tried_once_a_run_and_the_batches_after_a_failure_go_on(
    monkeypatch, owing, settings
):
    settings.EMAIL_BACKEND = "tests.reminders.backends.RefusingBackend"
    settings.REMINDER_SEND_BATCH = 1
    monkeypatch.setattr(RefusingBackend, "refused", {owing.lead.email})
    record_due(DAY)

    outcome = send_digests(DAY)

    assert (outcome.sent, outcome.failed) == (1, 1)
    assert Message.objects.get(person=owing.lead).attempts == 1
    assert Message.objects.get(person=owing.director).status == Message.Status.SENT


def test_after_the_last_attempt_an_email_shows_as_failed(monkeypatch, owing, settings):
    settings.EMAIL_BACKEND = "tests.reminders.backends.RefusingBackend"
    settings.REMINDER_MAX_ATTEMPTS = 3
    monkeypatch.setattr(RefusingBackend, "refused", {owing.lead.email})
    record_due(DAY)
    send_digests(DAY)
    message = Message.objects.get(person=owing.lead)

    with pytest.raises(DeliveryFailed):
        send_message(message.pk)  # attempt 2: to be tried again
    send_message(message.pk)  # attempt 3: given up, no retry asked for

    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.FAILED, 3)
    assert set(message.reminders.values_list("status", flat=True)) == {Reminder.Status.FAILED}
    send_message(message.pk)
    assert Message.objects.get(pk=message.pk).attempts == 3  # a failed one is left alone


def test_when_the_mail_server_is_down_every_email_waits_for_the_next_try(owing, settings):
    settings.EMAIL_BACKEND = "tests.reminders.backends.DownBackend"
    record_due(DAY)

    outcome = send_digests(DAY)

    assert (outcome.sent, outcome.failed) == (0, 2)
    assert set(Message.objects.values_list("status", "attempts")) == {("pending", 1)}
    assert DownBackend  # the backend the settings name
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Message.objects.update(retry_at=timezone.now() - timedelta(seconds=1))
    assert sweep().sent == 2 and len(mail.outbox) == 2


def test_the_sweep_waits_for_a_failed_emails_retry_time(owing, settings):
    settings.EMAIL_BACKEND = "tests.reminders.backends.DownBackend"
    record_due(DAY)
    send_digests(DAY)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    assert sweep().sent == 0

    Message.objects.update(retry_at=timezone.now() - timedelta(seconds=1))
    assert sweep().sent == 2


def held_by_a_stopped_worker(message):
    """As a worker killed while sending leaves it: claimed, its claim run out."""
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.SENDING, claim="stopped", attempts=1,
        lease_until=timezone.now() - timedelta(seconds=1),
    )
    message.refresh_from_db()
    return message


def test_an_email_a_stopped_worker_held_is_sent_once_its_claim_runs_out(owing, settings):
    settings.EMAIL_BACKEND = "tests.reminders.backends.DownBackend"
    record_due(DAY)
    send_digests(DAY)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for message in Message.objects.all():
        held_by_a_stopped_worker(message)

    assert sweep().sent == 2
    assert len(mail.outbox) == 2
    assert set(Message.objects.values_list("status", "attempts")) == {("sent", 2)}


def test_an_email_the_stopped_worker_had_handed_over_is_not_sent_again(owing, settings):
    settings.EMAIL_BACKEND = "tests.reminders.backends.DownBackend"
    record_due(DAY)
    send_digests(DAY)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    handed_over = held_by_a_stopped_worker(Message.objects.get(person=owing.lead))
    held_by_a_stopped_worker(Message.objects.get(person=owing.director))
    note_handed_over(handed_over)  # the server took it, then the worker was killed

    sweep()

    assert [m.to for m in mail.outbox] == [[owing.director.email]]
    assert Message.objects.get(pk=handed_over.pk).status == Message.Status.SENT


def test_an_email_held_by_a_live_worker_is_left_alone(owing):
    record_due(DAY)
    send_digests(DAY - timedelta(days=1))  # builds nothing: the reminders are for DAY
    assert not Message.objects.exists()
    send_digests(DAY)
    message = Message.objects.get(person=owing.lead)
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.SENDING, claim="alive",
        lease_until=timezone.now() + timedelta(minutes=5),
    )

    assert send_message(message.pk).sent == 0
    assert sweep().sent == 0
