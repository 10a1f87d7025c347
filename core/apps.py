from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The bottom layer: model bases, the notification outbox and its sender, the workers' heartbeat,
    the API's idempotency records and plumbing. It imports no other app of the project."""

    name = "core"
    verbose_name = "System"
