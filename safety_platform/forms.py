"""The page side of the write path, shared by every app (twin of ``safety_platform.api.call_service``).

* ``BootstrapMixin`` styles a form's widgets once (form-control / form-select / form-check-input).
* ``add_service_errors(form, exc)`` puts a service's ``ValidationError`` next to the fields it names.
* ``error_text(form=None, exc=None)`` is the same errors as one '字段：错误；…' line, for a flash
  message when an action form is posted from a detail page.
* ``run_service(request, fn, form=None, success=…, **kwargs)`` calls a service from a page:
  ``ValidationError`` → field errors on ``form`` (or a flash message) and ``None``;
  ``PermissionDenied`` passes through (Django answers 403 with the reason); success → a message
  and the service's result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError


class BootstrapMixin:
    """Bootstrap classes on every widget; textareas three rows unless the form says otherwise."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


def bootstrap(form: forms.BaseForm, *, small: bool = False) -> None:
    sm = " form-control-sm" if small else ""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
            widget.attrs.setdefault("class", "list-unstyled mb-0")
            continue
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
            css = "form-select" + (" form-select-sm" if small else "")
        else:
            css = "form-control" + sm
        widget.attrs.setdefault("class", css)
        if isinstance(widget, forms.Textarea):
            widget.attrs.setdefault("rows", 3)


def _messages(exc: ValidationError) -> dict[str | None, list[str]]:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
    return {None: [str(m) for m in exc.messages]}


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form, next to the field it names (else on top)."""
    for field, msgs in _messages(exc).items():
        form.add_error(field if field in form.fields else None, msgs)


def error_text(form: forms.BaseForm | None = None, exc: ValidationError | None = None,
               labels: dict[str, str] | None = None) -> str:
    """'字段：错误；…' for a flash message: the service's errors if given, else the form's."""
    labels = dict(labels or {})
    if form is not None:
        labels.update({name: str(f.label) for name, f in form.fields.items() if f.label})
    if exc is not None:
        errors = _messages(exc)
    elif form is not None:
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
    else:
        return ""
    parts = []
    for field, msgs in errors.items():
        label = labels.get(field or "", "")
        parts += [f"{label}：{m}" if label else m for m in msgs]
    return "；".join(parts)


def run_service(request, fn: Callable[..., Any], /, *, form: forms.BaseForm | None = None,
                success: str | None = None, **kwargs) -> tuple[bool, Any]:
    """Call a service from a page. Returns ``(True, result)`` or ``(False, None)`` after showing the
    service's ``ValidationError`` on ``form`` (or as a flash error when there is no form).
    ``PermissionDenied`` is not caught: the page answers 403 with the service's reason, as the API does."""
    try:
        result = fn(**kwargs)
    except ValidationError as exc:
        if form is not None:
            add_service_errors(form, exc)
        else:
            messages.error(request, error_text(exc=exc))
        return False, None
    if success:
        messages.success(request, success)
    return True, result
