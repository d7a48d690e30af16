"""Uploaded files are served only to users who may see the object that owns them.

The owner is found by the file's path among all models' file fields; it is checked with the
same ``for_user`` scoping as everything else (directly, or through the first FK to a scoped
parent). Unknown paths and out-of-scope files are 404.
"""

from __future__ import annotations

from functools import cache

from django.apps import apps
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import Http404
from django.views.static import serve


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


def owner_of(path: str) -> models.Model | None:
    for model, name in file_fields():
        obj = model._base_manager.filter(**{name: path}).first()
        if obj is not None:
            return obj
    return None


@login_required
def protected_media(request, path: str):
    obj = owner_of(path)
    if obj is None or not user_may_see(request.user, obj):
        raise Http404("文件不存在或无权查看")
    return serve(request, path, document_root=settings.MEDIA_ROOT)
