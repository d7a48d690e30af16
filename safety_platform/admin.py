"""Shared bases for the Django admin (the office's back room).

Where a service owns a lifecycle, the admin never writes it: the service checks that the step is
allowed now, writes the transition and audit rows and notifies; a direct edit here would do none of
that. So every app's admin is built from these three pieces:

- ``ReadOnlyAdmin``: rows written only by services — shown, never added, changed or deleted here;
- ``ReadOnlyInline``: the same for inline rows (transitions, reports, photos, findings …);
- ``LifecycleFieldsReadOnlyMixin``: rows with a few descriptive fields the office may correct here;
  ``lifecycle_fields`` names the fields the app's services own (status, grade, deadline, closed_at …),
  which are read-only, and the row itself is born only through its service (no "add" here).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        # The listed fields are shown as text (a form may not name non-editable ones such as auto_now_add).
        return self.fields or super().get_readonly_fields(request, obj)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LifecycleFieldsReadOnlyMixin:
    """Put before ``admin.ModelAdmin``; set ``lifecycle_fields`` from what the app's services write."""

    lifecycle_fields: Sequence[str] = ()

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + [f for f in self.lifecycle_fields if f not in fields]

    def has_add_permission(self, request, obj=None):
        return False
