"""JSON text as JavaScript's ``JSON.stringify`` writes a value ``JSON.parse`` read: compact,
non-ASCII characters as they are, numbers in JavaScript's shortest form, an object's array-index
keys first. The JSON event format carries a JSON payload as a value (``data``), which each
language writes back to text; written so, both write the same bytes."""

import json
import math
from decimal import Decimal
from typing import Any

from protoevents._json_parse import JsonNumber

_MAX_ARRAY_INDEX = 2**32 - 2


def json_text(value: Any) -> str:
    """Writes a value of ``parse_json`` as ``JSON.stringify(JSON.parse(text))`` does.

    Raises:
        ValueError: a number is out of the range of a double, which ``JSON.stringify`` would write
            as ``null``: a value no sender meant.
    """
    if isinstance(value, JsonNumber):
        return _js_number(value)
    if isinstance(value, str):
        return _js_string(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, list):
        return "[" + ",".join(json_text(item) for item in value) + "]"
    keys = _js_key_order(value)
    return "{" + ",".join(f"{_js_string(key)}:{json_text(value[key])}" for key in keys) + "}"


def _js_string(value: str) -> str:
    text = json.dumps(value, ensure_ascii=False)
    if value.isascii():
        return text
    # JSON.stringify escapes a lone surrogate; json.dumps keeps it, which is not UTF-8.
    return "".join(f"\\u{ord(char):04x}" if 0xD800 <= ord(char) <= 0xDFFF else char for char in text)


def _js_key_order(value: dict[str, Any]) -> list[str]:
    """A JavaScript object's key order: array-index keys in numeric order, then the others in the
    order they were read."""
    indices = [key for key in value if _is_array_index(key)]
    if not indices:
        return list(value)
    indices.sort(key=int)
    return indices + [key for key in value if not _is_array_index(key)]


def _is_array_index(key: str) -> bool:
    return key.isascii() and key.isdigit() and (key == "0" or key[0] != "0") and int(key) <= _MAX_ARRAY_INDEX


def _js_number(text: str) -> str:
    """Number::toString of the double nearest the number's text (ECMA-262, 6.1.6.1.20)."""
    number = float(text)
    if math.isinf(number):
        raise ValueError(f"the number {text[:64]} is out of the range of a double")
    if number == 0:
        return "0"
    sign = "-" if number < 0 else ""
    # repr is the shortest text that reads back as the same double, as JavaScript's digits are.
    digits_tuple = Decimal(repr(abs(number))).normalize().as_tuple()
    digits = "".join(str(d) for d in digits_tuple.digits)
    k = len(digits)
    exponent = digits_tuple.exponent
    assert isinstance(exponent, int)
    n = exponent + k
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * (-n) + digits
    e = n - 1
    mantissa = digits if k == 1 else digits[0] + "." + digits[1:]
    return f"{sign}{mantissa}e{'+' if e >= 0 else '-'}{abs(e)}"
