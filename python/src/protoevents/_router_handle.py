"""``handle_with_retries``: a routed event's handler run until it returns, with the retry policy's
delays, as the transports' consumers run it."""

import threading
import time
from dataclasses import dataclass
from typing import Literal

from protoevents._router_context import MessageSource
from protoevents._router_dispatch import RoutedEvent
from protoevents._router_retry import RetryPolicy


@dataclass(frozen=True, slots=True)
class HandlingOutcome:
    """How ``handle_with_retries`` ended: ``"handled"`` (the handler returned on run number
    ``attempts``), ``"failed"`` (it raised on each of its ``attempts`` runs; ``error`` is the
    last error) or ``"aborted"`` (a stop came while waiting to retry: neither handled nor failed)."""

    status: Literal["handled", "failed", "aborted"]
    """How it ended."""
    attempts: int
    """How many times the handler ran."""
    error: Exception | None = None
    """The last run's error, when it failed."""


def handle_with_retries(
    event: RoutedEvent, retry: RetryPolicy, *, source: MessageSource | None = None, stopping: threading.Event | None = None
) -> HandlingOutcome:
    """Runs a routed event's handler, and again after a growing delay each time it raises, up to
    ``retry.retries`` more times. Never raises what the handler raises (an ``Exception``): the
    outcome says how it ended. A consumer commits a handled event, dead-letters a failed one
    (``HANDLER_FAILED``) and leaves an aborted one uncommitted, to be read again. Setting
    ``stopping`` cuts a wait before a retry short; a run in progress always finishes."""
    attempt = 1
    while True:
        try:
            event.handle(attempt=attempt, source=source)
            return _HANDLED_AT_ONCE if attempt == 1 else HandlingOutcome("handled", attempt)
        except Exception as error:
            if attempt > retry.retries:
                return HandlingOutcome("failed", attempt, error)
            delay = retry.delay(attempt)
            if stopping is None:
                time.sleep(delay)
            elif stopping.wait(delay):
                return HandlingOutcome("aborted", attempt)
            attempt += 1


# The outcome of nearly every event, built once: an outcome is immutable.
_HANDLED_AT_ONCE = HandlingOutcome("handled", 1)
