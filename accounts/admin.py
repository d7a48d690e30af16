from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from safety_platform.admin import ReadOnlyAdmin

from .models import AuditLog, Department, Industry, Region, User


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent", "depth"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent", "officers"]


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "parent"]
    search_fields = ["code", "name"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "short_name"]
    search_fields = ["name"]
    filter_horizontal = ["industries"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "role", "region", "department", "enterprise", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "full_name", "phone"]
    autocomplete_fields = ["region", "department", "enterprise"]
    fieldsets = BaseUserAdmin.fieldsets + (
        ("平台角色与范围", {"fields": ("role", "full_name", "phone", "region", "department", "enterprise", "enforcement_cert_no")}),
    )


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "object_repr", "note"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "note", "actor__username", "action"]
    date_hierarchy = "at"
