"""The e-mails themselves: HTML in the NHS.UK style and plain text, every link absolute."""

from urllib.parse import urlparse

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import get_template
from django.urls import reverse
from django.utils.dateformat import format as format_date

from reminders.kinds import DIGEST, KINDS

ORDER = {code: index for index, code in enumerate(KINDS)}


def sections(reminders):
    """[(heading, [reminders])] in the order of the kinds, each kind's in the order recorded."""
    grouped = {}
    for reminder in sorted(reminders, key=lambda r: (ORDER.get(r.kind, 99), r.pk)):
        grouped.setdefault(reminder.heading, []).append(reminder)
    return list(grouped.items())


def build_email(message, reminders, connection=None):
    """The e-mail for `message` (with its person loaded) carrying `reminders`."""
    name = "digest" if message.delivery == DIGEST else "event"
    partnerships = {r.partnership_id for r in reminders}
    context = {
        "message": message,
        "person": message.person,
        "greeting": message.person.get_short_name(),
        "day": format_date(message.day, "l j F Y"),
        "count": len(reminders),
        "sections": sections(reminders),
        "reminder": reminders[0],
        "several_partnerships": len(partnerships) > 1,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "preferences_url": settings.SITE_URL + reverse("notification_settings"),
    }
    text = get_template(f"reminders/email/{name}.txt").render(context)
    html = get_template(f"reminders/email/{name}.html").render(context)
    email = EmailMultiAlternatives(
        message.subject, text, settings.DEFAULT_FROM_EMAIL, [message.person.email],
        connection=connection, headers={"Message-ID": message_id(message)},
    )
    email.attach_alternative(html, "text/html")
    return email


def message_id(message):
    """The same Message-ID however often it is tried: a mail server can tell a repeat."""
    host = urlparse(settings.SITE_URL).hostname or "localhost"
    return f"<reminders.{message.pk}.{int(message.created_at.timestamp())}@{host}>"
