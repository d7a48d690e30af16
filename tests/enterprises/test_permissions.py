"""The enterprise registry's services enforce the same named permissions as its pages (403 with the
reason): before issue 16 the pages refused these roles while the services wrote for anyone."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from enterprises import services
from enterprises.responsibility import services as responsibility


@pytest.mark.parametrize("role", ["grid_a", "expert", "ent_a"])
def test_only_street_department_and_office_create_a_file(world, role):
    with pytest.raises(PermissionDenied, match="您的角色无权新建企业档案"):
        services.enterprise_create(by=world.users[role], name="新企业", uscc="91530100MA6N000001",
                                   region=world.cell_a, industry=world.industry)


@pytest.mark.parametrize("role", ["grid_a", "expert"])
def test_grid_and_expert_cannot_write_records_of_a_file(world, role):
    with pytest.raises(PermissionDenied, match="您的角色无权修改企业档案"):
        services.licence_save(enterprise=world.ent_a, by=world.users[role], kind="x", number="1")
    with pytest.raises(PermissionDenied, match="您的角色无权修改企业档案"):
        services.enterprise_update(enterprise=world.ent_a, by=world.users[role], address="新地址")


def test_enterprise_updates_its_basic_information_and_nothing_else(world):
    saved = services.enterprise_update(enterprise=world.ent_a, by=world.users["ent_a"], address="新地址")
    assert saved.address == "新地址"


@pytest.mark.parametrize("role", ["office", "street_a", "dept"])
def test_supervisors_only_read_the_responsibility_file(world, role):
    with pytest.raises(PermissionDenied, match="安全生产责任制由企业自行填报"):
        responsibility.safety_staff_save(enterprise=world.ent_a, by=world.users[role], name="张三",
                                         certificate_expiry=dt.date(2030, 1, 1))
