"""JSON text as the JSON event format carries it, the same as the TypeScript package's
src/cloudevents/json-text.ts. A JSON payload (``data``) is kept as the sender's text with the
whitespace between tokens removed, not parsed and written again: JavaScript would round a 64-bit
number and list integer-like keys first, Python would write ``1.0`` where JavaScript writes ``1``,
and both packages must give the same payload bytes."""

import json
import re

# A string (to keep) or a run of whitespace between tokens (to drop). Only for valid JSON text.
_STRING_OR_WHITESPACE = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[ \t\n\r]+', re.DOTALL)
# Numbers kept as text: only the end of each value is wanted, and int() refuses over 4300 digits.
_DECODER = json.JSONDecoder(parse_int=str, parse_float=str)


def compact_json(text: str) -> str:
    """Removes the whitespace between the tokens of valid JSON text (space, tab, line feed, carriage
    return outside strings)."""
    return _STRING_OR_WHITESPACE.sub(_keep_strings, text)


def _keep_strings(match: "re.Match[str]") -> str:
    token = match.group()
    return token if token[0] == '"' else ""


def member_text(compact: str, name: str) -> str | None:
    """The text of the member ``name`` of a compact JSON object (from ``compact_json`` of valid JSON
    whose nesting was checked), by its decoded name; None when it has none."""
    pos = 1
    while pos < len(compact) - 1:
        member_name, name_end = _DECODER.raw_decode(compact, pos)
        value_start = name_end + 1
        value_end = _DECODER.raw_decode(compact, value_start)[1]
        if member_name == name:
            return compact[value_start:value_end]
        pos = value_end + 1
    return None
