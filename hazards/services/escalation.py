"""Overdue marking and escalation (daily job; set-based, in batches): 函告 → 通报 → 约谈."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from accounts.notifications import notify
from enterprises.models import Enterprise

from ..choices import (
    OPEN_STATUSES,
    TransitionAction,
)
from ..models import (
    Hazard,
    HazardTransition,
)
from ._common import (
    _chunks,
    enterprise_users,
    office_users,
)

ESCALATION_NOTE = {
    1: "逾期未整改，向企业发出函告",
    2: "逾期未整改，通报属地网格员和街道",
    3: "逾期未整改，约谈企业，报行业监管部门和安委办",
}



def hazards_mark_overdue(*, today: dt.date) -> int:
    """Flag open hazards past their deadline as overdue (and un-flag extended ones). Returns how many
    became overdue; each gets one 逾期 row on its timeline."""
    Hazard.objects.filter(is_overdue=True).exclude(status__in=OPEN_STATUSES, deadline__lt=today).update(is_overdue=False)
    ids = list(Hazard.objects.open().filter(deadline__lt=today, is_overdue=False).values_list("pk", flat=True))
    marked = 0
    now = timezone.now()
    for chunk in _chunks(ids):
        with transaction.atomic():
            rows = list(Hazard.objects.filter(pk__in=chunk, is_overdue=False).values_list("pk", "status", "deadline"))
            Hazard.objects.filter(pk__in=[r[0] for r in rows]).update(is_overdue=True)
            HazardTransition.objects.bulk_create([
                HazardTransition(hazard_id=pk, at=now, action=TransitionAction.OVERDUE, from_status=status,
                                 to_status=status, note=f"已超过整改期限 {deadline:%Y-%m-%d}")
                for pk, status, deadline in rows
            ])
            marked += len(rows)
    return marked


def _escalation_recipients(level: int, hazards: list[tuple[int, int, int]]) -> dict[int, list[int]]:
    """{user_id: [hazard ids]} for one level. hazards = (hazard id, enterprise id, region id)."""
    by_user: dict[int, list[int]] = {}

    def add(user_ids, hazard_id):
        for uid in user_ids:
            by_user.setdefault(uid, []).append(hazard_id)

    if level == 1:  # 函告 → the enterprise
        ent_users: dict[int, list[int]] = {}
        for uid, eid in enterprise_users({e for _, e, _ in hazards}).values_list("pk", "enterprise_id"):
            ent_users.setdefault(eid, []).append(uid)
        for hid, eid, _ in hazards:
            add(ent_users.get(eid, []), hid)
    elif level == 2:  # 通报 → the grid officers of the cell and the street officers above it
        from accounts.models import Region

        region_ids = {r for _, _, r in hazards}
        paths = dict(Region.objects.filter(pk__in=region_ids).values_list("pk", "path"))
        officers: dict[int, list[int]] = {}
        for rid, uid in Region.officers.through.objects.filter(region_id__in=region_ids).values_list(
            "region_id", "user_id"
        ):
            officers.setdefault(rid, []).append(uid)
        streets = list(
            User.objects.filter(role=Role.STREET, is_active=True, region__isnull=False).values_list("pk", "region__path")
        )
        for hid, _, rid in hazards:
            add(officers.get(rid, []), hid)
            add([uid for uid, p in streets if paths.get(rid, "").startswith(p)], hid)
    else:  # 约谈 → the supervising departments and the committee office
        ent_ids = {e for _, e, _ in hazards}
        dept_of: dict[int, list[int]] = {}
        for eid, did in Enterprise.departments.through.objects.filter(enterprise_id__in=ent_ids).values_list(
            "enterprise_id", "department_id"
        ):
            dept_of.setdefault(eid, []).append(did)
        dept_users: dict[int, list[int]] = {}
        for uid, did in User.objects.filter(role=Role.DEPARTMENT, is_active=True).values_list("pk", "department_id"):
            dept_users.setdefault(did, []).append(uid)
        office = list(office_users().values_list("pk", flat=True))
        for hid, eid, _ in hazards:
            add([u for d in dept_of.get(eid, []) for u in dept_users.get(d, [])] + office, hid)
    return by_user


def hazards_escalate(*, today: dt.date) -> dict[int, int]:
    """Raise overdue hazards one escalation level per run when the level's day offset is reached
    (函告 → 通报 → 约谈), each level once per hazard; record it and notify that level's recipients."""
    days = settings.HAZARD_ESCALATION_DAYS
    now = timezone.now()
    counts: dict[int, int] = {}
    # Highest level first, so a hazard climbs at most one level per run.
    for level in sorted(days, reverse=True):
        due_before = today - dt.timedelta(days=days[level])  # deadline + offset <= today
        ids = list(
            Hazard.objects.open()
            .filter(escalation_level=level - 1, deadline__lte=due_before)
            .values_list("pk", flat=True)
        )
        counts[level] = 0
        escalated: list[tuple[int, int, int]] = []
        for chunk in _chunks(ids):
            with transaction.atomic():
                rows = list(
                    Hazard.objects.select_for_update()
                    .filter(pk__in=chunk, escalation_level=level - 1)
                    .values_list("pk", "status", "enterprise_id", "region_id")
                )
                Hazard.objects.filter(pk__in=[r[0] for r in rows]).update(
                    escalation_level=level, escalated_at=now, is_overdue=True
                )
                HazardTransition.objects.bulk_create(
                    [
                        HazardTransition(hazard_id=pk, at=now, action=TransitionAction.ESCALATE, from_status=status,
                                         to_status=status, escalation_level=level, note=ESCALATION_NOTE[level])
                        for pk, status, _, _ in rows
                    ],
                    ignore_conflicts=True,
                )
                escalated += [(pk, eid, rid) for pk, _, eid, rid in rows]
                counts[level] += len(rows)
        _notify_escalation(level, escalated, today)
    return counts


# What the recipient of each level is asked to do (seed 002: 函告 → 通报 → 约谈).
ESCALATION_ASK = {
    1: "请立即整改，完成后在平台提交整改情况；继续逾期将通报所在网格和街道。",
    2: "请督促企业整改并上门核查，逾期未改的将报部门和区安委办约谈。",
    3: "请组织约谈企业主要负责人，督促限期整改。",
}
SHOWN = 50  # hazards named in one notice; the ledger link lists them all


def _notify_escalation(level: int, escalated: list[tuple[int, int, int]], today: dt.date) -> None:
    from ..choices import EscalationLevel

    if not escalated:
        return
    label = EscalationLevel(level).label
    recipients = _escalation_recipients(level, escalated)
    users = User.objects.in_bulk(list(recipients))
    shown = sorted({pk for ids in recipients.values() for pk in ids[:SHOWN]})
    named: dict[int, tuple[str, str]] = {}  # hazard id → (number, enterprise name)
    for chunk in _chunks(shown):
        for h in Hazard.objects.filter(pk__in=chunk).only("pk", "reported_at", "enterprise__name").select_related("enterprise"):
            named[h.pk] = (h.number, h.enterprise.name)
    uids = list(recipients)
    for chunk in _chunks(uids, 500):
        with transaction.atomic():  # one commit per chunk, not one per notification
            for uid in chunk:
                _notify_escalated(level, label, users[uid], recipients[uid], named, today)


def _notify_escalated(level: int, label: str, user: User, hazard_ids: list[int], named: dict[int, tuple[str, str]],
                      today: dt.date) -> None:
    """One notice per recipient naming the enterprises and their hazard numbers (never bare ids)
    and what the recipient is to do at this level."""
    by_enterprise: dict[str, list[str]] = {}
    for pk in hazard_ids[:SHOWN]:
        number, enterprise = named.get(pk, (f"隐患{pk}", ""))
        by_enterprise.setdefault(enterprise, []).append(number)
    listing = "；".join(f"{name or '（企业）'}：{'、'.join(numbers)}" for name, numbers in by_enterprise.items())
    more = f"等共 {len(hazard_ids)} 条" if len(hazard_ids) > SHOWN else ""
    first = next(iter(by_enterprise)) or "企业"
    whom = first if len(by_enterprise) == 1 else f"{first}等 {len(by_enterprise)} 家企业"
    notify(
        recipients=[user], category="hazard-escalation",
        title=f"逾期隐患{label}：{whom} {len(hazard_ids)} 条",
        body=f"以下隐患已超过整改期限，按规定{label}。{listing}{more}。{ESCALATION_ASK[level]}",
        url=reverse("hazards:ledger") + f"?overdue=true&escalation_level={level}",
        dedup_key=f"hazard-escalation:{level}:{today:%Y%m%d}", sms=level >= 2,
    )
