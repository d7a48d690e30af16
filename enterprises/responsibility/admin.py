"""Back room: read-only (every change goes through the services and is audited)."""

from django.contrib import admin

from safety_platform.admin import ReadOnlyAdmin

from .models import ResponsibilityItem, SafetyInvestment, SafetyStaff


@admin.register(ResponsibilityItem)
class ResponsibilityItemAdmin(ReadOnlyAdmin):
    list_display = ["enterprise", "position", "person", "signed_on"]
    search_fields = ["enterprise__name", "position", "person"]


@admin.register(SafetyStaff)
class SafetyStaffAdmin(ReadOnlyAdmin):
    list_display = ["enterprise", "category", "name", "certificate_type", "certificate_no", "expires_on"]
    list_filter = ["category"]
    search_fields = ["enterprise__name", "name", "certificate_no"]


@admin.register(SafetyInvestment)
class SafetyInvestmentAdmin(ReadOnlyAdmin):
    list_display = ["enterprise", "spent_on", "category", "amount", "description"]
    list_filter = ["category"]
    search_fields = ["enterprise__name", "description"]
    date_hierarchy = "spent_on"
