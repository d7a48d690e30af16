"""Factories for the hazards app (one per model)."""

import datetime as dt
from io import BytesIO

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from hazards.choices import CheckResult, HazardGrade, HazardSource, PhotoKind
from hazards.models import CheckItem, CheckTemplate, Hazard, HazardPhoto, SelfCheck, SelfCheckAnswer

from ..factories import EnterpriseFactory


def photo(name: str = "photo.jpg", fmt: str = "JPEG") -> SimpleUploadedFile:
    buf = BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buf, fmt)
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")


class CheckTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckTemplate

    name = factory.Sequence(lambda n: f"检查表{n}")


class CheckItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckItem

    template = factory.SubFactory(CheckTemplateFactory)
    order = factory.Sequence(int)
    description = factory.Sequence(lambda n: f"检查内容{n}")
    basis = "《安全生产法》第四十一条"


class HazardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hazard

    enterprise = factory.SubFactory(EnterpriseFactory)
    region = factory.LazyAttribute(lambda o: o.enterprise.region)
    source = HazardSource.GRID
    grade = HazardGrade.GENERAL
    description = factory.Sequence(lambda n: f"隐患描述{n}")
    deadline = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=10))


class HazardPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HazardPhoto

    hazard = factory.SubFactory(HazardFactory)
    kind = PhotoKind.BEFORE
    image = factory.LazyFunction(photo)


class SelfCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfCheck

    enterprise = factory.SubFactory(EnterpriseFactory)
    region = factory.LazyAttribute(lambda o: o.enterprise.region)
    week_start = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday()))
    is_zero = True
    submitted_at = factory.LazyFunction(timezone.now)


class SelfCheckAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfCheckAnswer

    self_check = factory.SubFactory(SelfCheckFactory)
    item = factory.SubFactory(CheckItemFactory)
    result = CheckResult.OK
