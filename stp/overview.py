"""What a partnership's front page shows, read in a fixed number of queries."""

from collections import defaultdict

from django.db.models import Count

from stp.models import Organisation, RoleAssignment
from stp.permissions import may


def partnership_overview(partnership, user):
    organisations = defaultdict(list)
    for org in partnership.organisations.filter(active=True).order_by("kind", "name"):
        organisations[org.get_kind_display()].append(org)
    kinds = [label for _, label in Organisation.Kind.choices if label in organisations]
    context = {
        "partnership": partnership,
        "organisation_groups": [(kind, organisations[kind]) for kind in kinds],
        "can_manage": may(user, "manage_partnership", partnership),
    }
    if context["can_manage"]:
        labels = dict(RoleAssignment.Role.choices)
        counts = (
            RoleAssignment.objects.current()
            .filter(partnership=partnership)
            .values("role")
            .annotate(people=Count("person", distinct=True))
            .order_by("role")
        )
        context["role_counts"] = [
            {"role": c["role"], "label": labels[c["role"]], "people": c["people"]} for c in counts
        ]
    return context
