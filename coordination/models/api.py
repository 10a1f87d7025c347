"""What the API keeps for itself: the answers to POST requests sent with an Idempotency-Key."""

from django.conf import settings
from django.db import models


class IdempotencyRecord(models.Model):
    """A POST answered once per (user, key) for 24 hours: a retried request gets the same answer,
    the same key with another body gets a 422."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    method_and_path = models.CharField(max_length=300)
    request_digest = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="coordination_idempotency_once_per_user")]

    def __str__(self) -> str:
        return f"{self.key} ({self.method_and_path})"
