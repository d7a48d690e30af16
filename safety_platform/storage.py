"""The default file storage: every saved file is checked and renamed by ``uploads.clean_for_storage``.

Being the storage, it covers every FileField/ImageField of every app — a new model cannot forget
it. The client's file name is never used: it may carry ``.html``, ``.svg`` or a person's name.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from .uploads import clean_for_storage


class SafeFileSystemStorage(FileSystemStorage):
    def save(self, name, content, max_length=None):
        if name is None:
            name = content.name
        if not hasattr(content, "chunks"):
            content = ContentFile(content.read() if hasattr(content, "read") else content, name=name)
        name, data = clean_for_storage(name, content)
        if data is not None:
            content = ContentFile(data, name=name)
        return super().save(name, content, max_length=max_length)
