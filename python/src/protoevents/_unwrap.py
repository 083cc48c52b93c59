"""``unwrap``: an envelope's payload decoded with the schema registered for its name and version."""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar, overload

from google.protobuf.message import Message

from protoevents._content_type import ContentType, decode_payload, parse_content_type
from protoevents._decode_limits import DEFAULT_DECODE_LIMITS, DecodeLimits
from protoevents._errors import (
    IncompleteEnvelopeError,
    LimitExceededError,
    PayloadDecodeError,
    UnknownEventError,
    UnsupportedVersionError,
)
from protoevents._event_identity import event_identity
from protoevents._strict_decode import PROBE_MOST_BYTES, UnknownFieldSet, check_parsed, decode_strict
from protoevents._event_registry import EventEntry, EventRegistry, EventSet, Unwrapped, new_unwrapped
from protoevents._wire_skim import bytes_outside_strings
from protoevents.v1.envelope_pb2 import Envelope

if TYPE_CHECKING:
    from protoevents.registry import AnyEvent

U = TypeVar("U", bound=Unwrapped[str, str, Message])
P = TypeVar("P", bound=Message)

_package_registry: list[EventRegistry[Unwrapped[str, str, Message]]] = []


def _all_events() -> EventRegistry[Unwrapped[str, str, Message]]:
    if not _package_registry:
        # Imported on first use, so that importing one domain does not import every other one.
        from protoevents.registry import events

        _package_registry.append(EventRegistry(events))
    return _package_registry[0]


@overload
def unwrap(envelope: Envelope, *, limits: DecodeLimits = DEFAULT_DECODE_LIMITS) -> "AnyEvent": ...
@overload
def unwrap(
    envelope: Envelope, events: EventSet[U] | EventRegistry[U], *, limits: DecodeLimits = DEFAULT_DECODE_LIMITS
) -> U: ...
@overload
def unwrap(
    envelope: Envelope, events: type[P], *, limits: DecodeLimits = DEFAULT_DECODE_LIMITS
) -> Unwrapped[str, str, P]: ...
@overload
def unwrap(
    envelope: Envelope,
    events: Sequence[EventEntry[str, str, Message]],
    *,
    limits: DecodeLimits = DEFAULT_DECODE_LIMITS,
) -> Unwrapped[str, str, Message]: ...
def unwrap(
    envelope: Envelope,
    events: "EventRegistry[Any] | Sequence[EventEntry[str, str, Message]] | type[Message] | None" = None,
    *,
    limits: DecodeLimits = DEFAULT_DECODE_LIMITS,
) -> "AnyEvent | Unwrapped[str, str, Message]":
    """Decodes an envelope's payload with the schema registered for its event name and version.

    Without ``events``, every event of the package is known and the result is a union with one
    member per event: comparing ``name`` and ``version`` with ``==`` narrows ``payload`` to the
    exact generated message class. Pass an ``EventRegistry`` built once, or a domain's ``events``
    (e.g. from ``protoevents.user.v1``), to accept only those: the result is then the union of
    those events alone, and narrows alike. Pass one message class (e.g. ``UserCreated``) to accept
    that event only; ``is_event`` asks first. A sequence of entries is indexed on every call: for a
    large set, build a registry once.

    Raises:
        IncompleteEnvelopeError: ``event_name`` or ``event_version`` is empty.
        UnknownEventError: no event of the name is registered, or, given ``events``, none of them
            has the name (the message then lists the accepted names).
        UnsupportedVersionError: the name is registered but not the version, or, given ``events``,
            none of them has that version (the message then lists the accepted versions).
        UnsupportedContentTypeError: ``content_type`` is not supported.
        PayloadDecodeError: the payload does not decode as the schema.
        LimitExceededError: the payload is over one of the ``limits``.
        NotAnEventError: given a message class that is not an event's.
    """
    name = envelope.event_name
    version = envelope.event_version
    if name == "":
        raise IncompleteEnvelopeError("event_name")
    if version == "":
        raise IncompleteEnvelopeError("event_version")
    registry = events if events.__class__ is EventRegistry else _registry_of(events)
    data: bytes | None = None
    parsed: Message | None = None
    # The common case in the fewest steps: a protobuf payload of a type whose messages one probe
    # proves (see PROBE_PARSERS), under the default limits. Anything else, and every failure, takes
    # the general path below, which gives the outcome.
    if limits is DEFAULT_DECODE_LIMITS:
        try:
            parse, message_type = registry._probed[name][version]
        except KeyError:
            parse = None
        if parse is not None:
            content_type = envelope.content_type
            if content_type == _PROTOBUF or content_type == "":
                data = envelope.payload
                if len(data) <= PROBE_MOST_BYTES or bytes_outside_strings(message_type, data) <= PROBE_MOST_BYTES:
                    try:
                        parsed = parse(data)
                    except Exception:
                        pass
                    else:
                        if not UnknownFieldSet(parsed):
                            return new_unwrapped(name, version, parsed, envelope)
    return _unwrap_general(envelope, name, version, registry, events is not None, data, parsed, limits)


_PROTOBUF = ContentType.PROTOBUF.value


def _unwrap_general(
    envelope: Envelope,
    name: str,
    version: str,
    registry: EventRegistry[Any],
    restricted: bool,
    data: bytes | None,
    parsed: Message | None,
    limits: DecodeLimits,
) -> Unwrapped[str, str, Message]:
    """``unwrap`` after the common case: ``data`` is the payload's bytes if it read them (each read
    of a upb bytes field is a copy), ``parsed`` the payload upb parsed from them, if it did."""
    entry = registry.get(name, version)
    if entry is None:
        versions = registry.versions(name)
        if not versions:
            raise UnknownEventError(name, registry.names() if restricted else None)
        raise UnsupportedVersionError(name, version, versions, restricted=restricted)
    content_type = parse_content_type(envelope.content_type)
    if data is None:
        data = envelope.payload
    try:
        if parsed is not None:
            payload = check_parsed(parsed, data, limits, "payload")
        elif content_type is ContentType.PROTOBUF:
            payload = decode_strict(entry.message_type, data, limits, "payload")
        else:
            payload = decode_payload(entry.message_type, data, content_type, limits)
    except LimitExceededError:
        raise
    except Exception as cause:
        raise PayloadDecodeError(name, version, content_type.value, cause) from cause
    return new_unwrapped(name, version, payload, envelope)


def is_event(envelope: Envelope, message_type: type[Message]) -> bool:
    """Whether an envelope carries the event of this message class: its name and version. Then
    ``unwrap(envelope, message_type)`` decodes the payload as that class.

    Raises:
        NotAnEventError: the message class is not an event's.
    """
    identity = event_identity(message_type)
    return envelope.event_name == identity.name and envelope.event_version == identity.version


def _registry_of(
    events: "EventRegistry[Any] | Sequence[EventEntry[str, str, Message]] | type[Message] | None",
) -> EventRegistry[Any]:
    if events is None:
        return _all_events()
    if isinstance(events, EventRegistry):
        return events
    if isinstance(events, type):
        identity = event_identity(events)
        return EventRegistry(EventEntry(identity.name, identity.version, events))
    return EventRegistry(events)
