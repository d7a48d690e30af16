"""Shared fixtures: a small world with two streets, two enterprises and one user per role.

``world`` gives the three named users STYLE.md asks for — the enterprise user of A (ent_a),
of B (ent_b), and the grid officer of A's cell (grid_a) — plus the other roles.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest
from django.test import Client

from accounts.choices import RegionKind, Role

from .factories import DepartmentFactory, EnterpriseFactory, IndustryFactory, RegionFactory, UserFactory

IN_CI = os.environ.get("CI_REQUIRE_SERVICES") == "1"


@dataclass
class World:
    district: object
    street_a: object
    street_b: object
    cell_a: object
    cell_b: object
    industry: object
    dept: object
    dept_other: object
    ent_a: object
    ent_b: object
    users: dict

    def client(self, role: str) -> Client:
        c = Client()
        if role != "anon":
            c.force_login(self.users[role])
        return c


@pytest.fixture
def world(db) -> World:
    district = RegionFactory(kind=RegionKind.DISTRICT, name="测试区")
    street_a = RegionFactory(kind=RegionKind.STREET, name="甲街道", parent=district)
    street_b = RegionFactory(kind=RegionKind.STREET, name="乙街道", parent=district)
    comm_a = RegionFactory(kind=RegionKind.COMMUNITY, name="甲社区", parent=street_a)
    comm_b = RegionFactory(kind=RegionKind.COMMUNITY, name="乙社区", parent=street_b)
    cell_a = RegionFactory(kind=RegionKind.GRID, name="甲网格", parent=comm_a)
    cell_b = RegionFactory(kind=RegionKind.GRID, name="乙网格", parent=comm_b)
    industry = IndustryFactory(code="C33", name="金属制品业")
    other_industry = IndustryFactory(code="H", name="住宿和餐饮业")
    dept = DepartmentFactory(name="应急管理局", short_name="应急")
    dept.industries.set([industry])
    dept_other = DepartmentFactory(name="消防救援大队", short_name="消")
    dept_other.industries.set([other_industry])
    ent_a = EnterpriseFactory(name="甲企业有限公司", region=cell_a, industry=industry, departments=[dept])
    ent_b = EnterpriseFactory(name="乙企业有限公司", region=cell_b, industry=other_industry, departments=[dept_other])
    users = {
        "ent_a": UserFactory(role=Role.ENTERPRISE, enterprise=ent_a),
        "ent_b": UserFactory(role=Role.ENTERPRISE, enterprise=ent_b),
        "grid_a": UserFactory(role=Role.GRID, cells=[cell_a]),
        "street_a": UserFactory(role=Role.STREET, region=street_a),
        "street_b": UserFactory(role=Role.STREET, region=street_b),
        "dept": UserFactory(role=Role.DEPARTMENT, department=dept, enforcement_cert_no="YJ-001"),
        "dept_other": UserFactory(role=Role.DEPARTMENT, department=dept_other, enforcement_cert_no="XF-001"),
        "office": UserFactory(role=Role.OFFICE),
        "expert": UserFactory(role=Role.EXPERT),
        "admin": UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True),
    }
    return World(district, street_a, street_b, cell_a, cell_b, industry, dept, dept_other, ent_a, ent_b, users)


def require_service(available: bool, what: str) -> None:
    """Skip locally when a real service is absent; fail in CI (where .ci/run sets CI_REQUIRE_SERVICES=1)."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI but not reachable")
    pytest.skip(f"{what} not reachable")


@pytest.fixture(autouse=True)
def _fast_test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _celery_eager():
    """Unit tests run tasks in-process; the broker test below switches this off explicitly."""
    from safety_platform.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous
    # A test that stopped a broker may leave the connection pool closed or a backend cached.
    app._pool = None
    app.amqp._producer_pool = None
    if hasattr(app._local, "backend"):
        del app._local.backend


@pytest.fixture(scope="session", autouse=True)
def _close_cockpit_threads(django_db_setup):
    """The cockpit's pooled threads keep PostgreSQL connections open; close them before pytest-django
    drops the test database (this fixture is set up after, so torn down before, django_db_setup)."""
    yield
    from cockpit.selectors import shutdown_section_pool

    shutdown_section_pool()
