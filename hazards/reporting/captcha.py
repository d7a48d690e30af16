"""An offline captcha: 5–6 characters drawn distorted by Pillow on the server.

The characters come from a set without look-alikes (0 O Q D, 1 I L J, 5 S, 8 B, Z, V and G are never
asked; 2, U and 6 stay since their twins are gone), so a blind guess passes at most once in 21^5
(more than 30^4). Each glyph is rotated and offset on its own, the row is waved, and noise lines and
dots cross it; the font is the TrueType font Pillow ships (``ImageFont.load_default(size=…)``), so no
system font and no network are needed. The answer is kept in the session only as a salted HMAC,
compared without case or spaces, good for one attempt, and expires (REPORTING_CAPTCHA_MAX_AGE seconds).
"""

from __future__ import annotations

import math
import random
import secrets
import time
from functools import lru_cache
from io import BytesIO

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac
from PIL import Image, ImageDraw, ImageFont

SESSION_KEY = "reporting_captcha"
ALPHABET = "ACEFHKMNPRTUWXY234679"
MIN_LENGTH, MAX_LENGTH = 5, 6
WIDTH, HEIGHT = 240, 80
_rng = secrets.SystemRandom()  # the answer
_ink = random.Random()  # the drawing only (rotation, offsets, noise): fast, seeded from os.urandom


def new_challenge() -> tuple[str, str]:
    """(text drawn on the image, expected answer) — the same characters here."""
    text = "".join(_rng.choice(ALPHABET) for _ in range(_rng.randint(MIN_LENGTH, MAX_LENGTH)))
    return text, text


def _normalise(answer: str) -> str:
    return "".join((answer or "").split()).upper()


def _digest(nonce: str, answer: str) -> str:
    return salted_hmac("reporting.captcha", f"{nonce}:{_normalise(answer)}").hexdigest()


def issue(session) -> bytes:
    """Start a new challenge in the session and return its PNG image."""
    question, answer = new_challenge()
    nonce = secrets.token_hex(8)
    session[SESSION_KEY] = {"nonce": nonce, "digest": _digest(nonce, answer), "at": int(time.time())}
    return render(question)


def check(session, answer: str) -> bool:
    """One attempt per challenge: the challenge is consumed whether the answer is right or not."""
    data = session.pop(SESSION_KEY, None)
    if not data or not _normalise(answer):
        return False
    if time.time() - data.get("at", 0) > settings.REPORTING_CAPTCHA_MAX_AGE:
        return False
    return constant_time_compare(_digest(data["nonce"], answer), data["digest"])


@lru_cache(maxsize=16)
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def _glyph(ch: str, colour: tuple[int, int, int], size: int) -> Image.Image:
    """One character on a transparent tile, bold (stroke), rotated on its own."""
    font = _font(size)
    tile = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    ImageDraw.Draw(tile).text((32, 32), ch, font=font, fill=colour, anchor="mm", stroke_width=1, stroke_fill=colour)
    return tile.rotate(_ink.uniform(-28, 28), resample=Image.Resampling.BICUBIC, expand=True)


def _wave(img: Image.Image) -> Image.Image:
    """Bend the row along a random sine (a mesh of narrow strips): no straight baseline to segment on."""
    amplitude, period, phase = _ink.uniform(3, 5), _ink.uniform(70, 110), _ink.uniform(0, 2 * math.pi)

    def dy(x: int) -> float:
        return amplitude * math.sin(2 * math.pi * x / period + phase)

    h = img.height
    mesh = [((x, 0, x + 12, h), (x, -dy(x), x, h - dy(x), x + 12, h - dy(x + 12), x + 12, -dy(x + 12)))
            for x in range(0, img.width, 12)]
    return img.transform(img.size, Image.Transform.MESH, mesh, resample=Image.Resampling.BILINEAR,
                         fillcolor=img.getpixel((0, 0)))


def _curve(draw: ImageDraw.ImageDraw, colour: tuple[int, int, int], width: int) -> None:
    """A noise stroke across the text: a random quadratic curve from the left edge to the right."""
    (x0, y0), (x1, y1), (x2, y2) = (0, _ink.randint(10, HEIGHT - 10)), \
        (WIDTH // 2, _ink.randint(-20, HEIGHT + 20)), (WIDTH, _ink.randint(10, HEIGHT - 10))
    points = [((1 - t) ** 2 * x0 + 2 * (1 - t) * t * x1 + t ** 2 * x2,
               (1 - t) ** 2 * y0 + 2 * (1 - t) * t * y1 + t ** 2 * y2) for t in (i / 24 for i in range(25))]
    draw.line(points, fill=colour, width=width, joint="curve")


def render(text: str) -> bytes:
    """The PNG of ``text`` (WIDTH×HEIGHT): dark glyphs on a light ground, readable on a phone."""
    img = Image.new("RGB", (WIDTH, HEIGHT), tuple(_ink.randint(236, 250) for _ in range(3)))
    draw = ImageDraw.Draw(img)
    for _ in range(_ink.randint(3, 4)):  # pale background strokes
        _curve(draw, tuple(_ink.randint(170, 215) for _ in range(3)), 1)
    glyphs = [ch for ch in text if not ch.isspace()]
    step = (WIDTH - 16) / max(len(glyphs), 1)  # glyph centres evenly spread, 8 px from each edge
    largest = 44 if len(glyphs) > 5 else 48
    for i, ch in enumerate(glyphs):
        tile = _glyph(ch, tuple(_ink.randint(10, 80) for _ in range(3)), size=_ink.randint(38, largest))
        cx = 8 + step * (i + 0.5) + _ink.randint(-3, 3)
        cy = HEIGHT / 2 + _ink.randint(-7, 7)
        img.paste(tile, (round(cx - tile.width / 2), round(cy - tile.height / 2)), tile)
    img = _wave(img)
    draw = ImageDraw.Draw(img)
    _curve(draw, tuple(_ink.randint(40, 110) for _ in range(3)), 2)  # one dark stroke through the text
    for _ in range(5):  # noise dots, in five colours
        draw.point([(_ink.randrange(WIDTH), _ink.randrange(HEIGHT)) for _ in range(60)],
                   fill=tuple(_ink.randint(60, 200) for _ in range(3)))
    out = BytesIO()
    img.save(out, "PNG")
    return out.getvalue()
