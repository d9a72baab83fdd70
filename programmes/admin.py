"""The admin where the PMO sets up programmes, workstreams, KPIs, milestones and risk bands.

Day-to-day work (updates, PID approval, re-scoring) happens on the pages through the write
functions; the admin offers the same functions where it changes those records.
"""

from django.contrib import admin, messages

from programmes.exceptions import TransitionNotAllowed
from programmes.models import (
    KPI,
    PID,
    Benefit,
    KPIActual,
    KPITrajectoryPoint,
    Milestone,
    PlannedMilestone,
    Programme,
    Risk,
    RiskBand,
    RiskScore,
    StatusUpdate,
    Workstream,
    attach_bands,
)
from programmes.pids import new_pid_version
from programmes.risks import raise_risk, rescore_risk
from stp.admin import PartnershipScopedAdmin
from stp.permissions import may, pmo_partnership_filter

# Choices of these foreign keys are limited to the PMO's partnerships: model, path to it.
SCOPED_CHOICES = {
    "programme": (Programme, "partnership"),
    "workstream": (Workstream, "partnership"),
    "milestone": (Milestone, "workstream__partnership"),
    "kpi": (KPI, "workstream__partnership"),
}
PEOPLE = ["owner"]


def limit_choices(db_field, request, kwargs):
    if db_field.name in SCOPED_CHOICES and not request.user.is_superuser:
        model, path = SCOPED_CHOICES[db_field.name]
        kwargs["queryset"] = model.objects.filter(pmo_partnership_filter(request.user, path))
    return kwargs


class ScopedAdmin(PartnershipScopedAdmin):
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        limit_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScopedInline(admin.TabularInline):
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        limit_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_view_permission(self, request, obj=None):
        return may(request.user, "use_admin")

    has_change_permission = has_add_permission = has_delete_permission = has_view_permission


@admin.register(Programme)
class ProgrammeAdmin(ScopedAdmin):
    list_display = ["name", "kind", "status", "partnership"]
    list_filter = ["kind", "status", "partnership"]
    search_fields = ["name", "description"]
    list_select_related = ["partnership"]


@admin.register(Workstream)
class WorkstreamAdmin(ScopedAdmin):
    partnership_path = "partnership"
    list_display = ["name", "programme", "status", "partnership"]
    list_filter = ["status", "partnership", "programme"]
    search_fields = ["name", "objectives", "programme__name"]
    list_select_related = ["programme", "partnership"]
    readonly_fields = ["partnership"]
    actions = ["start_pid_version"]

    @admin.action(description="Start a new PID version")
    def start_pid_version(self, request, queryset):
        for workstream in queryset:
            try:
                pid = new_pid_version(workstream, request.user)
            except TransitionNotAllowed as refused:
                self.message_user(request, f"{workstream}: {refused.message}", messages.WARNING)
            else:
                self.message_user(request, f"Started {pid}.", messages.SUCCESS)


class BenefitInline(ScopedInline):
    model = Benefit
    fields = ["description", "kind", "measure", "baseline", "target", "target_date", "owner"]
    autocomplete_fields = PEOPLE


class PlannedMilestoneInline(ScopedInline):
    model = PlannedMilestone
    fields = ["title", "planned_date", "is_key", "milestone"]


@admin.register(PID)
class PIDAdmin(ScopedAdmin):
    partnership_path = "workstream__partnership"
    list_display = ["__str__", "status", "submitted_at", "approved_at", "decision_reference"]
    list_filter = ["status", "workstream__partnership"]
    search_fields = ["workstream__name", "decision_reference"]
    list_select_related = ["workstream"]
    inlines = [BenefitInline, PlannedMilestoneInline]
    filter_horizontal = ["kpis"]
    lifecycle = ["workstream", "version", "status", "created_by", "submitted_by", "submitted_at",
                 "approved_by", "approved_at", "decision_reference", "rejected_by",
                 "rejected_at", "rejection_reason", "superseded_at"]

    def has_add_permission(self, request):
        # A version is started from its workstream (an action there), never typed in.
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.is_editable:
            return [*self.lifecycle, *PID.CONTENT_FIELDS, "kpis"]
        return self.lifecycle

    def get_inlines(self, request, obj):
        return self.inlines if obj is None or obj.is_editable else []

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "kpis" and not request.user.is_superuser:
            kwargs["queryset"] = KPI.objects.filter(
                pmo_partnership_filter(request.user, "workstream__partnership")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Milestone)
class MilestoneAdmin(ScopedAdmin):
    partnership_path = "workstream__partnership"
    list_display = ["title", "workstream", "is_key", "baseline_date", "forecast_date",
                    "completed_on", "slippage", "status", "rating"]
    list_filter = ["status", "is_key", "workstream__partnership"]
    search_fields = ["title", "notes", "workstream__name"]
    list_select_related = ["workstream"]
    readonly_fields = ["baseline_date", "baseline_pid"]
    autocomplete_fields = PEOPLE
    date_hierarchy = "forecast_date"

    @admin.display(description="slippage (days)")
    def slippage(self, milestone):
        return milestone.slippage_days

    @admin.display(description="RAG")
    def rating(self, milestone):
        return milestone.rag() or "–"


class TrajectoryInline(ScopedInline):
    model = KPITrajectoryPoint
    fields = ["period", "value"]


class ActualInline(ScopedInline):
    model = KPIActual
    fields = ["period", "value", "note", "entered_by"]
    readonly_fields = ["entered_by"]


@admin.register(KPI)
class KPIAdmin(ScopedAdmin):
    partnership_path = "workstream__partnership"
    list_display = ["name", "workstream", "unit", "improvement", "frequency", "target_value"]
    list_filter = ["unit", "improvement", "frequency", "workstream__partnership"]
    search_fields = ["name", "definition", "data_source", "workstream__name"]
    list_select_related = ["workstream"]
    inlines = [TrajectoryInline, ActualInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Allowed but worth a second look: say so once it is saved.
        for warning in obj.warnings():
            messages.warning(request, f"{obj.name}: {warning}")

    def save_formset(self, request, form, formset, change):
        for instance in formset.save(commit=False):
            if isinstance(instance, KPIActual):
                instance.entered_by = request.user
            instance.save()
        for instance in formset.deleted_objects:
            instance.delete()


class ScoreInline(ScopedInline):
    """Its re-scores, read-only: re-score by changing the current likelihood or consequence."""

    model = RiskScore
    fields = ["scored_on", "likelihood", "consequence", "score", "scored_by", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    has_change_permission = has_delete_permission = has_add_permission


@admin.register(Risk)
class RiskAdmin(ScopedAdmin):
    list_display = ["title", "belongs_to", "current_score", "band", "trend", "owner", "status",
                    "escalated", "review_date"]
    list_filter = ["status", "escalated", "consequence_domain", "partnership"]
    search_fields = ["title", "cause", "event", "effect", "workstream__name", "programme__name"]
    list_select_related = ["workstream", "programme", "owner"]
    autocomplete_fields = PEOPLE
    inlines = [ScoreInline]
    fieldsets = [
        (None, {"fields": ["title", "workstream", "programme", "owner", "status", "escalated"]}),
        ("Description", {"fields": ["cause", "event", "effect"]}),
        ("Scores", {"fields": [
            "consequence_domain", ("initial_likelihood", "initial_consequence"),
            ("likelihood", "consequence"), ("target_likelihood", "target_consequence"),
        ]}),
        ("Management", {"fields": ["controls", "gaps_in_control", "further_actions",
                                   "review_date"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_previous_score()

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        attach_bands(changelist.result_list)
        return changelist

    def save_model(self, request, obj, form, change):
        if not change:
            raise_risk(obj, request.user)
            return
        super().save_model(request, obj, form, change)
        rescored = {"likelihood", "consequence"} & set(form.changed_data)
        if rescored and obj.is_open:
            rescore_risk(obj, obj.likelihood, obj.consequence, request.user,
                         note="Re-scored in the admin.")

    @admin.display(description="band")
    def band(self, risk):
        return risk.band.label if risk.band else "–"

    @admin.display(description="trend")
    def trend(self, risk):
        return risk.get_trend_display() if risk.trend else "–"


@admin.register(RiskBand)
class RiskBandAdmin(ScopedAdmin):
    list_display = ["label", "min_score", "max_score", "colour", "partnership"]
    list_filter = ["partnership", "colour"]
    search_fields = ["label", "action"]
    list_select_related = ["partnership"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "partnership" and not request.user.is_superuser:
            # Only superusers change the default bands; a PMO re-bands its own partnership.
            kwargs["required"] = True
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(StatusUpdate)
class StatusUpdateAdmin(ScopedAdmin):
    partnership_path = "workstream__partnership"
    list_display = ["workstream", "period", "status", "delivery_confidence", "submitted_at",
                    "approved_at"]
    list_filter = ["status", "delivery_confidence", "workstream__partnership"]
    search_fields = ["workstream__name", "summary"]
    list_select_related = ["workstream"]
    date_hierarchy = "period"
    lifecycle = ["workstream", "period", "status", "pid", "submitted_by", "submitted_at",
                 "approved_by", "approved_at", "returned_by", "returned_at", "return_comment",
                 "locked_at", "locked_reason"]

    def has_add_permission(self, request):
        # An update is started by its lead for a month, pre-filled (updates.start_update).
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.is_editable:
            return [*self.lifecycle, *StatusUpdate.EDITABLE_FIELDS]
        return self.lifecycle
