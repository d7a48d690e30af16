from django.contrib import admin

from .models import (
    CheckItem,
    CheckTemplate,
    ExtensionRequest,
    Hazard,
    HazardPhoto,
    HazardTransition,
    SelfCheck,
    SelfCheckAnswer,
    Supervision,
)


class CheckItemInline(admin.TabularInline):
    model = CheckItem
    extra = 0


@admin.register(CheckTemplate)
class CheckTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "industry", "key_flag", "is_active", "updated_at"]
    list_filter = ["is_active", "key_flag"]
    search_fields = ["name"]
    inlines = [CheckItemInline]


class TransitionInline(admin.TabularInline):
    model = HazardTransition
    extra = 0
    can_delete = False
    readonly_fields = ["at", "by", "action", "from_status", "to_status", "escalation_level", "note"]

    def has_add_permission(self, request, obj=None):
        return False


class PhotoInline(admin.TabularInline):
    model = HazardPhoto
    extra = 0


@admin.register(Hazard)
class HazardAdmin(admin.ModelAdmin):
    """Read-mostly: the lifecycle is changed through the services (pages/API), never here."""

    list_display = ["number", "enterprise", "source", "grade", "status", "deadline", "escalation_level"]
    list_filter = ["status", "grade", "source", "escalation_level", "is_overdue"]
    search_fields = ["enterprise__name", "description"]
    raw_id_fields = ["enterprise", "region", "reporter", "closed_by", "self_check", "department"]
    readonly_fields = ["status", "escalation_level", "escalated_at", "is_overdue", "closed_at", "closed_by"]
    inlines = [PhotoInline, TransitionInline]
    date_hierarchy = "reported_at"


class AnswerInline(admin.TabularInline):
    model = SelfCheckAnswer
    extra = 0
    raw_id_fields = ["item", "hazard"]


@admin.register(SelfCheck)
class SelfCheckAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "week_start", "is_zero", "is_late", "hazards_found", "submitted_at", "amend_count"]
    list_filter = ["is_zero", "is_late", "week_start"]
    search_fields = ["enterprise__name"]
    raw_id_fields = ["enterprise", "region", "submitted_by"]
    inlines = [AnswerInline]


@admin.register(Supervision)
class SupervisionAdmin(admin.ModelAdmin):
    list_display = ["hazard", "doc_no", "deadline", "status", "listed_at"]
    list_filter = ["status"]
    raw_id_fields = ["hazard", "listed_by"]


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(admin.ModelAdmin):
    list_display = ["hazard", "new_deadline", "status", "requested_at", "decided_at"]
    list_filter = ["status"]
    raw_id_fields = ["hazard", "requested_by", "decided_by"]
