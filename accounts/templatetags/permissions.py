"""``{% can "hazards.verify" hazard as ok %}`` — templates read the same named permissions as the
services enforce (accounts.permissions), never a role or a status string."""

from django import template

from accounts.lifecycle import LIFECYCLES
from accounts.permissions import can as _can

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, name: str, obj=None) -> bool:
    return _can(context["request"].user, name, obj)


@register.simple_tag(takes_context=True)
def actions(context, lifecycle, obj) -> set[str]:
    """``{% actions "hazard" hazard as allowed %}{% if "verify" in allowed %}…`` — the actions of the
    lifecycle table (given by name or object) that this user may take on this object now."""
    if isinstance(lifecycle, str):
        lifecycle = LIFECYCLES[lifecycle]
    return lifecycle.allowed_actions(context["request"].user, obj)
