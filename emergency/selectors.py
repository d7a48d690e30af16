"""Reads beyond a filter: the drill-rule engine, warnings, missing reports, today's duty."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, Max, Q, QuerySet
from django.utils import timezone

from accidents.alerts import DutyContact
from accounts.choices import RegionKind, Role
from accounts.models import Department, Region, User
from enterprises.choices import EnterpriseStatus
from enterprises.models import Enterprise

from .choices import DrillStatus, DutyShift, OwnerKind, PlanStatus
from .models import Drill, DrillRule, DutyAssignment, EmergencyPlan, RiskMonthlyReport, SupplyItem, units_of
from .rules import previous_month, report_due_date, rule_period

OWNER_FK = {OwnerKind.GOVERNMENT: "region", OwnerKind.DEPARTMENT: "department", OwnerKind.ENTERPRISE: "enterprise"}


@dataclass
class ComplianceRow:
    """One owner under one rule in the period containing the evaluation date."""

    rule: DrillRule
    owner_kind: str
    owner_id: int
    owner_name: str
    period_start: dt.date
    period_end: dt.date
    count: int
    required: int
    last_held_on: dt.date | None

    @property
    def met(self) -> bool:
        return self.count >= self.required

    @property
    def shortfall(self) -> int:
        return max(0, self.required - self.count)


def rule_owners(owner_kind: str, user: User | None) -> QuerySet:
    """The owners a rule applies to, within the user's scope (None: all — for jobs)."""
    if owner_kind == OwnerKind.ENTERPRISE:
        qs = Enterprise.objects.all() if user is None else Enterprise.objects.for_user(user)
        return qs.filter(status=EnterpriseStatus.OPERATING)
    governments, departments = units_of(user, Region.objects.filter(kind__in=[RegionKind.DISTRICT, RegionKind.STREET]),
                                        Department.objects.all())
    return governments if owner_kind == OwnerKind.GOVERNMENT else departments


def rule_compliance(rule: DrillRule, *, on: dt.date, user: User | None = None) -> list[ComplianceRow]:
    """The rule engine: per owner, held drills of the rule's kinds in the current period vs the minimum.

    Two grouped queries whatever the number of owners (counts in the period; the last drill ever).
    """
    start, end = rule_period(on=on, period_years=rule.period_years, anchor_year=rule.anchor_year)
    owners = rule_owners(rule.owner_kind, user)
    fk = OWNER_FK[rule.owner_kind]
    drills = Drill.objects.filter(
        owner_kind=rule.owner_kind, status=DrillStatus.HELD, drill_type__in=rule.drill_types,
        **{f"{fk}__in": owners.values("pk")},
    )
    in_period = {
        row[fk]: row["n"]
        for row in drills.filter(held_on__range=(start, min(end, on))).values(fk).annotate(n=Count("id"))
    }
    last = {row[fk]: row["last"] for row in drills.filter(held_on__lte=on).values(fk).annotate(last=Max("held_on"))}
    return [
        ComplianceRow(
            rule=rule, owner_kind=rule.owner_kind, owner_id=pk, owner_name=name, period_start=start,
            period_end=end, count=in_period.get(pk, 0), required=rule.min_count, last_held_on=last.get(pk),
        )
        for pk, name in owners.order_by("pk").values_list("pk", "name")
    ]


def compliance(*, on: dt.date, user: User | None = None, rules: QuerySet | None = None) -> list[ComplianceRow]:
    rows: list[ComplianceRow] = []
    for rule in rules if rules is not None else DrillRule.objects.filter(active=True):
        rows.extend(rule_compliance(rule, on=on, user=user))
    return rows


def drills_behind(*, on: dt.date, user: User | None = None) -> list[ComplianceRow]:
    """Who is behind: owners that have not met a rule in the current period."""
    return [row for row in compliance(on=on, user=user) if not row.met]


def plans_due_for_review(qs: QuerySet, *, today: dt.date) -> QuerySet:
    """Plans overdue for review or due within the warning window (their owners and supervisors see them)."""
    horizon = today + dt.timedelta(days=settings.EMERGENCY_PLAN_REVIEW_WARNING_DAYS)
    return qs.filter(review_due__isnull=False, review_due__lte=horizon).exclude(status=PlanStatus.SUBMITTED)


def plans_overdue(qs: QuerySet, *, today: dt.date) -> QuerySet:
    return qs.filter(review_due__lt=today)


def supply_warnings(qs: QuerySet, *, today: dt.date) -> QuerySet:
    """Below minimum stock, or expiring within EMERGENCY_SUPPLY_EXPIRY_DAYS (expired included)."""
    horizon = today + dt.timedelta(days=settings.EMERGENCY_SUPPLY_EXPIRY_DAYS)
    return qs.filter(supply_warning_q(horizon))


def supply_warning_q(horizon: dt.date) -> Q:
    return Q(quantity__lt=F("min_stock")) | Q(expiry__isnull=False, expiry__lte=horizon)


@dataclass
class MissingReport:
    kind: str  # "street" | "department"
    reporter_id: int
    name: str
    month: dt.date
    due: dt.date


def report_month_for(today: dt.date) -> dt.date:
    """The month whose report is being collected now (the previous calendar month)."""
    return previous_month(today)


def missing_risk_reports(*, month: dt.date, user: User | None = None) -> list[MissingReport]:
    """Streets and departments (in the user's scope) that have not filed ``month``."""
    streets, departments = units_of(user, Region.objects.filter(kind=RegionKind.STREET), Department.objects.all())
    filed = RiskMonthlyReport.objects.filter(month=month)
    filed_streets = set(filed.exclude(region=None).values_list("region_id", flat=True))
    filed_depts = set(filed.exclude(department=None).values_list("department_id", flat=True))
    due = report_due_date(month, settings.EMERGENCY_RISK_REPORT_DUE_DAY)
    out = [MissingReport("street", r.pk, r.name, month, due) for r in streets.order_by("code") if r.pk not in filed_streets]
    out += [
        MissingReport("department", d.pk, d.name, month, due)
        for d in departments.order_by("code")
        if d.pk not in filed_depts
    ]
    return out


def duty_on(day: dt.date) -> QuerySet:
    return DutyAssignment.objects.filter(date=day).order_by("shift")


def supply_warning_items(user: User, *, today: dt.date) -> QuerySet:
    return supply_warnings(SupplyItem.objects.for_user(user), today=today).select_related("depot")


def plan_queryset(user: User) -> QuerySet:
    return EmergencyPlan.objects.for_user(user).select_related("region", "department", "enterprise")


# 白班 08:30–17:30; 夜班 17:30–次日08:30 (DutyShift labels): the night before 08:30 is the previous date's.
DAY_SHIFT_START, DAY_SHIFT_END = dt.time(8, 30), dt.time(17, 30)


def duty_at(at: dt.datetime) -> DutyAssignment | None:
    """The shift on duty at ``at`` (local time)."""
    local = timezone.localtime(at)
    if DAY_SHIFT_START <= local.time() < DAY_SHIFT_END:
        day, shift = local.date(), DutyShift.DAY
    else:
        day = local.date() if local.time() >= DAY_SHIFT_END else local.date() - dt.timedelta(days=1)
        shift = DutyShift.NIGHT
    return DutyAssignment.objects.filter(date=day, shift=shift).first()


def duty_contacts(at: dt.datetime) -> list[DutyContact]:
    """The duty officer and the 带班领导 of the shift, for the accident alert (accidents.alerts):
    an active office account with the same name gets the in-app alert, else the duty phone an SMS."""
    duty = duty_at(at)
    if duty is None:
        return []
    contacts = []
    for name in dict.fromkeys(n for n in (duty.officer, duty.leader) if n):
        user = User.objects.filter(full_name=name, role=Role.OFFICE, is_active=True).first()
        contacts.append(DutyContact(name=name, phone="" if user else duty.phone, user=user))
    return contacts
