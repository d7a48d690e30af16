"""Base classes for the thin HTML views of every app.

``ScopedListView`` starts from ``Model.objects.for_user(user)`` (the one scoping mechanism),
applies the app's FilterSet, paginates, and answers ``?export=xlsx`` with the same filtered
rows as an Excel file (built in the request, or as an export job above EXPORT_ASYNC_ROWS rows:
safety_platform.exports). ``ScopedDetailView`` 404s on anything out of scope.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import models
from django.views.generic import DetailView, ListView

from .exports import ExportSpec, export_response


class ScopedQuerysetMixin(LoginRequiredMixin):
    model: type[models.Model]
    select_related: Sequence[str] = ()
    prefetch_related: Sequence[str] = ()

    def scoped_queryset(self) -> models.QuerySet:
        qs = self.model.objects.for_user(self.request.user)
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        return qs

    def get_queryset(self) -> models.QuerySet:
        return self.scoped_queryset()


class ScopedListView(ScopedQuerysetMixin, ListView):
    filterset_class = None
    paginate_by = 30
    export_title: str = ""
    export_columns: Sequence[str] = ()

    def get_paginate_by(self, queryset):
        try:
            size = int(self.request.GET.get("page_size", self.paginate_by))
        except ValueError:
            size = self.paginate_by
        return max(1, min(size, 200))

    def get_queryset(self) -> models.QuerySet:
        qs = self.scoped_queryset()
        if self.filterset_class is not None:
            self.filterset = self.filterset_class(self.request.GET or None, queryset=qs, request=self.request)
            qs = self.filterset.qs
        else:
            self.filterset = None
        return qs

    def export_row(self, obj: Any) -> Sequence[Any]:
        raise NotImplementedError

    def export_queryset(self, qs: models.QuerySet) -> models.QuerySet:
        return qs

    def export_spec(self) -> ExportSpec:
        qs = self.get_queryset()
        rows = self.export_queryset(qs)
        return ExportSpec(self.export_title, self.export_columns, (self.export_row(o) for o in rows.iterator(2000)),
                          count=qs.count)

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx" and self.export_columns:
            return export_response(request, self.export_spec())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter"] = self.filterset
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx["querystring"] = query.urlencode()
        ctx["can_export"] = bool(self.export_columns)
        return ctx


class ScopedDetailView(ScopedQuerysetMixin, DetailView):
    pass
