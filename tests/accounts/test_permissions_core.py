"""The authorization layer itself: named permissions, reasons, lifecycle tables."""

from __future__ import annotations

import pytest
import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.template import Context, Template
from django.test import RequestFactory

from accounts import permissions as perms
from accounts.lifecycle import Lifecycle, Transition

pytestmark = pytest.mark.django_db


@rules.predicate
def owns(user, obj) -> bool:
    return obj is not None and obj.get("owner") == user.pk


perms.define("tests.edit_thing", perms.is_office | (perms.is_enterprise & owns), denied="只有本单位或安委办可以修改")
THING = Lifecycle("thing", status_field="status", labels={"draft": "草稿", "done": "已完成"}, transitions=[
    Transition("finish", source=("draft",), target="done", permission="tests.edit_thing", label="完成"),
])


class Thing(dict):
    @property
    def status(self):
        return self["status"]


def test_roles_and_objects_decide_and_the_reason_is_kept(world):
    mine, theirs = Thing(owner=world.users["ent_a"].pk, status="draft"), Thing(owner=-1, status="draft")
    assert perms.can(world.users["ent_a"], "tests.edit_thing", mine)
    assert not perms.can(world.users["ent_a"], "tests.edit_thing", theirs)
    assert perms.can(world.users["office"], "tests.edit_thing", theirs)
    assert not perms.can(world.users["grid_a"], "tests.edit_thing", mine)
    with pytest.raises(PermissionDenied, match="只有本单位或安委办可以修改"):
        perms.require(world.users["grid_a"], "tests.edit_thing", mine)


def test_an_inactive_or_anonymous_user_may_do_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    office = world.users["office"]
    office.is_active = False
    assert not perms.can(office, "tests.edit_thing", Thing(owner=-1, status="draft"))
    assert not perms.can(AnonymousUser(), "tests.edit_thing", Thing(owner=-1, status="draft"))


def test_an_undefined_permission_is_an_error_not_a_no(world):
    with pytest.raises(KeyError):
        perms.can(world.users["office"], "tests.no_such_thing")
    with pytest.raises(ValueError):
        perms.define("tests.edit_thing", perms.is_office, denied="x")


def test_lifecycle_checks_who_then_status_and_lists_the_allowed_actions(world):
    draft, done = Thing(owner=world.users["ent_a"].pk, status="draft"), Thing(owner=world.users["ent_a"].pk, status="done")
    assert THING.require(world.users["ent_a"], "finish", draft).target == "done"
    with pytest.raises(ValidationError, match="当前状态为“已完成”，不能完成"):
        THING.require(world.users["ent_a"], "finish", done)
    with pytest.raises(PermissionDenied):
        THING.require(world.users["grid_a"], "finish", draft)
    # A forbidden user gets 403 whatever the status (it used to get 400 in a status the action
    # does not start from: the same forbidden action answered differently by status).
    with pytest.raises(PermissionDenied, match="只有本单位或安委办可以修改"):
        THING.require(world.users["grid_a"], "finish", done)
    assert THING.allowed_actions(world.users["ent_a"], draft) == {"finish"}
    assert THING.allowed_actions(world.users["ent_a"], done) == set()
    assert THING.allowed_actions(world.users["grid_a"], draft) == set()


def test_templates_read_the_same_permissions(world):
    request = RequestFactory().get("/")
    tpl = Template('{% load permissions %}{% can "tests.edit_thing" thing as ok %}{% actions lc thing as acts %}'
                   '{{ ok }}|{% if "finish" in acts %}button{% endif %}')
    thing = Thing(owner=world.users["ent_a"].pk, status="draft")
    for role, expected in (("ent_a", "True|button"), ("grid_a", "False|")):
        request.user = world.users[role]
        assert tpl.render(Context({"request": request, "thing": thing, "lc": THING})) == expected
