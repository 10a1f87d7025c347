from pathlib import Path

from django.conf import settings
from kombu.transport.redis import Transport

from config.broker import choose_broker, redis_answers
from config.celery import app
from tests.e2e.live import free_port


def test_tasks_travel_as_json_only():
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]


def test_acks_late_with_a_visibility_timeout_beyond_any_retry_countdown():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.task_time_limit > app.conf.task_soft_time_limit > 0
    assert settings.CELERY_REDIS_TRANSPORT_OPTIONS["visibility_timeout"] > settings.CELERY_MAX_RETRY_COUNTDOWN


def test_falls_back_to_the_filesystem_broker_when_no_redis_answers(tmp_path: Path):
    silent = f"redis://127.0.0.1:{free_port()}/0"
    assert not redis_answers(silent)
    choice = choose_broker(silent, redis_transport_options={}, allow_fallback=True, fallback_folder=tmp_path)
    assert choice.is_fallback
    assert choice.transport_options["data_folder_in"] == choice.transport_options["data_folder_out"]
    assert Path(choice.transport_options["control_folder"]).is_absolute()
    assert "no Redis answered" in choice.description


def test_never_falls_back_when_falling_back_is_not_allowed(tmp_path: Path):
    silent = f"redis://127.0.0.1:{free_port()}/0"
    choice = choose_broker(
        silent, redis_transport_options={"visibility_timeout": 7200}, allow_fallback=False, fallback_folder=tmp_path
    )
    assert choice.url == silent
    assert not choice.is_fallback
    assert not (tmp_path / "queue").exists()


def test_broker_description_hides_the_redis_password(tmp_path: Path):
    choice = choose_broker(
        "redis://:s3cret@127.0.0.1:1/0", redis_transport_options={}, allow_fallback=False, fallback_folder=tmp_path
    )
    assert "s3cret" not in choice.description


def test_the_broker_has_socket_timeouts_above_the_workers_blocking_read():
    """A paused Redis never answers: without timeouts a publish waits for good. The read timeout
    must exceed the BRPOP that Redis answers within kombu's brpop_timeout, or idle workers would fail."""
    options = settings.CELERY_REDIS_TRANSPORT_OPTIONS
    assert 0 < options["socket_connect_timeout"] <= options["socket_timeout"]
    assert options["socket_timeout"] >= Transport.brpop_timeout + 3
