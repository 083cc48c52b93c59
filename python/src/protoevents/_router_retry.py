"""``RetryPolicy``: how a consumer retries a handler that raises, as TypeScript's ``RetryPolicy``."""

import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How a consumer retries a handler that raises: ``retries`` more runs after the first, each
    after a delay that starts at ``initial_delay`` and grows by ``factor`` up to ``max_delay``.
    TypeScript's ``RetryPolicy`` has the same fields, in milliseconds (``initialDelayMs``,
    ``maxDelayMs``). No jitter, so that both languages wait alike.

    Raises:
        ValueError: ``retries`` is negative, a delay is negative or not finite, or ``factor`` is
            below 1 or not finite.
    """

    retries: int = 3
    """How many times a failed handler runs again before its event is dead-lettered; 0 for never."""
    initial_delay: float = 0.1
    """The delay before the first retry, in seconds."""
    max_delay: float = 5.0
    """The longest delay between two runs, in seconds."""
    factor: float = 2.0
    """What each delay is multiplied by for the next."""

    def __post_init__(self) -> None:
        if isinstance(self.retries, bool) or not isinstance(self.retries, int) or self.retries < 0:
            raise ValueError(f"retries must be a non-negative integer, got {self.retries!r}")
        for name in ("initial_delay", "max_delay"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
                raise ValueError(f"{name} must be a non-negative number of seconds, got {value!r}")
        if isinstance(self.factor, bool) or not isinstance(self.factor, (int, float)) or not math.isfinite(self.factor) or self.factor < 1:
            raise ValueError(f"factor must be a number of at least 1, got {self.factor!r}")

    def delay(self, retry: int) -> float:
        """The delay in seconds before retry number ``retry`` (1 for the first retry, the
        handler's second run): ``initial_delay * factor ** (retry - 1)``, at most ``max_delay``."""
        if retry < 1:
            raise ValueError(f"retry numbers start at 1, got {retry}")
        # Past max_delay the power only grows: stop before it overflows a float.
        delay = self.initial_delay
        for _ in range(retry - 1):
            if delay >= self.max_delay:
                break
            delay *= self.factor
        return min(self.max_delay, delay)
