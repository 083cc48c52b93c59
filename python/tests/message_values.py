"""Payload messages built from their descriptors alone, so a test works on any schema: one
populated instance, or a hypothesis strategy of arbitrary ones.

Every kind of field is filled: scalars, enums, nested messages, repeated fields, maps, one member
of each oneof. Fields of the well-known types (`google.protobuf.*`) stay unset: their JSON forms
accept only some values (a Timestamp between the years 1 and 9999, an Any whose type resolves),
which a schema-blind generator cannot know. Nesting stops at `MAX_DEPTH`, for recursive schemas.
"""

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar, cast

from google.protobuf import message_factory
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message
from hypothesis import strategies as st

if TYPE_CHECKING:
    from google._upb._message import Descriptor as UpbDescriptor
    from google._upb._message import FieldDescriptor as UpbFieldDescriptor

M = TypeVar("M", bound=Message)

MessageDescriptor: TypeAlias = "Descriptor | UpbDescriptor"
"""A message descriptor, as the stubs type `DESCRIPTOR` (either implementation of protobuf)."""
Field: TypeAlias = "FieldDescriptor | UpbFieldDescriptor"
"""A field descriptor, as the stubs type a message descriptor's `fields`."""

MAX_DEPTH = 3

INTEGER_RANGES: dict[int, tuple[int, int]] = {
    **dict.fromkeys((FieldDescriptor.TYPE_INT32, FieldDescriptor.TYPE_SINT32, FieldDescriptor.TYPE_SFIXED32), (-(2**31), 2**31 - 1)),
    **dict.fromkeys((FieldDescriptor.TYPE_INT64, FieldDescriptor.TYPE_SINT64, FieldDescriptor.TYPE_SFIXED64), (-(2**63), 2**63 - 1)),
    **dict.fromkeys((FieldDescriptor.TYPE_UINT32, FieldDescriptor.TYPE_FIXED32), (0, 2**32 - 1)),
    **dict.fromkeys((FieldDescriptor.TYPE_UINT64, FieldDescriptor.TYPE_FIXED64), (0, 2**64 - 1)),
}
"""The range of every integer field type."""

FLOAT32_BELOW_MAX = 3.4028232635611926e38
"""The float32 just below the largest: protobuf writes the largest in JSON as 3.4028235e+38 and
then rejects that as out of range (test_round_trip.py pins this), so arbitrary floats stop here."""

Choose = Callable[[Field, int, int], Any]
"""Picks the value of a field, map key or map value at a nesting depth: the first (0) or second
(1) element of a list or map, or (0) a field that is neither."""


def map_entry(field: Field) -> tuple[Field, Field]:
    """The key and value fields of a map field's entry."""
    entry = field.message_type
    assert entry is not None, field.full_name
    return entry.fields_by_name["key"], entry.fields_by_name["value"]


def enum_numbers(field: Field) -> list[int]:
    """The numbers of an enum field's values, in declaration order."""
    assert field.enum_type is not None, field.full_name
    return [value.number for value in field.enum_type.values]


def is_map(field: Field) -> bool:
    """Whether the field is a map (a repeated field of a generated `...Entry` message)."""
    return field.message_type is not None and field.message_type.GetOptions().map_entry


def holds_well_known(field: Field) -> bool:
    """Whether the field, or the values of the map it is, are of a well-known type."""
    message_type = map_entry(field)[1].message_type if is_map(field) else field.message_type
    return message_type is not None and message_type.full_name.startswith("google.protobuf.")


def is_skipped(field: Field, depth: int) -> bool:
    """Whether the field stays unset: it holds a well-known type, or a message below `MAX_DEPTH`."""
    return holds_well_known(field) or (field.message_type is not None and not is_map(field) and depth >= MAX_DEPTH)


def set_field(message: Message, field: Field, value: Any) -> None:
    """Sets a field to a value: a scalar, an enum number, a message, a list, or a dict for a map."""
    target = getattr(message, field.name)
    if is_map(field):
        for key, item in value.items():
            if isinstance(item, Message):
                target[key].CopyFrom(item)
            else:
                target[key] = item
    elif field.is_repeated:
        target.extend(value)
    elif isinstance(value, Message):
        target.CopyFrom(value)
    else:
        setattr(message, field.name, value)


def new_message(descriptor: MessageDescriptor) -> Message:
    """An empty instance of the generated class of a message descriptor."""
    # The stubs type the upb descriptors apart from the pure-Python ones, which is all that
    # GetMessageClass names; at runtime it takes those that descriptors hand out.
    return message_factory.GetMessageClass(cast(Descriptor, descriptor))()


def populated(message_type: type[M]) -> M:
    """An instance with every field that is not skipped set (the first member of each oneof) to a
    value other than its default: integers at the top of their range, text beyond ASCII, bytes
    that are not UTF-8, the last enum value, lists and maps of two."""

    def fill(message: Message, depth: int) -> Message:
        for field in message.DESCRIPTOR.fields:
            oneof = field.containing_oneof
            if is_skipped(field, depth) or (oneof is not None and oneof.fields[0] is not field):
                continue
            if is_map(field):
                key_field, value_field = map_entry(field)
                value: Any = {choose(key_field, depth, i): choose(value_field, depth, i) for i in range(2)}
            elif field.is_repeated:
                value = [choose(field, depth, i) for i in range(2)]
            else:
                value = choose(field, depth, 0)
            set_field(message, field, value)
        return message

    def choose(field: Field, depth: int, index: int) -> Any:
        kind = field.type
        if field.message_type is not None:
            return fill(new_message(field.message_type), depth + 1)
        if kind in INTEGER_RANGES:
            return INTEGER_RANGES[kind][1] - index
        if kind == FieldDescriptor.TYPE_STRING:
            return f"{field.name}-{index}-é\U0001f600"
        if kind == FieldDescriptor.TYPE_BYTES:
            return bytes([0xFF, index, 0xFE])
        if kind == FieldDescriptor.TYPE_BOOL:
            return index == 0
        if kind in (FieldDescriptor.TYPE_DOUBLE, FieldDescriptor.TYPE_FLOAT):
            return -1.5 - index
        if kind == FieldDescriptor.TYPE_ENUM:
            numbers = enum_numbers(field)
            return numbers[max(len(numbers) - 1 - index, 0)]
        raise AssertionError(f"{field.full_name}: no value for field type {kind}")

    return _as(message_type, fill(message_type(), 0))


def scalar_values(field: Field) -> st.SearchStrategy[Any]:
    """The values a scalar or enum field may hold: all of them, but NaN (unequal to itself) and
    the largest finite float32 (see `FLOAT32_BELOW_MAX`); for enums, the declared numbers."""
    kind = field.type
    if kind in INTEGER_RANGES:
        low, high = INTEGER_RANGES[kind]
        return st.integers(low, high)
    if kind == FieldDescriptor.TYPE_STRING:
        return st.text(max_size=12)
    if kind == FieldDescriptor.TYPE_BYTES:
        return st.binary(max_size=12)
    if kind == FieldDescriptor.TYPE_BOOL:
        return st.booleans()
    if kind == FieldDescriptor.TYPE_DOUBLE:
        return st.floats(allow_nan=False)
    if kind == FieldDescriptor.TYPE_FLOAT:
        finite = st.floats(-FLOAT32_BELOW_MAX, FLOAT32_BELOW_MAX, width=32)
        return st.one_of(finite, st.sampled_from([math.inf, -math.inf]))
    if kind == FieldDescriptor.TYPE_ENUM:
        return st.sampled_from(enum_numbers(field))
    raise AssertionError(f"{field.full_name}: no strategy for field type {kind}")


def arbitrary(message_type: type[M]) -> st.SearchStrategy[M]:
    """Arbitrary instances: each field that is not skipped either left unset or set to any value
    of its type; of a oneof's members, the last one set wins."""

    @st.composite
    def messages(draw: st.DrawFn, make: Callable[[], Message], depth: int) -> Message:
        message = make()
        for field in message.DESCRIPTOR.fields:
            if is_skipped(field, depth):
                continue
            if is_map(field):
                key_field, value_field = map_entry(field)
                set_field(message, field, draw(st.dictionaries(single(key_field, depth), single(value_field, depth), max_size=3)))
            elif field.is_repeated:
                set_field(message, field, draw(st.lists(single(field, depth), max_size=3)))
            elif draw(st.booleans()):
                set_field(message, field, draw(single(field, depth)))
        return message

    def single(field: Field, depth: int) -> st.SearchStrategy[Any]:
        nested = field.message_type
        if nested is not None:
            return messages(lambda: new_message(nested), depth + 1)
        return scalar_values(field)

    return messages(message_type, 0).map(lambda message: _as(message_type, message))


def _as(message_type: type[M], message: Message) -> M:
    assert isinstance(message, message_type)
    return message
