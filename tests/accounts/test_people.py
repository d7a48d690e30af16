"""People management: services enforce scope and role, audit, keep the hand-over history."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts import services
from accounts.choices import Role
from accounts.models import AuditLog, CellAssignment, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_office_creates_an_enterprise_user_with_an_initial_password_to_change(world):
    office = world.users["office"]
    user = services.user_create(by=office, username="91150203MA0N0001X1", role=Role.ENTERPRISE,
                                full_name="王安全", enterprise=world.ent_b, phone="13800000021")
    assert user.must_change_password and len(user.initial_password) >= 10
    assert user.check_password(user.initial_password)
    assert AuditLog.objects.filter(action="用户创建", object_id=str(user.pk), actor=office).exists()


def test_street_cannot_create_outside_its_street_nor_give_office_role(world):
    street_a = world.users["street_a"]
    with pytest.raises(ValidationError):
        services.user_create(by=street_a, username="outsider", role=Role.ENTERPRISE, full_name="乙",
                             enterprise=world.ent_b)
    assert not User.objects.filter(username="outsider").exists()
    with pytest.raises(PermissionDenied):
        services.user_create(by=street_a, username="boss", role=Role.OFFICE, full_name="甲")
    ok = services.user_create(by=street_a, username="ent-a-2", role=Role.ENTERPRISE, full_name="甲二",
                              enterprise=world.ent_a)
    assert ok.enterprise == world.ent_a


def test_grid_officer_and_enterprise_users_may_not_manage_people(world):
    for role in ("grid_a", "ent_a", "expert"):
        with pytest.raises(PermissionDenied):
            services.user_reset_password(by=world.users[role], user=world.users["ent_b"])


def test_people_list_is_scoped_and_filters(world):
    street_a = world.client("street_a")
    body = street_a.get(reverse("people")).content.decode()
    assert world.users["ent_a"].username in body and world.users["ent_b"].username not in body
    assert world.users["grid_a"].username in body
    office = world.client("office")
    never = office.get(reverse("people"), {"role": Role.ENTERPRISE, "never_logged_in": "on"}).content.decode()
    assert world.users["ent_b"].username in never and world.users["dept"].username not in never
    assert street_a.get(reverse("person_detail", args=[world.users["ent_b"].pk])).status_code == 404


def test_reset_password_forces_a_change_and_sends_an_sms(world, django_capture_on_commit_callbacks):
    from accounts.models import OutboundMessage

    person = world.users["ent_a"]
    person.phone = "13800000022"
    person.save()
    with django_capture_on_commit_callbacks(execute=True):
        password = services.user_reset_password(by=world.users["office"], user=person)
    person.refresh_from_db()
    assert person.must_change_password and person.check_password(password)
    sms = OutboundMessage.objects.get(address="13800000022")
    assert password in sms.text and sms.status == OutboundMessage.Status.SENT


def test_unlock_lifts_an_axes_lock_out(world):
    from axes.models import AccessAttempt

    person = world.users["ent_a"]
    AccessAttempt.objects.create(username=person.username, ip_address="10.0.0.1", user_agent="x",
                                 failures_since_start=10, get_data="", post_data="", http_accept="", path_info="/")
    assert services.user_is_locked(person)
    services.user_unlock(by=world.users["office"], user=person)
    assert not services.user_is_locked(person)
    assert AuditLog.objects.filter(action="解除锁定", object_id=str(person.pk)).exists()


def test_only_one_user_of_an_enterprise_receives_its_reminders(world):
    first = world.users["ent_a"]
    second = services.user_create(by=world.users["office"], username="ent-a-legal", role=Role.ENTERPRISE,
                                  full_name="法人", post="法定代表人", enterprise=world.ent_a)
    first.receives_reminders = True
    first.save()
    services.user_set_reminder_contact(by=world.users["street_a"], user=second)
    assert list(User.objects.filter(enterprise=world.ent_a, receives_reminders=True)) == [second]


def test_hand_over_moves_cells_and_keeps_history(world):
    old = world.users["grid_a"]
    new = UserFactory(role=Role.GRID, region=world.street_a)  # a new officer of street A, no cell yet
    CellAssignment.objects.create(cell=world.cell_a, officer=old)
    services.grid_hand_over(by=world.users["street_a"], cells=[world.cell_a], to=new, note="调岗")
    assert list(world.cell_a.officers.all()) == [new]
    history = CellAssignment.objects.filter(cell=world.cell_a).order_by("id")
    assert [(a.officer, a.ended_at is not None) for a in history] == [(old, True), (new, False)]
    with pytest.raises(ValidationError):  # street B's cell is not street A's to give
        services.grid_hand_over(by=world.users["street_a"], cells=[world.cell_b], to=new)


def test_a_grid_officer_with_cells_cannot_be_deactivated(world):
    with pytest.raises(ValidationError):
        services.user_set_active(by=world.users["office"], user=world.users["grid_a"], active=False)
    services.user_set_active(by=world.users["office"], user=world.users["ent_b"], active=False)
    world.users["ent_b"].refresh_from_db()
    assert not world.users["ent_b"].is_active


def test_create_page_shows_the_initial_password_once(world):
    client = world.client("office")
    response = client.post(reverse("person_create"), {
        "username": "new-grid", "full_name": "新网格员", "role": Role.GRID, "grid_cells": [world.cell_a.pk],
    }, follow=True)
    assert response.status_code == 200
    user = User.objects.get(username="new-grid")
    assert "初始密码" in response.content.decode() and user.must_change_password
    assert CellAssignment.objects.filter(officer=user, cell=world.cell_a).exists()


def test_street_edits_a_person_in_its_scope_and_the_change_is_audited(world):
    person = world.users["ent_a"]
    response = world.client("street_a").post(reverse("person_edit", args=[person.pk]), {
        "full_name": "甲企业安全员", "role": Role.ENTERPRISE, "phone": "13800000041", "post": "安全负责人",
        "enterprise_uscc": world.ent_a.uscc,
    })
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.full_name == "甲企业安全员" and person.phone == "13800000041"
    audit = AuditLog.objects.get(action="用户修改", object_id=str(person.pk))
    assert audit.changes["phone"][1] == "13800000041"
