"""The envelope's wire forms: protobuf binary, byte for byte as protobuf-es writes it, and JSON."""

import json
from typing import Any

from protoevents._decode_limits import DEFAULT_DECODE_LIMITS, DecodeLimits
from protoevents._errors import LimitExceededError, MalformedEnvelopeError, describe
from protoevents._json_decode import decode_json_value
from protoevents._json_limits import check_json_text_depth, check_json_text_size
from protoevents._json_parse import parse_json
from protoevents._proto_json import JsonObject, js_key_order, message_to_json
from protoevents._strict_decode import decode_strict
from protoevents.v1.envelope_pb2 import Envelope

_ATTRIBUTES_TAG = b"\x62"  # field 12, length-delimited


def encode_envelope(envelope: Envelope) -> bytes:
    """Encodes an envelope to protobuf binary, the bytes to publish to a broker.

    The bytes equal what protobuf-es writes for the same envelope: fields in number order,
    unknown fields last, and ``attributes`` in the order protobuf-es keeps map keys (see
    ``js_key_order``): sorted, with array-index keys such as "7" first in numeric order.
    """
    attributes = envelope.attributes
    if len(attributes) < 2:
        return envelope.SerializeToString(deterministic=True)
    keys = list(attributes)
    ordered = js_key_order(keys)
    if ordered == sorted(keys) and not _has_prefix_pair(ordered):
        # upb's deterministic order is sorted by UTF-8 bytes except that a key sorts after
        # the keys it is a prefix of ("ab" before "a", "a" before ""): without such a pair it
        # is the same order, and one pass.
        return envelope.SerializeToString(deterministic=True)
    head = Envelope()
    head.CopyFrom(envelope)
    head.ClearField("attributes")
    with_unknown = head.SerializeToString()
    head.DiscardUnknownFields()
    known = head.SerializeToString()
    entries = b"".join(_attribute_entry(key, attributes[key]) for key in ordered)
    return known + entries + with_unknown[len(known) :]


def _has_prefix_pair(sorted_keys: list[str]) -> bool:
    """Whether a key is a prefix of another; in sorted keys such a pair is always adjacent."""
    return any(later.startswith(earlier) for earlier, later in zip(sorted_keys, sorted_keys[1:]))


def _attribute_entry(key: str, value: str) -> bytes:
    key_bytes = key.encode("utf-8")
    value_bytes = value.encode("utf-8")
    entry = b"\x0a" + _varint(len(key_bytes)) + key_bytes + b"\x12" + _varint(len(value_bytes)) + value_bytes
    return _ATTRIBUTES_TAG + _varint(len(entry)) + entry


def _varint(value: int) -> bytes:
    out = bytearray()
    while value > 0x7F:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def decode_envelope(data: bytes, *, limits: DecodeLimits = DEFAULT_DECODE_LIMITS) -> Envelope:
    """Decodes protobuf binary into an envelope.

    Raises:
        MalformedEnvelopeError: the bytes are not an envelope.
        LimitExceededError: the bytes are over one of the ``limits``.
    """
    if len(data) > limits.max_bytes:
        raise LimitExceededError("maxBytes", len(data), limits.max_bytes, "envelope")
    try:
        return decode_strict(Envelope, data, limits, "envelope")
    except LimitExceededError:
        raise
    except Exception as cause:
        raise MalformedEnvelopeError(f"bytes are not a protoevents.v1.Envelope: {cause}") from cause


def envelope_to_json(envelope: Envelope) -> JsonObject:
    """Returns the envelope's canonical protobuf JSON value: field names in lowerCamelCase, the
    payload as base64, int64 as strings."""
    return message_to_json(envelope)


def envelope_from_json(value: Any, *, limits: DecodeLimits = DEFAULT_DECODE_LIMITS) -> Envelope:
    """Parses an envelope from its protobuf JSON value, as ``json.loads`` gives it, by the strict
    proto3 JSON policy (docs/json-policy.md); unknown fields are errors.

    Raises:
        MalformedEnvelopeError: the value is not an envelope.
        LimitExceededError: the value nests arrays and objects deeper than ``max_depth``.
    """
    try:
        return _parse_envelope(value, limits)
    except LimitExceededError:
        raise
    except Exception as cause:
        raise MalformedEnvelopeError(f"JSON is not a protoevents.v1.Envelope: {describe(cause)}") from cause


def envelope_to_json_string(envelope: Envelope) -> str:
    """Serializes an envelope to its canonical protobuf JSON text, compact as ``toJsonString``."""
    return json.dumps(message_to_json(envelope), separators=(",", ":"), ensure_ascii=False)


def envelope_from_json_string(text: str, *, limits: DecodeLimits = DEFAULT_DECODE_LIMITS) -> Envelope:
    """Parses an envelope from JSON text by the strict proto3 JSON policy (docs/json-policy.md):
    RFC 8259 text without a byte order mark, no duplicate keys, numbers exact, unknown fields are
    errors.

    Raises:
        MalformedEnvelopeError: the text is not JSON or not an envelope.
        LimitExceededError: the text is over ``max_bytes`` in UTF-8, or nests arrays and objects
            deeper than ``max_depth``.
    """
    check_json_text_size(text, limits, "envelope")
    try:
        check_json_text_depth(text, limits, "envelope")
        return _parse_envelope(parse_json(text), limits)
    except LimitExceededError:
        raise
    except Exception as cause:
        raise MalformedEnvelopeError(f"JSON text is not a protoevents.v1.Envelope: {describe(cause)}") from cause


def _parse_envelope(value: Any, limits: DecodeLimits) -> Envelope:
    return decode_json_value(Envelope, value, limits, "envelope", ignore_unknown_fields=False)
