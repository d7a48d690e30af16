import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def fixed_captcha(monkeypatch):
    """The captcha asks 3 + 4; tests answer 7 (the image and the hashed session answer are real)."""
    from hazards.reporting import captcha

    monkeypatch.setattr(captcha, "new_challenge", lambda: ("3 + 4 = ?", "7"))
    return "7"
