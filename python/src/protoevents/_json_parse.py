"""Strict RFC 8259 parsing with the C ``json`` parser: numbers kept as their text, duplicate keys
and the ``NaN``/``Infinity`` literals rejected, as the TypeScript parser (``json-parse.ts``)."""

import json
from typing import Any, NoReturn

from protoevents._errors import quote


class JsonNumber(str):
    """A JSON number exactly as written, so that integer syntax (``12``) stays apart from ``12.0``
    and ``1.2e1``, and so that no integer of more than 4300 digits fails to parse (Python's limit
    on ``int(str)``) where TypeScript would parse it."""

    __slots__ = ()


def parse_json(text: str) -> Any:
    """Parses RFC 8259 JSON text: one value, no byte order mark, no ``NaN`` or ``Infinity``, no
    duplicate key in an object, numbers as ``JsonNumber``. The caller bounds the nesting first
    (``check_json_text_depth``): ``json`` recurses once per level.

    Raises:
        ValueError: the text is not such JSON.
    """
    return json.loads(
        text,
        object_pairs_hook=_reject_duplicate_keys,
        parse_constant=_reject_constant,
        parse_int=JsonNumber,
        parse_float=JsonNumber,
    )


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"duplicate key {quote(key)}")
            seen.add(key)
    return result


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not JSON")
