"""Files attached to an activity update: stored outside the web root, served only to those who may
see the update (coordination/focal_views.py)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models

from core.validators import single_line


def private_storage() -> FileSystemStorage:
    """PRIVATE_MEDIA_ROOT: never under a URL the web server serves by itself. A callable, so
    migrations name it rather than a machine's path."""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


def attachment_path(instance, filename: str) -> str:
    # A random name: the original one is kept in the database only.
    return f"attachments/{instance.update_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    update = models.ForeignKey("coordination.ActivityUpdate", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, storage=private_storage, max_length=200)
    original_name = models.CharField(max_length=255, validators=[single_line])
    content_type = models.CharField(max_length=100, validators=[single_line])
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
