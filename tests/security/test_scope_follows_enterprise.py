"""Scope follows the enterprise (issue 15 §3): when a department moves an enterprise to another
street, every row that copied its region moves with it in the same transaction — the old street
gets 404 on the hazards, self-checks and patrols it saw, the new street sees the whole history,
the cockpit counts follow, and the move is in the audit trail."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.cache import cache
from django.urls import reverse

from accounts.models import AuditLog
from enterprises.services import region_following_models
from tests.hazards.factories import HazardFactory, SelfCheckFactory
from tests.permissions import inspections as inspection_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def live_cockpit(settings):
    settings.COCKPIT_CACHE_SECONDS = 0
    cache.clear()


def open_hazards_on_cockpit(client) -> int:
    response = client.get("/cockpit/")
    return next(c for c in response.context["cards"] if c.title.startswith("未销号隐患")).main.value


def test_moving_an_enterprise_moves_its_history_to_the_new_street(world):
    hazard = HazardFactory(enterprise=world.ent_a)
    selfcheck = SelfCheckFactory(enterprise=world.ent_a)
    patrol = inspection_rows.make_patrol(world)
    street_a, street_b = world.client("street_a"), world.client("street_b")
    pages = [reverse("hazards:detail", args=[hazard.pk]), reverse("hazards:selfcheck_detail", args=[selfcheck.pk]),
             reverse("inspections:patrol_detail", args=[patrol.pk]), f"/api/v1/hazards/{hazard.pk}/",
             f"/api/v1/self-checks/{selfcheck.pk}/"]
    assert [street_a.get(u).status_code for u in pages] == [200] * len(pages)
    assert [street_b.get(u).status_code for u in pages] == [404] * len(pages)
    assert open_hazards_on_cockpit(street_a) == 1 and open_hazards_on_cockpit(street_b) == 0

    response = world.client("dept").patch(f"/api/v1/enterprises/{world.ent_a.pk}/", {"region": world.cell_b.pk},
                                          content_type="application/json")
    assert response.status_code == 200, response.content

    assert [street_a.get(u).status_code for u in pages] == [404] * len(pages)
    assert [street_b.get(u).status_code for u in pages] == [200] * len(pages)
    assert open_hazards_on_cockpit(street_a) == 0 and open_hazards_on_cockpit(street_b) == 1
    ledger_b = street_b.get("/hazards/?export=xlsx")
    assert ledger_b.status_code == 200
    # the old street cannot close what it no longer sees
    verify = street_a.post(f"/api/v1/hazards/{hazard.pk}/verify/", {"passed": True}, content_type="application/json")
    assert verify.status_code == 404
    entry = AuditLog.objects.filter(action="属地变更：关联记录随企业迁移", object_id=str(world.ent_a.pk)).get()
    assert entry.changes["隐患"] == [1, "随企业迁移"] and entry.actor == world.users["dept"]


def test_every_model_that_copies_the_enterprise_region_declares_it():
    """A new model with ``enterprise`` + ``region`` scoped by region must follow the enterprise, or be
    listed here with the reason it does not."""
    not_following = {
        "accidents.Accident": "事发地: where the accident happened, counted there whatever the enterprise does later",
        "assessment.AssessedUnit": "region is the street being assessed (a unit of its own), enterprise a key unit",
    }
    following = {m._meta.label for m in region_following_models()}
    for model in apps.get_models():
        names = {f.name for f in model._meta.fields}
        if {"enterprise", "region"} <= names and getattr(model.objects, "_queryset_class", None) is not None:
            qs_class = model.objects._queryset_class
            if "owner_kind" in names:
                continue  # emergency's owned rows: region is a government owner, enterprise rows scope via the enterprise
            if getattr(qs_class, "scope_region", None) == "region" and model._meta.label not in not_following:
                if model._meta.get_field("enterprise").related_model._meta.label == "enterprises.Enterprise":
                    assert model._meta.label in following, f"{model._meta.label} copies the region but does not follow"
    assert {"hazards.Hazard", "hazards.SelfCheck", "inspections.Patrol"} <= following
