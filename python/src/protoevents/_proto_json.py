"""Canonical protobuf JSON as protobuf-es writes and reads it, so both languages give the same text.

Field order follows field numbers (``MessageToDict`` and protobuf-es agree), text is compact
(``JSON.stringify``), non-ASCII characters are written as they are, and map entries come in the
order a JavaScript object keeps its keys, which is how protobuf-es stores a map.
"""

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeAlias

from google.protobuf.descriptor import Descriptor
from google.protobuf.json_format import MessageToDict
from google.protobuf.message import Message

if TYPE_CHECKING:
    from google._upb._message import Descriptor as UpbDescriptor

JsonObject: TypeAlias = dict[str, Any]
"""A JSON object as ``json.loads`` gives it."""

_MAX_ARRAY_INDEX = 2**32 - 2


def js_key_order(keys: Iterable[str]) -> list[str]:
    """Orders map keys as protobuf-es keeps them after ``wrap`` sorted them.

    A JavaScript object lists array-index keys ("0", "7", "42") first in numeric order, then the
    other keys in insertion order; the TypeScript package inserts the envelope's attributes sorted
    by UTF-16 code units (``Array.prototype.sort``) when it writes JSON, which differs from code
    point order above U+FFFF.
    """
    indices: list[str] = []
    others: list[str] = []
    for key in keys:
        (indices if _is_array_index(key) else others).append(key)
    indices.sort(key=int)
    others.sort(key=_utf16_units)
    return indices + others


def _is_array_index(key: str) -> bool:
    return key.isascii() and key.isdigit() and (key == "0" or key[0] != "0") and int(key) <= _MAX_ARRAY_INDEX


def _utf16_units(key: str) -> bytes:
    return key.encode("utf-16-be", "surrogatepass")


def message_to_json(message: Message) -> JsonObject:
    """Returns a message's canonical protobuf JSON value: lowerCamelCase names, int64 as strings,
    fields at their default value left out."""
    value = MessageToDict(message)
    _order_maps(message.DESCRIPTOR, value)
    return value


def message_to_json_text(message: Message) -> str:
    """Returns a message's canonical protobuf JSON as compact text, as ``toJsonString`` does."""
    return json.dumps(message_to_json(message), separators=(",", ":"), ensure_ascii=False)


def _order_maps(descriptor: "Descriptor | UpbDescriptor", value: JsonObject) -> None:
    for field in descriptor.fields:
        message_type = field.message_type
        if message_type is None or message_type.full_name.startswith("google.protobuf."):
            continue
        found = value.get(field.json_name)
        if found is None:
            continue
        if message_type.GetOptions().map_entry:
            value_type = message_type.fields_by_name["value"].message_type
            ordered = {key: found[key] for key in js_key_order(found)}
            if value_type is not None and not value_type.full_name.startswith("google.protobuf."):
                for item in ordered.values():
                    _order_maps(value_type, item)
            value[field.json_name] = ordered
        elif field.is_repeated:
            for item in found:
                _order_maps(message_type, item)
        else:
            _order_maps(message_type, found)
