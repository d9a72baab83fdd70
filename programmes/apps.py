"""Programmes: what is delivered and how it is going."""

from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = "Programmes and workstreams"

    def ready(self):
        from programmes import rules  # noqa: F401  (importing it registers the rules)
        from stp.navigation import Section, register

        register(Section(
            "My work", "my_work", "view_my_work", order=10,
            description="The updates, milestones, KPIs and risks you owe this month.",
        ))
        register(Section(
            "Programmes", "programme_list", "view_programmes", order=20,
            description="Programmes and workstreams: PIDs, milestones, KPIs and updates.",
        ))
        register(Section(
            "Risk register", "risk_register", "view_risk_register", order=30,
            description="Every open risk: its score, trend, owner and review date.",
        ))
        from programmes import demo, loaddata  # noqa: F401  (importing registers their loaders)
