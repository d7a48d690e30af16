"""The registry of computed indicators.

A computed indicator is ONE small function ``(unit, year) -> Measure`` registered with
``@register(key, label, unit="%")``. It reads platform data over the year and the unit's scope
(``unit.enterprises()`` for the enterprises of a street / department / key unit) through the
owning app's models or selectors, and returns the value together with the records behind it
(the drill-down). Apps that land later add theirs in ``assessment/indicators.py``.

An indicator may also provide a batch form, ``@batch(key)`` on a function ``(units, year) ->
{unit.pk: value}`` that computes the value for many units at once with grouped queries (grouped by
the street's regions, the department or the enterprise). Computing a scheme's results uses
``Computer.values`` — the batch form when there is one, else one call per unit; the per-unit
function stays the reference (and the drill-down), and the batch form must return the same values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet
from django.utils import timezone


@dataclass(frozen=True)
class Measure:
    value: Decimal | None  # None: cannot be computed (e.g. a rate over zero records)
    records: QuerySet | None = None  # the rows behind the number (drill-down)
    note: str = ""  # how the number was formed, e.g. "已整改 12 / 应整改 15"


@dataclass(frozen=True)
class Computer:
    key: str
    label: str
    unit: str
    func: Callable[..., Measure]
    help: str = ""
    batch: Callable[..., dict[int, Decimal | None]] | None = None  # (units, year) -> {unit.pk: value}

    def __call__(self, unit, year: int) -> Measure:
        return self.func(unit, year)

    def values(self, units: Sequence, year: int) -> dict[int, Decimal | None]:
        """The value for every unit: one batch call when the indicator has a batch form."""
        if self.batch is not None:
            return self.batch(units, year)
        return {u.pk: self.func(u, year).value for u in units}


REGISTRY: dict[str, Computer] = {}


def register(key: str, label: str, *, unit: str = "", help: str = "") -> Callable:
    def decorator(func: Callable[..., Measure]) -> Callable[..., Measure]:
        if key in REGISTRY and REGISTRY[key].func is not func:
            raise ValueError(f"computed indicator {key!r} is registered twice")
        kept = REGISTRY[key].batch if key in REGISTRY else None
        REGISTRY[key] = Computer(key, label, unit, func, help or (func.__doc__ or "").strip(), kept)
        return func

    return decorator


def batch(key: str) -> Callable:
    """Attach the batch form ``(units, year) -> {unit.pk: value}`` to the registered indicator ``key``."""
    def decorator(func: Callable[..., dict[int, Decimal | None]]) -> Callable[..., dict[int, Decimal | None]]:
        computer = REGISTRY.get(key)
        if computer is None:
            raise ValueError(f"computed indicator {key!r} is not registered")
        if computer.batch is not None and computer.batch is not func:
            raise ValueError(f"computed indicator {key!r} already has a batch form")
        REGISTRY[key] = replace(computer, batch=func)
        return func

    return decorator


def get(key: str) -> Computer | None:
    return REGISTRY.get(key)


def choices() -> list[tuple[str, str]]:
    return [(c.key, f"{c.label}（{c.unit}）" if c.unit else c.label) for c in sorted(REGISTRY.values(), key=lambda c: c.label)]


# ---- helpers for indicator functions -----------------------------------------------------------

def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """[1 Jan 00:00, next 1 Jan 00:00) of ``year`` in the platform's time zone."""
    tz = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


def as_of(year: int) -> dt.date:
    """The day a yearly state is judged on: 31 Dec, or today while the year is running."""
    return min(dt.date(year, 12, 31), timezone.localdate())


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def count(n: int) -> Decimal:
    return Decimal(n)
