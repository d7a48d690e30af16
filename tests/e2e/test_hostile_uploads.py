"""Issue 15, acceptance: a hostile-upload sweep. An enterprise user uploads the polyglot files
(GIF+HTML named evil.html, PDF+HTML, JPEG named photo.jpg.html, PNG named .xhtml) through the
browser at the upload endpoints it has, and a legacy file stored under its client name before the
fix is on disk; then the 安委办 opens every stored file in Chromium — the hazard photo view, the
attachment download, /media/… — and no script of the attacker's runs: no dialog, no request to any
path but the file itself, no change to the page title the payload sets."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD
from tests.hazards.factories import HazardFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The payload: a dialog, a read of the API and a POST with the reader's session, a changed title.
SCRIPT = (b"<html><head><title>pwned</title></head><body><script>alert('xss');"
          b"fetch('/api/v1/hazards/').then(function(r){return r.text()}).then(function(t){"
          b"fetch('/api/v1/hazards/', {method: 'POST', body: t})});document.title='pwned'</script></body></html>")


def _gif() -> bytes:
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("P", (8, 8), 3).save(out, "GIF")
    return out.getvalue()


def _jpeg() -> bytes:
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (8, 8), (200, 10, 10)).save(out, "JPEG")
    return out.getvalue()


def test_office_opens_every_hostile_upload_and_no_foreign_script_runs(journey, world, tmp_path):
    from enterprises.models import EnterpriseAttachment
    from hazards.models import HazardPhoto

    hazard = HazardFactory(enterprise=world.ent_a, description="配电柜未接地")
    files = {
        "evil.html": _gif() + SCRIPT,
        "photo.jpg.html": _jpeg() + SCRIPT,
        "report.pdf.html": b"%PDF-1.4\n" + SCRIPT + b"\n%%EOF\n",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)

    ent = journey("hostile-upload-enterprise", phone=True)
    ent.login(world.users["ent_a"].username, PASSWORD)
    ent.goto(reverse("hazards:detail", args=[hazard.pk]))
    for name in ("evil.html", "photo.jpg.html"):  # photos of the hazard (re-encoded or refused)
        form = ent.page.locator(f"form[action='{reverse('hazards:photo_add', args=[hazard.pk])}']")
        form.locator("input[type=file]").set_input_files(str(tmp_path / name))
        form.locator("button").click()
        ent.page.wait_for_load_state()
    ent.goto(reverse("enterprises:attachment_add", args=[world.ent_a.pk]))
    if ent.page.locator("input[type=file]").count():  # enterprise attachments, where the role may add them
        ent.page.fill("input[name=title]", "证照")
        ent.page.locator("input[type=file]").set_input_files(str(tmp_path / "report.pdf.html"))
        ent.page.locator("form button[type=submit]").last.click()
        ent.page.wait_for_load_state()
    ent.check()

    # A file stored before the fix under the client's name, with a row pointing at it.
    legacy = f"enterprises/{world.ent_a.pk}/evil.html"
    target = Path(settings.MEDIA_ROOT) / legacy
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(_gif() + SCRIPT)
    old = EnterpriseAttachment.objects.create(enterprise=world.ent_a, title="旧附件", file=legacy)

    urls = [reverse("hazards:photo", args=[p.pk]) for p in HazardPhoto.objects.filter(hazard=hazard)]
    urls += [f"/media/{p.image.name}" for p in HazardPhoto.objects.filter(hazard=hazard)]
    for att in EnterpriseAttachment.objects.filter(enterprise=world.ent_a):
        urls += [f"/media/{att.file.name}",
                 reverse("enterprises:attachment", kwargs={"pk": world.ent_a.pk, "item_pk": att.pk})]
    assert len(urls) >= 4 and f"/media/{legacy}" in urls, urls
    assert old.pk

    office = journey("hostile-upload-office")
    office.login(world.users["office"].username, PASSWORD)
    dialogs, requests = [], []
    office.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    office.context.on("request", lambda r: requests.append(r.url.replace(office.base, "")))

    for url in urls:
        requests.clear()
        try:
            response = office.goto(url)
            assert response.status == 200, f"{url}: {response.status}"
            assert response.headers["x-content-type-options"] == "nosniff", url
            office.page.wait_for_timeout(300)
            title = office.page.title()
        except Exception as exc:  # an attachment: the browser downloads it instead of showing it
            assert "Download is starting" in str(exc), f"{url}: {exc}"
            title = ""
        assert title != "pwned", f"{url}: the payload ran"
        assert not [r for r in requests if "/api/" in r], f"{url}: the payload called the API: {requests}"
    assert not dialogs, f"a hostile file opened a dialog: {dialogs}"
    office.check()
