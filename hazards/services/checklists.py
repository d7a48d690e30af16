"""Self-check templates and their items (maintained by the committee office)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from accounts.models import User
from accounts.permissions import require
from accounts.services import audit_record, model_changes

from ..models import (
    CheckItem,
    CheckTemplate,
)


@transaction.atomic
def template_save(*, by: User, template: CheckTemplate | None = None, **fields: Any) -> CheckTemplate:
    require(by, "hazards.edit_templates")
    creating = template is None
    template = template or CheckTemplate()
    before = {k: getattr(template, k) for k in fields}
    for k, v in fields.items():
        setattr(template, k, v)
    if template.industry_id and template.key_flag:
        raise ValidationError({"key_flag": "适用行业和重点监管标识只能二选一"})
    template.full_clean()
    template.save()
    audit_record(actor=by, action="检查表新建" if creating else "检查表修改", obj=template,
                 changes=model_changes(before, {k: getattr(template, k) for k in fields}))
    return template


@transaction.atomic
def item_save(*, by: User, template: CheckTemplate, item: CheckItem | None = None, **fields: Any) -> CheckItem:
    require(by, "hazards.edit_templates")
    creating = item is None
    item = item or CheckItem(template=template)
    if item.template_id != template.pk:
        raise ValidationError("检查项不属于该检查表")
    before = {k: getattr(item, k) for k in fields}
    for k, v in fields.items():
        setattr(item, k, v)
    if creating and not fields.get("order"):
        item.order = (template.items.aggregate(m=models.Max("order"))["m"] or 0) + 1
    item.full_clean()
    item.save()
    audit_record(actor=by, action="检查项新增" if creating else "检查项修改", obj=template,
                 changes=model_changes(before, {k: getattr(item, k) for k in fields}), note=item.description)
    return item
