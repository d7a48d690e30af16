"""The weekly self-check 周报: filing and amending; every 不合格 item opens a hazard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.permissions import require
from accounts.services import audit_record
from enterprises.models import Enterprise

from ..choices import (
    CheckResult,
    HazardGrade,
    HazardSource,
)
from ..models import (
    CheckItem,
    CheckTemplate,
    SelfCheck,
    SelfCheckAnswer,
)
from ..rules import (
    selfcheck_deadline,
    selfcheck_deadline_text,
    week_label,
    week_start_of,
)
from .ledger import hazard_report


def _clean_answers(enterprise: Enterprise, answers: Sequence[dict], zero_report: bool, today: dt.date,
                   opened: frozenset[int] = frozenset()):
    """Validate answers against the enterprise's templates; returns [(item, answer dict)].
    ``opened``: items whose 不合格 already opened a hazard (an amendment): no new hazard details asked."""
    items = {
        i.pk: i
        for i in CheckItem.objects.filter(template__in=CheckTemplate.objects.for_enterprise(enterprise)).select_related(
            "template"
        )
    }
    given: dict[int, dict] = {}
    errors: list[str] = []
    for a in answers:
        item_id = a["item"].pk if isinstance(a.get("item"), CheckItem) else int(a.get("item") or 0)
        if item_id not in items:
            errors.append(f"检查项 {item_id} 不属于本企业适用的检查表")
            continue
        if a.get("result") not in CheckResult.values:
            errors.append(f"“{items[item_id].description}”：请选择合格、不合格或不涉及")
            continue
        given[item_id] = a
    # Every applicable item is answered — a 零报告 too: "no hazard found" means each item was checked
    # and found 合格 or 不涉及, not that nothing was looked at.
    missing = [i for pk, i in items.items() if pk not in given]
    if missing:
        names = "；".join(i.description for i in missing[:10]) + ("等" if len(missing) > 10 else "")
        errors.append(("零报告须逐项确认“合格”或“不涉及”，以下检查项未填写：" if zero_report else "以下检查项未填写：") + names)
    fails = [(items[pk], a) for pk, a in given.items() if a["result"] == CheckResult.FAIL]
    if zero_report and fails:
        errors.append("零报告不能包含“不合格”项；有隐患时请取消零报告")
    for item, a in fails:
        if item.pk in opened:
            continue
        if not (a.get("responsible") or "").strip():
            errors.append(f"“{item.description}”不合格：请填写整改责任人")
        deadline = a.get("deadline")
        if deadline is not None and deadline < today:
            errors.append(f"“{item.description}”不合格：整改期限不能早于今天")
    return [(items[pk], a) for pk, a in given.items()], errors


def _open_self_check_hazards(sc: SelfCheck, by: User | None, pairs, today: dt.date, on_behalf: bool = False) -> int:
    opened = 0
    for item, a in pairs:
        if a["result"] != CheckResult.FAIL or a.get("hazard_id"):
            continue
        hazard = hazard_report(
            enterprise=sc.enterprise, reporter=by, source=HazardSource.SELF_CHECK,
            grade=HazardGrade.MAJOR if item.major_by_definition else HazardGrade.GENERAL,
            description=(a.get("description") or "").strip() or item.description,
            deadline=a.get("deadline") or today + dt.timedelta(days=settings.HAZARD_DEFAULT_DEADLINE_DAYS),
            location=a.get("location", ""), category=item.category, responsible=a.get("responsible", "").strip(),
            photos=[p for p in [a.get("photo")] if p], self_check=sc, on_behalf=on_behalf,
            note=f"{sc.week_label}自查不合格项：{item.description}（依据：{item.basis or '—'}）",
        )
        a["hazard_id"] = hazard.pk
        opened += 1
    return opened


@transaction.atomic
def selfcheck_submit(
    *,
    enterprise: Enterprise,
    by: User | None,
    week_start: dt.date,
    answers: Sequence[dict] = (),
    zero_report: bool = False,
    note: str = "",
    now: dt.datetime | None = None,
    on_behalf: bool = False,
    proxy_reason: str = "",
) -> SelfCheck:
    """File the week's self-check. ``answers``: [{item, result, note, description, deadline,
    responsible, location, photo}]; every 不合格 opens a hazard. Late filing is accepted, marked late.

    ``on_behalf``: 代报 — a grid officer (its cells) or street (its street) files for an enterprise
    that cannot use the platform, with ``proxy_reason`` (required); the same checks as the
    enterprise's own filing apply, and the week is marked 代报 (who: ``submitted_by``, why)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    week_start = week_start_of(week_start)
    proxy_reason = (proxy_reason or "").strip()
    if on_behalf:
        if by is None:
            raise PermissionDenied("代报须由网格员或街道工作人员填报")
        require(by, "hazards.file_selfcheck_for", enterprise)
        if not proxy_reason:
            raise ValidationError({"proxy_reason": "请填写代报原因（如：企业无智能手机、无人会操作）"})
    elif by is not None:  # None: a system job; otherwise the enterprise's own user files
        require(by, "hazards.file_selfcheck")
        if by.enterprise_id != enterprise.pk:
            raise PermissionDenied("只能填报本企业的自查周报")
    if week_start > week_start_of(today):
        raise ValidationError({"week_start": "不能提前填报未来周次的自查"})
    existing = SelfCheck.objects.filter(enterprise=enterprise, week_start=week_start).first()
    if existing is not None:
        raise ValidationError(
            f"{week_label(week_start)}的自查已于 {timezone.localtime(existing.submitted_at):%Y-%m-%d %H:%M} 提交，"
            "不能重复提交；如需更正，请在截止前使用“修改”",
            code="duplicate",
        )
    pairs, errors = _clean_answers(enterprise, answers, zero_report, today)
    fails = sum(1 for _, a in pairs if a["result"] == CheckResult.FAIL)
    if not zero_report and fails == 0:
        errors.append("没有“不合格”项：请勾选“本周未发现隐患（零报告）”予以确认")
    if errors:
        raise ValidationError(errors)
    sc = SelfCheck.objects.create(
        enterprise=enterprise, region_id=enterprise.region_id, week_start=week_start, is_zero=fails == 0,
        is_late=now > selfcheck_deadline(week_start), submitted_at=now, submitted_by=by, note=note,
        is_proxy=on_behalf, proxy_reason=proxy_reason if on_behalf else "",
    )
    sc.hazards_found = _open_self_check_hazards(sc, by, pairs, today, on_behalf=on_behalf)
    sc.save(update_fields=["hazards_found"])
    SelfCheckAnswer.objects.bulk_create([
        SelfCheckAnswer(self_check=sc, item=item, result=a["result"], note=a.get("note", ""), hazard_id=a.get("hazard_id"))
        for item, a in pairs
    ])
    changes = {"week": week_label(week_start), "zero": sc.is_zero, "late": sc.is_late, "hazards": fails}
    if on_behalf:
        changes |= {"proxy": True, "proxy_reason": proxy_reason}
    audit_record(actor=by, action="自查周报代报" if on_behalf else "自查周报提交", obj=sc, changes=changes,
                 note=f"代报原因：{proxy_reason}" if on_behalf else "")
    return sc


@transaction.atomic
def selfcheck_amend(
    *,
    self_check: SelfCheck,
    by: User,
    answers: Sequence[dict] = (),
    zero_report: bool = False,
    note: str = "",
    now: dt.datetime | None = None,
) -> SelfCheck:
    """Correct a filed self-check before the deadline; recorded (count, time, audit changes).
    Only the enterprise's own users may amend (staff who see the filing get PermissionDenied → 403).
    Newly failed items open new hazards; hazards already opened keep their own lifecycle: their
    answers stay 不合格 and the week cannot become a 零报告 (a wrong one is withdrawn on its page)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sc = SelfCheck.objects.select_for_update().select_related("enterprise").get(pk=self_check.pk)
    require(by, "hazards.amend_selfcheck", sc)
    if now > selfcheck_deadline(sc.week_start):
        raise ValidationError(
            f"{sc.week_label}的自查须在{selfcheck_deadline_text(sc.week_start)}修改，现已截止，不能再修改"
        )
    # An amendment adds findings and corrects answers; it never erases a hazard already opened.
    previous = {a.item_id: a for a in sc.answers.select_related("hazard", "item")}
    kept = {pk: a for pk, a in previous.items() if a.hazard_id}
    pairs, errors = _clean_answers(sc.enterprise, answers, zero_report, today, opened=frozenset(kept))
    if not zero_report and not any(a["result"] == CheckResult.FAIL for _, a in pairs):
        errors.append("没有“不合格”项：请勾选“本周未发现隐患（零报告）”予以确认")
    if zero_report and (sc.hazards_found or kept):
        errors.append(f"{sc.week_label}已发现隐患 {max(sc.hazards_found, len(kept))} 条，不能改为零报告；"
                      "确系误报的隐患，请在该隐患页面办理“误报撤销”并写明理由")
    for item, a in pairs:
        old = kept.get(item.pk)
        if old is not None and a["result"] != CheckResult.FAIL:
            errors.append(f"“{item.description}”已登记隐患 {old.hazard.number}，不能改为“{CheckResult(a['result']).label}”；"
                          "确系误报，请在该隐患页面办理“误报撤销”并写明理由")
        elif old is not None:
            a["hazard_id"] = old.hazard_id
    if errors:
        raise ValidationError(errors)
    before = {pk: a.result for pk, a in previous.items()}
    opened = _open_self_check_hazards(sc, by, pairs, today)
    # answers that opened a hazard stay, even when their item is no longer on the enterprise's checklist
    sc.answers.exclude(item_id__in=[pk for pk in kept if pk not in {i.pk for i, _ in pairs}]).delete()
    SelfCheckAnswer.objects.bulk_create([
        SelfCheckAnswer(self_check=sc, item=item, result=a["result"], note=a.get("note", ""), hazard_id=a.get("hazard_id"))
        for item, a in pairs
    ])
    fails = sum(1 for _, a in pairs if a["result"] == CheckResult.FAIL)
    sc.hazards_found += opened
    sc.is_zero = fails == 0 and sc.hazards_found == 0
    sc.amended_at, sc.amend_count, sc.note = now, sc.amend_count + 1, note or sc.note
    sc.save(update_fields=["is_zero", "hazards_found", "amended_at", "amend_count", "note"])
    after = {item.pk: a["result"] for item, a in pairs}
    audit_record(actor=by, action="自查周报修改", obj=sc,
                 changes={str(k): [before.get(k), v] for k, v in after.items() if before.get(k) != v}
                 | ({"zero": [not sc.is_zero, sc.is_zero]} if zero_report else {}),
                 note=f"第 {sc.amend_count} 次修改，新增隐患 {opened} 条")
    return sc
