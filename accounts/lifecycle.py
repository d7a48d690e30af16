"""Lifecycles as data: one table of transitions per lifecycle — (action, from, to, who) — that the
service enforces and the page asks ("which actions may this user take on this object now?").

    HAZARD = Lifecycle("hazard", status_field="status", transitions=[
        Transition("start", source=(REPORTED, RETURNED), target=RECTIFYING,
                   permission="hazards.start", label="开始整改"),
        ...
    ])

    # service
    step = HAZARD.require(by, "start", hazard)     # 403 (who), then 400 (from which status), in Chinese
    hazard.status = step.target

    # view / template: buttons for exactly the allowed actions, no status string in the template
    {% load permissions %}{% actions lifecycle hazard as allowed %}{% if "start" in allowed %}…

Templates mark every control of a lifecycle action with ``data-action="<action>"`` (the button,
or the form that posts it): tests/lifecycle_buttons.py reads those marks and checks, for every
status × role, that the page shows exactly the allowed actions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from .permissions import can, require


@dataclass(frozen=True)
class Transition:
    action: str
    source: tuple[str, ...]
    target: str | None  # None: the action keeps the status (e.g. 补充照片)
    permission: str
    label: str


LIFECYCLES: dict[str, Lifecycle] = {}


class Lifecycle:
    """One lifecycle's transition table. Every instance is registered in ``LIFECYCLES`` by name
    (tests walk them all: a button is shown exactly when its action is allowed)."""

    def __init__(self, name: str, *, status_field: str, labels: dict[str, str], transitions: Iterable[Transition]):
        if name in LIFECYCLES:
            raise ValueError(f"lifecycle {name} defined twice")
        LIFECYCLES[name] = self
        self.name = name
        self.status_field = status_field
        self.labels = labels  # status value → Chinese label, for messages
        self.transitions: dict[str, Transition] = {}
        for t in transitions:
            if t.action in self.transitions:
                raise ValueError(f"{name}: action {t.action} listed twice")
            self.transitions[t.action] = t

    def status_of(self, obj: Any) -> str:
        return getattr(obj, self.status_field)

    def step(self, action: str) -> Transition:
        return self.transitions[action]

    def is_possible(self, action: str, obj: Any) -> bool:
        return self.status_of(obj) in self.transitions[action].source

    def check_status(self, action: str, obj: Any) -> Transition:
        t = self.transitions[action]
        status = self.status_of(obj)
        if status not in t.source:
            allowed = "、".join(self.labels.get(s, s) for s in t.source)
            raise ValidationError(
                f"当前状态为“{self.labels.get(status, status)}”，不能{t.label}（仅{allowed}时可以）", code="bad_status")
        return t

    def require(self, user, action: str, obj: Any) -> Transition:
        """Who first — the user may take the action (PermissionDenied, 403, with the reason) — then
        from which status (ValidationError, 400): a forbidden user always gets 403, whatever the
        object's status."""
        require(user, self.transitions[action].permission, obj)
        return self.check_status(action, obj)

    def allowed(self, user, obj: Any) -> list[Transition]:
        """The actions this user may take on this object now — what the page shows as buttons."""
        status = self.status_of(obj)
        return [t for t in self.transitions.values() if status in t.source and can(user, t.permission, obj)]

    def allowed_actions(self, user, obj: Any) -> set[str]:
        return {t.action for t in self.allowed(user, obj)}


def allowed_actions_field(lifecycle: str, **kwargs):
    """``allowed_actions = allowed_actions_field("hazard")`` on a DRF serializer: the actions of the
    named lifecycle this request's user may take on the object now (sorted action names) — the same
    table the service enforces and the page's buttons read."""
    from drf_spectacular.utils import extend_schema_field
    from rest_framework import serializers

    @extend_schema_field({"type": "array", "items": {"type": "string"}, "readOnly": True})
    class AllowedActions(serializers.Field):
        def get_attribute(self, instance):
            return instance

        def to_representation(self, instance):
            user = getattr(self.context.get("request"), "user", None)
            return sorted(LIFECYCLES[lifecycle].allowed_actions(user, instance)) if user is not None else []

    kwargs.setdefault("read_only", True)
    kwargs.setdefault("help_text", f"当前用户现在可执行的操作（{lifecycle} 生命周期的动作名）")
    return AllowedActions(**kwargs)
