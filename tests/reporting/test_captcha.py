"""The public report form's captcha: characters, not sums; guessed blind at worst 1 in 30^4; one use; expiring."""

from __future__ import annotations

import re
import time
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from hazards.reporting import captcha
from hazards.reporting.models import PublicReport

pytestmark = pytest.mark.django_db

NEW = reverse("reporting:public_new")
IMAGE = reverse("reporting:public_captcha")


def form_data(answer: str) -> dict:
    return {"category": "fire", "description": "饭店后厨液化气钢瓶放在地下室，安全出口堵死",
            "address": "钢铁大街 12 号", "captcha": answer}


@pytest.fixture
def known_answer(monkeypatch):
    """A real challenge whose answer the test learns as the server draws it."""
    seen: list[str] = []
    real = captcha.new_challenge

    def spy():
        text, answer = real()
        seen.append(answer)
        return text, answer

    monkeypatch.setattr(captcha, "new_challenge", spy)
    return seen


def test_the_answer_is_4_to_6_characters_from_a_set_without_confusable_ones():
    assert not set(captcha.ALPHABET) & set("0O1IL"), "0/O and 1/I/L must not be asked"
    for _ in range(300):
        text, answer = captcha.new_challenge()
        assert text == answer
        assert 4 <= len(answer) <= 6 and set(answer) <= set(captcha.ALPHABET)


def test_a_blind_guess_passes_at_most_once_in_30_to_the_4th():
    shortest = min(len(captcha.new_challenge()[1]) for _ in range(300))
    assert shortest >= captcha.MIN_LENGTH
    assert len(set(captcha.ALPHABET)) ** captcha.MIN_LENGTH >= 30 ** 4


def test_the_image_is_large_enough_to_read_on_a_phone_and_differs_each_time():
    first, second = Image.open(BytesIO(captcha.render("7K3PX"))), Image.open(BytesIO(captcha.render("7K3PX")))
    assert first.format == "PNG" and first.size[0] >= 200 and first.size[1] >= 64
    assert first.tobytes() != second.tobytes()  # rotation, offsets and noise are random


def test_the_right_answer_in_any_case_files_the_report_once(world, known_answer):
    client = Client()
    client.get(IMAGE)
    response = client.post(NEW, form_data(f" {known_answer[-1].lower()} "), REMOTE_ADDR="10.0.0.5")
    assert response.status_code == 302 and PublicReport.objects.count() == 1
    again = client.post(NEW, form_data(known_answer[-1]), REMOTE_ADDR="10.0.0.5")
    assert again.status_code == 200 and "验证码错误" in again.content.decode()
    assert PublicReport.objects.count() == 1


def test_a_wrong_answer_is_refused_with_a_clear_message_and_the_challenge_is_spent(world, known_answer):
    client = Client()
    client.get(IMAGE)
    right = known_answer[-1]
    wrong = "".join(c for c in captcha.ALPHABET if c not in right)[: len(right)]
    response = client.post(NEW, form_data(wrong), REMOTE_ADDR="10.0.0.6")
    text = response.content.decode()
    assert response.status_code == 200 and "验证码错误或已过期" in text and "换一张" in text
    assert not PublicReport.objects.exists()
    assert client.post(NEW, form_data(right), REMOTE_ADDR="10.0.0.6").status_code == 200  # spent
    assert not PublicReport.objects.exists()


def test_an_expired_challenge_is_refused(world, known_answer, settings, monkeypatch):
    settings.REPORTING_CAPTCHA_MAX_AGE = 600
    client = Client()
    client.get(IMAGE)
    later = time.time() + 601
    monkeypatch.setattr(captcha.time, "time", lambda: later)
    response = client.post(NEW, form_data(known_answer[-1]), REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 200 and "验证码错误或已过期" in response.content.decode()
    assert not PublicReport.objects.exists()


def test_the_answer_is_kept_only_as_a_salted_hmac(world, known_answer):
    client = Client()
    client.get(IMAGE)
    stored = client.session[captcha.SESSION_KEY]
    assert set(stored) == {"nonce", "digest", "at"}
    assert known_answer[-1] not in stored.values() and len(stored["digest"]) >= 40
    assert stored["digest"] == captcha._digest(stored["nonce"], known_answer[-1].lower())


def test_the_form_offers_a_new_image_through_a_plain_link_without_inline_script(world):
    page = Client().get(NEW).content.decode()
    link = re.search(r'<a [^>]*id="captcha-refresh"[^>]*>看不清，换一张</a>', page)
    assert link, "the refresh is a link that works without script"
    href = re.search(r'href="([^"]+)"', link.group(0)).group(1)
    assert href.startswith(IMAGE)
    assert "onclick" not in link.group(0)
    fresh = Client().get(href.replace("&amp;", "&"))
    assert fresh.status_code == 200 and fresh["Content-Type"] == "image/png"
