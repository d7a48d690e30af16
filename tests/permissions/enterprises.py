"""Permission-matrix rows of the enterprise registry (pages and API).

Every detail route points at ent_a (甲企业, in cell_a of street_a, supervised by dept): ent_b,
street_b, dept_other get 404 (out of scope), expert sees no enterprise at all.
"""

from decimal import Decimal

from . import api, only, page

OUT_OF_A = {"ent_b": 404, "street_b": 404, "dept_other": 404, "expert": 404}
EDITORS = {"street_a": 200, "dept": 200, "office": 200, "admin": 200}


def _a(w) -> dict:
    return {"pk": w.ent_a.pk}


def risk_point(w):
    from enterprises.services import risk_point_save

    return w.ent_a.risk_points.first() or risk_point_save(
        enterprise=w.ent_a, by=None, name="配电室", likelihood=Decimal(3), exposure=Decimal(6), consequence=Decimal(7)
    )


def hazard_source(w):
    from enterprises.services import major_hazard_source_save

    return w.ent_a.hazard_sources.first() or major_hazard_source_save(
        enterprise=w.ent_a, by=None, name="液氨储罐区", alpha=Decimal(1),
        substances=[{"name": "液氨", "beta": Decimal(2), "quantity": Decimal(20), "critical": Decimal(10)}],
    )


def licence(w):
    from enterprises.services import licence_save

    return w.ent_a.licences.first() or licence_save(enterprise=w.ent_a, by=None, kind="安全生产许可证", number="(蒙)WH001")


def attachment(w):
    from django.core.files.base import ContentFile

    from enterprises.services import attachment_add

    return w.ent_a.attachments.first() or attachment_add(
        enterprise=w.ent_a, by=w.users["office"], title="应急预案", file=ContentFile(b"%PDF-1.4 test", name="plan.pdf")
    )


def _item(make):
    return lambda w: {"pk": w.ent_a.pk, "item_pk": make(w).pk}


# A record page of ent_a: 404 out of scope, 403 for roles that may not write (grid), 200 for writers.
RECORD = dict(default=200, **OUT_OF_A, grid_a=403)
POST_ONLY_RECORD = dict(default=405, **OUT_OF_A, grid_a=403)


ROUTES = {
    "enterprises:list": page(),
    "enterprises:create": only({**EDITORS, "street_b": 200, "dept_other": 200}, default=403),
    "enterprises:mine": only({"ent_a": 302, "ent_b": 302}, default=403),  # an admin has no enterprise: 403 (was 404)
    "enterprises:expiring": page(query="export=xlsx"),
    "enterprises:import": only({**EDITORS, "street_b": 200, "dept_other": 200}, default=403),
    "enterprises:import_template": only({**EDITORS, "street_b": 200, "dept_other": 200}, default=403),
    "enterprises:import_confirm": only({**{r: 405 for r in EDITORS}, "street_b": 405, "dept_other": 405}, default=403),
    "enterprises:detail": page(kwargs=_a, **OUT_OF_A),
    "enterprises:edit": page(kwargs=_a, **OUT_OF_A, grid_a=403),
    "enterprises:riskpoint_add": page(kwargs=_a, **RECORD),
    "enterprises:riskpoint_edit": page(kwargs=_item(risk_point), **RECORD),
    "enterprises:riskpoint_delete": page(kwargs=_item(risk_point), **POST_ONLY_RECORD),
    "enterprises:hazardsource_add": page(kwargs=_a, **RECORD),
    "enterprises:hazardsource_edit": page(kwargs=_item(hazard_source), **RECORD),
    "enterprises:hazardsource_delete": page(kwargs=_item(hazard_source), **POST_ONLY_RECORD),
    "enterprises:licence_add": page(kwargs=_a, **RECORD),
    "enterprises:licence_edit": page(kwargs=_item(licence), **RECORD),
    "enterprises:licence_delete": page(kwargs=_item(licence), **POST_ONLY_RECORD),
    "enterprises:attachment_add": page(kwargs=_a, **RECORD),
    "enterprises:attachment": page(kwargs=_item(attachment), **OUT_OF_A),
    "enterprises:attachment_delete": page(kwargs=_item(attachment), **POST_ONLY_RECORD),
    # API: list is scoped (200 for everyone logged in); a detail of ent_a is 404 out of scope.
    "enterprise-list": api(),
    "enterprise-detail": api(kwargs=_a, **OUT_OF_A),
    "enterprise-risk-points": api(kwargs=_a, **OUT_OF_A),
    "enterprise-licences": api(kwargs=_a, **OUT_OF_A),
    "enterprise-hazard-sources": api(kwargs=_a, **OUT_OF_A),
}

# --- WRITES (issue 16) ---------------------------------------------------------------------------
# Every POST/PUT/PATCH/DELETE route and API write action of this app × every role, recorded from
# main with an empty body (see tests/permissions/__init__.py: ``write``/``api_action``). A row marked
# xfail names an inconsistency that the apps are being fixed for: its sets say the intended answer.

from . import BLIND_TO_A, api_action, write  # noqa: E402

WRITES = [
    api_action("enterprise-detail", {"ent_a", "street_a", "dept", "office", "admin"}, hidden={"ent_b", "street_b", "dept_other"}, method="patch"),
    api_action("enterprise-detail", {"ent_a", "street_a", "dept", "office", "admin"}, hidden={"ent_b", "street_b", "dept_other"}, method="put"),
    api_action("enterprise-list", {"street_a", "street_b", "dept", "dept_other", "office", "admin"}),
    write("enterprises:attachment_add", {"ent_a", "street_a", "dept", "office", "admin"}, hidden=BLIND_TO_A),
    write("enterprises:attachment_delete", {"ent_a", "street_a", "dept", "office", "admin"}, hidden=BLIND_TO_A),
    write("enterprises:create", {"street_a", "street_b", "dept", "dept_other", "office", "admin"}),
    write("enterprises:edit", {"ent_a", "street_a", "dept", "office", "admin"}, hidden=BLIND_TO_A),
    write("enterprises:hazardsource_add", {"ent_a", "street_a", "dept", "office", "admin"}, hidden=BLIND_TO_A),
    write("enterprises:hazardsource_delete", {"ent_a", "street_a", "dept", "office", "admin"}, hidden=BLIND_TO_A),
    write("enterprises:hazardsource_edit", {"ent_a", "street_a", "dept", "office", "admin"}, hidden=BLIND_TO_A),
    write("enterprises:import", {"street_a", "street_b", "dept", "dept_other", "office", "admin"}),
    write("enterprises:import_confirm", {"street_a", "street_b", "dept", "dept_other", "office", "admin"}),
    write("enterprises:licence_add", {"ent_a", "street_a", "dept", "office", "admin"}, hidden=BLIND_TO_A),
    write("enterprises:licence_delete", {"ent_a", "street_a", "dept", "office", "admin"}, hidden=BLIND_TO_A),
    write("enterprises:licence_edit", {"ent_a", "street_a", "dept", "office", "admin"}, hidden=BLIND_TO_A),
    write("enterprises:riskpoint_add", {"ent_a", "street_a", "dept", "office", "admin"}, hidden=BLIND_TO_A),
    write("enterprises:riskpoint_delete", {"ent_a", "street_a", "dept", "office", "admin"}, hidden=BLIND_TO_A),
    write("enterprises:riskpoint_edit", {"ent_a", "street_a", "dept", "office", "admin"}, hidden=BLIND_TO_A),
]
