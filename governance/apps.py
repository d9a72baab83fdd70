"""Governance: the boards that hold the programme to account and what they are told."""

from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Boards and assurance"

    def ready(self):
        from governance import rules  # noqa: F401  (importing it registers the rules)
        # Helper A registers the navigation sections here once board_list, action_log and
        # interest_register exist.
