"""Files from users: checked by content, never by name; stored under a name the server chooses.

- ``validate_image`` / ``validate_document`` are the form- and serializer-field validators used
  everywhere a file is accepted (type, size, pixel count — with a message naming the file).
- ``detect_kind`` tells what a file *is* from its bytes. The one allow-list, ``KINDS``, fixes for
  every accepted format its extension, the content type it is served with and whether it may be
  shown inline (images and PDF) or only downloaded (Office documents).
- ``clean_for_storage`` is what the default storage (``safety_platform.storage``) runs on every
  save: images are decoded and re-encoded (EXIF stripped, camera orientation applied, any bytes
  appended after the picture — an HTML "polyglot" — dropped), and the name becomes a random one
  with the detected extension. No file the client names ``evil.html`` is ever stored as such.
"""

from __future__ import annotations

import uuid
import warnings
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}
# A decompression bomb is an error, never a warning (Pillow warns between 1× and 2× the limit).
Image.MAX_IMAGE_PIXELS = 40_000_000
warnings.simplefilter("error", Image.DecompressionBombWarning)


@dataclass(frozen=True)
class FileKind:
    ext: str
    content_type: str
    inline: bool  # may be shown in the browser (image, PDF); everything else is an attachment
    image: bool = False


KINDS = {
    "jpg": FileKind("jpg", "image/jpeg", inline=True, image=True),
    "png": FileKind("png", "image/png", inline=True, image=True),
    "gif": FileKind("gif", "image/gif", inline=True, image=True),  # served for files stored before re-encoding
    "webp": FileKind("webp", "image/webp", inline=True, image=True),
    "pdf": FileKind("pdf", "application/pdf", inline=True),
    "docx": FileKind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", inline=False),
    "xlsx": FileKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", inline=False),
    "pptx": FileKind("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", inline=False),
}
OCTET_STREAM = "application/octet-stream"
_PIL_TO_EXT = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
_OOXML_PARTS = (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx"))


def max_pixels() -> int:
    return getattr(settings, "UPLOAD_MAX_PIXELS", Image.MAX_IMAGE_PIXELS)


def _check_size(f, limit: int | None = None) -> None:
    limit = limit or settings.UPLOAD_MAX_BYTES
    if f.size > limit:
        raise ValidationError(
            f"文件“{f.name}”大小为 {filesizeformat(f.size)}，超过上限 {filesizeformat(limit)}",
            code="too_large",
        )


def _rewind(f) -> int:
    return f.tell() if hasattr(f, "tell") else 0


def _image_format(f) -> tuple[str, tuple[int, int]] | None:
    """Format and size from the image header only — nothing is decoded yet."""
    pos = _rewind(f)
    try:
        with Image.open(f) as img:
            return img.format, img.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        return None
    finally:
        f.seek(pos)


def _ooxml_ext(f) -> str | None:
    pos = _rewind(f)
    try:
        with zipfile.ZipFile(f) as z:
            names = z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        f.seek(pos)
    if "[Content_Types].xml" not in names:
        return None
    for prefix, ext in _OOXML_PARTS:
        if any(n.startswith(prefix) for n in names):
            return ext
    return None


def detect_kind(f) -> FileKind | None:
    """What the bytes are, from the allow-list; None for anything else (HTML, SVG, executables…)."""
    pos = _rewind(f)
    head = f.read(8)
    f.seek(pos)
    if head.startswith(b"%PDF-"):
        return KINDS["pdf"]
    if head.startswith(b"PK\x03\x04"):
        ext = _ooxml_ext(f)
        return KINDS[ext] if ext else None
    found = _image_format(f)
    if found and found[0] in _PIL_TO_EXT:
        return KINDS[_PIL_TO_EXT[found[0]]]
    return None


def _check_pixels(f, size: tuple[int, int]) -> None:
    width, height = size
    if width * height > max_pixels():
        raise ValidationError(
            f"图片“{f.name}”为 {width}×{height} 像素，超过上限 {max_pixels() // 10_000} 万像素，请缩小后再上传",
            code="too_many_pixels",
        )


def validate_image(f) -> None:
    """Photos: must decode as an image, whatever the file is called; the pixel count is checked
    from the header before anything is decoded (a 62 KB PNG can claim 8000×8000)."""
    _check_size(f)
    found = _image_format(f)
    if found is None:
        raise ValidationError(f"文件“{f.name}”不是有效的图片（仅支持 JPG/PNG/WEBP/GIF）", code="not_image")
    fmt, size = found
    if fmt not in IMAGE_FORMATS:
        raise ValidationError(f"不支持的图片格式：{fmt}", code="not_image")
    _check_pixels(f, size)
    pos = _rewind(f)
    try:
        with Image.open(f) as img:
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning) as exc:
        raise ValidationError(f"文件“{f.name}”不是有效的图片（仅支持 JPG/PNG/WEBP/GIF）", code="not_image") from exc
    finally:
        f.seek(pos)


def validate_document(f) -> None:
    """Attachments: images, PDF, or Office Open XML (docx/xlsx/pptx)."""
    _check_size(f)
    pos = _rewind(f)
    head = f.read(8)
    f.seek(pos)
    if head.startswith(b"%PDF-"):
        return
    if head.startswith(b"PK\x03\x04"):
        if _ooxml_ext(f):
            return
        try:
            with zipfile.ZipFile(f):
                pass
        except zipfile.BadZipFile as exc:
            raise ValidationError(f"文件“{f.name}”已损坏", code="bad_file") from exc
        finally:
            f.seek(pos)
        raise ValidationError(f"文件“{f.name}”不是 Office 文档", code="bad_file")
    try:
        validate_image(f)
    except ValidationError as exc:
        if exc.code == "too_many_pixels":
            raise
        raise ValidationError(
            f"文件“{f.name}”类型不允许：仅支持图片、PDF、Word/Excel（docx/xlsx）", code="bad_type"
        ) from exc



def validate_images(files, *, field: str = "photos", limit: int | None = None) -> None:
    """Check every photo of one upload field; all their problems at once, on ``field`` (the one
    photo-check loop of hazards, patrols/inspections and public reports)."""
    errors = []
    if limit is not None and len(files) > limit:
        errors.append(f"最多上传 {limit} 张照片")
    for f in files:
        try:
            validate_image(f)
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({field: errors})

def reencode_image(f) -> tuple[bytes, FileKind]:
    """Decode and re-encode: upright (EXIF orientation applied), no metadata, nothing after the
    picture. Pictures with transparency stay PNG; everything else becomes JPEG."""
    pos = _rewind(f)
    try:
        with Image.open(f) as img:
            _check_pixels(f, img.size)
            img.seek(0)
            upright = ImageOps.exif_transpose(img)
            has_alpha = upright.mode in ("RGBA", "LA", "PA") or (upright.mode == "P" and "transparency" in upright.info)
            out = BytesIO()
            if has_alpha or img.format in ("PNG", "GIF"):
                upright = upright.convert("RGBA" if has_alpha else "RGB")
                upright.save(out, "PNG", optimize=True)
                kind = KINDS["png"]
            else:
                if upright.mode != "RGB":
                    upright = upright.convert("RGB")
                upright.save(out, "JPEG", quality=88, optimize=True)  # no exif= argument: nothing is copied
                kind = KINDS["jpg"]
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning) as exc:
        raise ValidationError(f"文件“{f.name}”不是有效的图片", code="not_image") from exc
    finally:
        f.seek(pos)
    return out.getvalue(), kind


def random_name(name: str, kind: FileKind) -> str:
    """Keep the directory the model's ``upload_to`` chose; replace the file name entirely."""
    folder = PurePosixPath(name).parent
    base = f"{uuid.uuid4().hex}.{kind.ext}"
    return base if str(folder) in ("", ".") else f"{folder}/{base}"


def clean_for_storage(name: str, content) -> tuple[str, bytes | None]:
    """(server-chosen name, re-encoded bytes or None to store the content as it is).

    Raises ValidationError for anything outside the allow-list: a file that is not an image, a PDF
    or an Office document is never stored, whichever form or API it came through."""
    kind = detect_kind(content)
    if kind is None:
        raise ValidationError(
            f"文件“{PurePosixPath(name).name}”类型不允许：仅支持图片、PDF、Word/Excel/PowerPoint（docx/xlsx/pptx）",
            code="bad_type",
        )
    data = None
    if kind.image:
        data, kind = reencode_image(content)
    return random_name(name, kind), data

