"""执法文书 numbers: a counter row locked in the creating transaction (no gaps, no duplicates)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Department, User
from accounts.services import audit_record
from hazards.models import Hazard

from ..choices import DocumentKind
from ..models import DocumentCounter, EnforcementDocument, Inspection
from ..rules import document_number


def _next_sequence(department: Department, kind: str, year: int) -> int:
    lookup = {"department": department, "kind": kind, "year": year}
    counter = DocumentCounter.objects.select_for_update().filter(**lookup).first()
    if counter is None:
        try:
            with transaction.atomic():  # a savepoint: a concurrent first number may win the insert
                DocumentCounter.objects.create(**lookup)
        except IntegrityError:
            pass
        counter = DocumentCounter.objects.select_for_update().get(**lookup)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


@transaction.atomic
def document_issue(
    *,
    inspection: Inspection,
    kind: str,
    by: User | None,
    body: str,
    issued_on: dt.date | None = None,
    deadline: dt.date | None = None,
    order: EnforcementDocument | None = None,
    hazards: Iterable[Hazard] = (),
) -> EnforcementDocument:
    """Number and store a document of the inspection's department (文号 per department, year, kind)."""
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": f"未知的文书类型：{kind}"})
    issued_on = issued_on or timezone.localdate()
    department = inspection.department
    sequence = _next_sequence(department, kind, issued_on.year)
    doc = EnforcementDocument.objects.create(
        department=department, kind=kind, year=issued_on.year, sequence=sequence,
        number=document_number(department.short_name or department.name, kind, issued_on.year, sequence),
        enterprise_id=inspection.enterprise_id, region_id=inspection.region_id, inspection=inspection,
        order=order, body=body, deadline=deadline, issued_on=issued_on, issued_by=by,
    )
    hazards = list(hazards)
    if hazards:
        doc.hazards.set(hazards)
    audit_record(actor=by, action=f"签发{doc.get_kind_display()}", obj=doc, changes={"number": doc.number})
    return doc
