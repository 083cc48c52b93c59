"""The canonical protobuf binary of an envelope, the same bytes the TypeScript package writes."""

from protoevents._varint import encode_varint
from protoevents.v1.envelope_pb2 import Envelope

_ATTRIBUTES_TAG = b"\x62"  # field 12, length-delimited
_KEY_TAG = b"\x0a"  # field 1 of the map entry, length-delimited
_VALUE_TAG = b"\x12"  # field 2 of the map entry, length-delimited


def envelope_bytes(envelope: Envelope) -> bytes:
    """Returns the canonical protobuf binary of an envelope: the fields 1 to 11 in field-number
    order as protobuf writes them, then one ``attributes`` entry (field 12) per key sorted by code
    point (the order of their UTF-8 bytes), each with its key and value written even when empty,
    then the fields 13 and 14, then the unknown fields in the order they were read.

    upb writes the fields in this order, unknown fields last, but a map in an order of its own:
    with ``deterministic=True`` the order of the keys' UTF-8 bytes, except that a key sorts after
    the longer keys it is a prefix of. Without such a pair of keys upb's bytes are these; with
    one, the entries are written here.
    """
    attributes = envelope.attributes
    if len(attributes) < 2:
        return envelope.SerializeToString()
    keys = sorted(attributes)
    if not any(longer.startswith(key) for key, longer in zip(keys, keys[1:])):
        return envelope.SerializeToString(deterministic=True)
    # The fields below 12, the entries of field 12, then the fields above it, in number order.
    head = Envelope()
    head.CopyFrom(envelope)
    head.ClearField("attributes")
    head.ClearField("traceparent")
    head.ClearField("tracestate")
    with_unknown = head.SerializeToString()
    head.DiscardUnknownFields()
    known = head.SerializeToString()
    entries = b"".join(_attribute_entry(key, attributes[key]) for key in keys)
    tail = Envelope(traceparent=envelope.traceparent, tracestate=envelope.tracestate).SerializeToString()
    return known + entries + tail + with_unknown[len(known) :]


def _attribute_entry(key: str, value: str) -> bytes:
    key_bytes = key.encode("utf-8")
    value_bytes = value.encode("utf-8")
    entry = _KEY_TAG + encode_varint(len(key_bytes)) + key_bytes + _VALUE_TAG + encode_varint(len(value_bytes)) + value_bytes
    return _ATTRIBUTES_TAG + encode_varint(len(entry)) + entry
