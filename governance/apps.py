"""Governance: the boards that hold the programme to account and what they are told."""

from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Boards and assurance"
