"""The protobuf event format read by hand, strictly and within bounds: an
``io.cloudevents.v1.CloudEvent`` (docs/cloudevents.md). Why by hand: ``_cloudevents_protobuf_write``.

What the decoding contract (docs/decoding.md) refuses in an envelope is refused here too: a known
field in another wire type, a tag or length prefix over 5 bytes, a varint over 10, a length past
the end of its message, field number 0, wire types 6 and 7, a stray end-group, a map entry with a
field other than key and value, a string that is not UTF-8. Unknown fields are skipped.
"""

from protoevents._cloudevents_base64 import encode_base64
from protoevents._cloudevents_message import JSON_PAYLOAD, PROTOBUF_PAYLOAD, is_json_content_type
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

# The range of google.protobuf.Timestamp: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z.
_MIN_SECONDS = -62_135_596_800
_MAX_SECONDS = 253_402_300_799
_UINT64 = (1 << 64) - 1
_FIELDS = ("specversion", "id", "source", "type")


def read_protobuf(value: bytes, limits: DecodeLimits) -> Envelope:
    """Reads a CloudEvent in the protobuf event format. Typed attribute values become their
    canonical strings; ``proto_data`` is taken whatever its type URL (the envelope names the event
    itself), ``text_data`` as its UTF-8 bytes.

    Raises:
        InvalidCloudEventError: ``value`` when the bytes are not a CloudEvent message; else the
            attribute at fault, or ``data`` for ``proto_data`` with a JSON ``datacontenttype``.
        LimitExceededError: unknown groups nest deeper than ``max_depth``.
    """
    reader = _Reader(value, limits)
    attributes: dict[str, str] = {}
    core: dict[str, str] = {}
    data: tuple[int, bytes] | None = None
    pos, end = 0, len(value)
    while pos < end:
        number, wire, pos = reader.tag(pos, end)
        if 1 <= number <= 8:
            start, pos = reader.length_delimited(number, wire, pos, end)
            field = value[start:pos]
            if number <= 4:
                core[("id", "source", "specversion", "type")[number - 1]] = reader.text(field)
            elif number == 5:
                name, text = _attribute(reader, start, pos)
                attributes[name] = text
            elif number == 8:
                data = (8, _any_value(reader, start, pos))
            else:
                if number == 7:
                    reader.text(field)
                data = (number, field)
        else:
            pos = reader.skip(number, wire, pos, end, 1)
    for name in _FIELDS:
        if name in attributes:
            raise InvalidCloudEventError(name, "is an attribute; the protobuf format has a field for it")
    attributes.update({name: text for name, text in core.items() if text != ""})
    content_type = attributes.get("datacontenttype")
    if data is not None and data[0] == 8:
        if content_type is not None and is_json_content_type(content_type):
            raise InvalidCloudEventError("data", f"is proto_data, but the datacontenttype is {quote(content_type)}")
        return read_attributes(attributes, data[1], PROTOBUF_PAYLOAD)
    return read_attributes(attributes, b"" if data is None else data[1], JSON_PAYLOAD)


def _attribute(reader: "_Reader", pos: int, end: int) -> tuple[str, str]:
    """A map entry of ``attributes``: the name, and the value as its canonical string."""
    name = ""
    value: str | None = None
    while pos < end:
        number, wire, after = reader.tag(pos, end)
        if number != 1 and number != 2:
            raise reader.error(pos, f"a map entry of attributes has field {number}; an entry has only key (1) and value (2)")
        start, pos = reader.length_delimited(number, wire, after, end)
        if number == 1:
            name = reader.text(reader.data[start:pos])
        else:
            value = _attribute_value(reader, start, pos)
    if value is None:
        raise InvalidCloudEventError(name, "has no value")
    return name, value


def _attribute_value(reader: "_Reader", pos: int, end: int) -> str | None:
    """A ``CloudEventAttributeValue`` as its canonical string: a Boolean ``true`` or ``false``, an
    Integer in decimal, Binary in base64, a Timestamp as ``time`` is written, the others as they
    are; None when no member is set. The last member given wins, as in protobuf."""
    found: str | None = None
    while pos < end:
        number, wire, after = reader.tag(pos, end)
        if number == 1 or number == 2:
            if wire != _VARINT:
                raise reader.error(pos, f"field {number} of an attribute value is not a varint")
            integer, pos = reader.varint(after, end, 10)
            if number == 1:
                found = "true" if integer != 0 else "false"
            else:
                int32 = integer & 0xFFFFFFFF
                found = str(int32 - (1 << 32) if int32 >= 1 << 31 else int32)
        elif 3 <= number <= 7:
            start, pos = reader.length_delimited(number, wire, after, end)
            field = reader.data[start:pos]
            if number == 4:
                found = encode_base64(field)
            elif number == 7:
                found = _timestamp(reader, start, pos)
            else:
                found = reader.text(field)
        else:
            pos = reader.skip(number, wire, after, end, 3)
    return found


def _timestamp(reader: "_Reader", pos: int, end: int) -> str:
    seconds = 0
    nanos = 0
    while pos < end:
        number, wire, after = reader.tag(pos, end)
        if number == 1 or number == 2:
            if wire != _VARINT:
                raise reader.error(pos, f"field {number} of a Timestamp is not a varint")
            integer, pos = reader.varint(after, end, 10)
            if number == 1:
                seconds = integer - (1 << 64) if integer >= 1 << 63 else integer
            else:
                int32 = integer & 0xFFFFFFFF
                nanos = int32 - (1 << 32) if int32 >= 1 << 31 else int32
        else:
            pos = reader.skip(number, wire, after, end, 4)
    if not _MIN_SECONDS <= seconds <= _MAX_SECONDS or not 0 <= nanos <= 999_999_999:
        raise reader.error(pos, f"a Timestamp of {seconds} s and {nanos} ns is outside its range")
    time = format_event_time(seconds * 1000 + nanos // 1_000_000)
    if time is None:
        raise reader.error(pos, "a Timestamp is outside the years RFC 3339 writes")
    return time


def _any_value(reader: "_Reader", pos: int, end: int) -> bytes:
    """The ``value`` of a ``google.protobuf.Any``; its ``type_url`` is checked to be text only."""
    value = b""
    while pos < end:
        number, wire, after = reader.tag(pos, end)
        if number == 1 or number == 2:
            start, pos = reader.length_delimited(number, wire, after, end)
            field = reader.data[start:pos]
            if number == 1:
                reader.text(field)
            else:
                value = field
        else:
            pos = reader.skip(number, wire, after, end, 2)
    return value



class _Reader:
    """Bounds-checked reads of protobuf wire format; every fault is ``InvalidCloudEventError``
    with ``field`` ``value``."""

    def __init__(self, data: bytes, limits: DecodeLimits) -> None:
        self.data = data
        self.limits = limits

    def error(self, at: int, reason: str) -> InvalidCloudEventError:
        return InvalidCloudEventError("value", f"is not an io.cloudevents.v1.CloudEvent: at byte {at}, {reason}")

    def tag(self, pos: int, end: int) -> tuple[int, int, int]:
        """Reads a tag: its field number, wire type and the offset after it."""
        tag, after = self.varint(pos, end, 5)
        number, wire = tag >> 3, tag & 7
        if number == 0 or number > 0x1FFFFFFF or wire > _BIT32:
            raise self.error(pos, f"tag {tag} is not a field of protobuf")
        if wire == _END_GROUP:
            raise self.error(pos, "an end-group tag has no start")
        return number, wire, after

    def length_delimited(self, number: int, wire: int, pos: int, end: int) -> tuple[int, int]:
        """Reads a known length-delimited field: the range of its bytes."""
        if wire != _LEN:
            raise self.error(pos, f"field {number} is not length-delimited, as its declaration is")
        length, start = self.varint(pos, end, 5)
        if length > end - start:
            raise self.error(pos, f"length {length} runs past the end of its message")
        return start, start + length

    def skip(self, number: int, wire: int, pos: int, end: int, depth: int) -> int:
        """Skips an unknown field's value; a group to its end-group tag."""
        if wire == _VARINT:
            return self.varint(pos, end, 10)[1]
        if wire == _BIT64 or wire == _BIT32:
            size = 8 if wire == _BIT64 else 4
            if pos + size > end:
                raise self.error(pos, f"a {size}-byte value runs past the end of its message")
            return pos + size
        if wire == _LEN:
            return self.length_delimited(number, wire, pos, end)[1]
        if depth + 1 > self.limits.max_depth:
            raise LimitExceededError("maxDepth", depth + 1, self.limits.max_depth, "CloudEvent")
        while pos < end:
            tag, after = self.varint(pos, end, 5)
            if tag == number << 3 | _END_GROUP:
                return after
            inner_number, inner_wire, after = self.tag(pos, end)
            pos = self.skip(inner_number, inner_wire, after, end, depth + 1)
        raise self.error(pos, f"group {number} has no end")

    def varint(self, pos: int, end: int, max_bytes: int) -> tuple[int, int]:
        """Reads a varint of at most ``max_bytes`` bytes: its value and the offset after it."""
        value = 0
        shift = 0
        for i in range(pos, min(pos + max_bytes, end)):
            byte = self.data[i]
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                # A varint of 10 bytes may hold more than 64 bits; protobuf keeps the low 64.
                return value & _UINT64, i + 1
            shift += 7
        if pos + max_bytes > end:
            raise self.error(pos, "a varint runs past the end of its message")
        raise self.error(pos, "a tag or length prefix is longer than 5 bytes" if max_bytes == 5 else "a varint is longer than 10 bytes")

    def text(self, field: bytes) -> str:
        try:
            return field.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidCloudEventError("value", "holds a string that is not UTF-8") from None
