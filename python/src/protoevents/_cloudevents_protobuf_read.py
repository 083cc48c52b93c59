"""The protobuf event format read by hand, strictly and within bounds: an
``io.cloudevents.v1.CloudEvent`` (docs/cloudevents.md), the same algorithm as the TypeScript
package's src/cloudevents/cloudevent-codec.ts and read-protobuf-format.ts. Why by hand:
``_cloudevents_protobuf_write``.

Read as protobuf reads it (a field given twice: the last wins; unknown fields skipped), refusing
what the decoding contract (docs/decoding.md) refuses in an envelope: a known field in another
wire type, a tag or length over 5 bytes, a varint over 10, a length past its message's end, field
number 0, wire type 6 or 7, a stray end-group or a group without its end, a map entry with a field
other than key and value, a string that is not UTF-8.
"""

from collections.abc import Callable

from protoevents._cloudevents_base64 import encode_base64
from protoevents._cloudevents_message import PROTOBUF_PAYLOAD, media_type_of
from protoevents._cloudevents_read_attributes import read_attributes
from protoevents._cloudevents_time import format_event_time
from protoevents._decode_limits import DecodeLimits
from protoevents._errors import InvalidCloudEventError, LimitExceededError, quote
from protoevents.v1.envelope_pb2 import Envelope

_VARINT = 0
_BIT64 = 1
_LEN = 2
_START_GROUP = 3
_END_GROUP = 4
_BIT32 = 5
_UINT64 = (1 << 64) - 1

# The wire type of each known field by number, per message of cloudevents.proto.
_EVENT_WIRES = {number: _LEN for number in range(1, 9)}
_ENTRY_WIRES = {1: _LEN, 2: _LEN}
_VALUE_WIRES = {1: _VARINT, 2: _VARINT, 3: _LEN, 4: _LEN, 5: _LEN, 6: _LEN, 7: _LEN}
_TIMESTAMP_WIRES = {1: _VARINT, 2: _VARINT}
_ANY_WIRES = {1: _LEN, 2: _LEN}

# The attributes the protobuf format carries as fields, not in its attributes map.
_FIELD_ATTRIBUTES = ("id", "source", "specversion", "type")



class _Problem(str):
    """What is wrong with an attribute's value; raised once the entries are checked in order."""

    __slots__ = ()


# An attribute value as its canonical string, or what is wrong with it.
_AttributeValue = str | _Problem
# Reads one known field: its number, the end of its bytes (of its message, for a varint) and
# the depth of a sub-message it holds.
_FieldReader = Callable[[int, int, int], None]


class _FormatError(Exception):
    """The bytes are not a CloudEvent message; ``read_protobuf`` names the ``value`` at fault."""


def read_protobuf(value: bytes, limits: DecodeLimits) -> Envelope:
    """Reads a CloudEvent of the protobuf event format into an envelope. Typed attribute values
    become their canonical strings; ``proto_data`` is taken whatever its type URL (the envelope
    names the event itself), ``text_data`` as its UTF-8 bytes.

    Raises:
        InvalidCloudEventError: ``value`` when the bytes are not an ``io.cloudevents.v1.CloudEvent``;
            an attribute's name when its value has no type set or is out of range, or it is in the
            map though a field carries it; ``datacontenttype`` when ``proto_data`` comes with
            another than ``application/protobuf``; or what ``read_attributes`` raises.
        LimitExceededError: over ``max_depth``, ``max_unknown_fields`` or ``max_messages`` (the
            event, each entry, value, timestamp, ``Any`` and group count).
    """
    reader = _Reader(value, limits)
    try:
        fields, entries, data = reader.event()
    except _FormatError as cause:
        raise InvalidCloudEventError("value", f"is not an io.cloudevents.v1.CloudEvent: {cause}") from None
    attributes = {name: given for name, given in zip(_FIELD_ATTRIBUTES, fields) if given != ""}
    for key in sorted(entries, key=lambda key: key.encode("utf-16-be", "surrogatepass")):
        if key in _FIELD_ATTRIBUTES:
            raise InvalidCloudEventError(key, "is in the attributes map, but the protobuf format carries it as a field")
        given = entries[key]
        if isinstance(given, _Problem):
            raise InvalidCloudEventError(key, given)
        attributes[key] = given
    default_content_type = ""
    if data is not None and data[0] == 8:
        content_type = attributes.get("datacontenttype")
        if content_type is not None and media_type_of(content_type) != PROTOBUF_PAYLOAD:
            raise InvalidCloudEventError("datacontenttype", f"is {quote(content_type)}, but the data is proto_data, a protobuf message")
        default_content_type = PROTOBUF_PAYLOAD
    return read_attributes(attributes, b"" if data is None else data[1], default_content_type)


class _Reader:
    """Bounds-checked reads of the wire format; counts messages and unknown fields."""

    def __init__(self, data: bytes, limits: DecodeLimits) -> None:
        self.data = data
        self.limits = limits
        self.pos = 0
        self.unknown = 0
        self.messages = 0

    def event(self) -> tuple[list[str], dict[str, _AttributeValue], tuple[int, bytes] | None]:
        """The event's fields 1 to 4, its attribute entries by key (the last of a key given twice)
        and its data: the member's field number and bytes."""
        fields = ["", "", "", ""]
        entries: dict[str, _AttributeValue] = {}
        data: tuple[int, bytes] | None = None

        def read(number: int, stop: int, depth: int) -> None:
            nonlocal data
            if number <= 4:
                fields[number - 1] = self.string(stop)
            elif number == 5:
                key, value = self.attribute_entry(stop, depth)
                entries[key] = value
            elif number == 6:
                data = (6, self.data[self.pos : stop])
            elif number == 7:
                data = (7, self.string(stop).encode("utf-8"))
            else:
                data = (8, self.any_value(stop, depth))

        self.message(len(self.data), 1, _EVENT_WIRES, read)
        return fields, entries, data

    def message(self, end: int, depth: int, wires: dict[int, int], read: _FieldReader, entry: bool = False) -> None:
        """Reads the fields of a message up to ``end`` at ``depth``, handing each known one to
        ``read``; an unknown field is skipped, or refused in a map entry (``entry``)."""
        self.enter(depth)
        while self.pos < end:
            number, wire = self.tag(end)
            expected = wires.get(number)
            if expected is None:
                if entry:
                    raise _FormatError(f"an attributes entry has field {number}; an entry has only key (1) and value (2)")
                self.skip_unknown(number, wire, end, depth)
            elif wire != expected:
                raise _FormatError(f"field {number} has wire type {wire}; its declared type's is {expected}")
            elif wire == _LEN:
                stop = self.length(end)
                read(number, stop, depth + 1)
                self.pos = stop
            else:
                start = self.pos
                self.varint(10, end)
                self.pos = start
                read(number, end, depth + 1)

    def string(self, stop: int) -> str:
        try:
            return self.data[self.pos : stop].decode("utf-8")
        except UnicodeDecodeError:
            raise _FormatError("a string field is not UTF-8") from None

    def attribute_entry(self, stop: int, depth: int) -> tuple[str, _AttributeValue]:
        key = ""
        value: _AttributeValue = _Problem("has a value with no type set")

        def read(number: int, field_stop: int, value_depth: int) -> None:
            nonlocal key, value
            if number == 1:
                key = self.string(field_stop)
            else:
                value = self.attribute_value(field_stop, value_depth)

        self.message(stop, depth, _ENTRY_WIRES, read, entry=True)
        return key, value

    def any_value(self, stop: int, depth: int) -> bytes:
        """The ``value`` of a ``google.protobuf.Any``; its ``type_url`` must be UTF-8."""
        value = b""

        def read(number: int, field_stop: int, _: int) -> None:
            nonlocal value
            if number == 1:
                self.string(field_stop)
            else:
                value = self.data[self.pos : field_stop]

        self.message(stop, depth, _ANY_WIRES, read)
        return value

    def attribute_value(self, stop: int, depth: int) -> _AttributeValue:
        """A ``CloudEventAttributeValue`` as its canonical string (docs/cloudevents.md): a Boolean
        ``true`` or ``false``, an Integer in decimal, Binary in base64, a Timestamp as ``time`` is
        written, the others as they are; of the last member given."""
        value: _AttributeValue = _Problem("has a value with no type set")

        def read(number: int, field_stop: int, timestamp_depth: int) -> None:
            nonlocal value
            if number == 1:
                value = "true" if self.varint(10, field_stop) != 0 else "false"
            elif number == 2:
                value = str(_int32(self.varint(10, field_stop)))
            elif number == 4:
                value = encode_base64(self.data[self.pos : field_stop])
            elif number == 7:
                value = self.timestamp(field_stop, timestamp_depth)
            else:
                value = self.string(field_stop)

        self.message(stop, depth, _VALUE_WIRES, read)
        return value

    def timestamp(self, stop: int, depth: int) -> _AttributeValue:
        seconds = 0
        nanos = 0

        def read(number: int, field_stop: int, _: int) -> None:
            nonlocal seconds, nanos
            integer = self.varint(10, field_stop)
            if number == 1:
                seconds = integer - (1 << 64) if integer >= 1 << 63 else integer
            else:
                nanos = _int32(integer)

        self.message(stop, depth, _TIMESTAMP_WIRES, read)
        time = format_event_time(seconds * 1000 + nanos // 1_000_000) if 0 <= nanos <= 999_999_999 else None
        if time is None:
            return _Problem(f"is a timestamp out of range ({seconds} s, {nanos} ns)")
        return time

    def tag(self, end: int) -> tuple[int, int]:
        tag = self.varint(5, end)
        number, wire = tag >> 3, tag & 7
        if number == 0 or number > 0x1FFFFFFF:
            raise _FormatError(f"field number {number} is out of range")
        if wire > _BIT32:
            raise _FormatError(f"wire type {wire} does not exist")
        return number, wire

    def length(self, end: int) -> int:
        """Reads a length prefix; returns the end of the bytes it gives, within ``end``."""
        length = self.varint(5, end)
        stop = self.pos + length
        if stop > end:
            raise _FormatError("a length runs past the end of its message")
        return stop

    def skip_unknown(self, number: int, wire: int, end: int, depth: int) -> None:
        self.unknown += 1
        if self.unknown > self.limits.max_unknown_fields:
            raise LimitExceededError("maxUnknownFields", self.unknown, self.limits.max_unknown_fields, "CloudEvent")
        if wire == _VARINT:
            self.varint(10, end)
        elif wire == _LEN:
            self.pos = self.length(end)
        elif wire == _START_GROUP:
            self.group(number, end, depth + 1)
        elif wire == _END_GROUP:
            raise _FormatError(f"end-group tag of field {number} without its start-group")
        else:
            self.pos += 8 if wire == _BIT64 else 4
            if self.pos > end:
                raise _FormatError(f"field {number} runs past the end of its message")

    def group(self, number: int, end: int, depth: int) -> None:
        self.enter(depth)
        while True:
            if self.pos >= end:
                raise _FormatError(f"group of field {number} has no end-group tag")
            inner, wire = self.tag(end)
            if wire == _END_GROUP:
                if inner != number:
                    raise _FormatError(f"end-group tag of field {inner} inside the group of field {number}")
                return
            self.skip_unknown(inner, wire, end, depth)

    def varint(self, max_bytes: int, end: int) -> int:
        """Reads a varint of at most ``max_bytes`` bytes within ``end``; a varint of 10 bytes may
        hold more than 64 bits, of which protobuf keeps the low 64."""
        value = 0
        shift = 0
        pos = self.pos
        while True:
            if pos >= end:
                raise _FormatError("a varint runs past the end of its message")
            if pos - self.pos == max_bytes:
                raise _FormatError(f"a varint is longer than {max_bytes} bytes")
            byte = self.data[pos]
            value |= (byte & 0x7F) << shift
            shift += 7
            pos += 1
            if byte < 0x80:
                self.pos = pos
                return value & _UINT64

    def enter(self, depth: int) -> None:
        if depth > self.limits.max_depth:
            raise LimitExceededError("maxDepth", depth, self.limits.max_depth, "CloudEvent")
        self.messages += 1
        if self.messages > self.limits.max_messages:
            raise LimitExceededError("maxMessages", self.messages, self.limits.max_messages, "CloudEvent")


def _int32(integer: int) -> int:
    """An int32 as protobuf reads it from a varint: the low 32 bits, signed."""
    low = integer & 0xFFFFFFFF
    return low - (1 << 32) if low >= 1 << 31 else low
