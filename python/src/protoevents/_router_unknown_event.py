"""``UnknownEventPolicy``: what a consumer does with an event its router does not know."""

from typing import Final, Literal, TypeGuard, get_args

from protoevents._errors import ErrorCode, ProtoeventsError

UnknownEventPolicy = Literal["dead-letter", "skip", "stop"]
"""What a consumer does with an event its router does not know (``UNKNOWN_EVENT``) or knows in
other versions only (``UNSUPPORTED_VERSION``):

- ``"dead-letter"`` (the default): to the dead-letter topic, as a poison message;
- ``"skip"``: commit it and move on (the consumer reports it to ``on_skip``);
- ``"stop"``: stop the consumer without committing it; ``run()`` raises the error.
"""

DEFAULT_UNKNOWN_EVENT_POLICY: Final[UnknownEventPolicy] = "dead-letter"
"""The policy when none is given."""


def is_unknown_event(error: BaseException) -> TypeGuard[ProtoeventsError]:
    """Whether an error is the router's not knowing an event, the errors an ``UnknownEventPolicy``
    applies to: ``UNKNOWN_EVENT`` or ``UNSUPPORTED_VERSION``."""
    return isinstance(error, ProtoeventsError) and error.code in (ErrorCode.UNKNOWN_EVENT, ErrorCode.UNSUPPORTED_VERSION)


def check_unknown_event_policy(policy: object) -> UnknownEventPolicy:
    """Checks a policy given by a caller that mypy did not check.

    Raises:
        ValueError: it is not one of the three.
    """
    if policy == "dead-letter" or policy == "skip" or policy == "stop":
        return policy
    raise ValueError(f"unknown_events must be one of {', '.join(map(repr, get_args(UnknownEventPolicy)))}, got {policy!r}")
