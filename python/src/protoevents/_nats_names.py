"""The NATS names of events (docs/nats.md): an event's subject and stream, a dead letter's subject
and the dead-letter stream, from the three prefixes, as the TypeScript package names them."""

import re
from typing import Final

from protoevents._errors import InvalidMetadataError, quote

DEFAULT_SUBJECT_PREFIX: Final = "events"
"""What an event's subject starts with when no ``subject_prefix`` is given."""
DEFAULT_STREAM_PREFIX: Final = "events"
"""What an event's stream name starts with when no ``stream_prefix`` is given."""
DEFAULT_DEAD_LETTER_PREFIX: Final = "dead-letter"
"""What a dead letter's subject starts with when no ``dead_letter_prefix`` is given."""

# One or more subject tokens of a-z, 0-9, _ and -; a stream prefix one token, as a stream name
# holds no ".".
_PREFIX = re.compile(r"[a-z0-9_-]+(?:\.[a-z0-9_-]+)*")
_STREAM_PREFIX = re.compile(r"[a-z0-9_-]+")
# An event name as the event lint has it: dot-separated segments of a-z, 0-9 and _, never "-",
# so that "." as "-" in a stream name is one-to-one.
_EVENT_NAME = re.compile(r"[a-z0-9_]+(?:\.[a-z0-9_]+)*")


def check_prefix(option: str, prefix: object) -> str:
    """Checks ``subject_prefix`` or ``dead_letter_prefix``: one or more NATS subject tokens of
    ``a-z``, ``0-9``, ``_``, ``-``, separated by dots.

    Raises:
        ValueError: it is not.
    """
    if not isinstance(prefix, str) or _PREFIX.fullmatch(prefix) is None:
        raise ValueError(f"{option} must be one or more subject tokens of a-z, 0-9, _ and - separated by dots, got {prefix!r}")
    return prefix


def check_stream_prefix(prefix: object) -> str:
    """Checks ``stream_prefix``: one token of ``a-z``, ``0-9``, ``_``, ``-`` (a stream name holds no dot).

    Raises:
        ValueError: it is not.
    """
    if not isinstance(prefix, str) or _STREAM_PREFIX.fullmatch(prefix) is None:
        raise ValueError(f"stream_prefix must be one token of a-z, 0-9, _ and - (a stream name holds no dot), got {prefix!r}")
    return prefix


def check_names(subject_prefix: object, stream_prefix: object, dead_letter_prefix: object) -> tuple[str, str, str]:
    """Checks the three prefixes (``check_prefix``, ``check_stream_prefix``) and that the subject
    and dead-letter prefixes do not overlap, as their streams would capture each other's subjects.

    Raises:
        ValueError: a prefix is not subject tokens, or the two overlap.
    """
    subject = check_prefix("subject_prefix", subject_prefix)
    stream = check_stream_prefix(stream_prefix)
    dead_letter = check_prefix("dead_letter_prefix", dead_letter_prefix)
    if subject == dead_letter or subject.startswith(f"{dead_letter}.") or dead_letter.startswith(f"{subject}."):
        raise ValueError(
            f"subject_prefix {subject!r} and dead_letter_prefix {dead_letter!r} must not overlap: "
            "their streams would capture each other's subjects"
        )
    return subject, stream, dead_letter


def event_subject(event_name: str, subject_prefix: str = DEFAULT_SUBJECT_PREFIX) -> str:
    """The subject of every version of an event: ``<subject_prefix>.<event name>``, e.g.
    ``events.user.created``.

    Raises:
        InvalidMetadataError: the event name is not dot-separated segments of ``a-z``, ``0-9``, ``_``.
    """
    return f"{subject_prefix}.{_checked_name(event_name)}"


def event_stream(event_name: str, stream_prefix: str = DEFAULT_STREAM_PREFIX) -> str:
    """The stream of an event: ``<stream_prefix>-<event name with "." as "-">``, e.g.
    ``events-user_account-created`` for ``user_account.created``.

    Raises:
        InvalidMetadataError: the event name is not dot-separated segments of ``a-z``, ``0-9``, ``_``.
    """
    return f"{stream_prefix}-{_checked_name(event_name).replace('.', '-')}"


def dead_letter_subject(subject: str, dead_letter_prefix: str = DEFAULT_DEAD_LETTER_PREFIX) -> str:
    """The subject a message read from ``subject`` is dead-lettered to:
    ``<dead_letter_prefix>.<subject>``, e.g. ``dead-letter.events.user.created``."""
    return f"{dead_letter_prefix}.{subject}"


def dead_letter_stream(stream_prefix: str = DEFAULT_STREAM_PREFIX) -> str:
    """The dead-letter stream: ``<stream_prefix>-dead-letter``, capturing every dead letter's subject."""
    return f"{stream_prefix}-dead-letter"


def _checked_name(event_name: str) -> str:
    if _EVENT_NAME.fullmatch(event_name) is None:
        raise InvalidMetadataError("event_name", f"{quote(event_name)} is not dot-separated segments of a-z, 0-9 and _, which a NATS subject needs")
    return event_name
