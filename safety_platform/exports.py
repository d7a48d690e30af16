"""Every list export answers through ``export_response(request, spec)``.

A view describes its export as an ``ExportSpec`` (title, column titles, a lazy row iterable and a
row count). Up to ``settings.EXPORT_ASYNC_ROWS`` rows the file is built in the request, as always;
above it the request is handed to the *offloader* — a registry of one, owned by this floor and
filled by ``accounts`` from its ``AppConfig.ready()`` (accounts.export_jobs), which records an
export job and answers at once with its progress page.

The worker re-runs the very same view (path, query string, user — so scoping, permissions and
filters hold exactly as for the user) with ``request.export_capture`` set: ``export_response``
then hands the spec back on the request instead of answering, and the worker writes the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpResponse

from .excel import xlsx_response


@dataclass
class ExportSpec:
    title: str
    columns: Sequence[str]
    rows: Iterable[Sequence[Any]]
    count: Callable[[], int]


Offloader = Callable[[Any, ExportSpec, int], HttpResponse]
_offloader: list[Offloader] = []


def set_offloader(fn: Offloader) -> None:
    """Called once, from the AppConfig.ready() of the app that runs export jobs."""
    _offloader[:] = [fn]


def export_response(request, spec: ExportSpec) -> HttpResponse:
    if getattr(request, "export_capture", False):  # the export worker re-running the view
        request.export_spec = spec
        return HttpResponse(status=204)
    if _offloader:
        total = spec.count()
        if total > getattr(settings, "EXPORT_ASYNC_ROWS", 2000):
            return _offloader[0](request, spec, total)
    return xlsx_response(spec.title, spec.columns, spec.rows)
