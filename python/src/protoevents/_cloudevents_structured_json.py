"""The JSON event format (docs/cloudevents.md): the value a JSON object of the attributes, a
protobuf payload as ``data_base64``, a JSON payload as ``data``."""

from typing import Any

from protoevents._cloudevents_base64 import decode_base64, encode_base64
from protoevents._cloudevents_json_text import json_text
from protoevents._cloudevents_message import JSON_PAYLOAD, STRUCTURED_JSON_CONTENT_TYPE, EventMessage, is_json_content_type
from protoevents._cloudevents_read_attributes import read_attributes
from protoevents._cloudevents_write_attributes import write_attributes
from protoevents._decode_limits import DEFAULT_DECODE_LIMITS, DecodeLimits
from protoevents._errors import InvalidCloudEventError, InvalidMetadataError, describe, quote
from protoevents._json_limits import check_json_text_depth
from protoevents._json_parse import JsonNumber, parse_json
from protoevents.v1.envelope_pb2 import Envelope

_INT32_MIN = -(2**31)
_INT32_MAX = 2**31 - 1
_STRING_ATTRIBUTES = frozenset({"specversion", "id", "source", "type", "datacontenttype", "dataschema", "subject", "time"})


def to_structured_json_message(envelope: Envelope, *, dataschema: str | None = None) -> EventMessage:
    """Writes an envelope as a CloudEvent in the JSON event format: ``content-type``
    ``application/cloudevents+json; charset=utf-8``, the value a compact JSON object in UTF-8
    (non-ASCII characters as they are) with the attributes in the documented order, then
    ``datacontenttype``, then the payload: ``data``, the payload's JSON value, for
    ``application/json``, else ``data_base64`` (standard base64, padded); none when it is empty.

    Raises:
        InvalidMetadataError: the envelope cannot be a CloudEvent, ``field`` naming the envelope
            field (``payload`` for a JSON payload that is not JSON text); or ``dataschema`` is not
            an absolute URI.
    """
    written = write_attributes(envelope, dataschema)
    members = [*written.attributes, ("datacontenttype", written.datacontenttype)]
    text = ",".join(f"{json_text(name)}:{json_text(value)}" for name, value in members)
    payload = envelope.payload
    if payload:
        if written.datacontenttype == JSON_PAYLOAD:
            text += f',"data":{_payload_json_text(payload)}'
        else:
            text += f',"data_base64":"{encode_base64(payload)}"'
    return EventMessage({"content-type": STRUCTURED_JSON_CONTENT_TYPE}, ("{" + text + "}").encode("utf-8"))


def _payload_json_text(payload: bytes) -> str:
    try:
        text = payload.decode("utf-8")
        check_json_text_depth(text, DEFAULT_DECODE_LIMITS, "payload")
        return json_text(parse_json(text))
    except Exception as cause:
        raise InvalidMetadataError("payload", f"is not JSON text, as its content type says: {describe(cause)}") from None


def read_structured_json(value: bytes, limits: DecodeLimits) -> Envelope:
    """Reads a CloudEvent in the JSON event format.

    Raises:
        InvalidCloudEventError: the value is not a JSON object, or not a CloudEvent.
        LimitExceededError: the JSON nests deeper than ``max_depth``.
    """
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidCloudEventError("value", "is not UTF-8") from None
    check_json_text_depth(text, limits, "CloudEvent")
    try:
        event = parse_json(text)
    except ValueError as error:
        raise InvalidCloudEventError("value", f"is not JSON: {describe(error)}") from None
    if not isinstance(event, dict):
        raise InvalidCloudEventError("value", "is not a JSON object")
    attributes: dict[str, str] = {}
    for name, member in event.items():
        if name not in ("data", "data_base64"):
            attributes[name] = _attribute_string(name, member)
    content_type = attributes.get("datacontenttype", JSON_PAYLOAD)
    return read_attributes(attributes, _payload(event, content_type), JSON_PAYLOAD)


def _attribute_string(name: str, value: Any) -> str:
    """An attribute's canonical string: a String as is, a Boolean ``true`` or ``false``, an Integer
    in decimal; the context attributes, all of type String, URI, URI-reference or Timestamp, only
    as JSON strings."""
    if isinstance(value, str) and not isinstance(value, JsonNumber):
        return value
    if name in _STRING_ATTRIBUTES:
        raise InvalidCloudEventError(name, "is not a JSON string")
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, JsonNumber):
        integer = _int32(value)
        if integer is None:
            raise InvalidCloudEventError(name, f"is the number {quote(value)}, not an Integer from -2^31 to 2^31-1")
        return str(integer)
    raise InvalidCloudEventError(name, "is not a string, a boolean or an integer")


def _int32(value: JsonNumber) -> int | None:
    number = float(value)
    if not number.is_integer() or not _INT32_MIN <= number <= _INT32_MAX:
        return None
    return int(number)


def _payload(event: dict[str, Any], content_type: str) -> bytes:
    data = event.get("data")
    has_data = "data" in event
    if "data_base64" in event:
        if has_data:
            raise InvalidCloudEventError("data", "is given with data_base64; an event has one or the other")
        encoded = event["data_base64"]
        decoded = decode_base64(encoded) if isinstance(encoded, str) and not isinstance(encoded, JsonNumber) else None
        if decoded is None:
            raise InvalidCloudEventError("data_base64", "is not standard base64 with padding")
        return decoded
    if not has_data:
        return b""
    if not is_json_content_type(content_type):
        raise InvalidCloudEventError("data", f"is given for the datacontenttype {quote(content_type)}, which is not JSON; binary data is data_base64")
    try:
        return json_text(data).encode("utf-8")
    except ValueError as error:
        raise InvalidCloudEventError("data", str(error)) from None

