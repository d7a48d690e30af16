"""Back room: read-only (every change goes through the services and is audited)."""

from django.contrib import admin

from safety_platform.admin import ReadOnlyAdmin

from .models import CreditListing, CreditRemoval, CreditViolation


@admin.register(CreditListing)
class CreditListingAdmin(ReadOnlyAdmin):
    list_display = ["enterprise", "listed_on", "source", "status", "removed_on"]
    list_filter = ["status"]
    search_fields = ["enterprise__name", "enterprise__uscc", "source"]


@admin.register(CreditRemoval)
class CreditRemovalAdmin(ReadOnlyAdmin):
    list_display = ["listing", "status", "proposed_at", "decided_at", "decided_by"]
    list_filter = ["status"]


@admin.register(CreditViolation)
class CreditViolationAdmin(ReadOnlyAdmin):
    list_display = ["enterprise", "occurred_on", "description", "source"]
