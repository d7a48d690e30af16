"""Back-room view of the assessment for the office: read-only, every write goes through the pages'
services (so that it is state-checked and audited)."""

from django.contrib import admin

from safety_platform.admin import ReadOnlyAdmin

from .models import AssessedUnit, Evidence, Indicator, Objection, Scheme, Score


@admin.register(Scheme)
class SchemeAdmin(ReadOnlyAdmin):
    list_display = ("year", "name", "status", "published_at", "results_published_at")
    list_filter = ("status", "year")
    search_fields = ("name",)


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ("name", "scheme", "category", "kind", "source", "max_score", "computer", "rule")
    list_filter = ("scheme", "kind", "source")


@admin.register(AssessedUnit)
class AssessedUnitAdmin(ReadOnlyAdmin):
    list_display = ("name", "scheme", "kind", "total", "grade", "rank", "vetoed")
    list_filter = ("scheme", "kind", "grade", "vetoed")
    search_fields = ("name",)


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdmin):
    list_display = ("unit", "indicator", "value", "points", "vetoed", "reviewed_by", "reviewed_at")
    list_filter = ("unit__scheme",)


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ("title", "unit", "indicator", "uploaded_by", "uploaded_at")


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ("score", "status", "raised_by", "raised_at", "answered_by", "answered_at")
    list_filter = ("status",)
