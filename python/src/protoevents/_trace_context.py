"""The W3C trace context ``wrap`` takes (https://www.w3.org/TR/trace-context/), as the TypeScript
package's src/trace-context.ts checks it: a traceparent is "<version>-<trace id>-<parent
id>-<flags>", two, 32, 16 and two lowercase hex digits; version "ff" is invalid, and so are an
all-zero trace id or parent id."""

import re

_TRACEPARENT = re.compile(r"([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})")
_MAX_TRACESTATE_LENGTH = 512
_PRINTABLE_ASCII = re.compile(r"[\x20-\x7e]*")


def parse_traceparent(value: str) -> str:
    """The trace id of a valid traceparent.

    Raises:
        ValueError: the traceparent is not valid; the message says what is wrong.
    """
    match = _TRACEPARENT.fullmatch(value)
    if match is None:
        raise ValueError('is not a W3C traceparent ("00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>", lowercase)')
    version, trace_id, parent_id, _ = match.groups()
    if version == "ff":
        raise ValueError('has the version "ff", which W3C trace context forbids')
    if trace_id.strip("0") == "":
        raise ValueError("has an all-zero trace id")
    if parent_id.strip("0") == "":
        raise ValueError("has an all-zero parent id")
    return trace_id


def tracestate_problem(value: str) -> str | None:
    """What is wrong with a tracestate, or None: printable ASCII without a tab, at most 512
    characters (the list members themselves are the vendors' own)."""
    if len(value) > _MAX_TRACESTATE_LENGTH:
        return f"is longer than {_MAX_TRACESTATE_LENGTH} characters"
    if _PRINTABLE_ASCII.fullmatch(value) is None:
        return "holds a character outside printable ASCII"
    return None
