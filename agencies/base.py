"""Abstract bases shared by the domain models of every app."""

from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class SeededModel(TimeStampedModel):
    """A domain record that the seed loader may have written.

    ``seed_key`` is the record's stable key in ``seeds/data`` (reruns match on it);
    ``seed_digest`` is a digest of the values as the loader last wrote them, so a rerun can tell
    a record edited by the secretariat since (and leave it alone). ``is_demo`` flags the data of
    ``load_seeds --demo-today``.
    """

    seed_key = models.SlugField(max_length=120, blank=True, default="", help_text="Stable key in seeds/data.")
    seed_digest = models.CharField(max_length=64, blank=True, default="", editable=False)
    is_demo = models.BooleanField(default=False, help_text="Demo data, not from the source documents.")

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["seed_key"],
                condition=~models.Q(seed_key=""),
                name="%(app_label)s_%(class)s_seed_key_unique",
            )
        ]
