"""Upload checks by content, not by name: images (decoded by Pillow), PDF, Office files.

Used as form-field / serializer-field validators everywhere a file is accepted.
"""

from __future__ import annotations

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "HEIF", "MPO"}
Image.MAX_IMAGE_PIXELS = 60_000_000


def _check_size(f, limit: int | None = None) -> None:
    limit = limit or settings.UPLOAD_MAX_BYTES
    if f.size > limit:
        raise ValidationError(
            f"文件“{f.name}”大小为 {filesizeformat(f.size)}，超过上限 {filesizeformat(limit)}",
            code="too_large",
        )


def validate_image(f) -> None:
    """Photos: must decode as an image, whatever the file is called."""
    _check_size(f)
    pos = f.tell() if hasattr(f, "tell") else 0
    try:
        with Image.open(f) as img:
            fmt = img.format
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(f"文件“{f.name}”不是有效的图片（仅支持 JPG/PNG/WEBP/GIF）", code="not_image") from exc
    finally:
        f.seek(pos)
    if fmt not in IMAGE_FORMATS:
        raise ValidationError(f"不支持的图片格式：{fmt}", code="not_image")


def validate_document(f) -> None:
    """Attachments: images, PDF, or Office Open XML (docx/xlsx/pptx)."""
    _check_size(f)
    pos = f.tell() if hasattr(f, "tell") else 0
    head = f.read(8)
    f.seek(pos)
    if head.startswith(b"%PDF-"):
        return
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(f) as z:
                names = z.namelist()
        except zipfile.BadZipFile as exc:
            raise ValidationError(f"文件“{f.name}”已损坏", code="bad_file") from exc
        finally:
            f.seek(pos)
        if "[Content_Types].xml" in names:
            return
        raise ValidationError(f"文件“{f.name}”不是 Office 文档", code="bad_file")
    try:
        validate_image(f)
    except ValidationError as exc:
        raise ValidationError(
            f"文件“{f.name}”类型不允许：仅支持图片、PDF、Word/Excel（docx/xlsx）", code="bad_type"
        ) from exc
