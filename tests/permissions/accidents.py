"""Accidents and indicators: every route × every role."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile

from . import api, only, page

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_accident(w):
    """An accident of enterprise A (cell A, industry supervised by `dept`), reported by the office."""
    from accidents.choices import AccidentCategory, AccidentType
    from accidents.models import Accident
    from accidents.services import accident_report

    existing = Accident.objects.filter(enterprise=w.ent_a).first()
    if existing:
        return existing
    return accident_report(
        by=w.users["office"], title="甲企业“3·8”机械伤害事故", occurred_at=dt.datetime(2026, 3, 8, 9, 0, tzinfo=dt.UTC),
        reported_at=dt.datetime(2026, 3, 8, 9, 30, tzinfo=dt.UTC), enterprise=w.ent_a,
        category=AccidentCategory.INDUSTRIAL, accident_type=AccidentType.MACHINERY, deaths=1,
    )


def make_attachment(w):
    from accidents.models import AccidentAttachment

    accident = make_accident(w)
    att = AccidentAttachment(accident=accident, kind="report", title="事故快报")
    att.file.save("kuaibao.pdf", ContentFile(PDF), save=True)
    return att


def make_year_data(w):
    from accidents.models import RegionYearData

    row, _ = RegionYearData.objects.get_or_create(region=w.district, year=2025, defaults={"gdp": Decimal("100")})
    return row


def make_plan(w):
    from accidents.models import Plan

    plan, _ = Plan.objects.get_or_create(name="十四五", region=w.district, baseline_year=2020, target_year=2025)
    return plan


def make_target(w):
    from accidents.models import PlanTarget

    target, _ = PlanTarget.objects.get_or_create(plan=make_plan(w), indicator="deaths", kind="relative", value=-10)
    return target


OUT_OF_SCOPE = {"ent_b": 404, "street_b": 404, "dept_other": 404, "expert": 404}
OFFICE_ONLY = {"office": 200, "admin": 200}
READERS_ONLY = {"ent_a": 403, "ent_b": 403, "expert": 403}  # staff roles read indicators; others 403


def accident(w):
    return {"pk": make_accident(w).pk}


ROUTES = {
    "accidents:list": page(),
    "accidents:create": only({"ent_a": 200, "ent_b": 200, **OFFICE_ONLY}, default=403),
    "accidents:detail": page(kwargs=accident, **OUT_OF_SCOPE),
    # POST-only actions: GET is refused (their scope and role rules are tested in tests/accidents)
    "accidents:report_add": page(default=405, kwargs=accident),
    "accidents:irregularity": page(default=405, kwargs=accident),
    "accidents:follow_up": page(default=405, kwargs=accident),
    "accidents:resolve_missing": page(default=405, kwargs=accident),
    "accidents:revise": page(default=405, kwargs=accident),
    "accidents:investigation": page(default=405, kwargs=accident),
    "accidents:close": page(default=405, kwargs=accident),
    "accidents:evaluation": page(default=405, kwargs=accident),
    "accidents:attachment_add": page(default=405, kwargs=accident),
    "accidents:attachment": page(kwargs=lambda w: {"pk": make_attachment(w).pk}, **OUT_OF_SCOPE),
    "accidents:import": only(OFFICE_ONLY, default=403),
    "accidents:import_template": only(OFFICE_ONLY, default=403),
    "accidents:indicators": page(**READERS_ONLY),
    "accidents:statistics": page(**READERS_ONLY),
    "accidents:yeardata_list": page(**READERS_ONLY),
    "accidents:yeardata_create": only(OFFICE_ONLY, default=403),
    "accidents:yeardata_edit": only(OFFICE_ONLY, default=403, kwargs=lambda w: {"pk": make_year_data(w).pk}),
    "accidents:yeardata_import": only(OFFICE_ONLY, default=403),
    "accidents:year_confirm": only({"office": 405, "admin": 405}, default=403),
    "accidents:yeardata_template": only(OFFICE_ONLY, default=403),
    "accidents:plan_list": page(**READERS_ONLY),
    "accidents:plan_detail": page(kwargs=lambda w: {"pk": make_plan(w).pk}, **READERS_ONLY),
    "accidents:plan_create": only(OFFICE_ONLY, default=403),
    "accidents:plan_edit": only(OFFICE_ONLY, default=403, kwargs=lambda w: {"pk": make_plan(w).pk}),
    "accidents:plan_target_set": only({"office": 405, "admin": 405}, default=403,
                                      kwargs=lambda w: {"pk": make_plan(w).pk}),
    "accidents:plan_target_delete": only({"office": 405, "admin": 405}, default=403,
                                         kwargs=lambda w: {"pk": make_plan(w).pk, "target_pk": make_target(w).pk}),
    # API
    "accident-list": api(),
    "accident-detail": api(kwargs=accident, **OUT_OF_SCOPE),
    # POST-only actions (续报, 失踪核实): GET is refused
    "accident-follow-up": api(default=405, kwargs=accident),
    "accident-resolve-missing": api(default=405, kwargs=accident),
    "accident-reference-data-list": api(),
    "accident-reference-data-detail": api(kwargs=lambda w: {"pk": make_year_data(w).pk}, ent_a=404, ent_b=404),
    "accident-indicators": api(**READERS_ONLY),
}


# --- WRITES (issue 16) ---------------------------------------------------------------------------
# Every POST/PUT/PATCH/DELETE route and API write action of this app × every role, recorded from
# main with an empty body (see tests/permissions/__init__.py: ``write``/``api_action``). A row marked
# xfail names an inconsistency that the apps are being fixed for: its sets say the intended answer.

from . import BLIND_TO_A, OFFICE, api_action, write  # noqa: E402

WRITES = [
    api_action("accident-list", {"ent_a", "ent_b", "office", "admin"}),
    write("accidents:attachment_add", {"ent_a", "office", "admin"}, hidden=BLIND_TO_A),
    write("accidents:close", OFFICE, hidden=BLIND_TO_A),
    write("accidents:create", {"ent_a", "ent_b", "office", "admin"}),
    write("accidents:evaluation", OFFICE, hidden=BLIND_TO_A),
    write("accidents:follow_up", {"ent_a", "office", "admin"}, hidden=BLIND_TO_A),
    write("accidents:resolve_missing", OFFICE, hidden=BLIND_TO_A),
    api_action("accident-follow-up", {"ent_a", "office", "admin"}, hidden=BLIND_TO_A),
    api_action("accident-resolve-missing", OFFICE, hidden=BLIND_TO_A),
    write("accidents:import", OFFICE),
    write("accidents:investigation", OFFICE, hidden=BLIND_TO_A),
    write("accidents:irregularity", OFFICE, hidden=BLIND_TO_A),
    write("accidents:plan_create", OFFICE),
    write("accidents:plan_edit", OFFICE),
    write("accidents:plan_target_delete", OFFICE),
    write("accidents:plan_target_set", OFFICE),
    write("accidents:report_add", OFFICE, hidden=BLIND_TO_A),
    write("accidents:revise", OFFICE, hidden=BLIND_TO_A),
    write("accidents:year_confirm", OFFICE),
    write("accidents:yeardata_create", OFFICE),
    write("accidents:yeardata_edit", OFFICE),
    write("accidents:yeardata_import", OFFICE),
]
