"""Excel in and out for the enterprise ledger (企业台账).

The export carries the import columns first, so an exported list can be corrected in Excel
and imported back (re-import updates by 统一社会信用代码); the extra columns after them are
for reading only and are ignored on import.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q

from accounts.choices import RegionKind
from accounts.models import Industry, Region, User
from accounts.permissions import is_department
from safety_platform.excel import (
    CellError,
    ImportReport,
    cell_choice,
    cell_date,
    cell_decimal,
    cell_int,
    cell_text,
    cell_yes_no,
    read_rows,
)

from .choices import KEY_FLAGS, EnterpriseStatus, Scale, StandardizationGrade
from .models import Enterprise
from .selectors import ExpiryItem
from .validators import uscc_problem

# (column title, model field) — the order of the template.
IMPORT_FIELDS: list[tuple[str, str]] = [
    ("统一社会信用代码", "uscc"),
    ("企业名称", "name"),
    ("属地网格编码", "region"),
    ("行业代码", "industry"),
    ("地址", "address"),
    ("经度", "lng"),
    ("纬度", "lat"),
    ("法定代表人", "legal_rep"),
    ("法定代表人电话", "legal_rep_phone"),
    ("安全负责人", "safety_director"),
    ("安全负责人电话", "safety_director_phone"),
    ("从业人数", "employees"),
    ("规模", "scale"),
    ("经营状态", "status"),
    *[(label, flag) for flag, label in KEY_FLAGS],
    ("标准化等级", "standardization_grade"),
    ("标准化达标日期", "standardization_date"),
    ("安责险保单号", "insurance_policy_no"),
    ("安责险到期日", "insurance_expiry"),
]
IMPORT_COLUMNS = [title for title, _ in IMPORT_FIELDS]
COLUMN_OF = {name: title for title, name in IMPORT_FIELDS}
REQUIRED = {"uscc", "name", "region", "industry", "address", "legal_rep"}
EXTRA_EXPORT_COLUMNS = ["街道/镇", "属地名称", "行业名称", "监管部门", "标准化有效期至", "风险等级"]
EXPORT_COLUMNS = IMPORT_COLUMNS + EXTRA_EXPORT_COLUMNS



def template_example(user: User) -> list[Any]:
    """One example row, with a grid code the user may actually use."""
    region = (
        Region.objects.for_user(user).filter(kind=RegionKind.GRID).first() or Region.objects.for_user(user).first()
    )
    return [
        "91150203MA0N8X1Y1P", "包头市示例金属制品有限公司", region.code if region else "", "C33", "示例路18号",
        109.8123, 40.6521, "张三", "13800000000", "李四", "13900000000", 56, "规下", "在营",
        *["否"] * len(KEY_FLAGS), "三级", dt.date(2025, 6, 1), "AZX0000000001", dt.date(2027, 3, 31),
    ]


def export_row(e: Enterprise) -> list[Any]:
    return [
        e.uscc, e.name, e.region.code, e.industry.code, e.address, e.lng, e.lat, e.legal_rep, e.legal_rep_phone,
        e.safety_director, e.safety_director_phone, e.employees, e.get_scale_display(), e.get_status_display(),
        *[getattr(e, flag) for flag, _ in KEY_FLAGS],
        e.get_standardization_grade_display() if e.standardization_grade else "",
        e.standardization_date, e.insurance_policy_no, e.insurance_expiry,
        getattr(e, "street_name", "") or "", e.region.name, e.industry.name,
        "、".join(d.name for d in e.departments.all()), e.standardization_expiry, e.get_risk_level_display(),
    ]


EXPIRY_COLUMNS = ["企业名称", "统一社会信用代码", "属地", "类别", "名称", "编号", "到期日", "状态"]


def expiry_row(item: ExpiryItem) -> list[Any]:
    e = item.enterprise
    return [e.name, e.uscc, e.region.name, item.kind_label, item.name, item.number, item.expires_on, item.state]


# ---- import: parse and validate every row, write nothing ---------------------------------


GRADE_CHOICES = [(v, label) for v, label in StandardizationGrade.choices if v]
PARSERS = {
    "lng": cell_decimal, "lat": cell_decimal, "employees": cell_int,
    "standardization_date": cell_date, "insurance_expiry": cell_date,
    "scale": lambda v: cell_choice(v, Scale.choices, Scale.BELOW),
    "status": lambda v: cell_choice(v, EnterpriseStatus.choices, EnterpriseStatus.OPERATING),
    "standardization_grade": lambda v: cell_choice(v, GRADE_CHOICES, ""),
    **{flag: cell_yes_no for flag, _ in KEY_FLAGS},
}


def plan_import(upload, *, user: User) -> ImportReport:
    """Validate every row of the uploaded ledger for ``user``; the report's rows are ready for
    ``services.enterprise_import``. Raises ``ImportFileError`` when the file itself is unusable."""
    records = read_rows(upload, IMPORT_COLUMNS)
    report = ImportReport()
    usccs = [cell_text(r["统一社会信用代码"]).upper() for _, r in records]
    duplicates = {code for code, n in Counter(usccs).items() if code and n > 1}
    existing = {e.uscc: e for e in Enterprise.objects.filter(uscc__in=set(usccs))}
    in_scope = set(Enterprise.objects.for_user(user).filter(uscc__in=set(usccs)).values_list("uscc", flat=True))
    codes = {cell_text(r["属地网格编码"]) for _, r in records}
    regions = {r.code: r for r in Region.objects.for_user(user).filter(code__in=codes)}
    known_codes = set(Region.objects.filter(code__in=codes).values_list("code", flat=True))
    industries = {i.code: i for i in Industry.objects.all()}
    supervised: set[int] | None = None
    if is_department(user):
        dept = user.department_id
        supervised = set(
            Industry.objects.filter(Q(departments=dept) | Q(parent__departments=dept)).values_list("pk", flat=True)
        )
    first_row_of: dict[str, int] = {}

    for number, record in records:
        errors_before = len(report.errors)

        def error(field_name: str, message: str, number: int = number) -> None:
            report.add_error(number, COLUMN_OF[field_name], message)

        fields: dict[str, Any] = {}
        for title, name in IMPORT_FIELDS:
            raw = record[title]
            if name in ("region", "industry"):
                continue
            try:
                fields[name] = PARSERS[name](raw) if name in PARSERS else cell_text(raw)
            except CellError as exc:
                error(name, str(exc))
        for name in sorted(REQUIRED - {"region", "industry"}):
            if name in fields and fields[name] in ("", None):
                error(name, "必填")

        uscc = fields.get("uscc", "").upper()
        fields["uscc"] = uscc
        if uscc:
            problem = uscc_problem(uscc)
            if problem:
                error("uscc", problem)
            elif uscc in duplicates:
                if uscc in first_row_of:
                    error("uscc", f"与第{first_row_of[uscc]}行重复（同一文件中信用代码不能重复）")
                else:
                    first_row_of[uscc] = number
            if uscc in existing and uscc not in in_scope:
                error("uscc", "该企业已在其他辖区建档，您无权更新")

        code = cell_text(record["属地网格编码"])
        if not code:
            error("region", "必填")
        elif code in regions:
            fields["region"] = regions[code]
        elif code in known_codes:
            error("region", f"“{code}”不在您的管辖范围内")
        else:
            error("region", f"未知的网格编码“{code}”")

        industry_code = cell_text(record["行业代码"]).upper()
        if not industry_code:
            error("industry", "必填")
        elif industry_code not in industries:
            error("industry", f"未知的行业代码“{industry_code}”")
        elif supervised is not None and industries[industry_code].pk not in supervised:
            error("industry", f"“{industry_code}”不属于本部门监管的行业")
        else:
            fields["industry"] = industries[industry_code]

        for name, low, high in (("lng", -180, 180), ("lat", -90, 90)):
            value = fields.get(name)
            if value is not None and not low <= value <= high:
                error(name, f"应在 {low} 到 {high} 之间")

        if len(report.errors) == errors_before:
            candidate = Enterprise(**fields)
            try:
                candidate.clean_fields(exclude=["uscc"])
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    if name in COLUMN_OF:
                        error(name, "；".join(messages))
        report.rows.append({"row": number, "fields": fields, "enterprise": existing.get(uscc)})
    return report
