"""Questions a call for inputs asks, and each answer's text for them."""

from __future__ import annotations

from django.db import models

from core.validators import multi_line

from .domain import ActivityUpdate, CallForInputs


class CallPrompt(models.Model):
    """One free-text question of a call ("What did your organization do on remittances?")."""

    call = models.ForeignKey(CallForInputs, on_delete=models.CASCADE, related_name="prompts")
    position = models.PositiveSmallIntegerField(default=1)
    text = models.TextField(max_length=2000, validators=[multi_line])

    class Meta:
        ordering = ["call", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "position"],
                name="coordination_prompt_position_unique",
                violation_error_message="Two questions have the same number: give each its own.",
            ),
            models.CheckConstraint(
                condition=~models.Q(text=""),
                name="coordination_prompt_text_not_empty",
                violation_error_message="Write the question, or remove the row.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text[:80]}"


class PromptAnswer(models.Model):
    """An update's text for one prompt of the call its input request belongs to."""

    update = models.ForeignKey(ActivityUpdate, on_delete=models.CASCADE, related_name="answers")
    prompt = models.ForeignKey(CallPrompt, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(blank=True, default="", validators=[multi_line])

    class Meta:
        ordering = ["update", "prompt__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["update", "prompt"],
                name="coordination_answer_one_per_prompt",
                violation_error_message="This question is answered twice: keep one answer.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.update}: {self.prompt}"
