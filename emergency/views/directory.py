"""应急专家库 and 应急避难场所."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse

from accounts.permissions import PermissionRequiredMixin, can, permission_required, require

from .. import exports, services
from ..filters import (
    ExpertFilter,
    ShelterFilter,
)
from ..forms import (
    ExpertForm,
    ShelterForm,
)
from ..models import (
    Expert,
    Shelter,
)
from ._common import EmergencyListView, badge, form_page


class ExpertListView(PermissionRequiredMixin, EmergencyListView):
    permission_required = "emergency.view_experts"
    model = Expert
    filterset_class = ExpertFilter
    title = "应急专家库"
    columns = ("姓名", "专业领域", "职称", "工作单位", "联系电话", "可调用状态")
    create_url = "emergency:expert_create"
    create_permission = "emergency.manage_experts"
    export_title = "应急专家库"
    export_columns = exports.EXPERT_COLUMNS
    export_row_fn = exports.expert_row

    def link(self, obj):
        return reverse("emergency:expert_edit", args=[obj.pk]) if self.can_create() else ""

    def cells(self, e):
        tone = {"available": "success", "limited": "warning"}.get(e.availability, "secondary")
        return [e.name, e.get_field_display(), e.title, e.organisation, e.phone, badge(e.get_availability_display(), tone)]


@permission_required("emergency.manage_experts")
def expert_edit(request, pk: int | None = None):
    expert = get_object_or_404(Expert.objects.for_user(request.user), pk=pk) if pk else None
    form = ExpertForm(request.POST or None, instance=expert)
    return form_page(request, form, lambda d: services.expert_save(by=request.user, expert=expert, **d),
                     title="修改专家信息" if expert else "专家入库", back=reverse("emergency:expert_list"),
                     success="专家信息已保存")


class ShelterListView(EmergencyListView):
    model = Shelter
    filterset_class = ShelterFilter
    select_related = ("region",)
    title = "应急避难场所"
    columns = ("名称", "类型", "街道", "地址", "可容纳人数", "配套设施")
    create_url = "emergency:shelter_create"
    create_permission = "emergency.add_shelter"
    export_title = "应急避难场所"
    export_columns = exports.SHELTER_COLUMNS
    export_row_fn = exports.shelter_row

    def link(self, obj):
        return reverse("emergency:shelter_edit", args=[obj.pk]) if can(
            self.request.user, "emergency.change_shelter", obj.region) else ""

    def cells(self, s):
        return [s.name, s.get_kind_display(), s.region.name, s.address, s.capacity, s.facilities]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["total_capacity"] = sum(s.capacity for s in self.object_list) if self.object_list.count() < 2000 else None
        return ctx


@permission_required("emergency.add_shelter")
def shelter_edit(request, pk: int | None = None):
    user = request.user
    shelter = get_object_or_404(Shelter.objects.for_user(user), pk=pk) if pk else None
    if shelter is not None:
        require(user, "emergency.change_shelter", shelter.region)
    form = ShelterForm(request.POST or None, instance=shelter, user=user)
    return form_page(request, form, lambda d: services.shelter_save(by=user, shelter=shelter, **d),
                     title="修改避难场所" if shelter else "登记避难场所", back=reverse("emergency:shelter_list"),
                     success="避难场所已保存")
