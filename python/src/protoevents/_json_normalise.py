"""A parsed JSON value checked against a message descriptor by the proto3 JSON policy
(docs/json-policy.md), as the TypeScript package checks it (``json-normalise.ts``)."""

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, TypeAlias

from google.protobuf.descriptor import Descriptor, EnumDescriptor, FieldDescriptor

from protoevents._errors import LimitExceededError, quote
from protoevents._json_parse import JsonNumber
from protoevents._json_scalar import (
    INTEGER_SYNTAX,
    all_plain_strings,
    describe_json,
    enum_from_json,
    field_error,
    map_key_from_json,
    scalar_from_json,
)

if TYPE_CHECKING:
    from google._upb._message import Descriptor as UpbDescriptor
    from google._upb._message import EnumDescriptor as UpbEnumDescriptor
    from google._upb._message import FieldDescriptor as UpbFieldDescriptor

_MessageDescriptor: TypeAlias = "Descriptor | UpbDescriptor"
_Field: TypeAlias = "FieldDescriptor | UpbFieldDescriptor"


@dataclass(frozen=True, slots=True)
class NormaliseOptions:
    """How ``normalise_json`` treats what the schema does not know, and how deep it may go."""

    ignore_unknown_fields: bool
    """Skip fields the schema does not have (payloads), or reject them (the envelope)."""
    max_depth: int
    """The deepest nesting of JSON arrays and objects; the outermost object is depth 1."""
    where: str
    """What is decoded, for a limit error: ``envelope`` or ``payload``."""


def normalise_json(descriptor: _MessageDescriptor, value: Any, options: NormaliseOptions) -> dict[str, Any]:
    """Checks a parsed JSON value against a message descriptor and returns the dict ``ParseDict``
    reads to the same message: fields under their JSON names, nulls and unknown fields left out,
    numbers as ``int`` or ``float``, enums as numbers. Well-known types (``google.protobuf.*``)
    are passed on as they are for ``ParseDict`` to check.

    Raises:
        ValueError: the value breaks a rule, naming the field path.
        LimitExceededError: arrays and objects nest deeper than ``max_depth``.
    """
    if not isinstance(value, dict):
        raise ValueError(f"expected a JSON object for {descriptor.full_name}, got {describe_json(value)}")
    result: dict[str, Any] = _message_from_json(descriptor, value, "", 1, options)
    return result


def _message_from_json(
    descriptor: _MessageDescriptor, value: dict[str, Any], path: str, depth: int, options: NormaliseOptions
) -> Any:
    _check_depth(depth, options)
    if descriptor.full_name.startswith("google.protobuf."):
        return _plain_json(value)
    fields = _fields_by_name(descriptor)
    result: dict[str, Any] = {}
    key_of_field: dict[str, str] = {}
    key_of_oneof: dict[str, str] = {}
    for key, item in value.items():
        field = fields.get(key)
        if field is None:
            if options.ignore_unknown_fields:
                continue
            raise field_error(path, f"{descriptor.full_name} has no field {quote(key)}")
        field_path = _join(path, field.json_name)
        earlier = key_of_field.get(field.name)
        if earlier is not None:
            raise field_error(field_path, f"given twice, as {quote(earlier)} and {quote(key)}")
        key_of_field[field.name] = key
        if item is None and not _takes_null(field):
            continue
        oneof = field.containing_oneof
        if oneof is not None:
            other = key_of_oneof.get(oneof.name)
            if other is not None:
                raise field_error(field_path, f"oneof {oneof.name} is already set by {quote(other)}")
            key_of_oneof[oneof.name] = key
        result[field.json_name] = _field_from_json(field, item, field_path, depth, options)
    return result


def _field_from_json(field: _Field, value: Any, path: str, depth: int, options: NormaliseOptions) -> Any:
    message_type = field.message_type
    if message_type is not None and message_type.GetOptions().map_entry:
        if not isinstance(value, dict):
            raise field_error(path, f"expected an object, got {describe_json(value)}")
        _check_depth(depth + 1, options)
        key_field = message_type.fields_by_name["key"]
        value_field = message_type.fields_by_name["value"]
        entries: dict[str, Any] = {}
        for key, item in value.items():
            entry_path = f"{path}[{quote(key)}]"
            canonical = map_key_from_json(key_field.type, key, entry_path)
            if canonical in entries:
                raise field_error(entry_path, f"the key {quote(canonical)} is given twice")
            entries[canonical] = _single_from_json(value_field, item, entry_path, depth + 2, options)
        return entries
    if field.is_repeated:
        if not isinstance(value, list):
            raise field_error(path, f"expected an array, got {describe_json(value)}")
        _check_depth(depth + 1, options)
        if field.type == FieldDescriptor.TYPE_STRING and all_plain_strings(value):
            # The common long list, checked in one pass: each element as below would take a call.
            return value
        return [_single_from_json(field, item, f"{path}[{index}]", depth + 2, options) for index, item in enumerate(value)]
    return _single_from_json(field, value, path, depth + 1, options)


def _single_from_json(field: _Field, value: Any, path: str, depth: int, options: NormaliseOptions) -> Any:
    """One value of a field: the field's own, or one element of a list or map. ``depth`` is the
    depth of the value, were it an object."""
    message_type = field.message_type
    if message_type is not None:
        return _message_value(message_type, value, path, depth, options)
    enum_type = field.enum_type
    if enum_type is not None:
        return _enum_value(enum_type, value, path)
    return scalar_from_json(field.type, value, path)


def _enum_value(enum_type: "EnumDescriptor | UpbEnumDescriptor", value: Any, path: str) -> Any:
    if value is None and enum_type.full_name == "google.protobuf.NullValue":
        return None
    return enum_from_json(enum_type, value, path)


def _message_value(descriptor: _MessageDescriptor, value: Any, path: str, depth: int, options: NormaliseOptions) -> Any:
    if value is None and descriptor.full_name == "google.protobuf.Value":
        return None
    if not isinstance(value, dict):
        if not descriptor.full_name.startswith("google.protobuf."):
            raise field_error(path, f"expected an object for {descriptor.full_name}, got {describe_json(value)}")
        _check_depth(depth, options)
        return _plain_json(value)
    return _message_from_json(descriptor, value, path, depth, options)


def _takes_null(field: _Field) -> bool:
    """A null field is absent, but for the two types whose JSON form null is."""
    if field.is_repeated:
        return False
    if field.message_type is not None:
        return bool(field.message_type.full_name == "google.protobuf.Value")
    return field.enum_type is not None and field.enum_type.full_name == "google.protobuf.NullValue"


def _check_depth(depth: int, options: NormaliseOptions) -> None:
    if depth > options.max_depth:
        raise LimitExceededError("maxDepth", depth, options.max_depth, options.where)


def _join(path: str, name: str) -> str:
    return name if path == "" else f"{path}.{name}"


def _plain_json(value: Any) -> Any:
    """A well-known type's JSON, for ``ParseDict`` to read: numbers as ``int`` or ``float``."""
    if isinstance(value, JsonNumber):
        return int(value) if INTEGER_SYNTAX.fullmatch(value) is not None else float(value)
    if isinstance(value, list):
        return [_plain_json(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain_json(item) for key, item in value.items()}
    return value


@cache
def _fields_by_name(descriptor: _MessageDescriptor) -> dict[str, _Field]:
    """A field's JSON name and its proto name both find it."""
    names: dict[str, _Field] = {}
    for field in descriptor.fields:
        names[field.name] = field
        names[field.json_name] = field
    return names
