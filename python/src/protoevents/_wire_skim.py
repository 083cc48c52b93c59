"""A bound on the messages bytes can hold, read from their top-level fields alone.

Every message, map entry and group takes 2 bytes on the wire at least, so bytes can hold half
their length in messages, but the contents of a string or bytes field hold none. A large event is
mostly one such field (a payload, a blob), so the bytes outside the top-level strings bound the
messages far more tightly than the length does, and a walk over the top-level fields that skips
each by its length finds them in 1 to 2 µs for an event, where ``scan_wire``'s walk over every
field of every message takes 4 to 12.
"""

import re
from typing import TYPE_CHECKING

from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message

from protoevents._varint import encode_varint
from protoevents._wire_scan import _WIRE_OF_TYPE, fields_run

if TYPE_CHECKING:
    from google._upb._message import Descriptor as UpbDescriptor
    from google._upb._message import FieldDescriptor as UpbFieldDescriptor

_VARINT, _BIT64, _LEN, _BIT32 = 0, 1, 2, 5


def bytes_outside_strings(message_type: type[Message], data: bytes) -> int:
    """At most how many of ``data``'s bytes lie outside the contents of the top-level string and
    bytes fields of ``message_type``; all of them, ``len(data)``, when the walk cannot tell: at a
    group, a wire type 6 or 7, or a tag, length or value that does not end in its bytes (5 for a
    tag or length, 10 for a varint) or inside ``data``.

    The walk reads the top-level tags and lengths as upb does, so the contents it counts out are
    bytes upb copies whole into a string and never parses: the messages upb makes from ``data``
    are at most half the rest, and so are the unknown fields it keeps. The walk checks nothing of
    the decoding contract; that stays with upb's parse and ``scan_wire``.
    """
    skim = _skims.get(message_type)
    if skim is None:
        skim = _skims[message_type] = _skim_of(message_type.DESCRIPTOR)
    run, strings = skim
    end = len(data)
    outside = end
    # The pattern takes the fields before the first long one at C speed (an envelope's header);
    # the loop, the rest field by field (the long field, and what little follows it).
    first = run.match(data)  # a run may be empty, so it always matches
    pos = 0 if first is None else first.end()
    while pos < end:
        tag = data[pos]
        pos += 1
        if tag >= 0x80:
            tag, pos = _rest_of_varint32(data, pos, end, tag)
        wire = tag & 7
        if wire == _LEN:
            length = data[pos] if pos < end else 0x80
            pos += 1
            if length >= 0x80:
                length, pos = _rest_of_varint32(data, pos, end, length)
            pos += length
            if tag >> 3 in strings:
                outside -= length
        elif wire == _VARINT:
            for pos in range(pos, min(pos + 10, end)):
                if data[pos] < 0x80:
                    break
            else:
                return end
            pos += 1
        elif wire == _BIT64:
            pos += 8
        elif wire == _BIT32:
            pos += 4
        else:
            return end
    return outside if pos == end else end


def _rest_of_varint32(data: bytes, pos: int, end: int, first: int) -> tuple[int, int]:
    """The value of a varint of at most 5 bytes whose first byte, ``first``, was read, and the
    offset after it; one that does not end in 5 bytes or before ``end`` gives an offset past
    ``end``, so the walk gives up."""
    value = first & 0x7F
    for shift in (7, 14, 21, 28):
        if pos >= end:
            break
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
    return 0, end + 1


_skims: "dict[type[Message], tuple[re.Pattern[bytes], frozenset[int]]]" = {}
"""Per message type, what ``_skim_of`` gives for its descriptor."""


def _skim_of(descriptor: "Descriptor | UpbDescriptor") -> "tuple[re.Pattern[bytes], frozenset[int]]":
    """The type's run, a pattern that takes its fields in their canonical tags with values under
    128 bytes (every field of a message, map, string or repeated type as length-delimited), and
    the numbers of its string and bytes fields."""
    tags: dict[int, list[bytes]] = {}
    strings = set()
    for field in descriptor.fields:
        if field.type == FieldDescriptor.TYPE_GROUP:
            continue
        wire = _wire_of(field)
        tags.setdefault(wire, []).append(re.escape(encode_varint(field.number << 3 | wire)))
        if field.type in _STRING_TYPES:
            strings.add(field.number)
    return re.compile(fields_run(tags) + b"*+", re.DOTALL), frozenset(strings)


def _wire_of(field: "FieldDescriptor | UpbFieldDescriptor") -> int:
    if field.type in _STRING_TYPES or field.message_type is not None or field.is_repeated:
        return _LEN
    return _WIRE_OF_TYPE[field.type]


_STRING_TYPES = frozenset((FieldDescriptor.TYPE_STRING, FieldDescriptor.TYPE_BYTES))
