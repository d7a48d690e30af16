from django.urls import reverse

from .models import Notification
from .navigation import GROUPS, NAV


def navigation(request):
    """Menus for the user's role: [{label, url?, active, children?}] grouped by URL namespace."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "unread_notifications": 0}
    menus: list[dict] = []
    by_group: dict[str, dict] = {}
    for label, url_name, roles in NAV:
        if not (roles is None or user.role in roles or user.is_superuser):
            continue
        url = reverse(url_name)
        item = {"label": label, "url": url, "active": url != "/" and request.path.startswith(url)}
        group = GROUPS.get(url_name.split(":")[0]) if ":" in url_name else None
        if group is None:
            menus.append(item)
        elif group in by_group:
            by_group[group]["children"].append(item)
        else:
            by_group[group] = {"label": group, "children": [item]}
            menus.append(by_group[group])
    order = list(dict.fromkeys(GROUPS.values()))
    menus.sort(key=lambda m: (bool(m.get("children")), order.index(m["label"]) if m.get("children") else 0))
    for menu in menus:
        children = menu.get("children")
        if children is not None:
            menu["active"] = any(c["active"] for c in children)
            if len(children) == 1:
                menu.update(children[0], children=None)
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    return {"nav_items": menus, "unread_notifications": unread}
