"""Back-room view of the inspections data. Read-only: every write goes through the services
(numbers, audit trail, hazards), so the admin never edits these rows directly."""

from django.contrib import admin

from safety_platform.admin import ReadOnlyAdmin

from .models import (
    Conflict,
    DocumentCounter,
    EnforcementDocument,
    EnforcementPlan,
    Inspection,
    Patrol,
    Penalty,
    RandomDraw,
    Reinspection,
)


@admin.register(Patrol)
class PatrolAdmin(ReadOnlyAdmin):
    list_display = ["enterprise", "officer", "status", "visit_date", "distance_m", "far_from_enterprise", "sign_off"]
    list_filter = ["status", "sign_off", "far_from_enterprise"]
    search_fields = ["enterprise__name", "officer__full_name"]
    date_hierarchy = "started_at"


@admin.register(EnforcementPlan)
class EnforcementPlanAdmin(ReadOnlyAdmin):
    list_display = ["department", "year", "q1", "q2", "q3", "q4", "status"]
    list_filter = ["year", "status", "department"]


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ["enterprise", "department", "kind", "inspected_on", "status", "result"]
    list_filter = ["kind", "status", "result", "department"]
    search_fields = ["enterprise__name"]


@admin.register(EnforcementDocument)
class EnforcementDocumentAdmin(ReadOnlyAdmin):
    list_display = ["number", "kind", "department", "enterprise", "issued_on"]
    list_filter = ["kind", "year", "department"]
    search_fields = ["number", "enterprise__name"]


@admin.register(DocumentCounter)
class DocumentCounterAdmin(ReadOnlyAdmin):
    list_display = ["department", "kind", "year", "last_number"]


@admin.register(Reinspection)
class ReinspectionAdmin(ReadOnlyAdmin):
    list_display = ["order", "inspected_on", "conclusion"]


@admin.register(Penalty)
class PenaltyAdmin(ReadOnlyAdmin):
    list_display = ["enterprise", "department", "violation_code", "amount", "status", "decided_on"]
    list_filter = ["status", "department"]


@admin.register(Conflict)
class ConflictAdmin(ReadOnlyAdmin):
    list_display = ["inspector", "enterprise", "reason", "declared_at"]


@admin.register(RandomDraw)
class RandomDrawAdmin(ReadOnlyAdmin):
    list_display = ["title", "department", "drawn_at", "enterprise_count", "status", "pool_hash"]
    list_filter = ["status", "department"]
