"""Uploaded files are served only to users who may see the object that owns them — and always safely.

``file_response`` is the one way a stored file leaves the server (media URLs, hazard and patrol
photos, attachment and evidence downloads): the content type comes from the allow-list for the
format detected from the bytes (never from the name, never ``text/html``/``image/svg+xml``),
``X-Content-Type-Options: nosniff``, a locked-down CSP, and ``Content-Disposition: attachment``
unless the file is an image or a PDF shown inline. Files stored under their client's name before
the server chose names are served by the same rule.

``protected_media`` finds a path's owner among all models' file fields and checks it with the same
``for_user`` scoping as everything else (directly, or through the first FK to a scoped parent).
Unknown paths and out-of-scope files are 404.
"""

from __future__ import annotations

from functools import cache
from pathlib import PurePosixPath

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import FileResponse, Http404

from .uploads import OCTET_STREAM, detect_kind

# Even if a browser ignored the content type, nothing in a served file may run or load anything.
FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"
FILE_CSP_SANDBOXED = f"{FILE_CSP}; sandbox"  # not for PDF: Chromium's viewer refuses sandboxed documents


def _download_name(title: str, ext: str) -> str:
    keep = "".join(ch for ch in title.strip() if ch.isalnum() or ch in "-_（）()·. ")[:80].strip(". ")
    return f"{keep or 'file'}.{ext}"


def file_response(field_file, *, title: str = "", inline: bool = True) -> FileResponse:
    """Serve a stored file safely. ``title`` names the download (with the detected extension);
    ``inline=False`` forces a download even for an image or a PDF."""
    if not field_file:
        raise Http404("文件不存在")
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("文件不存在") from exc
    kind = detect_kind(handle)
    show_inline = bool(kind and kind.inline and inline)
    ext = kind.ext if kind else "bin"
    name = _download_name(title or PurePosixPath(field_file.name).stem, ext)
    response = FileResponse(handle, content_type=kind.content_type if kind else OCTET_STREAM,
                            as_attachment=not show_inline, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP if kind and kind.ext == "pdf" else FILE_CSP_SANDBOXED
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


@cache
def file_fields() -> list[tuple[type[models.Model], str]]:
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.fields
        if isinstance(field, models.FileField)
    ]


def _scoped(model: type[models.Model]) -> bool:
    return hasattr(model._default_manager, "for_user")


def user_may_see(user, obj: models.Model) -> bool:
    model = type(obj)
    if _scoped(model):
        return model._default_manager.for_user(user).filter(pk=obj.pk).exists()
    for field in model._meta.fields:
        if field.many_to_one and _scoped(field.related_model):
            parent_id = getattr(obj, field.attname)
            return parent_id is not None and field.related_model._default_manager.for_user(user).filter(pk=parent_id).exists()
    return bool(user.sees_everything)


def owner_of(path: str) -> tuple[models.Model, str] | None:
    for model, name in file_fields():
        obj = model._base_manager.filter(**{name: path}).first()
        if obj is not None:
            return obj, name
    return None


@login_required
def protected_media(request, path: str):
    found = owner_of(path)
    if found is None or not user_may_see(request.user, found[0]):
        raise Http404("文件不存在或无权查看")
    obj, field_name = found
    return file_response(getattr(obj, field_name), title=getattr(obj, "title", "") or "")
