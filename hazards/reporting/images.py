"""Public photos: read the camera's location for the officer, then store a re-encoded copy
without any EXIF (location, device serial, owner name never reach a public page)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from django.conf import settings
from django.core.files.base import ContentFile
from PIL import ExifTags, Image, ImageOps

EXIF_DATETIME_ORIGINAL = 0x9003


@dataclass
class CleanPhoto:
    content: ContentFile
    gps_lat: Decimal | None
    gps_lng: Decimal | None
    taken_at: str


def _degrees(value, ref) -> Decimal | None:
    try:
        d, m, s = (float(x) for x in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    result = d + m / 60 + s / 3600
    if str(ref).upper() in ("S", "W"):
        result = -result
    return Decimal(f"{result:.6f}")


def exif_location(img: Image.Image) -> tuple[Decimal | None, Decimal | None, str]:
    exif = img.getexif()
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    lat = lng = None
    if gps:
        lat = _degrees(gps.get(ExifTags.GPS.GPSLatitude), gps.get(ExifTags.GPS.GPSLatitudeRef, "N"))
        lng = _degrees(gps.get(ExifTags.GPS.GPSLongitude), gps.get(ExifTags.GPS.GPSLongitudeRef, "E"))
        if lat is not None and not -90 <= lat <= 90 or lng is not None and not -180 <= lng <= 180:
            lat = lng = None
    taken = exif.get_ifd(ExifTags.IFD.Exif).get(EXIF_DATETIME_ORIGINAL) or exif.get(ExifTags.Base.DateTime) or ""
    return lat, lng, str(taken)[:20]


def strip_photo(f) -> CleanPhoto:
    """Decode an (already validated) upload, keep its EXIF location aside, and return a JPEG copy
    rotated upright, at most REPORTING_PHOTO_MAX_EDGE pixels, with no metadata at all."""
    f.seek(0)
    with Image.open(f) as img:
        lat, lng, taken = exif_location(img)
        img.seek(0)
        upright = ImageOps.exif_transpose(img)
        if upright.mode in ("RGBA", "LA", "P"):
            upright = upright.convert("RGBA")
            background = Image.new("RGB", upright.size, (255, 255, 255))
            background.paste(upright, mask=upright.getchannel("A"))
            upright = background
        elif upright.mode != "RGB":
            upright = upright.convert("RGB")
        edge = settings.REPORTING_PHOTO_MAX_EDGE
        upright.thumbnail((edge, edge))
        out = BytesIO()
        upright.save(out, "JPEG", quality=85, optimize=True)  # no exif= argument: nothing is copied
    f.seek(0)
    # A random name: the uploader's file name may carry a name or a phone number.
    return CleanPhoto(ContentFile(out.getvalue(), name=f"{secrets.token_hex(8)}.jpg"), lat, lng, taken)
