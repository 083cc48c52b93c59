"""A check of bytes against a message schema before upb decodes them.

upb reads a known field whose wire type does not match its declaration as an unknown field, drops
a map entry that has an unknown field, and nests groups 100 deep, where protobuf-es does
otherwise. This scan holds both languages to one contract (docs/decoding.md): bytes that only a
broken or hostile producer writes are refused before either library sees them, with the same
outcome in both. ``src/wire-scan.ts`` is the same algorithm; keep them in step.
"""

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

from google.protobuf.descriptor import Descriptor, FieldDescriptor

from protoevents._decode_limits import DecodeLimits
from protoevents._errors import LimitExceededError
from protoevents._varint import encode_varint

if TYPE_CHECKING:
    from google._upb._message import Descriptor as UpbDescriptor
    from google._upb._message import FieldDescriptor as UpbFieldDescriptor

_VARINT, _BIT64, _LEN, _START_GROUP, _END_GROUP, _BIT32 = range(6)
_WIRE_NAMES = ("varint", "64-bit", "length-delimited", "start-group", "end-group", "32-bit")
_MAX_FIELD_NUMBER = 0x1FFFFFFF


class WireFormatError(ValueError):
    """Raised by ``scan_wire`` when bytes break the wire format or the schema; the caller turns it
    into its own typed error."""

    def __init__(self, offset: int, reason: str) -> None:
        super().__init__(f"at byte {offset}: {reason}")
        self.offset = offset


@dataclass(frozen=True, slots=True)
class _Scalar:
    wire: int
    packable: bool
    name: str


@dataclass(frozen=True, slots=True)
class _Message:
    descriptor: "Descriptor | UpbDescriptor"
    delimited: bool
    name: str


@dataclass(frozen=True, slots=True)
class _Map:
    key: "_Rule"
    value: "_Rule"
    name: str


_Rule = Union[_Scalar, _Message, _Map]


@dataclass(frozen=True, slots=True)
class _Rules:
    by_number: dict[int, _Rule]
    scalar_run: "re.Pattern[bytes] | None"
    """Matches a run of the message's scalar fields in their canonical tags, as the field loop
    would accept them: the loop costs about 2 µs a field in Python, the pattern a tenth of it."""


_rule_cache: "dict[Descriptor | UpbDescriptor, _Rules]" = {}


def scan_wire(descriptor: "Descriptor | UpbDescriptor", data: bytes, limits: DecodeLimits, what: str) -> None:
    """Checks that bytes are a well-formed encoding of the message within ``limits``, before upb
    decodes them. Refused: a known field in another wire type than its declaration (a repeated
    number may come packed or not); a varint over 10 bytes; a length prefix over 5 bytes or running
    past its message; a field number 0 or wire type 6 or 7; an end-group tag without its start; a
    map entry with a field other than key (1) and value (2); a packed field that does not split into
    whole values.

    Raises:
        WireFormatError: the bytes are malformed.
        LimitExceededError: nesting is deeper than ``max_depth``, or more than
            ``max_unknown_fields`` unknown fields or ``max_messages`` messages are found; ``what``
            names the input.
    """
    _Scan(data, limits, what).fields(_rules_of(descriptor), 0, len(data), 1, -1)


class _Scan:
    __slots__ = ("data", "limits", "what", "unknown", "messages")

    def __init__(self, data: bytes, limits: DecodeLimits, what: str) -> None:
        self.data = data
        self.limits = limits
        self.what = what
        self.unknown = 0
        self.messages = 0

    def fields(self, rules: _Rules | None, pos: int, end: int, depth: int, group: int) -> int:
        """Scans the fields in [pos, end) at ``depth``. In a group (``group`` >= 0, its field
        number) it returns the offset after the matching end-group tag; otherwise ``end``."""
        self.enter(depth)
        scalar_run = None if rules is None else rules.scalar_run
        by_number = None if rules is None else rules.by_number
        while pos < end:
            if scalar_run is not None:
                run = scalar_run.match(self.data, pos, end)
                if run is not None:
                    pos = run.end()
                    if pos == end:
                        break
            at = pos
            tag, pos = self.varint(pos, end, 5)
            number = tag >> 3
            wire = tag & 7
            if number == 0 or number > _MAX_FIELD_NUMBER:
                raise WireFormatError(at, f"field number {number} is out of range")
            if wire == _END_GROUP:
                if group == number:
                    return pos
                raise WireFormatError(at, f"end-group tag of field {number} without its start-group")
            if wire > _BIT32:
                raise WireFormatError(at, f"wire type {wire} does not exist")
            rule = None if by_number is None else by_number.get(number)
            if rule is None:
                pos = self.unknown_field(number, wire, pos, end, depth, at)
            else:
                pos = self.known_field(rule, number, wire, pos, end, depth, at)
        if group >= 0:
            raise WireFormatError(end, f"group of field {group} has no end-group tag")
        return end

    def unknown_field(self, number: int, wire: int, pos: int, end: int, depth: int, at: int) -> int:
        self.unknown += 1
        if self.unknown > self.limits.max_unknown_fields:
            raise LimitExceededError("maxUnknownFields", self.unknown, self.limits.max_unknown_fields, self.what)
        if wire == _START_GROUP:
            return self.fields(None, pos, end, depth + 1, number)
        return self.skip(wire, pos, end, at)

    def known_field(self, rule: _Rule, number: int, wire: int, pos: int, end: int, depth: int, at: int) -> int:
        if isinstance(rule, _Scalar):
            if wire == rule.wire:
                return self.skip(wire, pos, end, at)
            if rule.packable and wire == _LEN:
                return self.packed(rule.wire, pos, end, at)
            expected = rule.wire
        elif isinstance(rule, _Message):
            if rule.delimited and wire == _START_GROUP:
                return self.fields(_rules_of(rule.descriptor), pos, end, depth + 1, number)
            if not rule.delimited and wire == _LEN:
                start, stop = self.length(pos, end, at)
                self.fields(_rules_of(rule.descriptor), start, stop, depth + 1, -1)
                return stop
            expected = _START_GROUP if rule.delimited else _LEN
        else:
            if wire == _LEN:
                start, stop = self.length(pos, end, at)
                self.map_entry(rule, start, stop, depth + 1)
                return stop
            expected = _LEN
        raise WireFormatError(
            at, f"field {number} ({rule.name}) is {_WIRE_NAMES[wire]}, its declared type is {_WIRE_NAMES[expected]}"
        )

    def enter(self, depth: int) -> None:
        """Counts a message, a map entry or a group at ``depth`` against the limits."""
        if depth > self.limits.max_depth:
            raise LimitExceededError("maxDepth", depth, self.limits.max_depth, self.what)
        self.messages += 1
        if self.messages > self.limits.max_messages:
            raise LimitExceededError("maxMessages", self.messages, self.limits.max_messages, self.what)

    def map_entry(self, rule: _Map, pos: int, end: int, depth: int) -> None:
        self.enter(depth)
        while pos < end:
            at = pos
            tag, after = self.varint(pos, end, 5)
            number = tag >> 3
            if number != 1 and number != 2:
                raise WireFormatError(
                    at, f"map entry of {rule.name} has field {number}; an entry has only key (1) and value (2)"
                )
            pos = self.known_field(rule.key if number == 1 else rule.value, number, tag & 7, after, end, depth, at)

    def packed(self, wire: int, pos: int, end: int, at: int) -> int:
        start, stop = self.length(pos, end, at)
        if wire == _VARINT:
            p = start
            while p < stop:
                p = self.varint(p, stop, 10)[1]
        elif (stop - start) % (8 if wire == _BIT64 else 4) != 0:
            raise WireFormatError(
                at, f"packed field of {stop - start} bytes does not split into {_WIRE_NAMES[wire]} values"
            )
        return stop

    def skip(self, wire: int, pos: int, end: int, at: int) -> int:
        if wire == _VARINT:
            return self.varint(pos, end, 10)[1]
        if wire == _BIT64 or wire == _BIT32:
            size = 8 if wire == _BIT64 else 4
            if pos + size > end:
                raise WireFormatError(at, f"{size}-byte value runs past the end of its message")
            return pos + size
        return self.length(pos, end, at)[1]

    def length(self, pos: int, end: int, at: int) -> tuple[int, int]:
        """Reads a length prefix: the range of the bytes it covers."""
        length, start = self.varint(pos, end, 5)
        if length > end - start:
            raise WireFormatError(at, f"length {length} runs past the end of its message")
        return start, start + length

    def varint(self, pos: int, end: int, max_bytes: int) -> tuple[int, int]:
        """Reads a varint of at most ``max_bytes`` bytes: its value and the offset after it."""
        data = self.data
        value = 0
        shift = 0
        for i in range(pos, min(pos + max_bytes, end)):
            byte = data[i]
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                return value, i + 1
            shift += 7
        if pos + max_bytes > end:
            raise WireFormatError(pos, "varint runs past the end of its message")
        raise WireFormatError(
            pos, "tag or length prefix is longer than 5 bytes" if max_bytes == 5 else "varint is longer than 10 bytes"
        )


def _rules_of(descriptor: "Descriptor | UpbDescriptor") -> _Rules:
    rules = _rule_cache.get(descriptor)
    if rules is None:
        by_number = {field.number: _rule_of(field) for field in descriptor.fields}
        rules = _Rules(by_number, _scalar_run(by_number))
        _rule_cache[descriptor] = rules
    return rules


_VALUE_PATTERNS = {
    _VARINT: b"[\\x80-\\xff]{0,9}[\\x00-\\x7f]",
    _BIT64: b".{8}",
    _BIT32: b".{4}",
    # A longer length fails the lookahead at once, instead of each of the 128 branches in turn.
    _LEN: b"(?=[\\x00-\\x7f])(?:" + b"|".join(b"\\x%02x" % n + (b".{%d}" % n if n else b"") for n in range(128)) + b")",
}
"""The value of each wire type but groups, as the field loop reads it: a varint of at most 10
bytes, 8 or 4 bytes, or a length under 128 (one byte) and that many bytes; longer values go to the
loop. For patterns compiled with ``re.DOTALL``, whose "." takes any byte in one step, where a class
such as ``[\\s\\S]`` tests each byte."""


def fields_run(tags: dict[int, list[bytes]]) -> bytes:
    """Internal: a pattern, for ``re.DOTALL``, that takes one field whose tag is one of ``tags``
    (by wire type, each escaped) and its value as the field loop would read it (a length-delimited
    value under 128 bytes). Each wire type's value is written once, whatever the number of fields,
    which keeps the compiled pattern small enough to stay in the processor's caches."""
    return b"(?:" + b"|".join(b"(?:" + b"|".join(tags[wire]) + b")" + _VALUE_PATTERNS[wire] for wire in sorted(tags)) + b")"


def _scalar_run(by_number: dict[int, _Rule]) -> "re.Pattern[bytes] | None":
    tags: dict[int, list[bytes]] = {}
    for number, rule in by_number.items():
        if isinstance(rule, _Scalar):
            tags.setdefault(rule.wire, []).append(re.escape(_tag_bytes(number, rule.wire)))
    # Possessive: each field's tag decides its branch, so nothing is given back; a run of millions
    # of fields then keeps no backtracking state.
    return re.compile(fields_run(tags) + b"++", re.DOTALL) if tags else None


def _tag_bytes(number: int, wire: int) -> bytes:
    return encode_varint(number << 3 | wire)


def _rule_of(field: "FieldDescriptor | UpbFieldDescriptor") -> _Rule:
    name = field.name
    message_type = field.message_type
    if message_type is not None:
        if message_type.GetOptions().map_entry:
            key = _rule_of(message_type.fields_by_number[1])
            value = _rule_of(message_type.fields_by_number[2])
            return _Map(key, value, name)
        return _Message(message_type, field.type == FieldDescriptor.TYPE_GROUP, name)
    return _Scalar(_WIRE_OF_TYPE[field.type], field.is_repeated and field.type in _PACKABLE, name)


_WIRE_OF_TYPE = {
    FieldDescriptor.TYPE_STRING: _LEN,
    FieldDescriptor.TYPE_BYTES: _LEN,
    FieldDescriptor.TYPE_DOUBLE: _BIT64,
    FieldDescriptor.TYPE_FIXED64: _BIT64,
    FieldDescriptor.TYPE_SFIXED64: _BIT64,
    FieldDescriptor.TYPE_FLOAT: _BIT32,
    FieldDescriptor.TYPE_FIXED32: _BIT32,
    FieldDescriptor.TYPE_SFIXED32: _BIT32,
    FieldDescriptor.TYPE_INT32: _VARINT,
    FieldDescriptor.TYPE_INT64: _VARINT,
    FieldDescriptor.TYPE_UINT32: _VARINT,
    FieldDescriptor.TYPE_UINT64: _VARINT,
    FieldDescriptor.TYPE_SINT32: _VARINT,
    FieldDescriptor.TYPE_SINT64: _VARINT,
    FieldDescriptor.TYPE_BOOL: _VARINT,
    FieldDescriptor.TYPE_ENUM: _VARINT,
}
_PACKABLE = frozenset(_WIRE_OF_TYPE) - {FieldDescriptor.TYPE_STRING, FieldDescriptor.TYPE_BYTES}
