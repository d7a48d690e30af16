"""Pieces shared by the emergency pages: the scoped list, the form page and the POST action."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.permissions import can
from accounts.selectors import audit_history
from safety_platform.forms import add_service_errors, error_text
from safety_platform.views import ScopedListView


def badge(text: Any, tone: str) -> dict:
    return {"text": text, "badge": tone}


class EmergencyListView(ScopedListView):
    """A scoped, filtered list rendered by one template from ``columns`` and ``cells(obj)``."""

    template_name = "emergency/list.html"
    title = ""
    columns: Sequence[str] = ()
    create_url: str = ""
    create_permission: str = ""  # the named permission of the create page (accounts.permissions)
    export_row_fn: Callable | None = None

    def cells(self, obj) -> Sequence[Any]:
        raise NotImplementedError

    def link(self, obj) -> str:
        return ""

    def export_row(self, obj):
        return type(self).export_row_fn(obj)

    def can_create(self) -> bool:
        return bool(self.create_permission) and can(self.request.user, self.create_permission)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            title=self.title, columns=self.columns,
            rows=[(self.link(o), self.cells(o)) for o in ctx["object_list"]],
            create_url=reverse(self.create_url) if self.create_url and self.can_create() else "",
        )
        return ctx


def form_page(
    request: HttpRequest, form, save: Callable[[dict], Model], *, title: str, back: str, success: str,
    next_url: Callable[[Model], str] | None = None,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(next_url(obj) if next_url else back)
    return render(request, "emergency/form.html", {"form": form, "title": title, "back": back})


def post_action(request: HttpRequest, form, act: Callable[[dict], Any], *, back: str, success: str,
                obj: Model | None = None) -> HttpResponse:
    """A POST-only action from a detail page: errors come back as messages naming the field by its
    label (the form's, else the model's verbose name)."""
    labels = {f.name: str(f.verbose_name) for f in obj._meta.fields} if obj is not None else {}
    if form.is_valid():
        try:
            act(form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, error_text(form, exc, labels))
        else:
            messages.success(request, success)
    else:
        messages.error(request, error_text(form, labels=labels))
    return redirect(back)


def history(obj: Model) -> list:
    return list(audit_history(obj, limit=30))
