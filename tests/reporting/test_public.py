"""The public side of 群众举报: no login, tracking code, status page, abuse protection, photo privacy."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from hazards.reporting.choices import ReportStatus
from hazards.reporting.models import PublicReport, ReportPhoto
from hazards.reporting.services import CODE_ALPHABET, CODE_LENGTH

from .factories import jpeg

pytestmark = pytest.mark.django_db

PHONE_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"
NEW = reverse("reporting:public_new")


def form_data(**extra):
    return {"category": "fire", "description": "饭店后厨液化气钢瓶放在地下室，安全出口堵死",
            "address": "钢铁大街 12 号", "captcha": "7", **extra}


def submit(client: Client, ip: str = "10.0.0.1", **extra):
    """Load the captcha like a browser does, then post the form from ``ip``."""
    client.get(reverse("reporting:public_captcha"))
    return client.post(NEW, form_data(**extra), REMOTE_ADDR=ip, HTTP_USER_AGENT=PHONE_UA)


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_phone_report_without_login_gets_a_code_and_the_status_page_shows_progress_but_no_personal_data(
    world, fixed_captcha
):
    client = Client(HTTP_USER_AGENT=PHONE_UA)
    page = client.get(NEW)
    assert page.status_code == 200
    assert b'name="viewport"' in page.content and b"vendor/leaflet/leaflet.js" in page.content
    assert b"unpkg" not in page.content and b"cdn" not in page.content.lower()
    response = submit(client, contact_name="王小明", contact_phone="13912345678", photos=[jpeg()])
    report = PublicReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reporting:public_status", args=[report.code])
    assert report.contact_phone == "13912345678" and report.status == ReportStatus.RECEIVED
    status = client.get(response["Location"])
    text = status.content.decode()
    assert report.code in text and "已受理" in text and "已分派核查" in text
    assert "王小明" not in text and "13912345678" not in text
    # Someone else with the code (another browser) sees the same progress, still no identity.
    other = Client().get(response["Location"]).content.decode()
    assert "已受理" in other and "王小明" not in other and "13912345678" not in other


def test_tracking_code_is_twelve_unambiguous_characters_and_lookup_ignores_case_and_dashes(world, fixed_captcha):
    submit(Client())
    code = PublicReport.objects.get().code
    assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)
    assert not set(code) & set("01OIL")
    spaced = f"{code[:4]}-{code[4:8]}-{code[8:]}".lower()
    response = Client().get(reverse("reporting:public_track"), {"code": spaced})
    assert response.status_code == 302 and response["Location"].endswith(f"/t/{code}/")
    missing = Client().get(reverse("reporting:public_track"), {"code": "ZZZZZZZZZZZZ"})
    assert missing.status_code == 200 and "未找到该追踪码" in missing.content.decode()
    assert Client().get(reverse("reporting:public_status", args=["ZZZZZZZZZZZZ"])).status_code == 404


def test_a_wrong_captcha_is_refused_and_nothing_is_stored(world, fixed_captcha):
    response = submit(Client(), captcha="8")
    assert response.status_code == 200
    assert "验证码错误" in response.content.decode()
    assert not PublicReport.objects.exists()


def test_the_captcha_answer_works_once_and_is_not_kept_in_clear_in_the_session(world, fixed_captcha):
    client = Client()
    client.get(reverse("reporting:public_captcha"))
    session = client.session["reporting_captcha"]
    assert "7" not in session.values() and session["digest"] != "7"
    assert client.post(NEW, form_data(), REMOTE_ADDR="10.0.0.9").status_code == 302
    again = client.post(NEW, form_data(), REMOTE_ADDR="10.0.0.9")  # same answer, no new challenge
    assert again.status_code == 200 and "验证码错误" in again.content.decode()
    assert PublicReport.objects.count() == 1


def test_the_captcha_image_is_a_png_drawn_on_the_server(world):
    response = Client().get(reverse("reporting:public_captcha"))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG") and "no-cache" in response["Cache-Control"]


def test_a_renamed_executable_is_refused_with_a_clear_message_and_nothing_is_stored(world, fixed_captcha, settings):
    exe = SimpleUploadedFile("现场照片.jpg", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 4000, content_type="image/jpeg")
    response = submit(Client(), photos=[jpeg("ok.jpg"), exe])
    text = response.content.decode()
    assert response.status_code == 200
    assert "现场照片.jpg" in text and "不是有效的图片" in text and "照片" in text
    assert not PublicReport.objects.exists() and not ReportPhoto.objects.exists()
    assert stored_files(settings) == []


def test_a_30_mb_image_is_refused_with_a_clear_message_and_nothing_is_stored(world, fixed_captcha, settings):
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * (30 * 1024 * 1024), content_type="image/jpeg")
    response = submit(Client(), photos=[big])
    text = response.content.decode()
    assert response.status_code == 200
    assert "big.jpg" in text and "超过上限" in text and "10.0" in text
    assert not PublicReport.objects.exists()
    assert stored_files(settings) == []


def test_thirty_reports_from_one_ip_in_a_minute_are_cut_at_the_limit_while_another_ip_is_served(
    world, fixed_captcha, settings
):
    settings.REPORTING_RATE_PER_MINUTE = 5
    client = Client()
    codes = [submit(client, ip="203.0.113.7").status_code for _ in range(30)]
    assert codes.count(302) == 5 and codes[:5] == [302] * 5
    assert codes[5:] == [429] * 25
    refused = submit(client, ip="203.0.113.7")
    assert "每分钟最多提交 5 次" in refused.content.decode()
    assert PublicReport.objects.count() == 5
    other = submit(Client(), ip="198.51.100.20")
    assert other.status_code == 302
    assert PublicReport.objects.count() == 6


def test_the_daily_limit_refuses_with_its_own_message(world, fixed_captcha, settings):
    settings.REPORTING_RATE_PER_MINUTE = 100
    settings.REPORTING_RATE_PER_DAY = 3
    client = Client()
    codes = [submit(client, ip="203.0.113.8").status_code for _ in range(4)]
    assert codes == [302, 302, 302, 429]
    assert "已达 3 次上限" in submit(client, ip="203.0.113.8").content.decode()


def test_behind_the_proxy_the_last_forwarded_address_is_the_client(world, fixed_captcha, settings):
    settings.REPORTING_RATE_PER_MINUTE = 1
    settings.TRUST_PROXY_HEADERS, settings.TRUSTED_PROXY_COUNT = True, 1
    client = Client()
    client.get(reverse("reporting:public_captcha"))
    first = client.post(NEW, form_data(), REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.1.1.1, 192.0.2.1")
    client.get(reverse("reporting:public_captcha"))
    second = client.post(NEW, form_data(), REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.2")
    assert (first.status_code, second.status_code) == (302, 302)


def test_exif_location_is_kept_for_the_officer_and_stripped_from_the_stored_and_public_photo(world, fixed_captcha):
    client = Client()
    submit(client, photos=[jpeg("IMG_0001.jpg", gps=(40.65, 109.82))])
    photo = ReportPhoto.objects.get()
    assert photo.gps_lat == pytest.approx(Decimal("40.65"), abs=Decimal("0.0001"))
    assert photo.gps_lng == pytest.approx(Decimal("109.82"), abs=Decimal("0.0001"))
    assert "IMG_0001" not in photo.image.name
    with photo.image.open("rb") as f, Image.open(f) as img:
        assert len(img.getexif()) == 0
    public = client.get(reverse("reporting:public_photo", args=[photo.report.code, photo.pk]))
    body = b"".join(public.streaming_content)
    assert public.status_code == 200 and body.startswith(b"\xff\xd8")
    assert b"Exif" not in body[:200] and b"13912345678" not in body and b"Wang" not in body
    # The status page never shows the private location.
    status = client.get(reverse("reporting:public_status", args=[photo.report.code])).content.decode()
    assert "40.65" not in status and "109.82" not in status


def test_a_public_photo_is_only_served_with_its_reports_code(world, fixed_captcha):
    submit(Client(), photos=[jpeg()])
    photo = ReportPhoto.objects.get()
    assert Client().get(reverse("reporting:public_photo", args=["ABCDEFGHJKMN", photo.pk])).status_code == 404


def test_a_named_enterprise_is_matched_when_the_name_is_exact(world, fixed_captcha):
    submit(Client(), enterprise_name=world.ent_a.name)
    assert PublicReport.objects.get().enterprise == world.ent_a
    PublicReport.objects.all().delete()
    submit(Client(), enterprise_name="甲企业")
    report = PublicReport.objects.get()
    assert report.enterprise is None and report.enterprise_name == "甲企业"


def test_missing_fields_are_named_and_a_half_map_pick_is_refused(world, fixed_captcha):
    response = submit(Client(), description="", address="", lat="40.1")
    text = response.content.decode()
    assert "发现了什么：" in text and "在哪里：" in text
    assert not PublicReport.objects.exists()
