"""One rule for the 监管部门 choices of every filter (enterprises.filters.visible_departments).

Fixed inconsistency: the hazard ledger offered every department to every user without a
department of its own, while the enterprise ledger offered only the departments supervising
something the user can see. Both now use the enterprise rule."""

from types import SimpleNamespace

import pytest

from enterprises.filters import EnterpriseFilter, visible_departments
from hazards.filters import HazardFilter


def _choices(filterset_class, user):
    request = SimpleNamespace(user=user, GET={})
    return set(filterset_class(data={}, request=request).form.fields["department"].queryset)


@pytest.mark.parametrize("filterset_class", [EnterpriseFilter, HazardFilter])
def test_street_sees_the_departments_supervising_its_enterprises_only(world, filterset_class):
    assert _choices(filterset_class, world.users["street_a"]) == {world.dept}
    assert _choices(filterset_class, world.users["ent_b"]) == {world.dept_other}


@pytest.mark.parametrize("filterset_class", [EnterpriseFilter, HazardFilter])
def test_department_sees_itself_and_the_office_sees_all(world, filterset_class):
    assert _choices(filterset_class, world.users["dept"]) == {world.dept}
    assert _choices(filterset_class, world.users["office"]) == {world.dept, world.dept_other}


def test_hazards_uses_the_enterprise_rule_itself():
    import hazards.filters

    assert hazards.filters.visible_departments is visible_departments
