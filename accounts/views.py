from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safety_platform.http import safe_next

from .home import HOME_PANELS
from .models import Notification
from .notifications import notification_mark_read


@login_required
def home(request):
    cards: list[dict] = []
    for panel in HOME_PANELS:
        cards.extend(panel(request))
    user = request.user
    scope = (
        "全区" if user.sees_everything
        else user.enterprise or user.department or user.region
        or "、".join(user.grid_cells.values_list("name", flat=True)) or "未分配"
    )
    return render(request, "accounts/home.html", {"cards": cards, "scope": scope})


@login_required
def notifications(request):
    qs = Notification.objects.filter(recipient=request.user)
    if request.GET.get("unread"):
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "accounts/notifications.html", {"page_obj": page, "object_list": page.object_list})


@login_required
@require_POST
def notifications_read(request):
    ids = request.POST.getlist("id") or None
    notification_mark_read(user=request.user, ids=[int(i) for i in ids if i.isdigit()] if ids else None)
    return redirect(safe_next(request, "notifications"))
