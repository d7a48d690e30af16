"""Uploads are checked by content, not by name: a renamed executable and an oversized image are
refused at every upload endpoint, with a message naming the problem, and nothing is stored
(neither a row nor a file under MEDIA_ROOT)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.permissions import accidents as accident_rows
from tests.permissions import assessment as assessment_rows
from tests.permissions import emergency as emergency_rows
from tests.permissions import hazards as hazard_rows
from tests.permissions import inspections as inspection_rows

from .helpers import LINUX_ELF, WINDOWS_EXE, jpeg_bytes

pytestmark = pytest.mark.django_db

SIZE_LIMIT = 4096  # UPLOAD_MAX_BYTES for these tests; the "oversized" photo is a real JPEG above it


def oversized_jpeg() -> bytes:
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.frombytes("RGB", (96, 96), os.urandom(96 * 96 * 3)).save(out, "JPEG", quality=95)
    data = out.getvalue()
    assert len(data) > SIZE_LIMIT
    return data


@dataclass
class Endpoint:
    role: str
    url: Callable  # (world) -> url
    data: Callable  # (world, upload) -> POST data
    stored: Callable  # () -> number of stored rows of that kind
    api: bool = False


def _count(model_path: str) -> Callable[[], int]:
    def count() -> int:
        from django.apps import apps

        return apps.get_model(model_path).objects.count()

    return count


def _public_report_data(world, upload):
    return {"category": "fire", "description": "后厨液化气钢瓶放在地下室", "address": "钢铁大街 12 号",
            "captcha": "7", "photos": [upload]}


ENDPOINTS = {
    "enterprise attachment": Endpoint(
        "office", lambda w: reverse("enterprises:attachment_add", args=[w.ent_a.pk]),
        lambda w, f: {"title": "营业执照", "file": f}, _count("enterprises.EnterpriseAttachment")),
    "hazard photo": Endpoint(
        "ent_a", lambda w: reverse("hazards:photo_add", args=[hazard_rows.make_hazard(w).pk]),
        lambda w, f: {"photos": [f]}, _count("hazards.HazardPhoto")),
    "patrol photo": Endpoint(
        "grid_a", lambda w: reverse("inspections:patrol_photos", args=[inspection_rows.make_patrol(w).pk]),
        lambda w, f: {"photo-photos": [f], "photo-caption": "配电柜"}, _count("inspections.PatrolPhoto")),
    "accident attachment": Endpoint(
        "office", lambda w: reverse("accidents:attachment_add", args=[accident_rows.make_accident(w).pk]),
        lambda w, f: {"kind": "other", "title": "现场照片", "file": f}, _count("accidents.AccidentAttachment")),
    "drill photo": Endpoint(
        "ent_a", lambda w: reverse("emergency:drill_photo", args=[emergency_rows.drill(w).pk]),
        lambda w, f: {"image": f, "caption": "疏散"}, _count("emergency.DrillPhoto")),
    "emergency plan file": Endpoint(
        "ent_a", lambda w: reverse("emergency:plan_create"),
        lambda w, f: {"title": "综合应急预案", "plan_type": "comprehensive", "version": "1", "file": f,
                      "issued_on": "2026-01-05"},
        _count("emergency.EmergencyPlan")),
    "assessment evidence": Endpoint(
        "street_a", lambda w: reverse("assessment:evidence_upload", args=[assessment_rows.objects(w)["unit"].pk]),
        lambda w, f: {"title": "责任清单", "file": f}, _count("assessment.Evidence")),
    "assessment evidence (API)": Endpoint(
        "street_a", lambda w: reverse("assessment-evidence-list"),
        lambda w, f: {"unit": assessment_rows.objects(w)["unit"].pk, "title": "责任清单", "file": f},
        _count("assessment.Evidence"), api=True),
    "public report photo": Endpoint(
        "anon", lambda w: reverse("reporting:public_new"), _public_report_data, _count("reporting.PublicReport")),
}

NOT_AN_IMAGE = ("不是有效的图片", "类型不允许", "请上传有效图片")  # ours, and Django's ImageField's
BAD_FILES = {
    "windows exe named .jpg": (lambda: WINDOWS_EXE, NOT_AN_IMAGE),
    "linux elf named .jpg": (lambda: LINUX_ELF, NOT_AN_IMAGE),
    "oversized photo": (oversized_jpeg, ("超过上限",)),
}


def stored_files(media_root) -> list[Path]:
    root = Path(media_root)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def fixed_captcha(monkeypatch):
    from hazards.reporting import captcha

    monkeypatch.setattr(captcha, "new_challenge", lambda: ("3 + 4 = ?", "7"))


@pytest.mark.parametrize("bad", sorted(BAD_FILES))
@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
def test_upload_endpoint_refuses_renamed_executables_and_oversized_photos(world, settings, fixed_captcha,
                                                                          endpoint, bad):
    settings.UPLOAD_MAX_BYTES = SIZE_LIMIT
    ep = ENDPOINTS[endpoint]
    make_bytes, messages = BAD_FILES[bad]
    url = ep.url(world)
    client = world.client(ep.role) if ep.role != "anon" else Client()
    if ep.role == "anon":
        client.get(reverse("reporting:public_captcha"))
    upload = SimpleUploadedFile("photo.jpg", make_bytes(), content_type="image/jpeg")
    data = ep.data(world, upload)  # may create the objects the endpoint needs: count after that
    rows_before, files_before = ep.stored(), stored_files(settings.MEDIA_ROOT)
    response = client.post(url, data, follow=not ep.api)
    text = response.content.decode()
    assert response.status_code in (200, 400), f"{endpoint}: {response.status_code}"
    assert any(m in text for m in messages), f"{endpoint}: no clear message for {bad}: {text[:300]}"
    assert ep.stored() == rows_before, f"{endpoint}: a row was stored"
    assert stored_files(settings.MEDIA_ROOT) == files_before, f"{endpoint}: a file was written"


def test_a_real_photo_is_accepted_where_the_fakes_were_refused(world, settings):
    """The refusals above are about the content: the same endpoint takes a genuine JPEG."""
    settings.UPLOAD_MAX_BYTES = SIZE_LIMIT
    ep = ENDPOINTS["hazard photo"]
    before = ep.stored()
    upload = SimpleUploadedFile("photo.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = world.client(ep.role).post(ep.url(world), ep.data(world, upload))
    assert response.status_code == 302 and ep.stored() == before + 1
