"""Every write to the enterprise file goes through here (one transaction, audited)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.forms.models import model_to_dict

from accounts.models import Department, Region, User
from accounts.permissions import can, require
from accounts.services import audit_record, model_changes

from .choices import RISK_ORDER, RiskLevel
from .models import Enterprise, EnterpriseAttachment, HazardousSubstance, Licence, MajorHazardSource, RiskPoint
from .rules import lec_level, major_hazard_grade, major_hazard_r
from .selectors import field_label

# Fields an enterprise user may change on its own file (基本信息); the rest is the supervisors'.
ENTERPRISE_SELF_FIELDS = (
    "address", "lng", "lat", "legal_rep", "legal_rep_phone", "safety_director",
    "safety_director_phone", "employees", "insurance_policy_no", "insurance_expiry",
)


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _derive(enterprise: Enterprise) -> None:
    enterprise.standardization_expiry = (
        add_years(enterprise.standardization_date, settings.STANDARDIZATION_VALID_YEARS)
        if enterprise.standardization_date and enterprise.standardization_grade
        else None
    )


def _snapshot(enterprise: Enterprise) -> dict[str, Any]:
    data = model_to_dict(enterprise, exclude=["id", "departments"])
    if enterprise.pk:
        data["departments"] = sorted(enterprise.departments.values_list("name", flat=True))
    return data


def default_departments(enterprise: Enterprise) -> list[Department]:
    """行业监管: the departments that supervise the enterprise's industry (or its 门类)."""
    industry_ids = [enterprise.industry_id]
    if enterprise.industry.parent_id:
        industry_ids.append(enterprise.industry.parent_id)
    return list(Department.objects.filter(industries__in=industry_ids).distinct())


@transaction.atomic
def enterprise_create(*, by: User | None, departments: list[Department] | None = None, **fields: Any) -> Enterprise:
    _require(by, "enterprises.create")
    enterprise = Enterprise(**fields)
    _derive(enterprise)
    enterprise.full_clean()
    enterprise.save()
    enterprise.departments.set(departments if departments else default_departments(enterprise))
    audit_record(actor=by, action="企业建档", obj=enterprise, changes=model_changes({}, _snapshot(enterprise)))
    return enterprise


@transaction.atomic
def enterprise_update(
    *, enterprise: Enterprise, by: User | None, departments: list[Department] | None = None, **fields: Any
) -> Enterprise:
    _require(by, "enterprises.edit", enterprise)
    if by is not None and not can(by, "enterprises.edit_all_fields", enterprise):
        forbidden = sorted(set(fields) - set(ENTERPRISE_SELF_FIELDS)) + (["departments"] if departments else [])
        if forbidden:
            raise ValidationError({f: "企业用户只能修改本企业基本信息" for f in forbidden})
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    before = _snapshot(enterprise)
    old_region_id = enterprise.region_id
    for name, value in fields.items():
        setattr(enterprise, name, value)
    _derive(enterprise)
    enterprise.full_clean()
    enterprise.save()
    if departments is not None:
        enterprise.departments.set(departments)
    changes = model_changes(before, _snapshot(enterprise))
    if changes:
        audit_record(actor=by, action="企业信息变更", obj=enterprise, changes=changes)
    if enterprise.region_id != old_region_id:
        _move_dependent_rows(enterprise, old_region_id=old_region_id, by=by)
    return enterprise


def region_following_models() -> list[type]:
    """Models that copy the enterprise's 属地 onto their rows (so scoping and statistics need no
    join) and declare ``region_follows_enterprise = True``: hazards, self-checks, patrols,
    inspections, enforcement documents, penalties. Accidents do not: their region is where the
    accident happened (事发地), a statistical fact that a later move of the enterprise does not change."""
    return [m for m in apps.get_models() if getattr(m, "region_follows_enterprise", False)]


def _move_dependent_rows(enterprise: Enterprise, *, old_region_id: int, by: User | None) -> None:
    """Scope follows the enterprise: when it moves to another street/grid, every row that copied
    its region moves with it in the same transaction — the old street no longer sees (or closes) its
    hazards and self-checks, the new street sees all of its history, the cockpit counts follow."""
    moved = {}
    for model in region_following_models():
        count = model._base_manager.filter(enterprise_id=enterprise.pk).exclude(region_id=enterprise.region_id) \
            .update(region_id=enterprise.region_id)
        if count:
            moved[str(model._meta.verbose_name)] = count
    if moved:
        old = Region.objects.filter(pk=old_region_id).first()
        audit_record(actor=by, action="属地变更：关联记录随企业迁移", obj=enterprise, changes={
            "属地": [old.full_name if old else old_region_id, enterprise.region.full_name],
            **{name: [count, "随企业迁移"] for name, count in moved.items()},
        })


def _require(by: User | None, name: str, obj: Any = None) -> None:
    """``by=None`` is the system (imports, other apps' services); a person needs the permission."""
    if by is not None:
        require(by, name, obj)


def _check_owner(obj: Any, enterprise: Enterprise) -> None:
    if obj is not None and obj.enterprise_id != enterprise.pk:
        raise ValidationError("该记录不属于此企业")


def enterprise_refresh_risk(enterprise: Enterprise) -> str:
    levels = set(enterprise.risk_points.values_list("level", flat=True))
    level = next((lv for lv in RISK_ORDER if lv in levels), RiskLevel.LOW)
    if enterprise.risk_level != level:
        Enterprise.objects.filter(pk=enterprise.pk).update(risk_level=level)
        enterprise.risk_level = level
    return level


@transaction.atomic
def risk_point_save(
    *, enterprise: Enterprise, by: User | None, point: RiskPoint | None = None, **fields: Any
) -> RiskPoint:
    _require(by, "enterprises.manage_records", enterprise)
    _check_owner(point, enterprise)
    point = point or RiskPoint(enterprise=enterprise)
    for name, value in fields.items():
        setattr(point, name, value)
    d_value = Decimal(point.likelihood) * Decimal(point.exposure) * Decimal(point.consequence)
    point.level = lec_level(d_value)  # graded on the exact product, stored to 2 places
    point.d_value = d_value.quantize(Decimal("0.01"))
    point.full_clean()
    point.save()
    enterprise_refresh_risk(enterprise)
    audit_record(actor=by, action="风险点保存", obj=point, changes={"D": str(point.d_value), "level": point.level})
    return point


@transaction.atomic
def major_hazard_source_save(
    *,
    enterprise: Enterprise,
    by: User | None,
    name: str,
    alpha: Decimal,
    substances: list[dict[str, Any]],
    source: MajorHazardSource | None = None,
    filing_no: str = "",
    filed_on: dt.date | None = None,
) -> MajorHazardSource:
    """Save a 重大危险源 with its substances; R and grade are computed, never typed."""
    _require(by, "enterprises.manage_records", enterprise)
    if not substances:
        raise ValidationError({"substances": "至少填写一种危险化学品"})
    for i, s in enumerate(substances, start=1):
        if Decimal(s["critical"]) <= 0:
            raise ValidationError({"substances": f"第{i}种危险化学品的临界量 Q 必须大于 0"})
    _check_owner(source, enterprise)
    source = source or MajorHazardSource(enterprise=enterprise)
    source.name, source.alpha, source.filing_no, source.filed_on = name, Decimal(alpha), filing_no, filed_on
    source.r_value = major_hazard_r(
        source.alpha, [(Decimal(s["beta"]), Decimal(s["quantity"]), Decimal(s["critical"])) for s in substances]
    )
    source.grade = major_hazard_grade(source.r_value)
    source.full_clean()
    source.save()
    source.substances.all().delete()
    HazardousSubstance.objects.bulk_create(HazardousSubstance(source=source, **s) for s in substances)
    audit_record(actor=by, action="重大危险源保存", obj=source, changes={"R": str(source.r_value), "grade": source.grade})
    return source


@transaction.atomic
def risk_point_delete(*, point: RiskPoint, by: User | None) -> None:
    _require(by, "enterprises.manage_records", point.enterprise)
    enterprise = point.enterprise
    audit_record(actor=by, action="风险点删除", obj=enterprise, note=f"{point.name}（D={point.d_value}）")
    point.delete()
    enterprise_refresh_risk(enterprise)


@transaction.atomic
def major_hazard_source_delete(*, source: MajorHazardSource, by: User | None) -> None:
    _require(by, "enterprises.manage_records", source.enterprise)
    audit_record(actor=by, action="重大危险源删除", obj=source.enterprise, note=f"{source.name}（R={source.r_value}）")
    source.delete()


@transaction.atomic
def licence_save(
    *, enterprise: Enterprise, by: User | None, licence: Licence | None = None, **fields: Any
) -> Licence:
    _require(by, "enterprises.manage_records", enterprise)
    _check_owner(licence, enterprise)
    licence = licence or Licence(enterprise=enterprise)
    before = model_to_dict(licence, exclude=["id", "enterprise"]) if licence.pk else {}
    for name, value in fields.items():
        setattr(licence, name, value)
    if licence.issued_on and licence.expires_on and licence.expires_on < licence.issued_on:
        raise ValidationError({"expires_on": "有效期至不能早于发证日期"})
    licence.full_clean()
    licence.save()
    changes = model_changes(before, model_to_dict(licence, exclude=["id", "enterprise"]))
    if changes:
        audit_record(actor=by, action="证照保存", obj=licence, changes=changes)
    return licence


@transaction.atomic
def licence_delete(*, licence: Licence, by: User | None) -> None:
    _require(by, "enterprises.manage_records", licence.enterprise)
    audit_record(actor=by, action="证照删除", obj=licence.enterprise, note=str(licence))
    licence.delete()


@transaction.atomic
def attachment_add(*, enterprise: Enterprise, by: User | None, title: str, file: Any) -> EnterpriseAttachment:
    """The file must already have passed ``safety_platform.uploads.validate_document``."""
    _require(by, "enterprises.manage_records", enterprise)
    attachment = EnterpriseAttachment(enterprise=enterprise, title=title, file=file, uploaded_by=by)
    attachment.full_clean(exclude=["uploaded_by"])  # None for system imports
    attachment.save()
    audit_record(actor=by, action="附件上传", obj=attachment, changes={"title": title, "file": attachment.file.name})
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: EnterpriseAttachment, by: User | None) -> None:
    _require(by, "enterprises.manage_records", attachment.enterprise)
    audit_record(actor=by, action="附件删除", obj=attachment.enterprise, note=attachment.title)
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))  # the file goes only once the row is gone


@transaction.atomic
def enterprise_import(*, rows: list[dict[str, Any]], by: User | None) -> tuple[int, int]:
    """Commit a validated import plan: all rows or none. Existing USCCs are updated through
    ``enterprise_update`` (only the changed fields), so the history records each change.

    ``rows`` are ``{"row": excel row number, "fields": {...}, "enterprise": Enterprise | None}``
    as produced by ``exports.plan_import``. Returns (created, updated).
    """
    _require(by, "enterprises.import")
    created = updated = 0
    for row in rows:
        fields, existing = row["fields"], row["enterprise"]
        try:
            if existing is None:
                enterprise_create(by=by, **fields)
                created += 1
                continue
            current = model_to_dict(existing, fields=list(fields))
            current.update(region=existing.region_id, industry=existing.industry_id)
            compare = {**fields, "region": fields["region"].pk, "industry": fields["industry"].pk}
            changed = {name: fields[name] for name in fields if compare[name] != current.get(name)}
            if changed:
                enterprise_update(enterprise=existing, by=by, **changed)
                updated += 1
        except ValidationError as exc:
            raise ValidationError(f"第{row['row']}行：{labelled_message(Enterprise, exc)}") from exc
    return created, updated


def labelled_message(model: type, exc: ValidationError) -> str:
    """One line naming each field: “统一社会信用代码：校验位错误…；法定代表人：必填”."""
    if not hasattr(exc, "error_dict"):
        return "；".join(exc.messages)
    return "；".join(
        "；".join(errors) if name == NON_FIELD_ERRORS else f"{field_label(model, name)}：{'；'.join(errors)}"
        for name, errors in exc.message_dict.items()
    )
