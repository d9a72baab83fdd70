"""Reminders and notifications: who is chased about what, once, and by e-mail."""
