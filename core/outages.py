"""Redis stalling or down must not hold a request: a short deadline on each call a request makes
to the broker, and a process-local cool-down after a failure of the broker or of the cache.

What a request needs from Redis is never essential. A notification is already in the outbox (and a
reminder in its ledger) when the request enqueues the task that sends it, so an enqueue that does
not happen only waits for the periodic run (docs/decisions/0003-celery-broker-and-delivery.md);
the throttles' counters let requests through when they cannot be read (core/api/throttling.py).

A paused Redis (SIGSTOP, a frozen VM, a network partition) accepts TCP connections into the kernel's
backlog and never answers, so only timeouts end a call. Socket timeouts alone do not bound an
enqueue: redis-py connects again and retries the handshake (measured: four attempts, about five
times the socket timeout), and Celery's publish retries on top. So the enqueue runs in a thread
the request waits for at most ``ENQUEUE_DEADLINE_SECONDS``; a thread still stuck after that ends on
the broker's socket timeout (CELERY_REDIS_TRANSPORT_OPTIONS). After a failure the service is left
alone for ``OUTAGE_COOL_DOWN_SECONDS`` in this process: a dead or paused Redis costs one timeout per
cool-down per process, not one per request.
"""

from __future__ import annotations

import contextvars
import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

T = TypeVar("T")

# One retry recovers a pooled connection that Redis closed (a restart); the deadline bounds the rest.
ENQUEUE_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


class CoolDown:
    """Remembers, in this process, that a service failed: for ``OUTAGE_COOL_DOWN_SECONDS`` after a
    failure, callers skip it. Time is monotonic; the state is one float, so threads need no lock."""

    def __init__(self, service: str) -> None:
        self.service = service
        self._until = 0.0

    def active(self) -> bool:
        return time.monotonic() < self._until

    def seconds_left(self) -> float:
        return max(0.0, self._until - time.monotonic())

    def failed(self, problem: str) -> None:
        seconds = float(settings.OUTAGE_COOL_DOWN_SECONDS)
        self._until = time.monotonic() + seconds
        logger.warning("%s: %s; not tried again in this process for %.0f s.", self.service, problem, seconds)

    def reset(self) -> None:
        self._until = 0.0


broker = CoolDown("Celery broker")
cache = CoolDown("Cache (throttle counters)")


class Unavailable(Exception):
    """The service is cooling down, did not answer within the deadline, or failed."""


def call_with_deadline(call: Callable[[], T], *, seconds: float, service: CoolDown, what: str) -> T:
    """Run ``call`` in a thread and wait at most ``seconds`` for it; its result, or ``Unavailable``.

    Skipped at once while ``service`` cools down; a timeout or an error starts its cool-down. The
    thread carries the caller's context variables (the request id goes into the task's headers)
    and is a daemon: a call stuck on a paused server ends on its own socket timeout.
    """
    if service.active():
        raise Unavailable(f"{service.service} cooling down for {service.seconds_left():.0f} s after a failure")
    outcome: dict[str, Any] = {}
    done = threading.Event()

    def run() -> None:
        try:
            outcome["result"] = call()
        except BaseException as error:  # handed to the caller, who logs it
            outcome["error"] = error
        finally:
            done.set()
            connections.close_all()  # this thread's own, if a signal handler opened one

    context = contextvars.copy_context()
    threading.Thread(target=context.run, args=(run,), name=f"deadline: {what}", daemon=True).start()
    if not done.wait(seconds):
        service.failed(f"{what} did not finish within {seconds:g} s")
        raise Unavailable(f"{what}: no answer within {seconds:g} s")
    if "error" in outcome:
        error = outcome["error"]
        problem = f"{what} failed ({type(error).__name__}: {str(error)[:200]})"
        service.failed(problem)
        raise Unavailable(problem) from error
    return outcome["result"]


def enqueue(task, *args: Any, **kwargs: Any) -> bool:
    """Send ``task`` to the broker from a request: True when it was enqueued, False (logged) when
    the broker is cooling down, answered nothing within ``ENQUEUE_DEADLINE_SECONDS`` or failed.
    Never raises. Call it only for work that is also recorded in the database, so the next periodic
    run does it when this returns False.

    With ``CELERY_TASK_ALWAYS_EAGER`` (the unit tests) the task runs here, in the caller's thread
    and transaction, as before.
    """
    name = getattr(task, "name", repr(task))
    if task.app.conf.task_always_eager:
        try:
            task.apply_async(args=args, kwargs=kwargs)
        except Exception:
            logger.warning(
                "Task %s failed when run in-process; the next periodic run will do it.", name, exc_info=True
            )
            return False
        return True
    try:
        call_with_deadline(
            lambda: task.apply_async(args=args, kwargs=kwargs, retry=True, retry_policy=ENQUEUE_RETRY_POLICY),
            seconds=float(settings.ENQUEUE_DEADLINE_SECONDS),
            service=broker,
            what=f"enqueueing {name}",
        )
    except Unavailable as problem:
        logger.info("Task %s not enqueued (%s); the next periodic run will do its work.", name, problem)
        return False
    return True
