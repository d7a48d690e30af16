"""救援队伍 and their members."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from accounts.permissions import permission_required, require

from .. import exports, services
from ..filters import TeamFilter
from ..forms import (
    MemberForm,
    TeamForm,
)
from ..models import (
    RescueTeam,
    TeamMember,
)
from ._common import EmergencyListView, form_page


class TeamListView(EmergencyListView):
    model = RescueTeam
    filterset_class = TeamFilter
    select_related = ("region", "department", "enterprise")
    title = "救援队伍"
    columns = ("队伍名称", "类别", "所属单位", "队长", "值守电话", "救援专长", "队员")
    create_url = "emergency:team_create"
    create_permission = "emergency.add_team"
    export_title = "救援队伍"
    export_columns = exports.TEAM_COLUMNS
    export_row_fn = exports.team_row

    def get_queryset(self):
        # GROUP BY drops Meta.ordering: order explicitly so pagination is stable.
        return super().get_queryset().annotate(member_count=Count("members")).order_by("kind", "name", "id")

    def link(self, obj):
        return reverse("emergency:team_detail", args=[obj.pk])

    def cells(self, t):
        return [t.name, t.get_kind_display(), t.owner_name, t.leader, t.phone, t.specialties, t.member_count]


def _team(request, pk: int) -> RescueTeam:
    return get_object_or_404(RescueTeam.objects.for_user(request.user).select_related(
        "region", "department", "enterprise"), pk=pk)


@login_required
def team_detail(request, pk: int):
    team = _team(request, pk)
    today = timezone.localdate()
    return render(request, "emergency/team_detail.html", {
        "team": team, "members": team.members.all(), "today": today,
        "warn_until": today + dt.timedelta(days=settings.EMERGENCY_SUPPLY_EXPIRY_DAYS),
        "member_form": MemberForm(),
    })


@permission_required("emergency.add_team")
def team_create(request):
    form = TeamForm(request.POST or None, user=request.user)
    return form_page(request, form, lambda d: services.team_create(by=request.user, **d), title="登记救援队伍",
                     back=reverse("emergency:team_list"), success="救援队伍已登记",
                     next_url=lambda t: reverse("emergency:team_detail", args=[t.pk]))


@login_required
def team_edit(request, pk: int):
    team = _team(request, pk)
    require(request.user, "emergency.change_team", team)
    form = TeamForm(request.POST or None, instance=team, user=request.user)
    return form_page(request, form, lambda d: services.team_update(team=team, by=request.user, **d),
                     title=f"修改救援队伍：{team.name}", back=reverse("emergency:team_detail", args=[team.pk]),
                     success="已保存")


@login_required
def member_edit(request, pk: int, member_pk: int | None = None):
    team = _team(request, pk)
    require(request.user, "emergency.change_members", team)
    member = get_object_or_404(TeamMember.objects.for_user(request.user), pk=member_pk, team=team) if member_pk else None
    form = MemberForm(request.POST or None, instance=member)
    return form_page(request, form, lambda d: services.member_save(team=team, by=request.user, member=member, **d),
                     title=f"{'修改' if member else '添加'}队员：{team.name}",
                     back=reverse("emergency:team_detail", args=[team.pk]), success="队员信息已保存")
