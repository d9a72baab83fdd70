"""Reminders: the daily digest, event notifications, and the PMO's view of what was sent."""

from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = "Reminders and notifications"

    def ready(self):
        from reminders import rules  # noqa: F401  (importing it registers the rules)
        from stp.navigation import Section, register

        register(Section(
            "Reminders sent", "reminder_log", "view_reminders", order=80,
            description="Reminders and notifications e-mailed to people: what was sent, to whom "
                        "and when, and what failed.",
        ))
