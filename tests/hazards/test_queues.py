"""Issue 18 item 7: 待验收 and 待抽查 inboxes per role, counted on the home page, and a notification
when something arrives — nobody has to filter the ledger to find their work."""

import itertools

import pytest
from django.urls import reverse

from accounts.models import Notification
from accounts.permissions import can
from hazards import selectors, services
from hazards.choices import HazardGrade, HazardSource, HazardStatus, SupervisionStatus
from hazards.models import Hazard, Supervision

from .factories import HazardFactory, photo

pytestmark = pytest.mark.django_db


def test_the_verify_inbox_holds_exactly_what_the_user_may_verify(world, settings):
    """The queryset rule (permissions.verify_queue_q) and the per-hazard rule (is_verifier) agree."""
    settings.HAZARD_SELF_CLOSE_GENERAL = True
    for source, grade, dept, listed in itertools.product(
        HazardSource.values, HazardGrade.values, (None, world.dept, world.dept_other), (False, True)
    ):
        if listed and grade == HazardGrade.GENERAL:
            continue
        h = HazardFactory(enterprise=world.ent_a, source=source, grade=grade, department=dept,
                          status=HazardStatus.SUBMITTED)
        if listed:
            Supervision.objects.create(hazard=h, listed_by=world.users["office"], deadline=h.deadline,
                                       status=SupervisionStatus.LISTED)
    HazardFactory(enterprise=world.ent_a, status=HazardStatus.RECTIFYING)  # not submitted: no inbox
    for role, user in world.users.items():
        expected = {h.pk for h in Hazard.objects.for_user(user).filter(status=HazardStatus.SUBMITTED)
                    if can(user, "hazards.verify", h)}
        assert set(selectors.verify_queue(user).values_list("pk", flat=True)) == expected, role
    assert selectors.verify_queue(world.users["grid_a"]).exists()
    assert not selectors.verify_queue(world.users["grid_a"]).filter(grade=HazardGrade.MAJOR).exists()
    assert selectors.verify_queue(world.users["dept"]).filter(grade=HazardGrade.MAJOR).exists()


def test_submitting_tells_the_verifier_and_fills_the_home_count(world):
    ent, grid = world.users["ent_a"], world.users["grid_a"]
    h = HazardFactory(enterprise=world.ent_a, source=HazardSource.GRID, status=HazardStatus.RECTIFYING)
    services.hazard_submit(hazard=h, by=ent, note="已整改", photos=[photo()])
    assert Notification.objects.filter(recipient=grid, title__contains="待验收", url__contains=str(h.pk)).exists()
    home = world.client("grid_a").get(reverse("home"))
    card = next(c for c in home.context["cards"] if c["title"] == "待我验收")
    assert card["value"] == 1 and card["url"].endswith("?queue=verify")
    ledger = world.client("grid_a").get(card["url"])
    assert [x.pk for x in ledger.context["object_list"]] == [h.pk]
    # the enterprise of B sees no such work
    assert selectors.verify_queue(world.users["ent_b"]).count() == 0


def test_a_self_closure_lands_in_the_grid_officers_spot_check_inbox(world, settings):
    settings.HAZARD_SELF_CLOSE_GENERAL = True
    ent, grid = world.users["ent_a"], world.users["grid_a"]
    h = HazardFactory(enterprise=world.ent_a, source=HazardSource.SELF_CHECK, status=HazardStatus.RECTIFYING)
    services.hazard_submit(hazard=h, by=ent, note="已整改", photos=[photo()])
    services.hazard_verify(hazard=h, by=ent, passed=True)
    assert Notification.objects.filter(recipient=grid, title__contains="待抽查").exists()
    assert list(selectors.spot_check_queue(grid)) == [h]
    assert not selectors.spot_check_queue(ent).exists() and not selectors.spot_check_queue(world.users["street_b"]).exists()
    card = next(c for c in world.client("grid_a").get(reverse("home")).context["cards"] if c["title"] == "待我抽查")
    assert card["value"] == 1
    services.hazard_spot_check(hazard=h, by=grid, passed=True)
    assert not selectors.spot_check_queue(grid).exists()
