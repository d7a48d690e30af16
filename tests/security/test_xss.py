"""No user-supplied HTML is rendered unescaped.

A ``<script>`` payload goes into every text field of the main forms (each form is filled from its
own field list, so a field added later is covered too); the pages that show the saved record
(the page the form redirects to, and the list) must contain the escaped text and never the tag.
The templates' few ``|safe`` / ``mark_safe`` uses are pinned in ``test_safe_markers_are_reviewed``.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import valid_uscc
from tests.permissions import assessment as assessment_rows

from .helpers import png_bytes

pytestmark = pytest.mark.django_db

PAYLOAD = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
PLAIN = "正常文本"
NOT_TEXT = (forms.EmailField, forms.URLField, forms.SlugField, forms.RegexField, forms.UUIDField,
            forms.GenericIPAddressField, forms.JSONField)


def _first_choice(field: forms.ChoiceField) -> str | None:
    for value, _label in field.choices:
        if isinstance(_label, (list, tuple)):  # optgroup
            for v, _ in _label:
                if str(v):
                    return str(v)
        elif str(value):
            return str(value)
    return None


def fill(form: forms.BaseForm, overrides: dict) -> tuple[dict, set[str]]:
    """POST data for ``form``: the payload in every free-text field, a plausible value elsewhere."""
    data: dict = {}
    text_fields: set[str] = set()
    today = timezone.localdate()
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if name in overrides:
            data[key] = overrides[name]
            continue
        value = form[name].value()
        if isinstance(field, forms.FileField):
            if field.required:
                is_image = isinstance(field, forms.ImageField) or "image" in str(field.widget.attrs.get("accept", ""))
                data[key] = (SimpleUploadedFile("x.png", png_bytes(), content_type="image/png") if is_image
                             else SimpleUploadedFile("x.pdf", b"%PDF-1.4 test", content_type="application/pdf"))
        elif isinstance(field, (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)):
            first = _first_choice(field)
            data[key] = [str(v) for v in value] if value else ([first] if first and field.required else [])
        elif isinstance(field, forms.ChoiceField):
            if value not in (None, ""):
                data[key] = str(value)
            else:
                first = _first_choice(field)
                if first is not None:
                    data[key] = first
        elif isinstance(field, forms.BooleanField):
            if value:
                data[key] = "on"
        elif isinstance(field, forms.DateTimeField):
            data[key] = value or (timezone.localtime() - dt.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M")
        elif isinstance(field, forms.DateField):
            data[key] = value or (today + dt.timedelta(days=10)).isoformat()
        elif isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
            data[key] = value if value not in (None, "") else str(max(Decimal(field.min_value or 0), Decimal(1)))
        elif isinstance(field, forms.CharField) and not isinstance(field, NOT_TEXT) and \
                (field.max_length is None or field.max_length >= len(PAYLOAD)):
            data[key] = PAYLOAD
            text_fields.add(name)
        elif value not in (None, ""):
            data[key] = value
    return data, text_fields


def post_form(client: Client, url: str, overrides: dict | None = None, **extra) -> tuple:
    """GET the form page, fill it, POST; fields refused with the payload get plain text instead."""
    page = client.get(url, **extra)
    assert page.status_code == 200, f"{url}: {page.status_code}"
    assert "csrfmiddlewaretoken" in page.content.decode()
    form = page.context["form"]
    data, text_fields = fill(form, overrides or {})
    for _attempt in range(4):
        response = client.post(url, data, **extra)
        body = response.content.decode()
        assert PAYLOAD not in body, f"{url}: raw payload echoed on the form page"
        if response.status_code == 302:
            return response, text_fields
        errors = response.context["form"].errors if response.context and "form" in response.context else {}
        refused = [f for f in errors if f in text_fields]
        if not refused:
            break
        for f in refused:  # e.g. a name that must look like a name: keep the payload in the others
            data[form.add_prefix(f)] = PLAIN
            text_fields.discard(f)
    raise AssertionError(f"{url}: form not accepted: {dict(errors) if errors else response.status_code}")


def assert_escaped(client: Client, *urls: str) -> None:
    shown = False
    for url in urls:
        page = client.get(url)
        assert page.status_code == 200, f"{url}: {page.status_code}"
        html = page.content.decode()
        assert PAYLOAD not in html, f"{url} renders the raw <script> tag"
        shown = shown or ESCAPED in html
    assert shown, f"the payload is shown escaped on none of {urls}"


def test_enterprise_create_and_edit_escape_every_text_field(world):
    office = world.client("office")
    response, fields = post_form(office, reverse("enterprises:create"),
                                 {"uscc": valid_uscc(4242), "region": world.cell_a.pk, "industry": world.industry.pk})
    assert len(fields) >= 3
    assert_escaped(office, response["Location"], reverse("enterprises:list") + "?q=script")
    response, fields = post_form(office, reverse("enterprises:edit", args=[world.ent_a.pk]))
    assert len(fields) >= 3
    assert_escaped(office, reverse("enterprises:detail", args=[world.ent_a.pk]))


def test_hazard_report_escapes_description_on_detail_and_ledger(world):
    grid = world.client("grid_a")
    response, fields = post_form(grid, reverse("hazards:report"), {"enterprise": world.ent_a.pk})
    assert fields
    assert_escaped(grid, response["Location"], reverse("hazards:ledger"))


def test_selfcheck_note_and_item_texts_are_escaped(world):
    from tests.hazards.factories import CheckItemFactory

    item = CheckItemFactory(template__industry=world.industry)
    client = world.client("ent_a")
    response = client.post(reverse("hazards:selfcheck_week"), {
        f"r_{item.pk}": "fail", f"p_{item.pk}": PAYLOAD, f"d_{item.pk}": PAYLOAD, f"n_{item.pk}": PAYLOAD,
        f"dl_{item.pk}": (timezone.localdate() + dt.timedelta(days=3)).isoformat(), "note": PAYLOAD,
    })
    assert response.status_code == 302
    from hazards.models import SelfCheck

    sc = SelfCheck.objects.get(enterprise=world.ent_a)
    assert PAYLOAD in sc.note or sc.answers.filter(note=PAYLOAD).exists() or sc.hazards.exists()
    assert_escaped(client, reverse("hazards:selfcheck_detail", args=[sc.pk]), reverse("hazards:ledger"))


def test_accident_record_escapes_text_fields(world):
    office = world.client("office")
    response, fields = post_form(office, reverse("accidents:create"),
                                 {"enterprise": world.ent_a.pk, "region": world.cell_a.pk})
    assert len(fields) >= 2
    assert_escaped(office, response["Location"], reverse("accidents:list"))


def test_emergency_plan_and_drill_escape_text_fields(world):
    client = world.client("ent_a")
    response, fields = post_form(client, reverse("emergency:plan_create"))
    assert fields
    assert_escaped(client, response["Location"], reverse("emergency:plan_list"))
    response, fields = post_form(client, reverse("emergency:drill_create"))
    assert fields
    assert_escaped(client, response["Location"], reverse("emergency:drill_list"))


def test_public_report_escapes_description_for_the_office(world, monkeypatch):
    from hazards.reporting import captcha

    monkeypatch.setattr(captcha, "new_challenge", lambda: ("3 + 4 = ?", "7"))
    public = Client()
    public.get(reverse("reporting:public_captcha"))
    response, fields = post_form(public, reverse("reporting:public_new"),
                                 {"captcha": "7", "contact_phone": "13912345678", "lat": "", "lng": ""})
    assert "description" in fields
    from hazards.reporting.models import PublicReport

    report = PublicReport.objects.get()
    assert report.description == PAYLOAD
    assert PAYLOAD not in public.get(response["Location"]).content.decode()  # the public status page
    office = world.client("office")
    assert_escaped(office, reverse("reporting:detail", args=[report.pk]), reverse("reporting:list"))


def test_assessment_self_assessment_comment_is_escaped(world):
    objects = assessment_rows.objects(world)
    score = objects["manual_score"]
    street = world.client("street_a")
    response = street.post(reverse("assessment:self_assess", args=[score.pk]),
                           {"self_points": "20", "self_comment": PAYLOAD})
    assert response.status_code == 302
    score.refresh_from_db()
    assert score.self_comment == PAYLOAD
    assert_escaped(street, reverse("assessment:unit_detail", args=[objects["unit"].pk]))


# Every |safe, mark_safe and autoescape-off in the project's code and templates, with why it is safe.
REVIEWED_SAFE_USES = {
    # FastSelect.render: option values/labels, the name and attribute values all go through escape().
    "safety_platform/filters.py": 1,
}

SAFE_MARKERS = re.compile(r"\|\s*safe\b|mark_safe\(|autoescape\s+off|\|\s*safeseq\b|SafeString\(")


def test_safe_markers_are_reviewed():
    root = Path(settings.BASE_DIR)
    found: dict[str, int] = {}
    for path in [*root.glob("templates/**/*.html"), *root.glob("*/**/*.py"), *root.glob("*/templates/**/*.html")]:
        rel = path.relative_to(root).as_posix()
        if rel.startswith((".venv/", "tests/", "static/", "staticfiles/")) or "/migrations/" in rel:
            continue
        count = len(SAFE_MARKERS.findall(path.read_text(encoding="utf-8")))
        if count:
            found[rel] = count
    assert found == REVIEWED_SAFE_USES, (
        "a |safe / mark_safe / autoescape off was added or removed: review that it never carries user input, "
        f"then update REVIEWED_SAFE_USES. Now: {found}")
