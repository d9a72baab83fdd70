"""The admin where the PMO sets up boards and their seats, and can look up any governance record.

Boards, seats and the register of interests are kept here. Meetings, agendas, attendance,
minutes, decisions and actions are made on the pages (through governance.meetings), so they
cannot be added here; what a write function derives (references, statuses, PID approvals) is
read-only.
"""

from django import forms
from django.contrib import admin

from governance.models import (
    Action,
    ActionNote,
    AgendaItem,
    AssuranceDownload,
    AssuranceReport,
    AssuranceVersion,
    Attendance,
    Board,
    BoardMembership,
    Constituency,
    Decision,
    Declaration,
    Interest,
    Meeting,
)
from programmes.models import Programme, Workstream
from stp.admin import PartnershipScopedAdmin
from stp.permissions import may, pmo_partnership_filter

# Choices of these foreign keys are limited to the PMO's partnerships: model, path to it.
SCOPED_CHOICES = {
    "board": (Board, "partnership"),
    "meeting": (Meeting, "board__partnership"),
    "item": (AgendaItem, "meeting__board__partnership"),
    "action": (Action, "board__partnership"),
    "interest": (Interest, "partnership"),
}
SCOPED_MANY = {
    "remit_programmes": (Programme, "partnership"),
    "remit_workstreams": (Workstream, "partnership"),
}


class ScopedAdmin(PartnershipScopedAdmin):
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        _limit(db_field, request, kwargs, SCOPED_CHOICES)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        _limit(db_field, request, kwargs, SCOPED_MANY)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class MadeOnThePages(ScopedAdmin):
    """Records made through the meeting pages: looked up and corrected here, never added."""

    def has_add_permission(self, request, obj=None):
        return False


def _limit(db_field, request, kwargs, choices):
    if db_field.name in choices and not request.user.is_superuser:
        model, path = choices[db_field.name]
        kwargs["queryset"] = model.objects.filter(pmo_partnership_filter(request.user, path))


class ScopedInline(admin.TabularInline):
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        _limit(db_field, request, kwargs, SCOPED_CHOICES)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_view_permission(self, request, obj=None):
        return may(request.user, "use_admin")

    has_change_permission = has_add_permission = has_delete_permission = has_view_permission


# Boards and their seats ------------------------------------------------------------------------

class BoardAdminForm(forms.ModelForm):
    quorum_constituencies = forms.MultipleChoiceField(
        label="Constituencies that must be represented", choices=Constituency.choices,
        required=False, widget=forms.CheckboxSelectMultiple,
        help_text="At least one voting member from each of these kinds of organisation.",
    )

    class Meta:
        model = Board
        fields = ["partnership", "name", "code", "kind", "frequency", "papers_due_working_days",
                  "terms_of_reference", "remit_programmes", "remit_workstreams",
                  "quorum_minimum", "quorum_constituencies", "quorum_needs_chair",
                  "deputies_count"]

    def clean(self):
        data = super().clean()
        partnership = data.get("partnership")
        if partnership is None:
            return data
        for name in ("remit_programmes", "remit_workstreams"):
            outside = [r for r in data.get(name) or [] if r.partnership_id != partnership.pk]
            if outside:
                self.add_error(name, "Choose only programmes and workstreams of the board's "
                                     f"partnership ({', '.join(map(str, outside))} is not).")
        return data


class MembershipInline(ScopedInline):
    model = BoardMembership
    fields = ["person", "organisation", "role", "voting", "start_date", "end_date"]
    autocomplete_fields = ["person", "organisation"]


@admin.register(Board)
class BoardAdmin(ScopedAdmin):
    form = BoardAdminForm
    list_display = ["name", "code", "kind", "frequency", "papers_due_working_days", "partnership"]
    list_filter = ["kind", "frequency", "partnership"]
    search_fields = ["name", "code", "terms_of_reference"]
    list_select_related = ["partnership"]
    filter_horizontal = ["remit_programmes", "remit_workstreams"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["partnership", "name", "code", "kind", "frequency",
                           "papers_due_working_days"]}),
        ("Terms of reference", {"fields": ["terms_of_reference"]}),
        ("Remit", {"fields": ["remit_programmes", "remit_workstreams"]}),
        ("Quorum", {"fields": ["quorum_minimum", "quorum_constituencies", "quorum_needs_chair",
                               "deputies_count"]}),
    ]


@admin.register(BoardMembership)
class BoardMembershipAdmin(ScopedAdmin):
    partnership_path = "board__partnership"
    list_display = ["person", "board", "role", "organisation", "voting", "start_date",
                    "end_date"]
    list_filter = ["role", "voting", "board__partnership", "board"]
    search_fields = ["person__full_name", "person__email", "organisation__name", "board__name"]
    list_select_related = ["person", "board", "organisation"]
    autocomplete_fields = ["person", "organisation"]


# The register of interests ---------------------------------------------------------------------

@admin.register(Interest)
class InterestAdmin(ScopedAdmin):
    list_display = ["person", "category", "organisation", "nil_return", "declared_on",
                    "published", "partnership"]
    list_filter = ["category", "nil_return", "published", "partnership"]
    search_fields = ["person__full_name", "description", "organisation"]
    list_select_related = ["person", "partnership"]
    autocomplete_fields = ["person"]
    date_hierarchy = "declared_on"


# Meetings and what they minuted (made on the pages) ---------------------------------------------

class AgendaItemInline(ScopedInline):
    model = AgendaItem
    fields = ["order", "reference", "title", "purpose", "part", "minutes_allotted"]
    readonly_fields = ["reference"]
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(MadeOnThePages):
    partnership_path = "board__partnership"
    list_display = ["__str__", "starts_at", "status", "held_in_public"]
    list_filter = ["status", "held_in_public", "board__partnership", "board"]
    search_fields = ["board__name", "location"]
    list_select_related = ["board"]
    date_hierarchy = "starts_at"
    readonly_fields = ["board", "status", "minutes_approved_at_meeting"]
    inlines = [AgendaItemInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(MadeOnThePages):
    partnership_path = "meeting__board__partnership"
    list_display = ["__str__", "meeting", "purpose", "part", "reference"]
    list_filter = ["purpose", "part", "meeting__board__partnership"]
    search_fields = ["title", "reference", "summary"]
    list_select_related = ["meeting__board"]
    readonly_fields = ["meeting", "reference", "standing", "paper_name", "pid"]
    autocomplete_fields = ["presenter"]
    exclude = ["paper", "risks"]


@admin.register(Attendance)
class AttendanceAdmin(MadeOnThePages):
    partnership_path = "meeting__board__partnership"
    list_display = ["membership", "meeting", "status", "deputy_name"]
    list_filter = ["status", "meeting__board__partnership"]
    search_fields = ["membership__person__full_name", "deputy_name"]
    list_select_related = ["membership__person", "membership__organisation", "meeting__board"]
    readonly_fields = ["meeting", "membership"]


@admin.register(Declaration)
class DeclarationAdmin(MadeOnThePages):
    partnership_path = "item__meeting__board__partnership"
    list_display = ["person", "item", "excluded"]
    list_filter = ["excluded", "item__meeting__board__partnership"]
    search_fields = ["person__full_name", "description"]
    list_select_related = ["person", "item"]
    readonly_fields = ["item", "person"]
    autocomplete_fields = ["interest"]


@admin.register(Decision)
class DecisionAdmin(MadeOnThePages):
    partnership_path = "meeting__board__partnership"
    list_display = ["reference", "meeting", "resolution", "approves_pid"]
    list_filter = ["approves_pid", "meeting__board__partnership"]
    search_fields = ["reference", "resolution"]
    list_select_related = ["meeting__board"]
    readonly_fields = ["meeting", "item", "reference", "approves_pid", "recorded_by",
                       "recorded_at"]


class ActionNoteInline(ScopedInline):
    model = ActionNote
    fields = ["written_at", "written_by", "text"]
    readonly_fields = ["written_at", "written_by"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Action)
class ActionAdmin(MadeOnThePages):
    partnership_path = "board__partnership"
    list_display = ["reference", "description", "owner", "due_date", "status", "closed_on"]
    list_filter = ["status", "board__partnership", "board"]
    search_fields = ["reference", "description", "owner__full_name"]
    list_select_related = ["owner", "board"]
    readonly_fields = ["board", "meeting", "item", "reference", "status", "closed_on"]
    autocomplete_fields = ["owner"]
    inlines = [ActionNoteInline]


@admin.register(ActionNote)
class ActionNoteAdmin(MadeOnThePages):
    partnership_path = "action__board__partnership"
    list_display = ["action", "written_at", "written_by", "text"]
    search_fields = ["text", "action__reference"]
    list_select_related = ["action", "written_by"]
    readonly_fields = ["action", "written_by", "written_at"]


# Assurance reports are made on their pages; published versions and downloads are the record.

class ReadOnly(MadeOnThePages):
    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AssuranceReport)
class AssuranceReportAdmin(ReadOnly):
    partnership_path = "partnership"
    list_display = ["partnership", "month", "status", "overall_rating", "signed_off_by"]
    list_filter = ["status", "partnership"]
    list_select_related = ["partnership", "signed_off_by"]
    date_hierarchy = "month"


@admin.register(AssuranceVersion)
class AssuranceVersionAdmin(ReadOnly):
    partnership_path = "report__partnership"
    list_display = ["report", "number", "published_at", "published_by", "reason"]
    list_filter = ["report__partnership"]
    list_select_related = ["report__partnership", "published_by"]
    exclude = ["data"]


@admin.register(AssuranceDownload)
class AssuranceDownloadAdmin(ReadOnly):
    partnership_path = "version__report__partnership"
    list_display = ["version", "person", "format", "at"]
    list_filter = ["format", "version__report__partnership"]
    list_select_related = ["version__report__partnership", "person"]
