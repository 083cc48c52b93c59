"""``ensure_streams``: the JetStream stream of every event of a set, with the limits its versions
declare, and the dead-letter stream, created or brought up to date."""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from nats.js.api import RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import NotFoundError
from nats.js.manager import JetStreamManager

from protoevents._event_limits import EventLimits, event_limits
from protoevents._event_registry import EventRegistry, EventSource
from protoevents._nats_names import (
    DEFAULT_DEAD_LETTER_PREFIX,
    DEFAULT_STREAM_PREFIX,
    DEFAULT_SUBJECT_PREFIX,
    check_names,
    dead_letter_stream,
    event_stream,
    event_subject,
)

DEFAULT_DUPLICATE_WINDOW: Final = 120.0
"""How long JetStream remembers a ``Nats-Msg-Id`` to drop a second publish, in seconds, when
``ensure_streams`` is given no ``duplicate_window``: 2 minutes, the server's own default."""


@dataclass(frozen=True, slots=True)
class EnsuredStream:
    """A stream ``ensure_streams`` made or updated."""

    name: str
    """Its name."""
    subjects: tuple[str, ...]
    """The subjects it captures."""
    created: bool
    """Whether it was made; ``False`` when it existed and was updated."""


async def ensure_streams(
    js: JetStreamManager,
    events: EventSource,
    *,
    subject_prefix: str = DEFAULT_SUBJECT_PREFIX,
    stream_prefix: str = DEFAULT_STREAM_PREFIX,
    dead_letter_prefix: str = DEFAULT_DEAD_LETTER_PREFIX,
    duplicate_window: float = DEFAULT_DUPLICATE_WINDOW,
) -> list[EnsuredStream]:
    """Creates the stream of every event name of ``events`` (a generated ``events`` set, a
    registry or entries), or updates it when it exists, and the dead-letter stream; returns them,
    the dead-letter stream last. An event's stream captures its subject, in file storage
    with limits retention, with:

    - ``max_age``: the largest ``limits.max_age`` over the event's versions, none when a version
      declares none;
    - ``max_msg_size``: the largest ``limits.max_bytes`` over its versions, likewise;
    - ``duplicate_window`` (seconds; 2 minutes when omitted), at most the stream's ``max_age``.

    The dead-letter stream captures ``<dead_letter_prefix>.>``, without limits. ``js`` is a
    ``JetStreamContext`` (``nc.jetstream()``) or a ``JetStreamManager``.

    Raises:
        ValueError: a prefix is not subject tokens (the stream prefix: one token), the subject
            and dead-letter prefixes overlap, an event's stream would be the dead-letter stream,
            or ``duplicate_window`` is not a positive number of seconds.
        NotAnEventError: an entry's message class is not an event's.
        nats.js.errors.APIError: JetStream refuses a stream (e.g. another stream captures its subject).
    """
    subject_prefix, stream_prefix, dead_letter_prefix = check_names(subject_prefix, stream_prefix, dead_letter_prefix)
    if isinstance(duplicate_window, bool) or not isinstance(duplicate_window, (int, float)) or not math.isfinite(duplicate_window) or duplicate_window <= 0:
        raise ValueError(f"duplicate_window must be a positive number of seconds, got {duplicate_window!r}")
    by_name: dict[str, list[EventLimits]] = {}
    for entry in EventRegistry(events).entries:
        by_name.setdefault(entry.name, []).append(event_limits(entry.message_type))
    dead_letters = dead_letter_stream(stream_prefix)
    for name in by_name:
        if event_stream(name, stream_prefix) == dead_letters:
            raise ValueError(f"the stream of event {name!r} would be the dead-letter stream {dead_letters!r}; give another stream_prefix")
    configs = [_event_stream_config(name, versions, subject_prefix, stream_prefix, float(duplicate_window)) for name, versions in by_name.items()]
    configs.append(
        StreamConfig(
            name=dead_letters,
            subjects=[f"{dead_letter_prefix}.>"],
            retention=RetentionPolicy.LIMITS,
            storage=StorageType.FILE,
            max_age=0,
            max_msg_size=-1,
            duplicate_window=float(duplicate_window),
        )
    )
    return [await _create_or_update(js, config) for config in configs]


def _event_stream_config(name: str, versions: list[EventLimits], subject_prefix: str, stream_prefix: str, duplicate_window: float) -> StreamConfig:
    # 0 and -1 are JetStream's "no limit", written so that an update lifts a limit dropped.
    max_age = _largest([limits.max_age_ms for limits in versions], 0) / 1000
    return StreamConfig(
        name=event_stream(name, stream_prefix),
        subjects=[event_subject(name, subject_prefix)],
        retention=RetentionPolicy.LIMITS,
        storage=StorageType.FILE,
        max_age=max_age,
        max_msg_size=_largest([limits.max_bytes for limits in versions], -1),
        # JetStream refuses a duplicate window longer than the stream's max_age.
        duplicate_window=min(duplicate_window, max_age) if max_age > 0 else duplicate_window,
    )


async def _create_or_update(js: JetStreamManager, config: StreamConfig) -> EnsuredStream:
    name = config.name or ""
    ensured = EnsuredStream(name, tuple(config.subjects or ()), created=True)
    try:
        await js.stream_info(name)
    except NotFoundError:
        await js.add_stream(config)
        return ensured
    await js.update_stream(config)
    return EnsuredStream(ensured.name, ensured.subjects, created=False)


def _largest(limits: Sequence[int | None], none: int) -> int:
    """The largest limit, or ``none`` (JetStream's "no limit") when any is absent."""
    if any(limit is None for limit in limits):
        return none
    return max(limit for limit in limits if limit is not None)
