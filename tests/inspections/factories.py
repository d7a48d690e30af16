"""Factories and helpers for the inspections app."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from accounts.choices import Role
from inspections.choices import InspectionStatus, PatrolStatus
from inspections.models import Conflict, Inspection, Patrol

from ..factories import EnterpriseFactory, UserFactory


class PatrolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patrol

    enterprise = factory.SubFactory(EnterpriseFactory)
    region = factory.LazyAttribute(lambda o: o.enterprise.region)
    officer = factory.SubFactory(UserFactory, role=Role.GRID)
    status = PatrolStatus.DRAFT


class FinishedPatrolFactory(PatrolFactory):
    status = PatrolStatus.FINISHED
    visit_date = factory.LazyFunction(timezone.localdate)
    finished_at = factory.LazyFunction(timezone.now)
    sign_off = "signed"
    signer_name = "张三"


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection
        skip_postgeneration_save = True

    enterprise = factory.SubFactory(EnterpriseFactory)
    region = factory.LazyAttribute(lambda o: o.enterprise.region)
    department = factory.LazyAttribute(lambda o: o.enterprise.departments.first())
    inspected_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=1))
    status = InspectionStatus.DRAFT

    @factory.post_generation
    def inspectors(self, create, extracted, **kwargs):
        if create and extracted:
            self.inspectors.set(extracted)


class ConflictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conflict

    inspector = factory.SubFactory(UserFactory, role=Role.DEPARTMENT)
    enterprise = factory.SubFactory(EnterpriseFactory)
    reason = "亲属在该企业任职"


def officer(world, name="执法员", cert="YJ-X", dept=None):
    return UserFactory(role=Role.DEPARTMENT, department=dept or world.dept, enforcement_cert_no=cert, full_name=name)
