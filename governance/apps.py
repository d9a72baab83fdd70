"""Governance: the boards that hold the programme to account and what they are told."""

from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Boards and assurance"

    def ready(self):
        from governance import rules  # noqa: F401  (importing it registers the rules)
        from stp.navigation import Section, register

        register(Section(
            "Boards and meetings", "board_list", "view_boards", order=40,
            description="Boards, their members and meetings: agendas, papers and minutes.",
        ))
        register(Section(
            "Action log", "action_log", "view_actions", order=50,
            description="Every action the boards have given: owner, due date and progress.",
        ))
        register(Section(
            "Register of interests", "interest_register", "view_interests", order=60,
            description="Interests declared by board members, and how they are managed.",
        ))
        register(Section(
            "Assurance reports", "assurance_reports", "view_assurance", order=70,
            description="The monthly report to NHS England: draft, sign-off, published "
                        "versions and their files.",
        ))
        from governance.assurance_pages import region_links
        from stp.navigation import register_links

        register_links(region_links)
        from governance import demo, loaddata  # noqa: F401  (importing registers their loaders)
