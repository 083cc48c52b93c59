"""Decoding under the decoding contract (docs/decoding.md) at upb's speed where it can be proven.

The contract is what ``scan_wire`` checks, the same algorithm as the TypeScript package's. Scanning
in Python costs about 5 µs for a typical envelope, ten times upb's parse, so a message is first
parsed by upb and the scan is skipped when the parsed message proves that the scan would pass: upb
refuses every malformation the scan refuses except a field in the wrong wire type and a bad map
entry, which it keeps as unknown fields (a bad map entry whole, as an unknown field of the message
holding the map); so a message tree without unknown fields, whose depth and number of messages
cannot reach the limits, is one the scan accepts. Anything else, including every input upb
refuses, is scanned, so that the error is the one TypeScript gives.

A message type without message fields (maps of scalars allowed) has no nested message that could
hold unknown fields, so one probe of the root proves it (the envelope, most payloads); the others
walk the tree.

Bytes that could hold more messages than ``max_messages`` are scanned before upb parses them,
unless the bytes outside their top-level strings could not (``bytes_outside_strings``): a large
event is mostly one bytes field, whose contents upb copies and never parses.

The proof rests on what upb refuses, and upb's parser changed between the runtimes the package
accepts: that of protobuf 6.x reads a length prefix over 5 bytes, which the contract refuses (7.x
refuses it too). On a runtime whose upb reads one, every message is scanned before it is parsed.
"""

from collections.abc import Callable
from enum import Enum
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from google.protobuf import unknown_fields
from google.protobuf.descriptor import Descriptor
from google.protobuf.descriptor_pb2 import FileDescriptorProto
from google.protobuf.message import DecodeError, Message

from protoevents._decode_limits import DEFAULT_DECODE_LIMITS, DecodeLimits
from protoevents._wire_scan import scan_wire
from protoevents._wire_skim import bytes_outside_strings

if TYPE_CHECKING:
    from google._upb._message import Descriptor as UpbDescriptor

M = TypeVar("M", bound=Message)

_UNBOUNDED = 1 << 62


def decode_strict(message_type: type[M], data: bytes, limits: DecodeLimits, what: str) -> M:
    """Decodes bytes as ``message_type`` under the decoding contract and ``limits``.

    Raises:
        WireFormatError: the bytes break the contract (see ``scan_wire``).
        LimitExceededError: the bytes are over a limit other than ``max_bytes``, which the caller
            checks.
        Exception: what upb raises for bytes the scan lets through (invalid UTF-8).
    """
    # Every message and map entry takes 2 bytes on the wire at least: bytes that could hold more
    # than max_messages are scanned before upb builds them, so that a flood stops at the limit;
    # the contents of top-level strings hold none (a large payload's bytes field).
    if not _UPB_REFUSES_OVERLONG_LENGTHS or (
        len(data) // 2 + 1 > limits.max_messages
        and bytes_outside_strings(message_type, data) // 2 + 1 > limits.max_messages
    ):
        scan_wire(message_type.DESCRIPTOR, data, limits, what)
        return message_type.FromString(data)
    try:
        message = message_type.FromString(data)
    except Exception:
        scan_wire(message_type.DESCRIPTOR, data, limits, what)
        raise
    return check_parsed(message, data, limits, what)


def check_parsed(message: M, data: bytes, limits: DecodeLimits, what: str) -> M:
    """Internal: ``message``, which upb parsed from ``data``, once the parse proves the contract
    or the scan passes; for bytes that cannot hold more than ``max_messages`` (outside their
    top-level strings), on a runtime that refuses overlong lengths (``decode_strict``'s first
    steps).

    Raises:
        WireFormatError, LimitExceededError: as ``decode_strict``.
    """
    message_type = message.__class__
    # The first message of a type takes the walk, which proves as much, and learns the type's depth.
    if not UnknownFieldSet(message) and _flat_depths.get(message_type, _UNBOUNDED) <= limits.max_depth:
        return message
    probe_proves(message_type)
    if not _proven(message, limits.max_depth):
        scan_wire(message_type.DESCRIPTOR, data, limits, what)
    return message


def probe_proves(message_type: type[Message]) -> bool:
    """Internal: whether one probe proves messages of this type under the default limits, as
    ``PROBE_PARSERS`` says, which then holds the type."""
    if message_type in PROBE_PARSERS:
        return True
    depth = _flat_depths.get(message_type)
    if depth is None:
        depth = _flat_depths[message_type] = _flat_depth(message_type.DESCRIPTOR)
    if depth > DEFAULT_DECODE_LIMITS.max_depth or not _UPB_REFUSES_OVERLONG_LENGTHS:
        return False
    PROBE_PARSERS[message_type] = message_type.FromString
    return True


def _upb_refuses_overlong_lengths() -> bool:
    """Whether this runtime's parser refuses a length prefix over 5 bytes, as the contract does:
    probed on a descriptor of the protobuf runtime itself (a 6-byte length of a string)."""
    try:
        FileDescriptorProto.FromString(b"\x0a\x81\x80\x80\x80\x80\x00x")
    except DecodeError:
        return True
    return False


_UPB_REFUSES_OVERLONG_LENGTHS = _upb_refuses_overlong_lengths()
"""Probed once, on import."""

UnknownFieldSet = unknown_fields.UnknownFieldSet
"""Internal: upb's unknown fields of a message, for the probe."""

_flat_depths: dict[type[Message], int] = {}
"""Per message type, what ``_flat_depth`` gives for it."""

PROBE_PARSERS: "dict[type[Message], Callable[[bytes], Any]]" = {}
"""Internal: the message types whose messages one probe proves under the default limits, each with
its ``FromString`` (read from the class, it costs more than this lookup). A message of such a type
that upb parsed from bytes of which at most ``PROBE_MOST_BYTES`` lie outside the top-level strings
(all of them when few: ``bytes_outside_strings`` for more), without unknown fields (``not
UnknownFieldSet(message)``), is what ``decode_strict`` returns for those bytes. ``probe_proves``
adds a type, as ``check_parsed`` does the first time it sees one. Callers may inline this test,
the common case in the fewest steps, and call ``decode_strict`` or ``check_parsed`` for the rest."""

PROBE_MOST_BYTES = 2 * DEFAULT_DECODE_LIMITS.max_messages - 1
"""Internal: the most bytes that cannot hold more messages than the default ``max_messages``."""


def _flat_depth(descriptor: "Descriptor | UpbDescriptor") -> int:
    """How deep a message of this type without unknown fields can be, 1 or 2 (with a map), when
    no field holds messages; unbounded otherwise, as the nested messages' own unknown fields need
    ``_proven``'s walk."""
    fields = _message_fields(descriptor)
    if any(kind is not _Kind.MAP for _, kind in fields):
        return _UNBOUNDED
    return 2 if fields else 1


def _proven(message: Message, max_depth: int) -> bool:
    """Whether the tree has no unknown fields and cannot be deeper than ``max_depth``."""
    if _static_depth(message.DESCRIPTOR) <= max_depth:
        max_depth = _UNBOUNDED
    return _clean(message, 1, max_depth)


def _clean(message: Message, depth: int, max_depth: int) -> bool:
    if depth > max_depth or len(UnknownFieldSet(message)) > 0:
        return False
    for name, kind in _message_fields(message.DESCRIPTOR):
        value = getattr(message, name)
        if kind is _Kind.SINGULAR:
            if message.HasField(name) and not _clean(value, depth + 1, max_depth):
                return False
        elif kind is _Kind.REPEATED:
            if not all(_clean(item, depth + 1, max_depth) for item in value):
                return False
        elif len(value) > 0:
            if depth + 1 > max_depth:
                return False
            if kind is _Kind.MAP_OF_MESSAGES and not all(_clean(item, depth + 2, max_depth) for item in value.values()):
                return False
    return True


class _Kind(Enum):
    SINGULAR = 1
    REPEATED = 2
    MAP = 3
    MAP_OF_MESSAGES = 4


@cache
def _message_fields(descriptor: "Descriptor | UpbDescriptor") -> tuple[tuple[str, _Kind], ...]:
    """The fields of a message type that hold messages or map entries, and how."""
    fields: list[tuple[str, _Kind]] = []
    for field in descriptor.fields:
        child = field.message_type
        if child is None:
            continue
        if child.GetOptions().map_entry:
            message_values = child.fields_by_number[2].message_type is not None
            fields.append((field.name, _Kind.MAP_OF_MESSAGES if message_values else _Kind.MAP))
        else:
            fields.append((field.name, _Kind.REPEATED if field.is_repeated else _Kind.SINGULAR))
    return tuple(fields)


@cache
def _static_depth(descriptor: "Descriptor | UpbDescriptor") -> int:
    """The deepest nesting a message of this type can have on the wire without unknown fields,
    counting map entries as a level; unbounded for a recursive type."""
    return _depth_of(descriptor, frozenset())


def _depth_of(descriptor: "Descriptor | UpbDescriptor", seen: frozenset[str]) -> int:
    if descriptor.full_name in seen:
        return _UNBOUNDED
    seen = seen | {descriptor.full_name}
    deepest = 1
    for field in descriptor.fields:
        child = field.message_type
        if child is None:
            continue
        if child.GetOptions().map_entry:
            value = child.fields_by_number[2].message_type
            below = 1 if value is None else 1 + _depth_of(value, seen)
        else:
            below = _depth_of(child, seen)
        deepest = max(deepest, min(_UNBOUNDED, 1 + below))
    return deepest

