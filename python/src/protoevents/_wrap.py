"""``wrap``: an event payload into an envelope, with the same defaults and checks as TypeScript."""

import time
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any, Literal

from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

from protoevents._content_type import ContentType, encode_payload, parse_content_type
from protoevents._attribute_key import attribute_key_problem
from protoevents._errors import InvalidMetadataError, NotAnEventError, quote
from protoevents._event_identity import event_identity
from protoevents._trace_context import parse_traceparent, tracestate_problem
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
    traceparent: str = "",
    tracestate: str = "",
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
    option and its package); the payload is encoded as ``content_type`` says. Every string given
    must encode to UTF-8 (no lone surrogates).

    Args:
        message: the event payload, e.g. ``UserCreated(id="u-1", ...)``.
        aggregate_id: the entity the event belongs to; the payload's partition key field when
            omitted or None (or "" when the schema declares none).
        trace_id: distributed tracing id; the trace id of ``traceparent`` when that is given
            (and then, if not empty, it must be the same).
        traceparent: the W3C traceparent of the operation producing the event,
            "00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>"; CloudEvents carries it as the
            distributed-tracing extension.
        tracestate: the W3C tracestate that goes with ``traceparent``; only with it.
        correlation_id: id of the conversation this event is part of.
        causation_id: id of the message that caused this one.
        source: the producing service.
        content_type: how to encode the payload; ``application/protobuf`` when omitted.
        attributes: extension metadata, a mapping of strings, e.g. ``{"tenantid": "acme"}``. A key
            is 1 to 20 characters of ``a-z`` and ``0-9`` (a CloudEvents extension attribute name)
            and not a CloudEvents context attribute name (``id``, ``source``, ``time``,
            ``traceparent``, ...: docs/envelope-bytes.md). Encoded sorted by key.
        event_id: the event id; a new UUIDv7 when omitted or None. Must not be empty.
        timestamp: when the event was recorded, an aware ``datetime`` or epoch milliseconds as an
            int64 ``int``; now when omitted or None.

    Raises:
        NotAnEventError: the message is not an event.
        UnsupportedContentTypeError: the content type is not supported.
        InvalidMetadataError: a keyword is of the wrong type (None only means "omitted" where it
            is the default), a string holds a lone surrogate, the event id is empty, the timestamp
            is not an int64 of milliseconds, the traceparent is not a W3C traceparent (or the
            trace id given is not its own, or a tracestate comes without it), or an attribute key
            breaks the key rule; ``field`` names the keyword.
    """
    identity = event_identity(type(message))
    # A member is taken as it is: hashing an enum member to look it up runs Python code.
    encoding = content_type if isinstance(content_type, ContentType) else parse_content_type(_checked_str("content_type", content_type))
    checked_event_id = _event_id(event_id)
    checked_timestamp = _timestamp_millis(timestamp)
    if aggregate_id is not None:
        aggregate_id = _checked_str("aggregate_id", aggregate_id)
    # In the order TypeScript checks the options, so that two bad ones give the same error.
    trace_id, traceparent, tracestate = _trace_context(trace_id, traceparent, tracestate)
    if aggregate_id is None:
        aggregate_id = _partition_key_value(message, identity.partition_key)
    correlation_id = _checked_str("correlation_id", correlation_id)
    causation_id = _checked_str("causation_id", causation_id)
    source = _checked_str("source", source)
    # Only the fields that are set: an empty string or 0 is not written in proto3 either way, and
    # each keyword costs upb a field lookup.
    fields: dict[str, Any] = {
        "event_id": checked_event_id,
        "event_name": identity.name,
        "event_version": identity.version,
        "timestamp": checked_timestamp,
        "content_type": encoding,  # a str; reading .value of an enum member runs Python code
        "payload": encode_payload(message, encoding),
    }
    if aggregate_id:
        fields["aggregate_id"] = aggregate_id
    if trace_id:
        fields["trace_id"] = trace_id
    if traceparent:
        fields["traceparent"] = traceparent
        fields["tracestate"] = tracestate
    if correlation_id:
        fields["correlation_id"] = correlation_id
    if causation_id:
        fields["causation_id"] = causation_id
    if source:
        fields["source"] = source
    envelope = Envelope(**fields)
    if attributes is not None:
        _set_attributes(envelope, attributes)
    return envelope


def _trace_context(trace_id: object, traceparent: object, tracestate: object) -> tuple[str, str, str]:
    """The trace id, traceparent and tracestate of an envelope, from ``wrap``'s keywords."""
    given_trace_id = _checked_str("trace_id", trace_id)
    if traceparent == "" and tracestate == "":
        return given_trace_id, "", ""
    checked_traceparent = _checked_str("traceparent", traceparent)
    checked_tracestate = _checked_str("tracestate", tracestate)
    if checked_traceparent == "":
        if checked_tracestate != "":
            raise InvalidMetadataError("tracestate", "is given without a traceparent")
        return given_trace_id, "", ""
    try:
        parsed_trace_id = parse_traceparent(checked_traceparent)
    except ValueError as error:
        raise InvalidMetadataError("traceparent", str(error)) from None
    if given_trace_id not in ("", parsed_trace_id):
        raise InvalidMetadataError("trace_id", f"{quote(given_trace_id)} is not the trace id of the traceparent, {quote(parsed_trace_id)}")
    problem = tracestate_problem(checked_tracestate)
    if problem is not None:
        raise InvalidMetadataError("tracestate", problem)
    return parsed_trace_id, checked_traceparent, checked_tracestate


def _event_id(given: object) -> str:
    if given is None:
        return uuid7()
    event_id = _checked_str("event_id", given)
    if event_id == "":
        raise InvalidMetadataError("event_id", "must not be empty; omit it to get a UUIDv7")
    return event_id


def _timestamp_millis(given: object) -> int:
    if given is None:
        return time.time_ns() // 1_000_000
    if isinstance(given, datetime):
        if given.utcoffset() is None:
            raise InvalidMetadataError("timestamp", "the datetime is naive; give it a time zone, e.g. timezone.utc")
        return (given - _EPOCH) // _MILLISECOND
    if isinstance(given, int) and not isinstance(given, bool):
        if not _INT64_MIN <= given <= _INT64_MAX:
            raise InvalidMetadataError("timestamp", f"{given} is outside the int64 range")
        return given
    raise InvalidMetadataError(
        "timestamp", f"must be a datetime, or epoch milliseconds as an int; got {_type_name(given)}"
    )


def _partition_key_value(message: Message, field_name: str) -> str:
    if field_name == "":
        return ""
    if type(message) not in _checked_partition_keys:
        descriptor = message.DESCRIPTOR
        field = descriptor.fields_by_name.get(field_name)
        if field is None or field.type != FieldDescriptor.TYPE_STRING or field.is_repeated:
            raise NotAnEventError(descriptor.full_name, f'its partition_key "{field_name}" does not name a string field')
        _checked_partition_keys.add(type(message))
    value: str = getattr(message, field_name)
    return value


_checked_partition_keys: set[type[Message]] = set()
"""The message classes whose partition key names a string field."""


def _set_attributes(envelope: Envelope, given: object) -> None:
    if given.__class__ is not dict and not isinstance(given, Mapping):
        raise InvalidMetadataError("attributes", f"must be a mapping of strings, got {_type_name(given)}")
    attributes = envelope.attributes
    for key, value in given.items():
        if not isinstance(key, str):
            raise InvalidMetadataError("attributes", f"has a key of type {type(key).__name__}; keys are strings")
        problem = attribute_key_problem(key)
        if problem is not None:
            raise InvalidMetadataError("attributes", f"key {quote(key)} {problem}")
        if not isinstance(value, str):
            raise InvalidMetadataError("attributes", f"the value of {quote(key)} must be a string, got {_type_name(value)}")
        if not _is_well_formed(value):
            raise InvalidMetadataError("attributes", f"the value of {quote(key)}, {quote(value)}, has a lone surrogate")
        # Entry by entry: the map's update() and the constructor's keyword cost upb twice as much.
        attributes[key] = value


def _checked_str(field: str, given: object) -> str:
    if isinstance(given, str) and given.isascii():
        return given
    if not isinstance(given, str):
        raise InvalidMetadataError(field, f"must be a string, got {_type_name(given)}")
    if not _is_well_formed(given):
        raise InvalidMetadataError(field, f"{quote(given)} has a lone surrogate; strings must be well-formed Unicode")
    return given


def _is_well_formed(value: str) -> bool:
    # isascii() reads a flag of the string, no scan; only other strings are encoded to check.
    if value.isascii():
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _type_name(value: object) -> str:
    if isinstance(value, str):
        return f"the string {quote(value)}"
    return "None" if value is None else type(value).__name__
