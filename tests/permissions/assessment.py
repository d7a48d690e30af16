"""Permission-matrix rows of the yearly assessment (pages and API).

The objects: a 2025 scheme in its self-assessment stage assessing street_a (reviewed by the
expert) and dept. Who sees street_a's unit: street_a itself, the assigned expert, office/admin;
dept sees the scheme (through its own unit) but not street_a's unit; everyone else gets 404.
Office-only pages answer 403 to every other role.
"""

from __future__ import annotations

from decimal import Decimal

from . import Route, api, only, page

OFFICE_ONLY_PAGE = {"office": 200, "admin": 200}
OFFICE_ONLY_POST = {"office": 302, "admin": 302}
SCHEME_SEERS = {"street_a": 200, "dept": 200, "expert": 200, "office": 200, "admin": 200}
UNIT_SEERS = {"street_a": 200, "expert": 200, "office": 200, "admin": 200}


def objects(w):
    """Build once per world: scheme (自评中), units street_a + dept, a manual and a computed score, evidence, objection."""
    cached = getattr(w, "_assessment", None)
    if cached:
        return cached
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assessment import services
    from assessment.choices import ItemKind, Rule, Source, UnitKind
    from assessment.models import Evidence, Objection, Score

    office = w.users["office"]
    scheme = services.scheme_create(by=office, year=2025, name="权限矩阵方案")
    cat = services.category_create(scheme=scheme, by=office, name="基础工作")
    manual = services.indicator_create(scheme=scheme, by=office, category=cat, name="责任制落实",
                                       kind=ItemKind.SCORE, source=Source.MANUAL, max_score=Decimal(30))
    computed = services.indicator_create(
        scheme=scheme, by=office, category=cat, name="安责险投保", kind=ItemKind.SCORE, source=Source.COMPUTED,
        max_score=Decimal(20), computer="insurance_coverage_rate", rule=Rule.LINEAR,
        params={"zero_at": "50", "full_at": "100"})
    services.units_add(scheme=scheme, by=office, kind=UnitKind.STREET, regions=[w.street_a])
    services.units_add(scheme=scheme, by=office, kind=UnitKind.DEPARTMENT, departments=[w.dept])
    unit = scheme.units.get(region=w.street_a)
    services.unit_set_reviewers(unit=unit, by=office, reviewers=[w.users["expert"]])
    services.scheme_publish(scheme=scheme, by=office)
    manual_score = Score.objects.get(unit=unit, indicator=manual)
    evidence = Evidence.objects.create(
        unit=unit, title="责任清单", uploaded_by=w.users["street_a"],
        file=SimpleUploadedFile("list.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
    )
    objection = Objection.objects.create(score=manual_score, reason="测试异议", raised_by=w.users["street_a"])
    w._assessment = {
        "scheme": scheme, "category": cat, "manual": manual, "unit": unit, "manual_score": manual_score,
        "computed_score": Score.objects.get(unit=unit, indicator=computed), "evidence": evidence,
        "objection": objection,
    }
    return w._assessment


def _pk(key):
    return lambda w: {"pk": objects(w)[key].pk}


def post(expect: dict[str, int], *, default: int, key: str, data=None, anon: int = 302) -> Route:
    return Route(expect={"anon": anon, **expect}, default=default, kwargs=_pk(key), method="post", data=data)


def office_post(key: str) -> Route:
    return post(OFFICE_ONLY_POST, default=403, key=key)


ROUTES = {
    # pages
    "assessment:unit_list": page(),
    "assessment:scheme_list": page(),
    "assessment:objection_list": page(),
    "assessment:scheme_create": only(OFFICE_ONLY_PAGE, default=403),
    "assessment:scheme_detail": only(SCHEME_SEERS, kwargs=_pk("scheme")),
    "assessment:results": only(SCHEME_SEERS, kwargs=_pk("scheme")),
    "assessment:scheme_edit": only(OFFICE_ONLY_PAGE, default=403, kwargs=_pk("scheme")),
    "assessment:indicator_create": only(OFFICE_ONLY_PAGE, default=403, kwargs=_pk("scheme")),
    "assessment:unit_add": only(OFFICE_ONLY_PAGE, default=403, kwargs=_pk("scheme")),
    "assessment:indicator_edit": only(OFFICE_ONLY_PAGE, default=403, kwargs=_pk("manual")),
    "assessment:unit_reviewers": only(OFFICE_ONLY_PAGE, default=403, kwargs=_pk("unit")),
    "assessment:unit_detail": only(UNIT_SEERS, kwargs=_pk("unit")),
    "assessment:drilldown": only(UNIT_SEERS, kwargs=_pk("computed_score")),
    "assessment:evidence_download": only(UNIT_SEERS, kwargs=_pk("evidence")),
    # office-only writes (POST); the scheme is past its draft, so the office gets a message and a redirect
    "assessment:scheme_copy": office_post("scheme"),
    "assessment:scheme_action": office_post("scheme"),
    "assessment:category_create": office_post("scheme"),
    "assessment:category_delete": office_post("category"),
    "assessment:indicator_delete": office_post("manual"),
    "assessment:unit_remove": office_post("unit"),
    "assessment:objection_answer": office_post("objection"),
    # the unit's own writes: the member is redirected back, others who see the unit are refused (403)
    "assessment:self_assess": post({"street_a": 302, "expert": 403, "office": 403, "admin": 403}, default=404,
                                   key="manual_score", data=lambda w: {"self_points": "20", "self_comment": "已落实"}),
    "assessment:self_submit": post({"street_a": 302, "expert": 403, "office": 403, "admin": 403}, default=404,
                                   key="unit"),
    "assessment:evidence_upload": post({"street_a": 302, "expert": 403, "office": 403, "admin": 403}, default=404,
                                       key="unit"),
    "assessment:objection_create": post({"street_a": 302, "expert": 403, "office": 403, "admin": 403}, default=404,
                                        key="manual_score", data=lambda w: {"reason": "理由"}),
    # reviewers: the assigned expert and the office (stage is 自评, so they get a message); the unit itself 403
    "assessment:review": post({"expert": 302, "office": 302, "admin": 302, "street_a": 403}, default=404,
                              key="manual_score", data=lambda w: {"points": "10"}),
    # API
    "assessment-scheme-list": api(),
    "assessment-scheme-detail": api(kwargs=_pk("scheme"), ent_a=404, ent_b=404, grid_a=404, street_b=404,
                                    dept_other=404),
    "assessment-unit-list": api(),
    "assessment-unit-detail": api(kwargs=_pk("unit"), ent_a=404, ent_b=404, grid_a=404, street_b=404, dept=404,
                                  dept_other=404),
    "assessment-score-list": api(),
    "assessment-score-detail": api(kwargs=_pk("manual_score"), ent_a=404, ent_b=404, grid_a=404, street_b=404,
                                   dept=404, dept_other=404),
    "assessment-evidence-list": api(),
    "assessment-evidence-detail": api(kwargs=_pk("evidence"), ent_a=404, ent_b=404, grid_a=404, street_b=404,
                                      dept=404, dept_other=404),
    "assessment-score-self-assess": post({"street_a": 200, "expert": 403, "office": 403, "admin": 403}, default=404,
                                         key="manual_score", anon=403,
                                         data=lambda w: {"self_points": "20", "self_comment": "已落实"}),
    "assessment-score-review": post({"expert": 400, "office": 400, "admin": 400, "street_a": 403}, default=404,
                                    key="manual_score", anon=403, data=lambda w: {"points": "10"}),
}


# --- WRITES (issue 16) ---------------------------------------------------------------------------
# Every POST/PUT/PATCH/DELETE route and API write action of this app × every role, recorded from
# main with an empty body (see tests/permissions/__init__.py: ``write``/``api_action``). A row marked
# xfail names an inconsistency that the apps are being fixed for: its sets say the intended answer.

from . import OFFICE, SIGNED_IN, api_action, form_first, write  # noqa: E402

WRITES = [
    api_action("assessment-evidence-list", SIGNED_IN),
    api_action("assessment-score-review", {"office", "expert", "admin"}, hidden={"ent_a", "ent_b", "grid_a", "street_b", "dept", "dept_other"}),
    api_action("assessment-score-self-assess", {"street_a"}, hidden={"ent_a", "ent_b", "grid_a", "street_b", "dept", "dept_other"}),
    write("assessment:category_create", OFFICE),
    write("assessment:category_delete", OFFICE),
    write("assessment:evidence_upload", {"street_a"}, hidden={"ent_a", "ent_b", "grid_a", "street_b", "dept", "dept_other"}),
    write("assessment:indicator_create", OFFICE),
    write("assessment:indicator_delete", OFFICE),
    write("assessment:indicator_edit", OFFICE),
    write("assessment:objection_answer", OFFICE),
    write("assessment:objection_create", {"street_a"}, hidden={"ent_a", "ent_b", "grid_a", "street_b", "dept", "dept_other"},
          marks=[form_first("office, expert, admin", "only members of the assessed unit raise an objection (_require_member)")]),
    write("assessment:review", {"office", "expert", "admin"}, hidden={"ent_a", "ent_b", "grid_a", "street_b", "dept", "dept_other"}),
    write("assessment:scheme_action", OFFICE),
    write("assessment:scheme_copy", OFFICE),
    write("assessment:scheme_create", OFFICE),
    write("assessment:scheme_edit", OFFICE),
    write("assessment:self_assess", {"street_a"}, hidden={"ent_a", "ent_b", "grid_a", "street_b", "dept", "dept_other"}),
    write("assessment:self_submit", {"street_a"}, hidden={"ent_a", "ent_b", "grid_a", "street_b", "dept", "dept_other"}),
    write("assessment:unit_add", OFFICE),
    write("assessment:unit_remove", OFFICE),
    write("assessment:unit_reviewers", OFFICE),
]
