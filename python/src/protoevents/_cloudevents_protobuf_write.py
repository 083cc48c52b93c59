"""The protobuf event format written by hand (docs/cloudevents.md): an ``io.cloudevents.v1.CloudEvent``
as the spec's cloudevents.proto declares it.

Not generated code: the message is 8 fields, and protoc's module for package ``io.cloudevents.v1``
would register the file in the process's default descriptor pool, where an application's own copy
of cloudevents.proto clashes with it; and a top-level ``io`` package would shadow the standard
library's ``io``. So this module writes the bytes with the package's varint helper, and
``_cloudevents_protobuf_read`` reads them with bounds checks of its own.
"""

from collections.abc import Sequence
from typing import Any, TypeAlias

from google.protobuf.message import Message

from protoevents._cloudevents_message import JSON_PAYLOAD, PROTOBUF_CONTENT_TYPE, PROTOBUF_PAYLOAD, EventMessage
from protoevents._cloudevents_write_attributes import write_attributes
from protoevents._errors import InvalidMetadataError, UnknownEventError, UnsupportedVersionError
from protoevents._event_registry import EventEntry, EventRegistry
from protoevents._unwrap import _registry_of
from protoevents._varint import encode_varint
from protoevents.v1.envelope_pb2 import Envelope

# The fields of io.cloudevents.v1.CloudEvent and its messages, as tags of their wire types.
_ID = 1 << 3 | 2
_SOURCE = 2 << 3 | 2
_SPEC_VERSION = 3 << 3 | 2
_TYPE = 4 << 3 | 2
_ATTRIBUTE = 5 << 3 | 2
_BINARY_DATA = 6 << 3 | 2
_TEXT_DATA = 7 << 3 | 2
_PROTO_DATA = 8 << 3 | 2
_ENTRY_KEY = 1 << 3 | 2
_ENTRY_VALUE = 2 << 3 | 2
_CE_STRING = 3 << 3 | 2
_CE_TIMESTAMP = 7 << 3 | 2
_SECONDS = 1 << 3 | 0
_NANOS = 2 << 3 | 0
_TYPE_URL = 1 << 3 | 2
_ANY_VALUE = 2 << 3 | 2

_TYPE_URL_PREFIX = "type.googleapis.com/"
_FIELDS = {"specversion", "id", "source", "type"}
_UINT64 = (1 << 64) - 1

EventSource: TypeAlias = "EventRegistry[Any] | Sequence[EventEntry[str, str, Message]] | type[Message]"
"""The events a payload's message name is found in, as ``unwrap`` takes them."""


def to_protobuf_message(envelope: Envelope, events: EventSource, *, dataschema: str | None = None) -> EventMessage:
    """Writes an envelope as a CloudEvent in the protobuf event format: ``content-type``
    ``application/cloudevents+protobuf``, the value an ``io.cloudevents.v1.CloudEvent`` with its
    fields in number order (``id``, ``source``, ``spec_version``, ``type``), then the attributes
    sorted by name (``time`` a ``ce_timestamp``, the others ``ce_string``), then the payload:
    ``proto_data``, an ``Any`` whose type URL names the payload's message, for
    ``application/protobuf``; ``text_data`` for ``application/json``; ``binary_data`` for any
    other content type.

    ``events`` (as ``unwrap`` takes them) give the payload's message name.

    Raises:
        InvalidMetadataError: the envelope cannot be a CloudEvent, ``field`` naming the envelope
            field (``payload`` for a JSON payload that is not UTF-8); or ``dataschema`` is not an
            absolute URI.
        UnknownEventError, UnsupportedVersionError: a protobuf payload's event is not among
            ``events``.
    """
    written = write_attributes(envelope, dataschema)
    data = _data(envelope, written.datacontenttype, events)
    values = dict(written.attributes)
    out = bytearray()
    for tag, name in ((_ID, "id"), (_SOURCE, "source"), (_SPEC_VERSION, "specversion"), (_TYPE, "type")):
        _put(out, tag, values[name].encode("utf-8"))
    attributes = [(name, value) for name, value in written.attributes if name not in _FIELDS]
    attributes.append(("datacontenttype", written.datacontenttype))
    for name, value in sorted(attributes):
        entry = bytearray()
        _put(entry, _ENTRY_KEY, name.encode("utf-8"))
        _put(entry, _ENTRY_VALUE, _timestamp_value(envelope.timestamp) if name == "time" else _string_value(value))
        _put(out, _ATTRIBUTE, bytes(entry))
    out += data
    return EventMessage({"content-type": PROTOBUF_CONTENT_TYPE}, bytes(out))


def _string_value(value: str) -> bytes:
    out = bytearray()
    _put(out, _CE_STRING, value.encode("utf-8"))
    return bytes(out)


def _timestamp_value(millis: int) -> bytes:
    """A ``ce_timestamp``: a ``google.protobuf.Timestamp`` of whole seconds and non-negative nanos,
    fields at zero left out."""
    out = bytearray()
    seconds, millis_of_second = divmod(millis, 1000)
    timestamp = bytearray()
    if seconds != 0:
        timestamp += encode_varint(_SECONDS) + encode_varint(seconds & _UINT64)
    if millis_of_second != 0:
        timestamp += encode_varint(_NANOS) + encode_varint(millis_of_second * 1_000_000)
    _put(out, _CE_TIMESTAMP, bytes(timestamp))
    return bytes(out)


def _data(envelope: Envelope, content_type: str, events: EventSource) -> bytes:
    out = bytearray()
    payload = envelope.payload
    if content_type == PROTOBUF_PAYLOAD:
        any_message = bytearray()
        _put(any_message, _TYPE_URL, (_TYPE_URL_PREFIX + _payload_type_name(envelope, _registry_of(events))).encode("utf-8"))
        if payload:
            _put(any_message, _ANY_VALUE, payload)
        _put(out, _PROTO_DATA, bytes(any_message))
    elif content_type == JSON_PAYLOAD:
        try:
            payload.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidMetadataError("payload", "is not UTF-8 text, as its content type application/json says") from None
        _put(out, _TEXT_DATA, payload)
    else:
        _put(out, _BINARY_DATA, payload)
    return bytes(out)


def _payload_type_name(envelope: Envelope, registry: EventRegistry[Any]) -> str:
    name, version = envelope.event_name, envelope.event_version
    entry = registry.get(name, version)
    if entry is None:
        versions = registry.versions(name)
        if not versions:
            raise UnknownEventError(name, registry.names())
        raise UnsupportedVersionError(name, version, versions, restricted=True)
    return entry.message_type.DESCRIPTOR.full_name


def _put(out: bytearray, tag: int, value: bytes) -> None:
    out += encode_varint(tag)
    out += encode_varint(len(value))
    out += value
