"""E-mail backends for the reminders' tests: one that refuses some addresses, one that lets a
test do something while an e-mail is being handed over (another worker, say)."""

import smtplib

from django.core.mail.backends import locmem


class RefusingBackend(locmem.EmailBackend):
    """The test outbox, except that addresses in `refused` are refused as a server would."""

    refused = set()

    def send_messages(self, messages):
        for message in messages:
            if set(message.to) & self.refused:
                raise smtplib.SMTPRecipientsRefused(
                    dict.fromkeys(message.to, (550, b"Mailbox unavailable"))
                )
        return super().send_messages(messages)


class DownBackend(locmem.EmailBackend):
    """A mail server that cannot be reached."""

    def open(self):
        raise ConnectionRefusedError(111, "Connection refused")


class MeanwhileBackend(locmem.EmailBackend):
    """The test outbox; `meanwhile()` runs once, while the first e-mail is being sent."""

    meanwhile = None

    def send_messages(self, messages):
        hook, MeanwhileBackend.meanwhile = MeanwhileBackend.meanwhile, None
        if hook is not None:
            hook()
        return super().send_messages(messages)
