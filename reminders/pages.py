"""What the reminders' pages show: the PMO's log of what was sent, and a person's choices.

One function per page; each reads a fixed number of queries however many reminders exist.
"""

from datetime import timedelta

from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from reminders.kinds import KINDS
from reminders.models import Preference, Reminder
from reminders.schedule import stalled_warnings

PAGE_SIZE = 50
SUMMARY_DAYS = 7
SUMMARY_WORDS = {Reminder.Status.SENT: "sent", Reminder.Status.PENDING: "waiting",
                 Reminder.Status.FAILED: "failed", Reminder.Status.SKIPPED: "turned off"}


def reminder_log_page(partnership, filters, page_number, now=None):
    """The partnership's reminders, newest first, a page at a time, with warnings when the
    scheduled work has not run: seven queries."""
    now = now or timezone.now()
    reminders = Reminder.objects.filter(partnership=partnership)
    recent = dict(
        reminders.filter(created_at__gte=now - timedelta(days=SUMMARY_DAYS))
        .order_by().values_list("status").annotate(count=Count("pk"))
    )
    if filters.get("status"):
        reminders = reminders.filter(status=filters["status"])
    if filters.get("kind"):
        reminders = reminders.filter(kind=filters["kind"])
    paginator = Paginator(
        reminders.select_related("person", "message").order_by("-created_at", "-pk"), PAGE_SIZE
    )
    page = paginator.get_page(page_number)
    return {
        "partnership": partnership,
        "page": page,
        "reminders": list(page.object_list),
        "summary": [(words, recent.get(status, 0)) for status, words in SUMMARY_WORDS.items()],
        "summary_days": SUMMARY_DAYS,
        "warnings": stalled_warnings(now),
        "breadcrumbs": [
            {"title": "Home", "url": reverse("home")},
            {"title": partnership.short_name, "url": partnership.get_absolute_url()},
        ],
    }


def current_choices(person):
    """{kind: choice} for every kind: the person's own, or the kind's default."""
    stored = dict(Preference.objects.filter(person=person).values_list("kind", "choice"))
    return {code: kind.default if not kind.allows(stored.get(code)) else stored[code]
            for code, kind in KINDS.items()}


def save_choices(person, choices):
    """Keep the person's choices: a row only where they differ from the kind's default."""
    with transaction.atomic():
        Preference.objects.filter(person=person).delete()
        Preference.objects.bulk_create([
            Preference(person=person, kind=code, choice=choice)
            for code, choice in choices.items()
            if code in KINDS and KINDS[code].allows(choice) and choice != KINDS[code].default
        ])
