"""An offline captcha: a small arithmetic question drawn by Pillow on the server.

The answer is kept in the session only as a salted HMAC, is good for one attempt and expires
(REPORTING_CAPTCHA_MAX_AGE seconds). No third-party service: district networks are often offline.
"""

from __future__ import annotations

import secrets
import time
from io import BytesIO

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac
from PIL import Image, ImageDraw, ImageFont

SESSION_KEY = "reporting_captcha"
_rng = secrets.SystemRandom()


def new_challenge() -> tuple[str, str]:
    """(question drawn on the image, expected answer)."""
    a, b = _rng.randint(10, 49), _rng.randint(1, 9)
    if _rng.random() < 0.5:
        return f"{a} + {b} = ?", str(a + b)
    return f"{a} - {b} = ?", str(a - b)


def _digest(nonce: str, answer: str) -> str:
    return salted_hmac("reporting.captcha", f"{nonce}:{answer.strip()}").hexdigest()


def issue(session) -> bytes:
    """Start a new challenge in the session and return its PNG image."""
    question, answer = new_challenge()
    nonce = secrets.token_hex(8)
    session[SESSION_KEY] = {"nonce": nonce, "digest": _digest(nonce, answer), "at": int(time.time())}
    return render(question)


def check(session, answer: str) -> bool:
    """One attempt per challenge: the challenge is consumed whether the answer is right or not."""
    data = session.pop(SESSION_KEY, None)
    if not data or not (answer or "").strip():
        return False
    if time.time() - data.get("at", 0) > settings.REPORTING_CAPTCHA_MAX_AGE:
        return False
    return constant_time_compare(_digest(data["nonce"], answer), data["digest"])


def render(question: str) -> bytes:
    width, height = 180, 56
    img = Image.new("RGB", (width, height), (246, 248, 252))
    draw = ImageDraw.Draw(img)
    for _ in range(6):  # noise lines
        draw.line([(_rng.randint(0, width), _rng.randint(0, height)) for _ in range(2)],
                  fill=tuple(_rng.randint(120, 200) for _ in range(3)), width=1)
    font = ImageFont.load_default(size=26)
    x = 10
    for ch in question:
        y = _rng.randint(6, 16)
        colour = tuple(_rng.randint(10, 90) for _ in range(3))
        draw.text((x, y), ch, font=font, fill=colour)
        x += 14 if ch == " " else int(draw.textlength(ch, font=font)) + _rng.randint(1, 4)
    for _ in range(120):  # noise dots
        draw.point((_rng.randint(0, width - 1), _rng.randint(0, height - 1)),
                   fill=tuple(_rng.randint(100, 220) for _ in range(3)))
    out = BytesIO()
    img.save(out, "PNG")
    return out.getvalue()
