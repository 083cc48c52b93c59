"""``wrap``: an event payload into an envelope, with the same defaults and checks as TypeScript."""

import time
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Literal

from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

from protoevents._content_type import ContentType, encode_payload, parse_content_type
from protoevents._errors import InvalidMetadataError, NotAnEventError
from protoevents._event_identity import event_identity
from protoevents._proto_json import js_key_order
from protoevents._uuid7 import uuid7
from protoevents.v1.envelope_pb2 import Envelope

_INT64_MIN = -(2**63)
_INT64_MAX = 2**63 - 1
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MILLISECOND = timedelta(milliseconds=1)


def wrap(
    message: Message,
    *,
    aggregate_id: str | None = None,
    trace_id: str = "",
    correlation_id: str = "",
    causation_id: str = "",
    source: str = "",
    content_type: ContentType | Literal["application/protobuf", "application/json"] = ContentType.PROTOBUF,
    attributes: Mapping[str, str] | None = None,
    event_id: str | None = None,
    timestamp: datetime | int | None = None,
) -> Envelope:
    """Wraps an event payload into an envelope.

    The event name and version come from the message's schema (its ``(protoevents.v1.event)``
    option and its package); the payload is encoded as ``content_type`` says.

    Args:
        message: the event payload, e.g. ``UserCreated(id="u-1", ...)``.
        aggregate_id: the entity the event belongs to; the payload's partition key field when
            omitted (or "" when the schema declares none).
        trace_id: distributed tracing id.
        correlation_id: id of the conversation this event is part of.
        causation_id: id of the message that caused this one.
        source: the producing service.
        content_type: how to encode the payload; ``application/protobuf`` when omitted.
        attributes: extension metadata, e.g. ``{"tenant_id": "acme"}``; stored sorted by key.
        event_id: the event id; a new UUIDv7 when omitted. Must not be empty.
        timestamp: when the event was recorded, an aware ``datetime`` or epoch milliseconds; now
            when omitted.

    Raises:
        NotAnEventError: the message is not an event.
        UnsupportedContentTypeError: the content type is not supported.
        InvalidMetadataError: the event id is empty or the timestamp is not an int64 of
            milliseconds.
    """
    identity = event_identity(type(message))
    encoding = parse_content_type(content_type)
    envelope = Envelope(
        event_id=_event_id(event_id),
        event_name=identity.name,
        event_version=identity.version,
        aggregate_id=aggregate_id if aggregate_id is not None else _partition_key_value(message, identity.partition_key),
        timestamp=_timestamp_millis(timestamp),
        trace_id=trace_id,
        correlation_id=correlation_id,
        causation_id=causation_id,
        source=source,
        content_type=encoding.value,
        payload=encode_payload(message, encoding),
    )
    if attributes:
        target = envelope.attributes
        for key in js_key_order(attributes) if len(attributes) > 1 else attributes:
            target[key] = attributes[key]
    return envelope


def _event_id(given: str | None) -> str:
    if given is None:
        return uuid7()
    if given == "":
        raise InvalidMetadataError("event_id", "must not be empty; omit it to get a UUIDv7")
    return given


def _timestamp_millis(given: datetime | int | None) -> int:
    if given is None:
        return time.time_ns() // 1_000_000
    if isinstance(given, datetime):
        if given.utcoffset() is None:
            raise InvalidMetadataError("timestamp", "the datetime is naive; give it a time zone, e.g. timezone.utc")
        millis = (given - _EPOCH) // _MILLISECOND
    elif isinstance(given, int) and not isinstance(given, bool):
        millis = given
    else:
        raise InvalidMetadataError("timestamp", f"{given!r} is not a datetime or whole epoch milliseconds")
    if not _INT64_MIN <= millis <= _INT64_MAX:
        raise InvalidMetadataError("timestamp", f"{given} is outside the int64 range")
    return millis


def _partition_key_value(message: Message, field_name: str) -> str:
    if field_name == "":
        return ""
    descriptor = message.DESCRIPTOR
    field = descriptor.fields_by_name.get(field_name)
    if field is None or field.type != FieldDescriptor.TYPE_STRING or field.is_repeated:
        raise NotAnEventError(descriptor.full_name, f'its partition_key "{field_name}" does not name a string field')
    value: str = getattr(message, field_name)
    return value
