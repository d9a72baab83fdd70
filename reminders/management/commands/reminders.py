"""`manage.py reminders [--dry-run] [--date YYYY-MM-DD]`: a day's reminders, shown or sent.

With --dry-run it prints who would be sent what on the day, recording and sending nothing.
Without it, it does the day's work now, in this process: record, then send the e-mails.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateformat import format as format_date

from reminders.due import due_on
from reminders.kinds import DELIVERY_WORDS, KINDS
from reminders.models import Reminder
from reminders.sending import chosen, delivery_for, run_day
from stp.workingdays import is_working_day


class Command(BaseCommand):
    help = "Show (--dry-run) or send the reminders due on a day (today unless --date)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="Print who would be sent what; record and send nothing.")
        parser.add_argument("--date", help="The day, as YYYY-MM-DD (default: today).")

    def handle(self, *args, dry_run=False, date=None, **options):
        day = _day(date)
        label = format_date(day, "l j F Y")
        if not is_working_day(day):
            self.stdout.write(f"{label} is not a working day in England: nothing is sent. "
                              "The next working day's run picks up everything still due.")
            return
        if dry_run:
            self._show(day, label)
            return
        outcome = run_day(day)
        self.stdout.write(f"Reminders for {label}: {outcome.sent} e-mail(s) sent, "
                          f"{outcome.failed} failed ({outcome.gave_up} given up).")

    def _show(self, day, label):
        dues = due_on(day)
        recorded = set(Reminder.objects.filter(key__in=[d.key for d in dues])
                       .values_list("key", flat=True))
        dues = [due for due in dues if due.key not in recorded]
        if not dues:
            self.stdout.write(f"Nothing is due on {label}"
                              + (f" that has not been sent already ({len(recorded)} sent)."
                                 if recorded else "."))
            return
        choices = chosen({due.person.pk for due in dues})
        by_person = {}
        for due in dues:
            by_person.setdefault(due.person.pk, (due.person, []))[1].append(due)
        self.stdout.write(f"Reminders due on {label} (dry run: nothing recorded or sent)")
        self.stdout.write(f"{len(dues)} reminder(s) for {len(by_person)} person(s)"
                          + (f"; {len(recorded)} more already recorded, not repeated."
                             if recorded else "."))
        for person, owed in sorted(by_person.values(), key=lambda p: p[0].full_name):
            self.stdout.write("")
            self.stdout.write(f"{person.full_name} <{person.email}>")
            for due in owed:
                delivery = delivery_for(due.kind, choices.get((person.pk, due.kind)))
                self.stdout.write(f"  - [{KINDS[due.kind].label}; "
                                  f"{DELIVERY_WORDS[delivery].lower()}] {due.text}")
                self.stdout.write(f"    {due.link_text}: {due.url}")


def _day(text):
    if not text:
        return timezone.localdate()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Give the date as YYYY-MM-DD, like 2026-11-24, not {text!r}.") from None
