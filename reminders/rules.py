"""Who may see the reminders sent in a partnership (registered with stp.permissions).

The PMO: it follows up what people owe, and sees what could not be delivered and why.
Everyone chooses how they get their own reminders; that needs no rule beyond signing in.
"""

from stp.permissions import Role, rule


@rule("view_reminders")
def _view_reminders(access, partnership):
    return access.has_role(partnership, Role.PMO)
