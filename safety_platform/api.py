"""Base classes for the DRF API: every viewset starts from ``for_user`` (out of scope = 404)."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, viewsets


def call_service(fn, /, **kwargs):
    """Call a service from an API view: its ValidationError becomes a 400 naming the fields
    (``{"field": [...]}``, ``{"detail": [...]}`` when it names none), its PermissionDenied a 403
    that keeps the service's message."""
    try:
        return fn(**kwargs)
    except DjangoValidationError as exc:
        raise exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc) or None)


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
