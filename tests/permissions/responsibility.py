"""Permission-matrix rows of the 安全生产责任制 file. Every route points at ent_a's file: out of A's
scope is 404; only the enterprise user writes (the supervisors who may see the file get 403); the
Excel export of the 安全投入台账 answers everyone who may see the file."""

from __future__ import annotations

from . import only, page

OUT_OF_A = {"ent_b": 404, "street_b": 404, "dept_other": 404, "expert": 404}
READERS_OF_A = {"ent_a": 200, "grid_a": 200, "street_a": 200, "dept": 200, "office": 200, "admin": 200}
WRITE = dict(default=403, ent_a=200, **OUT_OF_A)
POST_ONLY = dict(default=403, ent_a=405, **OUT_OF_A)


def _a(w) -> dict:
    return {"pk": w.ent_a.pk}


def _item(make):
    return lambda w: {"pk": w.ent_a.pk, "item_pk": make(w).pk}


def item(w):
    from tests.responsibility.factories import ResponsibilityItemFactory

    return w.ent_a.responsibility_items.first() or ResponsibilityItemFactory(enterprise=w.ent_a)


def staff(w):
    from tests.responsibility.factories import SafetyStaffFactory

    return w.ent_a.safety_staff.first() or SafetyStaffFactory(enterprise=w.ent_a)


def investment(w):
    from tests.responsibility.factories import SafetyInvestmentFactory

    return w.ent_a.safety_investments.first() or SafetyInvestmentFactory(enterprise=w.ent_a)


ITEM, STAFF, INVESTMENT = _item(item), _item(staff), _item(investment)

ROUTES = {
    "responsibility:item_add": page(kwargs=_a, **WRITE),
    "responsibility:item_edit": page(kwargs=ITEM, **WRITE),
    "responsibility:item_delete": page(kwargs=ITEM, **POST_ONLY),
    "responsibility:staff_add": page(kwargs=_a, **WRITE),
    "responsibility:staff_edit": page(kwargs=STAFF, **WRITE),
    "responsibility:staff_delete": page(kwargs=STAFF, **POST_ONLY),
    "responsibility:investment_add": page(kwargs=_a, **WRITE),
    "responsibility:investment_edit": page(kwargs=INVESTMENT, **WRITE),
    "responsibility:investment_delete": page(kwargs=INVESTMENT, **POST_ONLY),
    "responsibility:investment_export": only(READERS_OF_A, kwargs=_a),
}


# --- WRITES (issue 16) ---------------------------------------------------------------------------
# Every POST/PUT/PATCH/DELETE route and API write action of this app × every role, recorded from
# main with an empty body (see tests/permissions/__init__.py: ``write``/``api_action``). A row marked
# xfail names an inconsistency that the apps are being fixed for: its sets say the intended answer.

from . import BLIND_TO_A, write  # noqa: E402

WRITES = [
    write("responsibility:investment_add", {"ent_a"}, hidden=BLIND_TO_A),
    write("responsibility:investment_delete", {"ent_a"}, hidden=BLIND_TO_A),
    write("responsibility:investment_edit", {"ent_a"}, hidden=BLIND_TO_A),
    write("responsibility:item_add", {"ent_a"}, hidden=BLIND_TO_A),
    write("responsibility:item_delete", {"ent_a"}, hidden=BLIND_TO_A),
    write("responsibility:item_edit", {"ent_a"}, hidden=BLIND_TO_A),
    write("responsibility:staff_add", {"ent_a"}, hidden=BLIND_TO_A),
    write("responsibility:staff_delete", {"ent_a"}, hidden=BLIND_TO_A),
    write("responsibility:staff_edit", {"ent_a"}, hidden=BLIND_TO_A),
]
