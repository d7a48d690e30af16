from django.contrib import admin

from .models import Accident, AccidentAttachment, AccidentReport, CasualtyRevision, Plan, PlanTarget, RegionYearData


class ReportInline(admin.TabularInline):
    model = AccidentReport
    extra = 0
    readonly_fields = ["deadline", "late", "recorded_by", "recorded_at"]


class RevisionInline(admin.TabularInline):
    model = CasualtyRevision
    extra = 0
    can_delete = False
    readonly_fields = ["at", "by", "before", "after", "grade_before", "grade_after", "reason"]


class AttachmentInline(admin.TabularInline):
    model = AccidentAttachment
    extra = 0
    readonly_fields = ["uploaded_by", "uploaded_at"]


@admin.register(Accident)
class AccidentAdmin(admin.ModelAdmin):
    """Back room view; casualty figures are changed through the revision service (page), not here."""

    list_display = ["title", "occurred_at", "region", "category", "deaths", "grade", "status", "late_reported"]
    list_filter = ["year", "category", "grade", "status", "late_reported", "irregularity"]
    search_fields = ["title", "enterprise__name"]
    readonly_fields = ["year", "grade", "deaths", "missing", "serious_injuries", "minor_injuries", "direct_loss",
                       "late_reported", "evaluation_due", "imported"]
    autocomplete_fields = ["region", "enterprise", "industry"]
    inlines = [ReportInline, RevisionInline, AttachmentInline]


@admin.register(RegionYearData)
class RegionYearDataAdmin(admin.ModelAdmin):
    list_display = ["region", "year", "gdp", "population", "industrial_employees", "motor_vehicles", "coal_output"]
    list_filter = ["year"]
    search_fields = ["region__name", "region__code"]


class PlanTargetInline(admin.TabularInline):
    model = PlanTarget
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "baseline_year", "target_year"]
    inlines = [PlanTargetInline]
