"""What every page's layout needs: the service name and the partnership being looked at."""

from django.conf import settings


def service(request):
    return {
        "service_name": settings.SITE_NAME,
        # Views put the partnership they show on the request; the header names it.
        "current_partnership": getattr(request, "partnership", None),
    }
