"""Uploads are checked by content, not by name: a renamed executable and an oversized image are
refused at every upload endpoint, with a message naming the problem, and nothing is stored
(neither a row nor a file under MEDIA_ROOT)."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.permissions import accidents as accident_rows
from tests.permissions import assessment as assessment_rows
from tests.permissions import emergency as emergency_rows
from tests.permissions import hazards as hazard_rows
from tests.permissions import inspections as inspection_rows

from .helpers import LINUX_ELF, WINDOWS_EXE, jpeg_bytes, png_bytes

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


# ---------------------------------------------------------------------------------------------
# Hostile files that *are* valid images or PDFs: polyglots, SVG, dangerous names (issue 15 §1).
# Whatever an endpoint accepts is stored under a server-chosen name with the detected extension,
# images are re-encoded (the appended HTML is gone), and every stored file is served with a type
# from the allow-list, nosniff, and as an attachment unless it is an image or a PDF.

SCRIPT = b"<html><body><script>fetch('/api/v1/hazards/').then(r=>r.text()).then(alert)</script></body></html>"


def gif_bytes() -> bytes:
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("P", (4, 4), 3).save(out, "GIF")
    return out.getvalue()


POLYGLOTS = {
    # name the client sends, bytes, accepted where images are accepted?, accepted where documents are?
    "GIF+HTML named evil.html": ("evil.html", lambda: gif_bytes() + SCRIPT, True, True),
    "PDF+HTML named evil.html": ("evil.html", lambda: b"%PDF-1.4\n" + SCRIPT + b"\n%%EOF\n", False, True),
    "SVG with script": ("evil.svg", lambda: b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>', False, False),
    "XHTML named .jpg": ("photo.jpg", lambda: b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>', False, False),
    "PNG named .xhtml": ("page.xhtml", png_bytes, True, True),
    "JPEG named photo.jpg.html": ("photo.jpg.html", jpeg_bytes, True, True),
    "HTML named report.pdf.html": ("report.pdf.html", lambda: SCRIPT, False, False),
}
DOCUMENT_ENDPOINTS = {"enterprise attachment", "accident attachment", "emergency plan file", "assessment evidence",
                      "assessment evidence (API)", "investment voucher"}


def _selfcheck_data(world, upload):
    from tests.hazards.factories import CheckItemFactory

    item = CheckItemFactory(template__industry=world.industry, description="防爆电气是否完好")
    deadline = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    return {f"r_{item.pk}": "fail", f"p_{item.pk}": "电工 赵六", f"d_{item.pk}": "配电柜门未关闭",
            f"dl_{item.pk}": deadline, f"f_{item.pk}": upload}


def _hazard_data(world, upload):
    return {"enterprise": world.ent_a.pk, "source": "grid", "grade": "general", "description": "灭火器过期",
            "deadline": (timezone.localdate() + dt.timedelta(days=7)).isoformat(), "photos": [upload]}


POLYGLOT_ENDPOINTS = {
    **ENDPOINTS,
    "investment voucher": Endpoint(
        "ent_a", lambda w: reverse("responsibility:investment_add", args=[w.ent_a.pk]),
        lambda w, f: {"spent_on": "2026-03-01", "category": "facilities", "amount": "1200.00",
                      "description": "灭火器", "voucher": f},
        _count("responsibility.SafetyInvestment")),
    "self-check item photo": Endpoint(
        "ent_a", lambda w: reverse("hazards:selfcheck_week"), _selfcheck_data, _count("hazards.HazardPhoto")),
    "hazard report page": Endpoint(
        "grid_a", lambda w: reverse("hazards:report"), _hazard_data, _count("hazards.HazardPhoto")),
    "hazard report (API)": Endpoint(
        "grid_a", lambda w: reverse("hazard-list"), _hazard_data, _count("hazards.HazardPhoto"), api=True),
    "patrol photos (API)": Endpoint(
        "grid_a", lambda w: reverse("patrol-photos", args=[inspection_rows.make_patrol(w).pk]),
        lambda w, f: {"photos": [f], "caption": "配电柜"}, _count("inspections.PatrolPhoto"), api=True),
}

ALLOWED_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf",
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                 "application/octet-stream"}
SERVER_NAME = re.compile(r"^[0-9a-f]{32}\.(jpg|png|pdf|docx|xlsx|pptx)$")


def assert_served_safely(response, path: str) -> None:
    ctype = response["Content-Type"].split(";")[0].strip()
    assert ctype in ALLOWED_TYPES, f"{path} served as {ctype}"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response.get("Content-Disposition", "")
    if ctype.startswith("image/") or ctype == "application/pdf":
        assert disposition.startswith(("inline", "attachment")), disposition
    else:
        assert disposition.startswith("attachment"), f"{path}: {ctype} not forced to download"
    assert "sandbox" in response["Content-Security-Policy"] or ctype == "application/pdf"


@pytest.mark.parametrize("polyglot", sorted(POLYGLOTS))
@pytest.mark.parametrize("endpoint", sorted(POLYGLOT_ENDPOINTS))
def test_hostile_files_are_refused_or_stored_under_a_safe_name_and_served_safely(
        world, settings, fixed_captcha, endpoint, polyglot):
    from django.core.cache import cache

    cache.clear()  # the public form's per-IP rate limit counts in the cache
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    ep = POLYGLOT_ENDPOINTS[endpoint]
    client_name, make_bytes, image_ok, document_ok = POLYGLOTS[polyglot]
    accepted_kind = document_ok if endpoint in DOCUMENT_ENDPOINTS else image_ok
    url = ep.url(world)  # may create the objects the endpoint needs: count after that
    client = world.client(ep.role) if ep.role != "anon" else Client()
    if ep.role == "anon":
        client.get(reverse("reporting:public_captcha"))
    upload = SimpleUploadedFile(client_name, make_bytes(), content_type="text/html")
    data = ep.data(world, upload)
    rows_before, files_before = ep.stored(), set(stored_files(settings.MEDIA_ROOT))
    response = client.post(url, data, follow=not ep.api)
    assert response.status_code in (200, 201, 400), f"{endpoint}: {response.status_code}"
    new_files = sorted(set(stored_files(settings.MEDIA_ROOT)) - files_before)
    if not accepted_kind:
        assert ep.stored() == rows_before and not new_files, f"{endpoint} stored {polyglot}"
        return
    if not new_files:  # refusing is safe too (Django's ImageField refuses an .html name), but say so
        assert ep.stored() == rows_before and response.status_code in (200, 400)
        assert any(m in response.content.decode() for m in (*NOT_AN_IMAGE, "类型不允许", "文件扩展")), \
            f"{endpoint}: {polyglot} refused without a message"
        return
    office = world.client("office")
    for f in new_files:
        assert SERVER_NAME.match(f.name), f"{endpoint}: stored as {f.name}"
        body = f.read_bytes()
        if f.suffix in (".jpg", ".png"):
            assert b"<script" not in body and b"<html" not in body, f"{endpoint}: HTML kept inside {f.name}"
        path = f.relative_to(settings.MEDIA_ROOT).as_posix()
        served = office.get(f"/media/{path}")
        assert served.status_code == 200, f"{endpoint}: /media/{path} → {served.status_code}"
        assert_served_safely(served, path)


@pytest.mark.parametrize("legacy_name,content,expected_type", [
    ("evil.html", lambda: gif_bytes() + SCRIPT, "image/gif"),
    ("evil.svg", lambda: SCRIPT, "application/octet-stream"),
    ("plan.pdf.html", lambda: b"%PDF-1.4\n" + SCRIPT, "application/pdf"),
    ("photo.jpg", jpeg_bytes, "image/jpeg"),
])
def test_files_stored_before_under_their_client_name_are_served_by_content(world, settings, legacy_name, content,
                                                                            expected_type):
    """Rows written before the server chose names keep working, with the same safe headers."""
    from enterprises.models import EnterpriseAttachment

    relative = f"enterprises/{world.ent_a.pk}/{legacy_name}"
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content())
    att = EnterpriseAttachment.objects.create(enterprise=world.ent_a, title="旧附件", file=relative)
    for url in (f"/media/{relative}", reverse("enterprises:attachment", kwargs={"pk": world.ent_a.pk, "item_pk": att.pk})):
        response = world.client("office").get(url)
        assert response.status_code == 200
        assert response["Content-Type"].split(";")[0] == expected_type
        assert_served_safely(response, relative)
    assert world.client("ent_b").get(f"/media/{relative}").status_code == 404


def test_photos_are_reencoded_without_exif_and_upright(world, settings):
    from io import BytesIO

    from PIL import Image

    from hazards.models import HazardPhoto

    img = Image.new("RGB", (40, 20), (10, 200, 10))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    exif[0x013B] = "张三 13800000000"  # Artist
    out = BytesIO()
    img.save(out, "JPEG", exif=exif.tobytes())
    upload = SimpleUploadedFile("IMG_0001 张三.jpg", out.getvalue(), content_type="image/jpeg")
    ep = ENDPOINTS["hazard photo"]
    response = world.client(ep.role).post(ep.url(world), ep.data(world, upload))
    assert response.status_code == 302
    photo = HazardPhoto.objects.latest("pk")
    assert SERVER_NAME.match(Path(photo.image.name).name) and "张三" not in photo.image.name
    with Image.open(photo.image.path) as stored:
        assert stored.size == (20, 40)  # orientation applied
        assert not stored.getexif()


def test_a_pixel_bomb_is_refused_from_its_header(world, settings):
    """An 8000×8000 PNG of a few dozen KB is refused before decoding, with the pixel count named."""
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("1", (8000, 8000)).save(out, "PNG", optimize=True)
    assert len(out.getvalue()) < 100_000
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    ep = ENDPOINTS["hazard photo"]
    before = ep.stored()
    response = world.client(ep.role).post(
        ep.url(world), ep.data(world, SimpleUploadedFile("bomb.png", out.getvalue(), "image/png")), follow=True)
    assert "8000×8000" in response.content.decode() and "万像素" in response.content.decode()
    assert ep.stored() == before
