"""The two payload encodings an envelope may carry, and how each encodes and decodes."""

from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar

from google.protobuf.descriptor import Descriptor
from google.protobuf.message import Message

from protoevents._decode_limits import DecodeLimits
from protoevents._errors import LimitExceededError, UnsupportedContentTypeError
from protoevents._json_decode import decode_json_text
from protoevents._proto_json import message_to_json_text
from protoevents._strict_decode import decode_strict

if TYPE_CHECKING:
    from google._upb._message import Descriptor as UpbDescriptor

M = TypeVar("M", bound=Message)


class ContentType(StrEnum):
    """The payload encodings an envelope may carry, as its ``content_type`` names them."""

    PROTOBUF = "application/protobuf"
    """Protobuf binary, the default."""
    JSON = "application/json"
    """The canonical protobuf JSON mapping, UTF-8 encoded."""


_BY_VALUE = {"": ContentType.PROTOBUF, ContentType.PROTOBUF.value: ContentType.PROTOBUF, ContentType.JSON.value: ContentType.JSON}


def parse_content_type(value: str) -> ContentType:
    """Returns the content type an envelope's ``content_type`` names; "" means protobuf binary.

    Raises:
        UnsupportedContentTypeError: for any other value.
    """
    found = _BY_VALUE.get(value)
    if found is None:
        raise UnsupportedContentTypeError(value)
    return found


def encode_payload(message: Message, content_type: ContentType) -> bytes:
    """Encodes a payload message as the content type says.

    Binary map entries are written in upb's deterministic order: without it their order follows
    a hash table seeded per process, and one payload would give other bytes in every process. The
    order is all ``deterministic`` changes, but passing the keyword costs upb about as much as
    writing a small message, so a message type that cannot hold a map is written without it.
    """
    if content_type is ContentType.JSON:
        return message_to_json_text(message).encode("utf-8")
    message_type = type(message)
    holds_maps = _holds_maps.get(message_type)
    if holds_maps is None:
        holds_maps = _holds_maps[message_type] = _can_hold_maps(message.DESCRIPTOR, set())
    return message.SerializeToString(deterministic=True) if holds_maps else message.SerializeToString()


_holds_maps: dict[type[Message], bool] = {}
"""Per message type, whether a message of it can hold a map, at any depth."""


def _can_hold_maps(descriptor: "Descriptor | UpbDescriptor", seen: set[str]) -> bool:
    seen.add(descriptor.full_name)
    for field in descriptor.fields:
        child = field.message_type
        if child is None or child.full_name in seen:
            continue
        if child.GetOptions().map_entry or _can_hold_maps(child, seen):
            return True
    return False


def decode_payload(message_type: type[M], payload: bytes, content_type: ContentType, limits: DecodeLimits) -> M:
    """Decodes a payload as the content type says. JSON follows the strict proto3 JSON policy
    (docs/json-policy.md): UTF-8 (a leading byte order mark is dropped, as ``TextDecoder`` does),
    then as the envelope's JSON, but unknown fields are ignored, as binary does, so an older
    consumer reads what a newer producer wrote.

    Raises:
        LimitExceededError: the payload is over one of the ``limits``.
        Exception: whatever the decoder raises otherwise; the caller wraps it.
    """
    if content_type is ContentType.JSON:
        if len(payload) > limits.max_bytes:
            raise LimitExceededError("maxBytes", len(payload), limits.max_bytes, "payload")
        return decode_json_text(message_type, payload.decode("utf-8-sig"), limits, "payload", ignore_unknown_fields=True)
    return decode_strict(message_type, payload, limits, "payload")
