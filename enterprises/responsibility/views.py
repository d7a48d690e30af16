"""Thin views of the 安全生产责任制 file: the tab of the enterprise file, the enterprise's own forms,
and the Excel export of its 安全投入台账.

The enterprise resolves within the user's scope first (404), then only the enterprise user may write
(403): supervisors read the file of the enterprises they may see.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from accounts.permissions import can, require
from enterprises.models import Enterprise
from enterprises.tabs import register_tab
from safety_platform.excel import xlsx_response
from safety_platform.forms import add_service_errors

from . import services
from .exports import INVESTMENT_COLUMNS, investment_rows
from .forms import ResponsibilityItemForm, SafetyInvestmentForm, SafetyStaffForm
from .models import ResponsibilityItem, SafetyInvestment, SafetyStaff
from .selectors import category_totals, investments_of_year, staff_with_expiry, yearly_totals

TAB = "responsibility"


def _scoped_enterprise(request, pk: int) -> Enterprise:
    return get_object_or_404(Enterprise.objects.for_user(request.user), pk=pk)


def _year(request) -> int | None:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return None
    return year if 1900 <= year <= 9999 else None


class ResponsibilityRecordMixin(LoginRequiredMixin):
    model: type[models.Model]
    form_class: type
    argument: str  # the service's keyword for the record
    label: str

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.enterprise = _scoped_enterprise(request, kwargs["pk"])
        require(request.user, "responsibility.edit", self.enterprise)
        return super().dispatch(request, *args, **kwargs)

    def item(self) -> Any:
        item_pk = self.kwargs.get("item_pk")
        if item_pk is None:
            return None
        return get_object_or_404(self.model, enterprise=self.enterprise, pk=item_pk)

    def done(self, message: str):
        messages.success(self.request, message)
        return redirect(f"{reverse('enterprises:detail', kwargs={'pk': self.enterprise.pk})}?tab={TAB}")


class RecordFormView(ResponsibilityRecordMixin, View):
    save: Any  # staticmethod(services.<record>_save)

    def get(self, request, **kwargs):
        return self.render(self.form_class(instance=self.item()))

    def post(self, request, **kwargs):
        item = self.item()
        form = self.form_class(request.POST, request.FILES, instance=item)
        if form.is_valid():
            try:
                self.save(enterprise=self.enterprise, by=request.user, **{self.argument: item}, **form.service_fields())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return self.done(f"{self.label}已保存")
        return self.render(form)

    def render(self, form):
        return render(self.request, "enterprises/form.html", {
            "form": form, "title": f"{self.label} · {self.enterprise.name}", "enterprise": self.enterprise,
            "back_tab": TAB, "multipart": self.model is SafetyInvestment,
        })


class RecordDeleteView(ResponsibilityRecordMixin, View):
    http_method_names = ["post"]
    delete: Any  # staticmethod(services.<record>_delete)

    def post(self, request, **kwargs):
        item = self.item()
        self.delete(**{self.argument: item}, by=request.user)
        return self.done(f"已删除{self.label}：{item}")


class ItemFormView(RecordFormView):
    model, form_class, argument, label = ResponsibilityItem, ResponsibilityItemForm, "item", "岗位安全责任"
    save = staticmethod(services.responsibility_item_save)


class ItemDeleteView(RecordDeleteView):
    model, argument, label = ResponsibilityItem, "item", "岗位安全责任"
    delete = staticmethod(services.responsibility_item_delete)


class StaffFormView(RecordFormView):
    model, form_class, argument, label = SafetyStaff, SafetyStaffForm, "staff", "安全管理人员"
    save = staticmethod(services.safety_staff_save)


class StaffDeleteView(RecordDeleteView):
    model, argument, label = SafetyStaff, "staff", "安全管理人员"
    delete = staticmethod(services.safety_staff_delete)


class InvestmentFormView(RecordFormView):
    model, form_class, argument, label = SafetyInvestment, SafetyInvestmentForm, "investment", "安全投入"
    save = staticmethod(services.safety_investment_save)


class InvestmentDeleteView(RecordDeleteView):
    model, argument, label = SafetyInvestment, "investment", "安全投入"
    delete = staticmethod(services.safety_investment_delete)


class InvestmentExportView(LoginRequiredMixin, View):
    """安全投入台账 of one enterprise as Excel (``?year=`` for one year), for everyone who may see the file."""

    def get(self, request, pk: int):
        enterprise = _scoped_enterprise(request, pk)
        year = _year(request)
        title = f"安全投入台账-{enterprise.name}" + (f"-{year}年" if year else "")
        rows = investment_rows(investments_of_year(enterprise, year).order_by("spent_on", "id"))
        return xlsx_response(title, INVESTMENT_COLUMNS, rows)


# ---- the 安全生产责任制 tab of the enterprise file ---------------------------------------------


def enterprise_tab_context(request, enterprise: Enterprise) -> dict[str, Any]:
    totals = yearly_totals(enterprise)
    year = _year(request) or (totals[0][0] if totals else timezone.localdate().year)
    investments = investments_of_year(enterprise, year)
    staff = staff_with_expiry(enterprise)
    return {
        "items": list(ResponsibilityItem.objects.filter(enterprise=enterprise)),
        "staff": staff,
        "expired_count": sum(1 for s in staff if s.expired),
        "expiring_count": sum(1 for s in staff if s.expiring),
        "year": year,
        "yearly_totals": totals,
        "year_total": dict(totals).get(year, 0),
        "investments": list(investments),
        "category_totals": category_totals(investments),
        "can_write": can(request.user, "responsibility.edit", enterprise),
    }


register_tab(TAB, "安全生产责任制", "responsibility/enterprise_tab.html", enterprise_tab_context, order=50)
