"""Back room of the accidents app. Reports, casualty revisions, investigation, closing and evaluation
are written only by accidents.services (deadlines, 迟报, grade, audit); here those fields are read-only."""

from django.contrib import admin

from safety_platform.admin import LifecycleFieldsReadOnlyMixin, ReadOnlyInline

from .models import Accident, AccidentAttachment, AccidentReport, CasualtyRevision, Plan, PlanTarget, RegionYearData


class ReportInline(ReadOnlyInline):
    """Recorded by report_add, which computes the deadline and the 迟报 flag."""

    model = AccidentReport
    fields = ["level", "reported_at", "deadline", "late", "reporter_name", "content", "recorded_by", "recorded_at"]


class RevisionInline(ReadOnlyInline):
    model = CasualtyRevision
    fields = ["at", "by", "before", "after", "grade_before", "grade_after", "reason"]


class AttachmentInline(ReadOnlyInline):
    """Uploaded (content-checked) by attachment_add."""

    model = AccidentAttachment
    fields = ["kind", "title", "file", "uploaded_by", "uploaded_at"]


@admin.register(Accident)
class AccidentAdmin(LifecycleFieldsReadOnlyMixin, admin.ModelAdmin):
    """Read-mostly: the office may correct the title, place, parties and summary here; figures, grade,
    status and everything the deadlines are computed from go through the services (pages)."""

    list_display = ["title", "occurred_at", "region", "category", "deaths", "grade", "status", "late_reported"]
    list_filter = ["year", "category", "grade", "status", "late_reported", "irregularity"]
    search_fields = ["title", "enterprise__name"]
    lifecycle_fields = [
        # accident_report / derive: the year, the 493号令 grade and the report and revision deadlines follow these
        "occurred_at", "year", "category", "is_coal_mine", "imported", "created_by",
        # casualty_revise (with a CasualtyRevision row) and report_add (迟报)
        "deaths", "missing", "serious_injuries", "minor_injuries", "direct_loss", "grade", "late_reported",
        # irregularity_mark, investigation_record, accident_close, evaluation_record
        "irregularity", "irregularity_note", "status", "cause", "investigation_report", "responsibility", "measures",
        "closed_on", "evaluation_due", "evaluated_on", "evaluation_result",
    ]
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
