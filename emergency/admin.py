"""Back room of the emergency app. Plan filing (提交/备案/退回/修订), drills held or cancelled, duty
hand-over, the event → accident step and the monthly risk report are written only by
emergency.services (state checks, audit); here those fields are read-only."""

from django.contrib import admin

from safety_platform.admin import LifecycleFieldsReadOnlyMixin, ReadOnlyInline

from .models import (
    Depot,
    Drill,
    DrillFinding,
    DrillRule,
    DutyAssignment,
    EmergencyPlan,
    EventReport,
    Expert,
    PlanRevision,
    RescueTeam,
    RiskMonthlyReport,
    Shelter,
    SupplyItem,
    TeamMember,
)


@admin.register(DrillRule)
class DrillRuleAdmin(admin.ModelAdmin):
    """演练频次规则 are reference data the office tunes here."""

    list_display = ["name", "owner_kind", "drill_types", "min_count", "period_years", "anchor_year", "active"]
    list_filter = ["owner_kind", "active"]


class RevisionInline(ReadOnlyInline):
    """Opened by plan_open_revision (sets 待修订), closed when the revised plan is filed."""

    model = PlanRevision
    fields = ["source", "reason", "drill", "accident", "opened_by", "opened_at", "closed_in_version", "closed_at"]


@admin.register(EmergencyPlan)
class PlanAdmin(LifecycleFieldsReadOnlyMixin, admin.ModelAdmin):
    list_display = ["title", "plan_type", "owner_kind", "version", "status", "filed_on", "review_due", "needs_revision"]
    list_filter = ["plan_type", "owner_kind", "status", "needs_revision"]
    search_fields = ["title", "enterprise__name", "filing_no"]
    raw_id_fields = ["enterprise", "region", "department", "created_by"]
    # plan_submit / plan_accept / plan_return / plan_open_revision; a new version or text of a filed
    # plan sends it back to draft (plan_update), and the text is content-checked on upload.
    lifecycle_fields = ["status", "submitted_at", "filed_on", "filing_no", "review_due", "return_reason",
                        "reviewed_by", "needs_revision", "version", "file"]
    inlines = [RevisionInline]


class FindingInline(ReadOnlyInline):
    """Recorded by drill_finding_add, which may open a plan revision or register a hazard."""

    model = DrillFinding


@admin.register(Drill)
class DrillAdmin(LifecycleFieldsReadOnlyMixin, admin.ModelAdmin):
    list_display = ["title", "drill_type", "owner_kind", "planned_date", "status", "held_on"]
    list_filter = ["drill_type", "owner_kind", "status"]
    search_fields = ["title", "enterprise__name"]
    raw_id_fields = ["enterprise", "region", "department", "plan", "created_by"]
    # drill_record (held: the frequency rules count it) and drill_cancel
    lifecycle_fields = ["status", "held_on", "participant_count", "participants", "evaluation", "rating"]
    inlines = [FindingInline]


class MemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0


@admin.register(RescueTeam)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "owner_kind", "leader", "phone"]
    list_filter = ["kind", "owner_kind"]
    search_fields = ["name"]
    raw_id_fields = ["enterprise", "region", "department"]
    inlines = [MemberInline]


class SupplyInline(admin.TabularInline):
    model = SupplyItem
    extra = 0


@admin.register(Depot)
class DepotAdmin(admin.ModelAdmin):
    list_display = ["name", "owner_kind", "manager", "phone"]
    search_fields = ["name"]
    raw_id_fields = ["enterprise", "region", "department"]
    inlines = [SupplyInline]


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = ["name", "field", "organisation", "phone", "availability"]
    list_filter = ["field", "availability"]
    search_fields = ["name", "organisation"]


@admin.register(Shelter)
class ShelterAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "capacity"]
    list_filter = ["kind"]
    search_fields = ["name", "address"]


@admin.register(DutyAssignment)
class DutyAdmin(LifecycleFieldsReadOnlyMixin, admin.ModelAdmin):
    list_display = ["date", "shift", "leader", "officer", "handed_over_at"]
    lifecycle_fields = ["date", "shift", "handover_note", "handed_over_at", "handed_over_by"]  # duty_handover
    date_hierarchy = "date"


@admin.register(EventReport)
class EventAdmin(LifecycleFieldsReadOnlyMixin, admin.ModelAdmin):
    list_display = ["received_at", "caller", "category", "status", "accident"]
    list_filter = ["category", "status"]
    raw_id_fields = ["enterprise", "region", "recorded_by"]
    lifecycle_fields = ["status", "accident"]  # event_update (audited) and event_to_accident


@admin.register(RiskMonthlyReport)
class RiskReportAdmin(LifecycleFieldsReadOnlyMixin, admin.ModelAdmin):
    list_display = ["month", "region", "department", "major_count", "high_count", "late"]
    list_filter = ["late"]
    # risk_report_file: one per reporter and month, late against the due day
    lifecycle_fields = ["month", "region", "department", "filed_by", "filed_at", "late"]
