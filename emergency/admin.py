from django.contrib import admin

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


class RevisionInline(admin.TabularInline):
    model = PlanRevision
    extra = 0
    readonly_fields = ["opened_at", "closed_at"]
    raw_id_fields = ["drill", "accident", "opened_by"]


@admin.register(EmergencyPlan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "plan_type", "owner_kind", "version", "status", "filed_on", "review_due", "needs_revision"]
    list_filter = ["plan_type", "owner_kind", "status", "needs_revision"]
    search_fields = ["title", "enterprise__name", "filing_no"]
    raw_id_fields = ["enterprise", "region", "department", "reviewed_by", "created_by"]
    inlines = [RevisionInline]


class FindingInline(admin.TabularInline):
    model = DrillFinding
    extra = 0
    raw_id_fields = ["revision", "recorded_by", "hazard"]


@admin.register(Drill)
class DrillAdmin(admin.ModelAdmin):
    list_display = ["title", "drill_type", "owner_kind", "planned_date", "status", "held_on"]
    list_filter = ["drill_type", "owner_kind", "status"]
    search_fields = ["title", "enterprise__name"]
    raw_id_fields = ["enterprise", "region", "department", "plan", "created_by"]
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
class DutyAdmin(admin.ModelAdmin):
    list_display = ["date", "shift", "leader", "officer", "handed_over_at"]
    date_hierarchy = "date"


@admin.register(EventReport)
class EventAdmin(admin.ModelAdmin):
    list_display = ["received_at", "caller", "category", "status", "accident"]
    list_filter = ["category", "status"]
    raw_id_fields = ["enterprise", "region", "recorded_by", "accident"]


@admin.register(RiskMonthlyReport)
class RiskReportAdmin(admin.ModelAdmin):
    list_display = ["month", "region", "department", "major_count", "high_count", "late"]
    list_filter = ["late"]
