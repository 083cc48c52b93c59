"""The envelope's wire forms: protobuf binary, the same bytes as in TypeScript, and JSON."""

import json
import re
from typing import Any

from google.protobuf.json_format import ParseDict

from protoevents._decode_limits import DEFAULT_DECODE_LIMITS, DecodeLimits
from protoevents._envelope_bytes import envelope_bytes
from protoevents._errors import LimitExceededError, MalformedEnvelopeError
from protoevents._proto_json import JsonObject, message_to_json, parse_json_object
from protoevents.v1.envelope_pb2 import Envelope

_BASE64 = re.compile(r"[A-Za-z0-9+/=_\-\n\r\t ]*")


def encode_envelope(envelope: Envelope) -> bytes:
    """Encodes an envelope to protobuf binary, the bytes to publish to a broker.

    The bytes are the envelope's canonical bytes, the same in Python and TypeScript for the same
    envelope (docs/envelope-bytes.md): fields in number order, ``attributes`` sorted by key in code
    point order, unknown fields last in the order they were read.
    """
    return envelope_bytes(envelope)


def decode_envelope(data: bytes, *, limits: DecodeLimits = DEFAULT_DECODE_LIMITS) -> Envelope:
    """Decodes protobuf binary into an envelope.

    Raises:
        MalformedEnvelopeError: the bytes are not an envelope.
        LimitExceededError: the bytes are over one of the ``limits``.
    """
    if len(data) > limits.max_bytes:
        raise LimitExceededError("maxBytes", len(data), limits.max_bytes, "envelope")
    try:
        return Envelope.FromString(data)
    except Exception as cause:
        raise MalformedEnvelopeError(f"bytes are not a protoevents.v1.Envelope: {cause}") from cause


def envelope_to_json(envelope: Envelope) -> JsonObject:
    """Returns the envelope's canonical protobuf JSON value: field names in lowerCamelCase, the
    payload as base64, int64 as strings."""
    return message_to_json(envelope)


def envelope_from_json(value: Any, *, limits: DecodeLimits = DEFAULT_DECODE_LIMITS) -> Envelope:
    """Parses an envelope from its canonical protobuf JSON value, as ``json.loads`` gives it.

    Raises:
        MalformedEnvelopeError: the value is not an envelope.
        LimitExceededError: the value is over one of the ``limits``.
    """
    del limits
    try:
        return _parse_envelope(value)
    except Exception as cause:
        raise MalformedEnvelopeError(f"JSON is not a protoevents.v1.Envelope: {cause}") from cause


def envelope_to_json_string(envelope: Envelope) -> str:
    """Serializes an envelope to its canonical protobuf JSON text, compact as ``toJsonString``."""
    return json.dumps(message_to_json(envelope), separators=(",", ":"), ensure_ascii=False)


def envelope_from_json_string(text: str, *, limits: DecodeLimits = DEFAULT_DECODE_LIMITS) -> Envelope:
    """Parses an envelope from JSON text; duplicate keys are rejected.

    Raises:
        MalformedEnvelopeError: the text is not JSON or not an envelope.
        LimitExceededError: the text is over one of the ``limits``.
    """
    del limits
    try:
        return _parse_envelope(parse_json_object(text))
    except Exception as cause:
        raise MalformedEnvelopeError(f"JSON text is not a protoevents.v1.Envelope: {cause}") from cause


def _parse_envelope(value: Any) -> Envelope:
    if not isinstance(value, dict):
        raise ValueError(f"expected a JSON object, got {type(value).__name__}")
    payload = value.get("payload")
    # protobuf's Python parser skips characters outside the base64 alphabet; protobuf-es rejects them.
    if isinstance(payload, str) and _BASE64.fullmatch(payload) is None:
        raise ValueError("payload is not base64")
    envelope = Envelope()
    ParseDict(value, envelope)
    return envelope
