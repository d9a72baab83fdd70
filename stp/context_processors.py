"""What every page's layout needs: the service name, the partnership being looked at, links."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from stp.navigation import sections_for
from stp.permissions import may


def service(request):
    user = getattr(request, "user", None)
    partnership = getattr(request, "partnership", None)
    return {
        "service_name": settings.SITE_NAME,
        # Views put the partnership they show on the request; the header names it.
        "current_partnership": partnership,
        # The header's links to that partnership's sections; a view may pass its own.
        "nav_sections": SimpleLazyObject(lambda: _nav_sections(request, user, partnership)),
        # The footer's admin link. Lazy, so only templates that show it ask, and once;
        # `may` reuses the person's Access cached for the request.
        "can_use_admin": SimpleLazyObject(lambda: may(user, "use_admin")),
    }


def _nav_sections(request, user, partnership):
    if partnership is None or user is None or not user.is_authenticated:
        return []
    sections = sections_for(user, partnership)
    for section in sections:
        section["current"] = request.path.startswith(section["url"])
    return sections
