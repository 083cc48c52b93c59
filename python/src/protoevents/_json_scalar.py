"""The rules for one JSON value of a scalar or enum field (docs/json-policy.md), as the TypeScript
package applies them (``json-scalar.ts``). Each returns the value ``ParseDict`` reads to the same
field value, or raises a ValueError that names the field path and the rule."""

import math
import re
import struct
from typing import TYPE_CHECKING, Any, NamedTuple

from google.protobuf.descriptor import EnumDescriptor, FieldDescriptor

from protoevents._errors import quote
from protoevents._json_parse import JsonNumber

if TYPE_CHECKING:
    from google._upb._message import EnumDescriptor as UpbEnumDescriptor

INTEGER_SYNTAX = re.compile(r"-?(?:0|[1-9][0-9]*)")
"""RFC 8259 integer syntax: no sign but minus, no leading zero, no fraction, no exponent."""
_NUMBER_SYNTAX = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_BASE64_SYNTAX = re.compile(r"(?:[A-Za-z0-9+/]*|[A-Za-z0-9_-]*)={0,2}")
_SURROGATE = re.compile("[\ud800-\udfff]")
_FLOAT32 = struct.Struct("<f")
_SPECIAL_FLOATS = frozenset(("NaN", "Infinity", "-Infinity"))


class _Range(NamedTuple):
    min: int
    max: int
    name: str


_INT32 = _Range(-(2**31), 2**31 - 1, "int32")
_UINT32 = _Range(0, 2**32 - 1, "uint32")
_INT64 = _Range(-(2**63), 2**63 - 1, "int64")
_UINT64 = _Range(0, 2**64 - 1, "uint64")
_RANGES = {
    FieldDescriptor.TYPE_INT32: _INT32,
    FieldDescriptor.TYPE_SINT32: _INT32,
    FieldDescriptor.TYPE_SFIXED32: _INT32,
    FieldDescriptor.TYPE_UINT32: _UINT32,
    FieldDescriptor.TYPE_FIXED32: _UINT32,
    FieldDescriptor.TYPE_INT64: _INT64,
    FieldDescriptor.TYPE_SINT64: _INT64,
    FieldDescriptor.TYPE_SFIXED64: _INT64,
    FieldDescriptor.TYPE_UINT64: _UINT64,
    FieldDescriptor.TYPE_FIXED64: _UINT64,
}


def scalar_from_json(field_type: int, value: Any, path: str) -> Any:
    """Checks the JSON value of a scalar field and returns it as ``ParseDict`` reads it: integers
    as ``int``, floats rounded to float32, bytes as padded standard base64.

    Raises:
        ValueError: the value breaks the policy's rule for the type.
    """
    int_range = _RANGES.get(field_type)
    if int_range is not None:
        return _integer_from_json(value, int_range, path, string_allowed=True)
    if field_type == FieldDescriptor.TYPE_DOUBLE or field_type == FieldDescriptor.TYPE_FLOAT:
        return _float_from_json(value, field_type == FieldDescriptor.TYPE_FLOAT, path)
    if field_type == FieldDescriptor.TYPE_BOOL:
        if not isinstance(value, bool):
            raise field_error(path, f"expected true or false, got {describe_json(value)}")
        return value
    if field_type == FieldDescriptor.TYPE_STRING:
        return _string_from_json(value, path)
    return _bytes_from_json(value, path)


def map_key_from_json(field_type: int, key: str, path: str) -> str:
    """Checks a map key, always a JSON string, against the key type and returns it in canonical
    form: integers in decimal without sign of zero, bools as ``true`` or ``false``.

    Raises:
        ValueError: the key breaks the policy's rule for the key type.
    """
    int_range = _RANGES.get(field_type)
    if int_range is not None:
        return str(_integer_from_json(key, int_range, path, string_allowed=True))
    if field_type == FieldDescriptor.TYPE_BOOL:
        if key != "true" and key != "false":
            raise field_error(path, f'expected the map key "true" or "false", got {quote(key)}')
        return key
    return _string_from_json(key, path)


def enum_from_json(enum: "EnumDescriptor | UpbEnumDescriptor", value: Any, path: str) -> int:
    """Checks the JSON value of an enum field: a value's exact name, or an integer in int32 range
    as a JSON number (an open enum keeps an unknown number). Returns the number.
    ``google.protobuf.NullValue`` also takes ``None``, which the caller passes on.

    Raises:
        ValueError: the value is neither.
    """
    if isinstance(value, JsonNumber) or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return _integer_from_json(value, _INT32, path, string_allowed=False)
    if isinstance(value, str):
        found = enum.values_by_name.get(value)
        if found is None:
            raise field_error(path, f"{quote(value)} is not a value name of {enum.full_name}")
        return int(found.number)
    raise field_error(path, f"expected a value name of {enum.full_name} or an int32 number, got {describe_json(value)}")


def _integer_from_json(value: Any, int_range: _Range, path: str, *, string_allowed: bool) -> int:
    text: str | None = None
    if isinstance(value, JsonNumber):
        if INTEGER_SYNTAX.fullmatch(value) is not None:
            text = value
    elif isinstance(value, bool):
        pass
    elif isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        # A value parsed by the caller has lost its syntax: an integral value is taken as written so.
        if value.is_integer():
            text = str(int(value))
    elif isinstance(value, str) and string_allowed:
        if INTEGER_SYNTAX.fullmatch(value) is not None:
            text = value
    form = "a number or string" if string_allowed else "a number"
    if text is None:
        raise field_error(path, f"expected an integer ({form} in integer syntax), got {describe_json(value)}")
    # 21 characters hold every 64-bit integer: longer text is out of range, and beyond int()'s limit.
    integer = int(text) if len(text) <= 21 else None
    if integer is None or not int_range.min <= integer <= int_range.max:
        raise field_error(path, f"{_cut(text)} is out of {int_range.name} range ({int_range.min} to {int_range.max})")
    return integer


def _float_from_json(value: Any, float32: bool, path: str) -> float | str:
    number: float | None = None
    if isinstance(value, str):
        # A JsonNumber is in number syntax already.
        if value in _SPECIAL_FLOATS and not isinstance(value, JsonNumber):
            return value
        if isinstance(value, JsonNumber) or _NUMBER_SYNTAX.fullmatch(value) is not None:
            number = float(value)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
    if number is None:
        raise field_error(
            path,
            f'expected a number, a string in number syntax, "NaN", "Infinity" or "-Infinity", got {describe_json(value)}',
        )
    if not math.isfinite(number):
        raise field_error(path, f"{describe_json(value)} is out of double range")
    if not float32:
        return number
    try:
        return float(_FLOAT32.unpack(_FLOAT32.pack(number))[0])
    except OverflowError:
        raise field_error(path, f"{describe_json(value)} is out of float range") from None


def all_plain_strings(values: list[Any]) -> bool:
    """Whether every value is a JSON string (not a number's text) without a lone surrogate: what
    ``scalar_from_json`` accepts for a string field, for a whole list at once."""
    return all(type(value) is str for value in values) and _SURROGATE.search("".join(values)) is None


def _string_from_json(value: Any, path: str) -> str:
    if not isinstance(value, str) or isinstance(value, JsonNumber):
        raise field_error(path, f"expected a string, got {describe_json(value)}")
    # The parser joins an escaped surrogate pair into one code point: any surrogate left is lone.
    if _SURROGATE.search(value) is not None:
        raise field_error(path, f"the string {quote(value)} holds a lone surrogate, which is not Unicode text")
    return value


def _bytes_from_json(value: Any, path: str) -> str:
    if not isinstance(value, str) or isinstance(value, JsonNumber):
        raise field_error(path, f"expected a base64 string, got {describe_json(value)}")
    # Padding, when given, makes the length a multiple of 4; unpadded, one character of a last
    # group of 4 is never whole bytes.
    padding = -1 if _BASE64_SYNTAX.fullmatch(value) is None else 2 if value.endswith("==") else 1 if value.endswith("=") else 0
    data = len(value) - padding
    valid = data % 4 != 1 if padding == 0 else padding > 0 and len(value) % 4 == 0
    if not valid:
        raise field_error(path, f"{quote(value)} is not base64 (standard or URL-safe, padding optional)")
    standard = value[:data].replace("-", "+").replace("_", "/")
    return standard + "=" * ((4 - data % 4) % 4)


def describe_json(value: Any) -> str:
    """Describes a JSON value for an error message, quoting and cutting what the input holds, as
    the TypeScript package does."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, JsonNumber):
        return f"the number {_cut(value)}"
    if isinstance(value, str):
        return f"the string {quote(value)}"
    if isinstance(value, (int, float)):
        return f"the number {_cut(_js_number_text(value))}"
    return "an array" if isinstance(value, list) else "an object"


def _js_number_text(value: int | float) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    return repr(value)


def _cut(text: str) -> str:
    return text if len(text) <= 64 else text[:64] + "\u2026"


def field_error(path: str, rule: str) -> ValueError:
    """An error at a field path, e.g. ``items[2].quantity: expected ...``; the empty path is the
    outermost message."""
    return ValueError(rule if path == "" else f"{path}: {rule}")
