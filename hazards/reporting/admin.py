"""Back room for the office: read-only (every change goes through the services and is audited)."""

from django.contrib import admin

from .models import PublicReport, ReportReward, ReportTransition


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TransitionInline(admin.TabularInline):
    model = ReportTransition
    extra = 0
    can_delete = False
    readonly_fields = ["at", "by", "action", "from_status", "to_status", "note"]

    def has_add_permission(self, request, obj=None):
        return False


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
