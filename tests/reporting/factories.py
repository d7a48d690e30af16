"""Factories of 群众举报 (one per model) and image helpers for upload tests."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from hazards.reporting.choices import ReportCategory, ReportStatus
from hazards.reporting.models import PublicReport, ReportPhoto, ReportReward
from hazards.reporting.services import new_code


def jpeg(name: str = "photo.jpg", gps: tuple[float, float] | None = None, size=(16, 12)) -> SimpleUploadedFile:
    """A small JPEG; with ``gps`` = (lat, lng) it carries EXIF GPS tags and a camera owner name."""
    img = Image.new("RGB", size, (30, 120, 200))
    exif = Image.Exif()
    exif[ExifTags.Base.Artist] = "Wang Xiaoming 13912345678"
    if gps:
        lat, lng = gps

        def dms(v):
            d = int(v)
            m = int((v - d) * 60)
            s = round((v - d - m / 60) * 3600, 2)
            return (float(d), float(m), float(s))

        exif[ExifTags.IFD.GPSInfo] = {
            ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: dms(lat),
            ExifTags.GPS.GPSLongitudeRef: "E", ExifTags.GPS.GPSLongitude: dms(lng),
        }
    buf = BytesIO()
    img.save(buf, "JPEG", exif=exif.tobytes())
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")


class PublicReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicReport

    code = factory.LazyFunction(new_code)
    category = ReportCategory.FIRE
    description = factory.Sequence(lambda n: f"饭店后厨安全出口被杂物堵死，第{n}号举报")
    address = "测试路 8 号"
    status = ReportStatus.RECEIVED


class ReportPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportPhoto

    report = factory.SubFactory(PublicReportFactory)
    image = factory.LazyFunction(jpeg)


class ReportRewardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportReward

    report = factory.SubFactory(PublicReportFactory, status=ReportStatus.FOUNDED)
    amount = Decimal("500.00")
    basis = "《安全生产领域举报奖励办法》第九条"
