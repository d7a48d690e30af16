"""Base classes for the DRF API: every viewset starts from ``for_user`` (out of scope = 404)."""

from __future__ import annotations

from collections.abc import Sequence

from rest_framework import viewsets


class ScopedViewSetMixin:
    select_related: Sequence[str] = ()
    prefetch_related: Sequence[str] = ()

    def get_queryset(self):
        model = self.queryset.model if self.queryset is not None else self.serializer_class.Meta.model
        qs = model.objects.for_user(self.request.user)
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        return qs


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass
