"""The admin where the PMO sets up partnerships, organisations, people and roles.

PMO administrators see and change only their own partnerships' records; superusers see all.
Access goes through the permissions module, not Django's per-model permissions.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Q
from simple_history.admin import SimpleHistoryAdmin

from stp.models import Organisation, Partnership, Region, RoleAssignment, User
from stp.permissions import access_for, may, pmo_partnership_filter


def pmo_partnership_ids(user):
    return [pid for pid, roles in access_for(user).roles.items() if "pmo" in roles]


class PartnershipScopedAdmin(SimpleHistoryAdmin):
    """A PMO administrator's view: only records of the partnerships they administer."""

    partnership_path = "partnership"
    superuser_only_add = False

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs.filter(pmo_partnership_filter(request.user, self.partnership_path)).distinct()

    def has_module_permission(self, request):
        return may(request.user, "use_admin")

    has_view_permission = has_change_permission = has_delete_permission = (
        lambda self, request, obj=None: self.has_module_permission(request)
    )

    def has_add_permission(self, request):
        if self.superuser_only_add:
            return request.user.is_superuser
        return self.has_module_permission(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "partnership" and not request.user.is_superuser:
            kwargs["queryset"] = Partnership.objects.filter(
                pk__in=pmo_partnership_ids(request.user)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "partnerships" and not request.user.is_superuser:
            kwargs["queryset"] = Partnership.objects.filter(
                pk__in=pmo_partnership_ids(request.user)
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    search_fields = ["name"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    has_view_permission = has_change_permission = has_add_permission = has_delete_permission = (
        lambda self, request, obj=None: request.user.is_superuser
    )


@admin.register(Partnership)
class PartnershipAdmin(PartnershipScopedAdmin):
    partnership_path = "pk"
    superuser_only_add = True
    list_display = ["name", "short_name", "region"]
    list_filter = ["region"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["short_name"]}

    def get_queryset(self, request):
        qs = admin.ModelAdmin.get_queryset(self, request)
        if request.user.is_superuser:
            return qs
        return qs.filter(pk__in=pmo_partnership_ids(request.user))

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Organisation)
class OrganisationAdmin(PartnershipScopedAdmin):
    partnership_path = "partnerships"
    list_display = ["name", "kind", "ods_code", "active"]
    list_filter = ["kind", "active", "partnerships"]
    search_fields = ["name", "ods_code"]
    filter_horizontal = ["partnerships"]


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    fields = ["role", "partnership", "region", "scope_type", "scope_id", "start_date", "end_date"]
    fk_name = "person"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(pmo_partnership_filter(request.user, "partnership"))
        )

    def has_view_permission(self, request, obj=None):
        return may(request.user, "use_admin")

    has_change_permission = has_add_permission = has_delete_permission = has_view_permission


@admin.register(User)
class UserAdmin(PartnershipScopedAdmin, BaseUserAdmin):
    ordering = ["full_name"]
    list_display = ["full_name", "email", "job_title", "organisation", "is_active"]
    list_filter = ["is_active", "is_staff", "organisation__kind", "role_assignments__role"]
    search_fields = ["full_name", "email", "job_title", "organisation__name"]
    autocomplete_fields = ["organisation"]
    inlines = [RoleAssignmentInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("About the person", {"fields": ["full_name", "job_title", "organisation"]}),
        ("Access", {"fields": ["is_active", "is_staff"]}),
    ]
    superuser_fieldsets = [
        ("Superuser", {"fields": ["is_superuser", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        extra = self.superuser_fieldsets if request.user.is_superuser else []
        return self.fieldsets + extra

    def get_queryset(self, request):
        qs = admin.ModelAdmin.get_queryset(self, request)
        if request.user.is_superuser:
            return qs
        # People with a role in the PMO's partnerships, and people not yet given any role.
        ids = pmo_partnership_ids(request.user)
        return qs.filter(
            Q(role_assignments__partnership__in=ids) | Q(role_assignments__isnull=True)
        ).distinct()


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(PartnershipScopedAdmin):
    list_display = ["person", "role", "partnership", "region", "scope", "start_date", "end_date"]
    list_filter = ["role", "partnership", "region", "start_date", "end_date"]
    search_fields = ["person__full_name", "person__email"]
    autocomplete_fields = ["person"]
    date_hierarchy = "start_date"
    list_select_related = ["person", "partnership", "region", "scope_type"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("scope")
