"""The envelope's wire forms: protobuf binary, the same bytes as in TypeScript, and JSON."""

import json
from typing import Any

from protoevents._decode_limits import DEFAULT_DECODE_LIMITS, DecodeLimits
from protoevents._envelope_bytes import envelope_bytes
from protoevents._errors import LimitExceededError, MalformedEnvelopeError, describe
from protoevents._json_decode import decode_json_value
from protoevents._json_limits import check_json_text_depth, check_json_text_size
from protoevents._json_parse import parse_json
from protoevents._proto_json import JsonObject, message_to_json
from protoevents._strict_decode import PROBE_MOST_BYTES, UnknownFieldSet, check_parsed, decode_strict, probe_proves
from protoevents._wire_skim import bytes_outside_strings
from protoevents.v1.envelope_pb2 import Envelope

_envelope_from_string = Envelope.FromString
_MOST_PROBED_BYTES = PROBE_MOST_BYTES if probe_proves(Envelope) else -1
"""The longest envelope one probe proves under the default limits; -1 on a runtime where it
proves none."""
_MOST_SKIMMED_BYTES = DEFAULT_DECODE_LIMITS.max_bytes if probe_proves(Envelope) else -1
"""The longest envelope one probe proves under the default limits when few of its bytes lie
outside its top-level strings (``bytes_outside_strings``); -1 on a runtime where it proves none."""


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
    parsed = None
    size = len(data)
    # decode_strict's common case inline (see PROBE_PARSERS); anything else is decoded below.
    if limits is DEFAULT_DECODE_LIMITS and (
        size <= _MOST_PROBED_BYTES
        or (size <= _MOST_SKIMMED_BYTES and bytes_outside_strings(Envelope, data) <= PROBE_MOST_BYTES)
    ):
        try:
            parsed = _envelope_from_string(data)
        except Exception:
            pass
        else:
            if not UnknownFieldSet(parsed):
                return parsed
    if size > limits.max_bytes:
        raise LimitExceededError("maxBytes", size, limits.max_bytes, "envelope")
    try:
        if parsed is None:
            return decode_strict(Envelope, data, limits, "envelope")
        return check_parsed(parsed, data, limits, "envelope")
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
