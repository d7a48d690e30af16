"""值班表 and 接报记录 (the office's duty room)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.permissions import PermissionRequiredMixin, permission_required
from safety_platform.forms import add_service_errors

from .. import exports, selectors, services
from ..filters import (
    DutyFilter,
    EventFilter,
)
from ..forms import (
    AccidentFromEventForm,
    DutyForm,
    EventForm,
    HandoverForm,
)
from ..models import (
    DutyAssignment,
    EventReport,
)
from ._common import EmergencyListView, badge, form_page, history, post_action


class DutyListView(PermissionRequiredMixin, EmergencyListView):
    permission_required = "emergency.view_duty"
    model = DutyAssignment
    filterset_class = DutyFilter
    template_name = "emergency/duty_list.html"
    title = "值班表"
    columns = ("日期", "班次", "带班领导", "值班员", "值班电话", "交接班")
    create_url = "emergency:duty_create"
    create_permission = "emergency.assign_duty"
    export_title = "值班表"
    export_columns = exports.DUTY_COLUMNS
    export_row_fn = exports.duty_row

    def cells(self, d):
        handed = badge("已交班", "success") if d.handed_over_at else (
            badge("今日在岗", "primary") if d.date == timezone.localdate() else "")
        return [d.date, d.get_shift_display(), d.leader, d.officer, d.phone, handed]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["today_duty"] = selectors.duty_on(timezone.localdate())
        ctx["handover_form"] = HandoverForm()
        return ctx


@permission_required("emergency.assign_duty")
def duty_create(request):
    form = DutyForm(request.POST or None, initial={"date": timezone.localdate()})
    return form_page(request, form, lambda d: services.duty_assign(by=request.user, **d), title="安排值班",
                     back=reverse("emergency:duty_list"), success="值班已安排")


@login_required
@require_POST
@permission_required("emergency.hand_over")
def duty_handover(request, pk: int):
    duty = get_object_or_404(DutyAssignment.objects.for_user(request.user), pk=pk)
    return post_action(request, HandoverForm(request.POST), lambda d: services.duty_handover(
        duty=duty, by=request.user, note=d["note"]), back=reverse("emergency:duty_list"), success="已交班")


class EventListView(PermissionRequiredMixin, EmergencyListView):
    permission_required = "emergency.view_events"
    model = EventReport
    filterset_class = EventFilter
    select_related = ("region", "enterprise")
    title = "接报记录"
    columns = ("接报时间", "报告人", "事件类别", "发生地", "报告内容", "状态", "事故记录")
    create_url = "emergency:event_create"
    create_permission = "emergency.record_event"
    export_title = "接报记录"
    export_columns = exports.EVENT_COLUMNS
    export_row_fn = exports.event_row

    def link(self, obj):
        return reverse("emergency:event_detail", args=[obj.pk])

    def cells(self, e):
        tone = "success" if e.status == "closed" else "warning"
        return [timezone.localtime(e.received_at).strftime("%Y-%m-%d %H:%M"), e.caller, e.get_category_display(),
                e.region.name if e.region_id else "", e.content[:40], badge(e.get_status_display(), tone), e.accident or ""]


@permission_required("emergency.record_event")
def event_edit(request, pk: int | None = None):
    event = get_object_or_404(EventReport.objects.for_user(request.user), pk=pk) if pk else None
    form = EventForm(request.POST or None, instance=event,
                     initial=None if event else {"received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")})
    if event is None:
        save = lambda d: services.event_record(by=request.user, **d)  # noqa: E731
    else:
        save = lambda d: services.event_update(event=event, by=request.user, **d)  # noqa: E731
    return form_page(request, form, save, title="修改接报记录" if event else "登记接报",
                     back=reverse("emergency:event_list"), success="接报记录已保存",
                     next_url=lambda e: reverse("emergency:event_detail", args=[e.pk]))


def _accident_form(event: EventReport, data=None) -> AccidentFromEventForm:
    return AccidentFromEventForm(data, initial={
        "title": f"{event.caller_org or (event.region.name if event.region_id else '')}{event.get_category_display()}",
        "occurred_at": timezone.localtime(event.received_at).strftime("%Y-%m-%dT%H:%M"),
    })


@permission_required("emergency.view_events")
def event_detail(request, pk: int):
    event = get_object_or_404(EventReport.objects.for_user(request.user).select_related(
        "region", "enterprise", "accident"), pk=pk)
    return render(request, "emergency/event_detail.html", {
        "event": event, "accident_form": _accident_form(event), "history": history(event),
    })


@login_required
@require_POST
@permission_required("emergency.change_event")
def event_accident(request, pk: int):
    """接报转事故 through the accidents app's service; on success go to the new accident record."""
    event = get_object_or_404(EventReport.objects.for_user(request.user).select_related("region", "enterprise"), pk=pk)
    form = _accident_form(event, request.POST)
    if form.is_valid():
        try:
            accident = services.event_to_accident(event=event, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "已转为事故记录")
            return redirect(reverse("accidents:detail", args=[accident.pk]))
    return render(request, "emergency/event_detail.html", {
        "event": event, "accident_form": form, "history": history(event),
    }, status=400)
