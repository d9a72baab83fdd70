"""`manage.py reminders`: the dry run prints who would be sent what, recording and sending
nothing; without --dry-run it does the day's work."""

from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from reminders.models import Message, Reminder
from tests.governance_factories import ActionFactory

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("reminders", *args, stdout=out)
    return out.getvalue()


def test_the_dry_run_prints_who_would_be_sent_what_and_sends_nothing(world):
    ActionFactory(meeting=world.meeting, owner=world.sro, due_date=date(2026, 12, 1),
                  reference="PB/2026/11/A1", description="Bring the discharge trajectory")

    out = run("--dry-run", "--date", "2026-11-24")

    assert out.splitlines()[:2] == [
        "Reminders due on Tuesday 24 November 2026 (dry run: nothing recorded or sent)",
        "3 reminder(s) for 3 person(s).",
    ]
    assert "Ann Lead <ann@example.nhs.uk>" in out
    assert ("  - [Monthly update due; in the daily e-mail] The October 2026 update for Discharge "
            "to assess (Urgent and emergency care) is due by 26 November 2026.") in out
    assert "    Write the October 2026 update for Discharge to assess: http://127.0.0.1:8000/p/" \
        in out
    assert "Sam Sro <sam@example.nhs.uk>" in out and "Action PB/2026/11/A1" in out
    assert not Reminder.objects.exists() and not Message.objects.exists()
    assert mail.outbox == []


def test_the_dry_run_leaves_out_what_was_already_sent(world):
    run("--date", "2026-11-24")

    out = run("--dry-run", "--date", "2026-11-24")

    assert out == "Nothing is due on Tuesday 24 November 2026 that has not been sent already " \
                  "(2 sent).\n"


def test_on_a_bank_holiday_it_says_nothing_is_sent(world):
    out = run("--dry-run", "--date", "2026-12-25")

    assert out.startswith("Friday 25 December 2026 is not a working day in England: nothing is "
                          "sent.")


def test_without_dry_run_it_records_and_sends_the_days_emails(world):
    out = run("--date", "2026-11-24")

    assert out == ("Reminders for Tuesday 24 November 2026: 2 e-mail(s) sent, 0 failed "
                   "(0 given up).\n")
    assert sorted(m.to[0] for m in mail.outbox) == ["ann@example.nhs.uk", "dan@example.nhs.uk"]


def test_a_date_it_cannot_read_is_refused_with_the_format(world):
    with pytest.raises(CommandError, match="Give the date as YYYY-MM-DD, like 2026-11-24"):
        run("--dry-run", "--date", "24/11/2026")
