"""Programmes: what is delivered and how it is going."""

from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = "Programmes and workstreams"
