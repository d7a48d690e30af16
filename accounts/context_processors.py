from django.urls import reverse

from .models import Notification
from .navigation import LINKS, menus
from .permissions import can


def navigation(request):
    """The links and menus the user's role may open: [{label, url?, active, children?}]."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "unread_notifications": 0}

    def visible(entries) -> list[dict]:
        items = []
        for label, url_name, who in entries:
            # who: None (everyone signed in) or the named permission of the page (accounts.permissions).
            if who is None or can(user, who):
                url = reverse(url_name)
                items.append({"label": label, "url": url, "active": url != "/" and request.path.startswith(url)})
        return items

    nav_items = visible(LINKS)
    for menu in menus():
        children = visible(menu.entries)
        if len(children) == 1:
            nav_items.append({**children[0], "children": None})
        elif children:
            nav_items.append({"label": menu.label, "children": children, "active": any(c["active"] for c in children)})
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    return {"nav_items": nav_items, "unread_notifications": unread}
