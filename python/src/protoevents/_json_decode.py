"""Decoding a message from JSON by the strict proto3 JSON policy (docs/json-policy.md), as the
TypeScript package does (``json-decode.ts``)."""

from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.json_format import ParseDict
from google.protobuf.message import Message

from protoevents._decode_limits import DecodeLimits
from protoevents._json_limits import check_json_text_depth
from protoevents._json_normalise import NormaliseOptions, normalise_json
from protoevents._json_parse import parse_json

if TYPE_CHECKING:
    from google._upb._message import Descriptor as UpbDescriptor
    from google._upb._message import FieldDescriptor as UpbFieldDescriptor

M = TypeVar("M", bound=Message)


def decode_json_text(message_type: type[M], text: str, limits: DecodeLimits, where: str, *, ignore_unknown_fields: bool) -> M:
    """Decodes a message from JSON text: nesting is checked before parsing, then the text is parsed
    exactly, checked against the schema, and read by ``ParseDict``. The caller has checked
    ``max_bytes``.

    Raises:
        LimitExceededError: arrays and objects nest deeper than ``max_depth``.
        ValueError: the text is not RFC 8259 JSON, or breaks a rule of the policy.
    """
    check_json_text_depth(text, limits, where)
    return decode_json_value(message_type, parse_json(text), limits, where, ignore_unknown_fields=ignore_unknown_fields)


def decode_json_value(message_type: type[M], value: Any, limits: DecodeLimits, where: str, *, ignore_unknown_fields: bool) -> M:
    """Decodes a message from a parsed JSON value. A value parsed by ``json.loads`` has lost the
    syntax of its numbers: an integral float is taken as an integer, as in TypeScript.

    Raises:
        LimitExceededError: arrays and objects nest deeper than ``max_depth``.
        ValueError: the value breaks a rule of the policy, naming the field path.
    """
    options = NormaliseOptions(ignore_unknown_fields=ignore_unknown_fields, max_depth=limits.max_depth, where=where)
    message = message_type()
    normalised = normalise_json(message_type.DESCRIPTOR, value, options)
    # ParseDict takes two Python calls an element; a list of strings, already checked, is
    # appended at once.
    lists = [(field.name, normalised.pop(field.json_name)) for field in _string_lists(message_type.DESCRIPTOR) if field.json_name in normalised]
    ParseDict(normalised, message)
    for name, items in lists:
        if items is not None:
            getattr(message, name).extend(items)
    return message


@cache
def _string_lists(descriptor: "Descriptor | UpbDescriptor") -> "tuple[FieldDescriptor | UpbFieldDescriptor, ...]":
    """The repeated string fields of a message type."""
    return tuple(f for f in descriptor.fields if f.is_repeated and f.type == FieldDescriptor.TYPE_STRING)
