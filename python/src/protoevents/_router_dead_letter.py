"""The headers a consumer adds to a dead-letter record, as the TypeScript package writes them."""

from dataclasses import dataclass
from typing import Final

ERROR_CODE_HEADER: Final = "protoevents-error-code"
"""The ``ProtoeventsError`` code, or ``HANDLER_FAILED`` when the handler kept failing."""
ERROR_MESSAGE_HEADER: Final = "protoevents-error-message"
"""The error's message, cut to 1000 characters (Unicode code points)."""
ORIGINAL_TOPIC_HEADER: Final = "protoevents-original-topic"
"""The topic (or subject) the record was read from."""
ORIGINAL_PARTITION_HEADER: Final = "protoevents-original-partition"
"""The partition it was read from, in decimal."""
ORIGINAL_OFFSET_HEADER: Final = "protoevents-original-offset"
"""Its offset there, in decimal."""
ATTEMPTS_HEADER: Final = "protoevents-attempts"
"""How many times the handler ran, in decimal: 0 for a message that did not decode."""

HANDLER_FAILED: Final = "HANDLER_FAILED"
"""The code of a dead-letter record whose handler raised on every run."""

MAX_DEAD_LETTER_MESSAGE_LENGTH: Final = 1000
"""The longest error message a dead-letter record carries, in Unicode code points."""


@dataclass(frozen=True, slots=True)
class DeadLetterReason:
    """Why and from where an event was dead-lettered: what the ``protoevents-*`` headers of its
    dead-letter record say."""

    code: str
    """A ``ProtoeventsError`` code, or ``HANDLER_FAILED``."""
    message: str
    """The error's message, whole."""
    topic: str
    """The topic the record was read from."""
    partition: int
    """The partition it was read from."""
    offset: int
    """Its offset there."""
    attempts: int
    """How many times the handler ran: 0 for a message that did not decode."""


def dead_letter_headers(reason: DeadLetterReason) -> list[tuple[str, bytes]]:
    """The ``protoevents-*`` headers of a dead-letter record, in UTF-8, the message cut to 1000
    code points so that both languages cut at the same place."""
    message = reason.message[:MAX_DEAD_LETTER_MESSAGE_LENGTH]
    return [
        (ERROR_CODE_HEADER, reason.code.encode()),
        (ERROR_MESSAGE_HEADER, message.encode("utf-8", "backslashreplace")),
        (ORIGINAL_TOPIC_HEADER, reason.topic.encode()),
        (ORIGINAL_PARTITION_HEADER, str(reason.partition).encode()),
        (ORIGINAL_OFFSET_HEADER, str(reason.offset).encode()),
        (ATTEMPTS_HEADER, str(reason.attempts).encode()),
    ]
