"""Thin views of the credit list: the public list (no login), the staff list and file, the office's
actions, and the 失信记录 tab of the enterprise file."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from django.views.generic import ListView

from accounts.models import AuditLog
from accounts.permissions import PermissionRequiredMixin, can
from enterprises.models import Enterprise
from enterprises.tabs import register_tab
from safety_platform.excel import xlsx_response
from safety_platform.forms import add_service_errors, error_text
from safety_platform.views import ScopedListView

from . import services
from .choices import RemovalStatus
from .exports import COLUMNS, PUBLIC_COLUMNS, listing_row, public_row
from .filters import ListingFilter, PublicListingFilter
from .forms import DecisionForm, ListingForm, RemoveForm, ViolationForm
from .models import CreditListing, CreditRemoval, CreditViolation
from .permissions import LISTING


class PublicListView(ListView):
    """公示: enterprises on the list now (no login). Filters and the Excel export as everywhere."""

    template_name = "credit/public_list.html"
    paginate_by = 30

    def get_queryset(self):
        qs = CreditListing.objects.active().select_related("enterprise").order_by("-listed_on", "-id")
        self.filterset = PublicListingFilter(self.request.GET or None, queryset=qs)
        return self.filterset.qs

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            rows = (public_row(x) for x in self.get_queryset().iterator(2000))
            return xlsx_response("严重违法失信名单", PUBLIC_COLUMNS, rows)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx.update(filter=self.filterset, querystring=query.urlencode(), can_export=True,
                   removal_years=settings.CREDIT_REMOVAL_YEARS)
        return ctx


class ListingListView(ScopedListView):
    model = CreditListing
    filterset_class = ListingFilter
    template_name = "credit/list.html"
    select_related = ("enterprise",)
    export_title = "严重违法失信名单"
    export_columns = COLUMNS

    def export_row(self, obj: CreditListing) -> list[Any]:
        return listing_row(obj)


def _scoped_listing(request, pk: int) -> CreditListing:
    return get_object_or_404(CreditListing.objects.for_user(request.user).select_related("enterprise", "listed_by"),
                             pk=pk)


def _detail(request, listing: CreditListing, **forms):
    removals = list(listing.removals.select_related("proposed_by", "decided_by"))
    audit = AuditLog.objects.filter(content_type=ContentType.objects.get_for_model(CreditListing),
                                    object_id=str(listing.pk)).select_related("actor")
    return render(request, "credit/detail.html", {
        "listing": listing,
        "removals": removals,
        "open_removal": next((r for r in removals if r.status == RemovalStatus.PROPOSED), None),
        "violations": list(CreditViolation.objects.filter(enterprise_id=listing.enterprise_id,
                                                          occurred_on__gt=listing.listed_on)),
        "audit": list(audit[:50]),
        "decision_form": forms.get("decision_form") or DecisionForm(),
        "remove_form": forms.get("remove_form") or RemoveForm(),
        "violation_form": forms.get("violation_form") or ViolationForm(),
    })


class ListingDetailView(LoginRequiredMixin, View):
    def get(self, request, pk: int):
        return _detail(request, _scoped_listing(request, pk))


class ListingCreateView(PermissionRequiredMixin, View):
    permission_required = "credit.manage"

    def get(self, request):
        return self.render(ListingForm(initial={"enterprise": request.GET.get("enterprise")}))

    def post(self, request):
        form = ListingForm(request.POST)
        if form.is_valid():
            try:
                listing = services.listing_create(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"已将{listing.enterprise.name}列入严重违法失信名单")
                return redirect("credit:detail", pk=listing.pk)
        return self.render(form)

    def render(self, form):
        return render(self.request, "credit/form.html", {"form": form})


class RemovalDecideView(LoginRequiredMixin, View):
    def post(self, request, pk: int):
        removal = get_object_or_404(CreditRemoval.objects.for_user(request.user), pk=pk)
        listing = _scoped_listing(request, removal.listing_id)
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                services.removal_decide(removal=removal, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "已确认移出失信名单" if form.cleaned_data["confirm"] else "已决定不予移出")
                return redirect("credit:detail", pk=listing.pk)
        return _detail(request, listing, decision_form=form)


class ListingRemoveView(LoginRequiredMixin, View):
    def post(self, request, pk: int):
        listing = _scoped_listing(request, pk)
        form = RemoveForm(request.POST)
        if form.is_valid():
            try:
                services.listing_remove(listing=listing, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "已移出失信名单")
                return redirect("credit:detail", pk=listing.pk)
        return _detail(request, listing, remove_form=form)


class ViolationCreateView(LoginRequiredMixin, View):
    def post(self, request, pk: int):
        listing = _scoped_listing(request, pk)
        try:  # the listing's page offers this on an active listing only
            LISTING.require(request.user, "record_violation", listing)
        except ValidationError as exc:
            messages.error(request, error_text(exc=exc))
            return redirect("credit:detail", pk=listing.pk)
        form = ViolationForm(request.POST)
        if form.is_valid():
            try:
                services.violation_record(by=request.user, enterprise=listing.enterprise, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "已登记违法行为，移出期限自该日期重新计算")
                return redirect("credit:detail", pk=listing.pk)
        return _detail(request, listing, violation_form=form)


# ---- the 失信记录 tab of the enterprise file ----------------------------------------------------


def enterprise_tab_context(request, enterprise: Enterprise) -> dict[str, Any]:
    listings = list(CreditListing.objects.filter(enterprise=enterprise).prefetch_related("removals"))
    return {
        "listings": listings,
        "active": next((x for x in listings if x.is_active), None),
        "violations": list(CreditViolation.objects.filter(enterprise=enterprise)),
        "can_list": can(request.user, "credit.manage"),
    }


register_tab("credit", "失信记录", "credit/enterprise_tab.html", enterprise_tab_context, order=90)
