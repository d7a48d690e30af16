"""物资储备库 and 应急物资."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from accounts.permissions import permission_required, require

from .. import exports, selectors, services
from ..filters import (
    DepotFilter,
    SupplyFilter,
)
from ..forms import (
    DepotForm,
    SupplyForm,
)
from ..models import (
    Depot,
    SupplyItem,
)
from ._common import EmergencyListView, badge, form_page


class DepotListView(EmergencyListView):
    model = Depot
    filterset_class = DepotFilter
    select_related = ("region", "department", "enterprise")
    title = "物资储备库"
    columns = ("储备库", "所属单位", "地址", "管理人", "联系电话", "物资品种", "预警品种")
    create_url = "emergency:depot_create"
    create_permission = "emergency.add_depot"
    export_title = "物资储备库"
    export_columns = exports.DEPOT_COLUMNS
    export_row_fn = exports.depot_row

    def get_queryset(self):
        horizon = timezone.localdate() + dt.timedelta(days=settings.EMERGENCY_SUPPLY_EXPIRY_DAYS)
        warn = Q(items__quantity__lt=F("items__min_stock")) | Q(items__expiry__lte=horizon)
        return super().get_queryset().annotate(
            item_count=Count("items", distinct=True), warning_count=Count("items", filter=warn, distinct=True)
        ).order_by("name", "id")

    def link(self, obj):
        return reverse("emergency:depot_detail", args=[obj.pk])

    def cells(self, d):
        warn = badge(d.warning_count, "danger") if d.warning_count else 0
        return [d.name, d.owner_name, d.address, d.manager, d.phone, d.item_count, warn]


def _depot(request, pk: int) -> Depot:
    return get_object_or_404(Depot.objects.for_user(request.user).select_related(
        "region", "department", "enterprise"), pk=pk)


@login_required
def depot_detail(request, pk: int):
    depot = _depot(request, pk)
    today = timezone.localdate()
    items = depot.items.all()
    warned = set(selectors.supply_warnings(items, today=today).values_list("pk", flat=True))
    return render(request, "emergency/depot_detail.html", {
        "depot": depot, "items": items, "warned": warned, "today": today,
        "supply_form": SupplyForm(),
    })


@permission_required("emergency.add_depot")
def depot_create(request):
    form = DepotForm(request.POST or None, user=request.user)
    return form_page(request, form, lambda d: services.depot_create(by=request.user, **d), title="登记物资储备库",
                     back=reverse("emergency:depot_list"), success="储备库已登记",
                     next_url=lambda o: reverse("emergency:depot_detail", args=[o.pk]))


@login_required
def depot_edit(request, pk: int):
    depot = _depot(request, pk)
    require(request.user, "emergency.change_depot", depot)
    form = DepotForm(request.POST or None, instance=depot, user=request.user)
    return form_page(request, form, lambda d: services.depot_update(depot=depot, by=request.user, **d),
                     title=f"修改储备库：{depot.name}", back=reverse("emergency:depot_detail", args=[depot.pk]),
                     success="已保存")


@login_required
def supply_edit(request, pk: int, item_pk: int | None = None):
    depot = _depot(request, pk)
    require(request.user, "emergency.change_supplies", depot)
    item = get_object_or_404(SupplyItem.objects.for_user(request.user), pk=item_pk, depot=depot) if item_pk else None
    form = SupplyForm(request.POST or None, instance=item)
    return form_page(request, form, lambda d: services.supply_save(depot=depot, by=request.user, item=item, **d),
                     title=f"{'修改' if item else '登记'}物资：{depot.name}",
                     back=reverse("emergency:depot_detail", args=[depot.pk]), success="物资信息已保存")


class SupplyListView(EmergencyListView):
    """All supplies in scope; ``?warning=any`` is the warning list shown to the depot's owner."""

    model = SupplyItem
    filterset_class = SupplyFilter
    select_related = ("depot",)
    title = "应急物资"
    columns = ("物资名称", "类别", "储备库", "库存", "最低库存", "有效期至", "预警")
    export_title = "应急物资"
    export_columns = exports.SUPPLY_COLUMNS
    export_row_fn = exports.supply_row

    def link(self, obj):
        return reverse("emergency:depot_detail", args=[obj.depot_id])

    def cells(self, i):
        today = timezone.localdate()
        horizon = today + dt.timedelta(days=settings.EMERGENCY_SUPPLY_EXPIRY_DAYS)
        warnings = []
        if i.low_stock:
            warnings.append("低于最低库存")
        if i.expiry and i.expiry < today:
            warnings.append("已过期")
        elif i.expiry and i.expiry <= horizon:
            warnings.append(f"{(i.expiry - today).days}天后到期")
        return [i.name, i.get_category_display(), i.depot.name, f"{i.quantity.normalize():f} {i.unit}",
                f"{i.min_stock.normalize():f}", i.expiry or "", badge("、".join(warnings), "danger") if warnings else ""]
