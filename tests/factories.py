"""One factory per model (factory_boy). Apps add theirs here or in tests/<app>/factories.py."""

import factory
from django.contrib.auth.hashers import make_password

from accounts.choices import RegionKind, Role
from accounts.models import Department, Industry, Region, User
from enterprises.models import Enterprise
from enterprises.validators import USCC_CHARSET, uscc_check_char

PASSWORD = "pass-1234-test"


def valid_uscc(n: int) -> str:
    digits = ""
    k = n
    for _ in range(9):
        digits = USCC_CHARSET[k % 31] + digits
        k //= 31
    body = "91150203" + digits
    return body + uscc_check_char(body)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    code = factory.Sequence(lambda n: f"R{n:06d}")
    name = factory.Sequence(lambda n: f"区域{n}")
    kind = RegionKind.GRID


class IndustryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Industry
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"X{n}")
    name = factory.Sequence(lambda n: f"行业{n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    code = factory.Sequence(lambda n: f"D{n}")
    name = factory.Sequence(lambda n: f"部门{n}")
    short_name = factory.Sequence(lambda n: f"部{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    role = Role.ENTERPRISE
    password = factory.LazyFunction(lambda: make_password(PASSWORD))

    @factory.post_generation
    def cells(self, create, extracted, **kwargs):
        if create and extracted:
            self.grid_cells.set(extracted)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    uscc = factory.Sequence(valid_uscc)
    address = "测试路1号"
    region = factory.SubFactory(RegionFactory)
    industry = factory.SubFactory(IndustryFactory)
    legal_rep = "张三"
    lng = 109.8
    lat = 40.65

    @factory.post_generation
    def departments(self, create, extracted, **kwargs):
        if create and extracted:
            self.departments.set(extracted)
