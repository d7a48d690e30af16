"""Back room of the hazards app. The lifecycle (report → rectify → verify → close, supervision,
extensions, escalation, the weekly self-check) is written only by hazards.services, which checks
the allowed state and writes the transition and audit rows; here those fields are read-only."""

from django.contrib import admin

from safety_platform.admin import LifecycleFieldsReadOnlyMixin, ReadOnlyAdmin, ReadOnlyInline

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


class TransitionInline(ReadOnlyInline):
    model = HazardTransition
    fields = ["at", "by", "action", "from_status", "to_status", "escalation_level", "note"]


class PhotoInline(ReadOnlyInline):
    """Before/after photos are evidence of the lifecycle, added (content-checked) by the services."""

    model = HazardPhoto
    fields = ["kind", "image", "uploaded_by", "uploaded_at"]


@admin.register(Hazard)
class HazardAdmin(LifecycleFieldsReadOnlyMixin, admin.ModelAdmin):
    """Read-mostly: the office may correct the wording (description, location, category, responsible,
    department); everything the services write or decide from is read-only."""

    list_display = ["number", "enterprise", "source", "grade", "status", "deadline", "escalation_level"]
    list_filter = ["status", "grade", "source", "escalation_level", "is_overdue"]
    search_fields = ["enterprise__name", "description"]
    raw_id_fields = ["department"]
    lifecycle_fields = [
        # hazard_report (the region follows the enterprise: enterprises.services moves it)
        "enterprise", "region", "source", "grade", "reporter", "reported_at", "self_check", "origin_type", "origin_id",
        # status steps, supervision/extension deadlines, 五到位 plan (hazard_set_plan writes a transition)
        "status", "deadline", "rectifying_at", "submitted_at", "rectification_note", "closed_at", "closed_by",
        "spot_check_due", "plan_responsibility", "plan_measures", "plan_funds", "plan_deadline", "plan_emergency",
        # the nightly overdue/escalation jobs
        "is_overdue", "escalation_level", "escalated_at",
    ]
    inlines = [PhotoInline, TransitionInline]
    date_hierarchy = "reported_at"


class AnswerInline(ReadOnlyInline):
    model = SelfCheckAnswer


@admin.register(SelfCheck)
class SelfCheckAdmin(ReadOnlyAdmin):
    """Filed and amended only through selfcheck_submit/selfcheck_amend (deadline, late flag, count)."""

    list_display = ["enterprise", "week_start", "is_zero", "is_late", "hazards_found", "submitted_at", "amend_count"]
    list_filter = ["is_zero", "is_late", "week_start"]
    search_fields = ["enterprise__name"]
    inlines = [AnswerInline]


@admin.register(Supervision)
class SupervisionAdmin(ReadOnlyAdmin):
    """挂牌督办: listed by hazard_supervise, deadline moved by extension_decide, closed by hazard_verify."""

    list_display = ["hazard", "doc_no", "deadline", "status", "listed_at"]
    list_filter = ["status"]


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(ReadOnlyAdmin):
    """Requested by extension_request and decided by extension_decide (which moves the deadline)."""

    list_display = ["hazard", "new_deadline", "status", "requested_at", "decided_at"]
    list_filter = ["status"]
