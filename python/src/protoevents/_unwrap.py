"""``unwrap``: an envelope's payload decoded with the schema registered for its name and version."""

from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeVar, overload

from google.protobuf.message import Message

from protoevents._content_type import decode_payload, parse_content_type
from protoevents._decode_limits import DEFAULT_DECODE_LIMITS, DecodeLimits
from protoevents._errors import (
    IncompleteEnvelopeError,
    LimitExceededError,
    PayloadDecodeError,
    UnknownEventError,
    UnsupportedVersionError,
)
from protoevents._event_registry import EventEntry, EventSet, Unwrapped, VersionsByName, index_events
from protoevents.v1.envelope_pb2 import Envelope

if TYPE_CHECKING:
    from protoevents.registry import AnyEvent

U = TypeVar("U", bound=Unwrapped[str, str, Message])

_all_events: list[VersionsByName] = []


def _all_events_index() -> VersionsByName:
    if not _all_events:
        # Imported on first use, so that importing one domain does not import every other one.
        from protoevents.registry import events

        _all_events.append(index_events(events))
    return _all_events[0]


@overload
def unwrap(envelope: Envelope, *, limits: DecodeLimits = DEFAULT_DECODE_LIMITS) -> "AnyEvent": ...
@overload
def unwrap(envelope: Envelope, events: EventSet[U], *, limits: DecodeLimits = DEFAULT_DECODE_LIMITS) -> U: ...
@overload
def unwrap(
    envelope: Envelope,
    events: Sequence[EventEntry[str, str, Message]],
    *,
    limits: DecodeLimits = DEFAULT_DECODE_LIMITS,
) -> Unwrapped[str, str, Message]: ...
def unwrap(
    envelope: Envelope,
    events: Sequence[EventEntry[str, str, Message]] | None = None,
    *,
    limits: DecodeLimits = DEFAULT_DECODE_LIMITS,
) -> "AnyEvent | Unwrapped[str, str, Message]":
    """Decodes an envelope's payload with the schema registered for its event name and version.

    Without ``events``, every event of the package is known and the result is a union with one
    member per event: comparing ``name`` and ``version`` with ``==`` narrows ``payload`` to the
    exact generated message class. Pass a domain's ``events`` (e.g. from ``protoevents.user.v1``)
    to accept only those: the result is then the union of those events alone, and narrows alike.
    Any other sequence of ``EventEntry`` is accepted too, typed as ``Unwrapped[str, str, Message]``.

    Raises:
        IncompleteEnvelopeError: ``event_name`` or ``event_version`` is empty.
        UnknownEventError: no event of the name is registered, or, given ``events``, none of them
            has the name (the message then lists the accepted names).
        UnsupportedVersionError: the name is registered but not the version, or, given ``events``,
            none of them has that version (the message then lists the accepted versions).
        UnsupportedContentTypeError: ``content_type`` is not supported.
        PayloadDecodeError: the payload does not decode as the schema.
        LimitExceededError: the payload is over one of the ``limits``.
    """
    name = envelope.event_name
    version = envelope.event_version
    if name == "":
        raise IncompleteEnvelopeError("event_name")
    if version == "":
        raise IncompleteEnvelopeError("event_version")
    index = _all_events_index() if events is None else index_events(events)
    versions = index.get(name)
    if versions is None:
        raise UnknownEventError(name, None if events is None else list(index))
    entry = versions.get(version)
    if entry is None:
        raise UnsupportedVersionError(name, version, list(versions), restricted=events is not None)
    content_type = parse_content_type(envelope.content_type)
    try:
        payload = decode_payload(entry.message_type, envelope.payload, content_type, limits)
    except LimitExceededError:
        raise
    except Exception as cause:
        raise PayloadDecodeError(name, version, content_type.value, cause) from cause
    return Unwrapped(name, version, payload, envelope)
