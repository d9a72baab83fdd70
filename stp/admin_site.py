"""The admin site, opened to PMO administrators through the permissions module."""

from django.contrib import admin

from stp.permissions import may


class AdminSite(admin.AdminSite):
    site_header = "Partnership Governance administration"
    site_title = "Partnership Governance admin"
    index_title = "Set up partnerships, people and roles"

    def has_permission(self, request):
        return request.user.is_active and may(request.user, "use_admin")
