"""Marks that later apps put on enterprises in the register (企业台账), e.g. 失信 from the
严重违法失信名单. The app that owns a mark registers it from its ``AppConfig.ready()``, so
enterprises never imports it (enterprises.credit → enterprises, never back)::

    from enterprises.marks import Mark, register_mark
    register_mark(Mark("credit", badge="失信", title="在严重违法失信名单中", column="严重失信名单",
                       filter_label="失信名单", filter_choice="仅失信", marked=..., marked_among=...))

A mark shows three ways, each from one query however many rows: a red badge beside the name on
the list (``title`` on hover), a 是/blank column of the list's Excel export, and a filter
``?<key>=listed`` of the register's FilterSet (HTML list, export, API and its schema).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from .filters import add_mark_filter


@dataclass(frozen=True)
class Mark:
    key: str  # the filter's parameter
    badge: str
    title: str
    column: str  # the export's column
    filter_label: str
    filter_choice: str  # the label of the one choice, "listed"
    marked: Callable[[], QuerySet]  # the ids of the enterprises marked now, as a subquery
    marked_among: Callable[[Iterable[int] | None], set[int]]  # the marked ones of these (None: all)


_MARKS: dict[str, Mark] = {}


def register_mark(mark: Mark) -> Mark:
    """Add (or replace, when reloaded) the mark ``mark.key`` and its filter."""
    _MARKS[mark.key] = mark
    add_mark_filter(mark)
    return mark


def marks() -> list[Mark]:
    return list(_MARKS.values())
