"""Who may do what in the yearly assessment — the only place that knows (accounts.permissions).

Two lifecycles, both keyed by the scheme's status (考核流程: 草稿 → 自评 → 评审 → 异议期 → 结果发布):

* ``SCHEME`` — the office's steps on a scheme (design it in draft, move it along, recompute, copy);
* ``UNIT`` — one assessed unit's evaluation: the unit itself self-assesses, uploads evidence and
  objects; reviewers (the office and the experts assigned to the unit) score; the office corrects
  scores and answers objections in the objection window. A unit has no status of its own: its
  ``stage`` is its scheme's status.
"""

from __future__ import annotations

import rules

from accounts.lifecycle import Lifecycle, Transition
from accounts.permissions import define, is_department, is_enterprise, is_expert, is_office, is_street, is_unit_officer

from .choices import OPEN_STATUSES, SchemeStatus, UnitKind


@rules.predicate
def is_member(user, unit) -> bool:
    """The officer of the assessed unit itself (who self-assesses, uploads evidence, objects)."""
    if unit is None:
        return False
    if unit.kind == UnitKind.STREET:
        return is_street(user) and user.region_id == unit.region_id
    if unit.kind == UnitKind.DEPARTMENT:
        return is_department(user) and user.department_id == unit.department_id
    return is_enterprise(user) and user.enterprise_id == unit.enterprise_id


@rules.predicate
def is_assigned_reviewer(user, unit) -> bool:
    return unit is not None and unit.reviewers.filter(pk=user.pk).exists()


# Office staff score every unit; an expert only the units assigned to it.
is_reviewer = is_office | is_assigned_reviewer

OFFICE_ONLY = "只有安委办可以进行此操作"
MEMBER_ONLY = "只有被考核单位本身可以自评、上传材料或提出异议"

define("assessment.manage_schemes", is_office, denied=OFFICE_ONLY)
define("assessment.view_units", is_unit_officer | is_expert, denied="您的角色不参与年度考核")
define("assessment.self_assess", is_member, denied=MEMBER_ONLY)
define("assessment.upload_evidence", is_member, denied="只有被考核单位本身可以上传佐证材料")
define("assessment.object", is_member, denied=MEMBER_ONLY)
define("assessment.review", is_reviewer, denied="您不是该单位的评审人员")
define("assessment.correct_score", is_office, denied=OFFICE_ONLY)
define("assessment.answer_objection", is_office, denied=OFFICE_ONLY)

_ALL = tuple(SchemeStatus.values)
_DRAFT = (SchemeStatus.DRAFT,)
_MANAGE = "assessment.manage_schemes"

SCHEME = Lifecycle("assessment_scheme", status_field="status", labels=dict(SchemeStatus.choices), transitions=[
    Transition("edit", source=_DRAFT, target=None, permission=_MANAGE, label="修改方案"),
    Transition("edit_indicators", source=_DRAFT, target=None, permission=_MANAGE, label="调整指标"),
    Transition("edit_units", source=_DRAFT, target=None, permission=_MANAGE, label="调整被考核单位"),
    Transition("assign_reviewers", source=(SchemeStatus.DRAFT, SchemeStatus.SELF, SchemeStatus.REVIEW), target=None,
               permission=_MANAGE, label="分配评审人员"),
    Transition("publish", source=_DRAFT, target=SchemeStatus.SELF, permission=_MANAGE, label="发布方案"),
    Transition("review", source=(SchemeStatus.SELF,), target=SchemeStatus.REVIEW, permission=_MANAGE,
               label="进入评审"),
    Transition("compute", source=(SchemeStatus.REVIEW,), target=SchemeStatus.OBJECTION, permission=_MANAGE,
               label="计算结果"),
    Transition("publish_results", source=(SchemeStatus.OBJECTION,), target=SchemeStatus.PUBLISHED,
               permission=_MANAGE, label="发布结果"),
    Transition("recompute", source=tuple(OPEN_STATUSES), target=None, permission=_MANAGE, label="重新计算"),
    Transition("copy", source=_ALL, target=None, permission=_MANAGE, label="复制为新年度方案"),
])

UNIT = Lifecycle("assessment_unit", status_field="stage", labels=dict(SchemeStatus.choices), transitions=[
    Transition("self_assess", source=(SchemeStatus.SELF,), target=None, permission="assessment.self_assess",
               label="自评"),
    Transition("self_submit", source=(SchemeStatus.SELF,), target=None, permission="assessment.self_assess",
               label="提交自评"),
    Transition("upload_evidence", source=(SchemeStatus.SELF, SchemeStatus.OBJECTION), target=None,
               permission="assessment.upload_evidence", label="上传佐证材料"),
    Transition("review", source=(SchemeStatus.REVIEW,), target=None, permission="assessment.review", label="评分"),
    # In the objection window the office may still correct a score (when it accepts an objection).
    Transition("correct", source=(SchemeStatus.OBJECTION,), target=None, permission="assessment.correct_score",
               label="评分"),
    Transition("object", source=(SchemeStatus.OBJECTION,), target=None, permission="assessment.object",
               label="提出异议"),
    Transition("answer", source=(SchemeStatus.OBJECTION,), target=None, permission="assessment.answer_objection",
               label="答复异议"),
])


def status_message(lifecycle: Lifecycle, action: str, status: str) -> str:
    """The assessment's own wording of a refused step: '方案当前为“评审中”，只有在“草稿”阶段才能调整指标'."""
    t = lifecycle.step(action)
    labels = "、".join(SchemeStatus(s).label for s in t.source)
    return f"方案当前为“{SchemeStatus(status).label}”，只有在“{labels}”阶段才能{t.label}"
