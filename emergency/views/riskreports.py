"""风险每月一报送."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from accounts.permissions import PermissionRequiredMixin, permission_required
from safety_platform.excel import xlsx_response

from .. import exports, selectors, services
from ..filters import RiskReportFilter
from ..forms import RiskReportForm
from ..models import RiskMonthlyReport
from ..rules import report_due_date
from ._common import EmergencyListView, badge, form_page


class RiskReportListView(PermissionRequiredMixin, EmergencyListView):
    permission_required = "emergency.view_risk_reports"
    model = RiskMonthlyReport
    filterset_class = RiskReportFilter
    select_related = ("region", "department")
    title = "风险每月一报送"
    columns = ("月份", "报送单位", "重大", "较大", "一般", "低", "报送时间", "逾期")
    create_url = "emergency:riskreport_create"
    create_permission = "emergency.file_risk_report"
    export_title = "风险月报"
    export_columns = exports.RISK_REPORT_COLUMNS
    export_row_fn = exports.risk_report_row
    template_name = "emergency/riskreport_list.html"

    def cells(self, r):
        return [f"{r.month:%Y-%m}", str(r.reporter), badge(r.major_count, "danger") if r.major_count else 0,
                r.high_count, r.general_count, r.low_count,
                timezone.localtime(r.filed_at).strftime("%Y-%m-%d %H:%M"), badge("逾期", "warning") if r.late else ""]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        month = selectors.report_month_for(timezone.localdate())
        ctx["month"] = month
        ctx["due"] = report_due_date(month, settings.EMERGENCY_RISK_REPORT_DUE_DAY)
        ctx["missing"] = selectors.missing_risk_reports(month=month, user=self.request.user)
        return ctx


@permission_required("emergency.file_risk_report")
def riskreport_create(request):
    month = selectors.report_month_for(timezone.localdate())
    form = RiskReportForm(request.POST or None, initial={"month": month})
    return form_page(request, form, lambda d: services.risk_report_file(by=request.user, **d), title="报送风险月报",
                     back=reverse("emergency:riskreport_list"), success="风险月报已报送")


@permission_required("emergency.view_risk_reports")
def riskreport_missing(request):
    """Who has not filed a month (default: the month being collected now)."""
    month = selectors.report_month_for(timezone.localdate())
    raw = request.GET.get("month", "")
    try:
        month = dt.date.fromisoformat(f"{raw}-01" if len(raw) == 7 else raw).replace(day=1) if raw else month
    except ValueError:
        messages.error(request, "月份：格式应为 YYYY-MM")
    missing = selectors.missing_risk_reports(month=month, user=request.user)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(f"{month:%Y年%m月}风险月报未报送", exports.MISSING_COLUMNS,
                             (exports.missing_row(m) for m in missing))
    return render(request, "emergency/riskreport_missing.html", {
        "month": month, "missing": missing, "due": report_due_date(month, settings.EMERGENCY_RISK_REPORT_DUE_DAY),
    })
