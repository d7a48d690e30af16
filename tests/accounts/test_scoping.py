from accounts.choices import RegionKind, Role
from enterprises.models import Enterprise
from tests.factories import DepartmentFactory, EnterpriseFactory, RegionFactory, UserFactory


def names(qs):
    return sorted(qs.values_list("name", flat=True))


def test_each_role_sees_exactly_its_scope(world):
    u = world.users
    assert names(Enterprise.objects.for_user(u["ent_a"])) == ["甲企业有限公司"]
    assert names(Enterprise.objects.for_user(u["grid_a"])) == ["甲企业有限公司"]
    assert names(Enterprise.objects.for_user(u["street_a"])) == ["甲企业有限公司"]
    assert names(Enterprise.objects.for_user(u["street_b"])) == ["乙企业有限公司"]
    assert names(Enterprise.objects.for_user(u["dept"])) == ["甲企业有限公司"]
    assert names(Enterprise.objects.for_user(u["dept_other"])) == ["乙企业有限公司"]
    assert Enterprise.objects.for_user(u["office"]).count() == 2
    assert Enterprise.objects.for_user(u["admin"]).count() == 2
    assert Enterprise.objects.for_user(u["expert"]).count() == 0


def test_street_scope_covers_a_deeper_tree_without_code_changes(world):
    # 三级十五层: depth is data — add two more levels under the street and the street still sees them.
    block = RegionFactory(kind=RegionKind.GRID, name="甲网格下的楼栋", parent=world.cell_a)
    floor = RegionFactory(kind=RegionKind.GRID, name="楼层", parent=block)
    EnterpriseFactory(name="深层企业", region=floor, industry=world.industry)
    assert "深层企业" in names(Enterprise.objects.for_user(world.users["street_a"]))
    assert "深层企业" in names(Enterprise.objects.for_user(world.users["grid_a"]))
    assert "深层企业" not in names(Enterprise.objects.for_user(world.users["street_b"]))


def test_grid_officer_with_several_cells_sees_all_of_them(world):
    officer = UserFactory(role=Role.GRID, cells=[world.cell_a, world.cell_b])
    assert Enterprise.objects.for_user(officer).count() == 2


def test_department_scope_does_not_duplicate_rows_when_an_enterprise_has_many_departments(world):
    second = DepartmentFactory()
    world.ent_a.departments.add(second)
    officer = UserFactory(role=Role.DEPARTMENT, department=world.dept)
    assert Enterprise.objects.for_user(officer).count() == 1


def test_inactive_or_unassigned_users_see_nothing(world):
    lonely = UserFactory(role=Role.STREET, region=None)
    assert Enterprise.objects.for_user(lonely).count() == 0
    inactive = world.users["office"]
    inactive.is_active = False
    assert Enterprise.objects.for_user(inactive).count() == 0


def test_moving_a_region_moves_its_subtree_paths(world):
    world.cell_a.refresh_from_db()
    community = world.cell_a.parent
    community.parent = world.street_b
    community.save()
    world.cell_a.refresh_from_db()
    assert world.cell_a.path.startswith(world.street_b.path)
    assert names(Enterprise.objects.for_user(world.users["street_b"])) == ["乙企业有限公司", "甲企业有限公司"]
