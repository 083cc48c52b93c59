"""The JSON event format (docs/cloudevents.md): the value a JSON object of the attributes, a
protobuf payload as ``data_base64``, a JSON payload as ``data``; the same as the TypeScript
package's src/cloudevents/to-structured-json-message.ts and read-structured-json.ts."""

import json
import re
from typing import Any

from protoevents._cloudevents_base64 import decode_base64, encode_base64
from protoevents._cloudevents_json_text import compact_json, member_text
from protoevents._cloudevents_message import JSON_PAYLOAD, STRUCTURED_JSON_CONTENT_TYPE, EventMessage, media_type_of
from protoevents._cloudevents_read_attributes import MAPPED_NAMES, read_attributes
from protoevents._cloudevents_write_attributes import write_attributes
from protoevents._decode_limits import DecodeLimits
from protoevents._errors import InvalidCloudEventError, InvalidMetadataError, describe, quote
from protoevents._json_parse import JsonNumber, parse_json
from protoevents._json_limits import check_json_text_depth
from protoevents.v1.envelope_pb2 import Envelope

# The attributes CloudEvents and docs/cloudevents.md type as strings (String, URI,
# URI-reference, Timestamp), a JSON string each, are the mapped ones. An extension may also be a
# Boolean or an Integer.
_STRING_ATTRIBUTES = MAPPED_NAMES
_INTEGER_FORM = re.compile(r"-?(?:0|[1-9][0-9]*)")
_JSON_SUFFIX_MEDIA_TYPE = re.compile(r"[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+\+json")


def to_structured_json_message(envelope: Envelope, *, dataschema: str | None = None) -> EventMessage:
    """Writes an envelope as a CloudEvent in the JSON event format: ``content-type``
    ``application/cloudevents+json; charset=utf-8``, the value one compact JSON object in UTF-8
    (non-ASCII characters as they are) of the attributes in the documented order,
    ``datacontenttype``, then the payload: ``data`` (the JSON payload, its whitespace between tokens
    removed) for ``application/json``, else ``data_base64`` (standard base64, padded); nothing for
    an empty payload.

    Raises:
        InvalidMetadataError: the envelope cannot be a CloudEvent, ``field`` naming the envelope
            field (``payload`` for a JSON payload that is not JSON text); or ``dataschema`` is not
            an absolute URI.
    """
    written = write_attributes(envelope, dataschema)
    members = [f"{_json_string(name)}:{_json_string(value)}" for name, value in written.attributes]
    members.append(f'"datacontenttype":{_json_string(written.datacontenttype)}')
    payload = envelope.payload
    if payload:
        if envelope.content_type == JSON_PAYLOAD:
            members.append(f'"data":{_json_payload(payload)}')
        else:
            members.append(f'"data_base64":"{encode_base64(payload)}"')
    return EventMessage({"content-type": STRUCTURED_JSON_CONTENT_TYPE}, ("{" + ",".join(members) + "}").encode("utf-8"))


def _json_string(value: str) -> str:
    """A string as ``JSON.stringify`` writes it: non-ASCII characters as they are."""
    return json.dumps(value, ensure_ascii=False)


def _json_payload(payload: bytes) -> str:
    try:
        text = payload.decode("utf-8")
        parse_json(text)
    except (UnicodeDecodeError, ValueError, RecursionError) as cause:
        raise InvalidMetadataError(
            "payload", f"is not JSON text in UTF-8, as its content type application/json says: {describe(cause)}"
        ) from None
    return compact_json(text)


def read_structured_json(value: bytes, limits: DecodeLimits) -> Envelope:
    """Reads a CloudEvent of the JSON event format into an envelope. A member whose value is
    ``null`` is no value.

    Raises:
        InvalidCloudEventError: the value is not a JSON object in UTF-8 (``value``), a member has
            a value of the wrong type (its name), ``data`` and ``data_base64`` are both given
            (``data``), or an attribute breaks a rule.
        LimitExceededError: arrays and objects nest deeper than ``max_depth``.
    """
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidCloudEventError("value", "is not UTF-8, which the JSON event format is") from None
    check_json_text_depth(text, limits, "CloudEvent")
    try:
        members = parse_json(text)
    except ValueError as cause:
        raise InvalidCloudEventError("value", f"is not JSON text: {describe(cause)}") from None
    if not isinstance(members, dict):
        raise InvalidCloudEventError("value", "is not a JSON object, as a CloudEvent in the JSON event format is")
    attributes: dict[str, str] = {}
    # Sorted as JavaScript sorts strings (by UTF-16 code units), so that the first bad member is
    # the one TypeScript names.
    for name in sorted(members, key=lambda name: name.encode("utf-16-be", "surrogatepass")):
        if name == "data" or name == "data_base64":
            continue
        attribute = _attribute_string(name, members[name])
        if attribute is not None:
            attributes[name] = attribute
    data = members.get("data")
    data_base64 = members.get("data_base64")
    if data is not None and data_base64 is not None:
        raise InvalidCloudEventError("data", "and data_base64 are both given; an event has one data")
    content_type = attributes.get("datacontenttype", JSON_PAYLOAD)
    payload = b""
    if data_base64 is not None:
        decoded = decode_base64(data_base64) if _is_string(data_base64) else None
        if decoded is None:
            raise InvalidCloudEventError("data_base64", "is not a string of standard base64 with padding")
        payload = decoded
    elif data is not None:
        if _is_json_media_type(content_type):
            payload = (member_text(compact_json(text), "data") or "").encode("utf-8")
        elif _is_string(data) and _is_unicode(data):
            payload = data.encode("utf-8")
        else:
            raise InvalidCloudEventError(
                "data",
                f"is not a string of Unicode text, as data of the non-JSON content type {json.dumps(content_type)} is in JSON",
            )
    return read_attributes(attributes, payload, JSON_PAYLOAD)


def _is_unicode(text: str) -> bool:
    """Whether a string is Unicode text: JSON escapes can spell a lone surrogate, which UTF-8 cannot encode."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _attribute_string(name: str, value: Any) -> str | None:
    """A member's value as the attribute's canonical string; None for ``null``, which is no value."""
    if value is None:
        return None
    if _is_string(value):
        return str(value)
    if name not in _STRING_ATTRIBUTES:
        if value is True or value is False:
            return "true" if value else "false"
        if isinstance(value, JsonNumber):
            # An Integer has at most 10 digits: int() is not asked to read a longer one.
            if _INTEGER_FORM.fullmatch(value) is not None and len(value) <= 11 and -(2**31) <= int(value) < 2**31:
                return str(int(value))
            raise InvalidCloudEventError(
                name, f"is {quote(value)}, not a CloudEvents Integer (-2^31 to 2^31-1, no fraction or exponent)"
            )
    raise InvalidCloudEventError(name, "has a JSON value of a type this attribute cannot have")


def _is_string(value: Any) -> bool:
    return isinstance(value, str) and not isinstance(value, JsonNumber)


def _is_json_media_type(content_type: str) -> bool:
    """``application/json``, or a structured syntax suffix ``+json`` (RFC 6839), with or without
    parameters."""
    media_type = media_type_of(content_type)
    return media_type == JSON_PAYLOAD or _JSON_SUFFIX_MEDIA_TYPE.fullmatch(media_type) is not None
