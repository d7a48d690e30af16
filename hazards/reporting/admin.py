"""Back room for the office: read-only (every change goes through the services and is audited)."""

from django.contrib import admin

from safety_platform.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import PublicReport, ReportReward, ReportTransition


class TransitionInline(ReadOnlyInline):
    model = ReportTransition
    fields = ["at", "by", "action", "from_status", "to_status", "note"]


@admin.register(PublicReport)
class PublicReportAdmin(ReadOnlyAdmin):
    list_display = ["code", "submitted_at", "category", "status", "assigned_region", "assigned_department", "deadline"]
    list_filter = ["status", "category"]
    search_fields = ["code", "description", "address", "enterprise_name"]
    inlines = [TransitionInline]


@admin.register(ReportReward)
class ReportRewardAdmin(ReadOnlyAdmin):
    list_display = ["report", "amount", "decided_on", "status", "paid_on"]
    list_filter = ["status"]
