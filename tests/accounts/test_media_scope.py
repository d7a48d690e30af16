from django.core.files.base import ContentFile

from enterprises.models import EnterpriseAttachment

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def test_an_uploaded_file_is_served_only_within_the_owners_scope(world):
    att = EnterpriseAttachment(enterprise=world.ent_a, title="安全生产许可证扫描件")
    att.file.save("licence.pdf", ContentFile(PDF), save=True)
    url = f"/media/{att.file.name}"
    assert world.client("ent_a").get(url).status_code == 200
    assert world.client("grid_a").get(url).status_code == 200
    assert world.client("office").get(url).status_code == 200
    assert world.client("ent_b").get(url).status_code == 404
    assert world.client("street_b").get(url).status_code == 404
    assert world.client("anon").get(url).status_code == 302


def test_an_unknown_media_path_is_404_even_if_the_file_exists(world, settings):
    import os

    os.makedirs(settings.MEDIA_ROOT, exist_ok=True)
    with open(os.path.join(settings.MEDIA_ROOT, "stray.txt"), "w") as f:
        f.write("x")
    assert world.client("office").get("/media/stray.txt").status_code == 404
