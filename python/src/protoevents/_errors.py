"""The errors protoevents raises: one base class, a stable code on each, as in TypeScript."""

import re
from collections.abc import Sequence
from enum import StrEnum


class ErrorCode(StrEnum):
    """The stable codes of every error protoevents raises, the same in TypeScript and Python.

    A code never changes once released, so a consumer may branch on ``error.code``.
    """

    MALFORMED_ENVELOPE = "MALFORMED_ENVELOPE"
    """The bytes or JSON are not an envelope."""
    INCOMPLETE_ENVELOPE = "INCOMPLETE_ENVELOPE"
    """The envelope lacks a field that decoding needs (``event_name``, ``event_version``)."""
    UNKNOWN_EVENT = "UNKNOWN_EVENT"
    """No event of this name is known."""
    UNSUPPORTED_VERSION = "UNSUPPORTED_VERSION"
    """The event name is known, but not in this version."""
    UNSUPPORTED_CONTENT_TYPE = "UNSUPPORTED_CONTENT_TYPE"
    """The content type is neither ``application/protobuf`` nor ``application/json``."""
    PAYLOAD_DECODE_FAILED = "PAYLOAD_DECODE_FAILED"
    """The payload does not decode as the event's schema."""
    NOT_AN_EVENT = "NOT_AN_EVENT"
    """The message given to ``wrap`` has no ``(protoevents.v1.event)`` option or no version suffix."""
    INVALID_METADATA = "INVALID_METADATA"
    """A metadata value given to ``wrap`` is of the wrong type, not well-formed Unicode, out of range,
    empty, or an attribute key outside the key rule."""
    LIMIT_EXCEEDED = "LIMIT_EXCEEDED"
    """The input is over one of the decoding limits (size, depth, unknown fields)."""
    INVALID_CLOUD_EVENT = "INVALID_CLOUD_EVENT"
    """A broker message is not a CloudEvent the CloudEvents mapping reads (docs/cloudevents.md)."""
    EVENT_TOO_LARGE = "EVENT_TOO_LARGE"
    """A message is larger than the ``max_bytes`` its event declares (docs/limits.md): refused before
    sending."""


class ProtoeventsError(Exception):
    """The base class of every error protoevents raises.

    Catch it to handle all of them; read ``code`` to tell them apart. ``str(error)`` is
    ``"[CODE] message"``, as the TypeScript error's ``message``.
    """

    code: ErrorCode
    """The stable code of this error."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(f"[{code.value}] {message}")
        self.code = code


class MalformedEnvelopeError(ProtoeventsError, ValueError):
    """Raised when bytes or JSON do not decode as a ``protoevents.v1.Envelope``. A ``ValueError``
    too, as malformed input is."""

    def __init__(self, message: str) -> None:
        super().__init__(ErrorCode.MALFORMED_ENVELOPE, message)


class IncompleteEnvelopeError(ProtoeventsError):
    """Raised by ``unwrap`` when the envelope lacks a field it needs to find the schema."""

    field: str
    """The envelope field that is empty, e.g. ``event_name``."""

    def __init__(self, field: str) -> None:
        super().__init__(
            ErrorCode.INCOMPLETE_ENVELOPE,
            f"envelope field {quote(field)} is empty; every envelope needs an event name and version",
        )
        self.field = field


class UnknownEventError(ProtoeventsError):
    """Raised by ``unwrap`` when no event of the envelope's name is known: none is registered, or,
    when ``unwrap`` was given ``events``, none of them has the name."""

    event_name: str
    """The name found in the envelope."""
    accepted_names: tuple[str, ...] | None
    """The event names of the ``events`` given to ``unwrap``, in their order; ``None`` when it was
    given none and accepted every registered event."""

    def __init__(self, event_name: str, accepted_names: Sequence[str] | None = None) -> None:
        if accepted_names is None:
            reason = "no schema of this name is registered"
        else:
            reason = f"not among the events this call accepts; accepted names: {_listing(accepted_names)}"
        super().__init__(ErrorCode.UNKNOWN_EVENT, f"unknown event {quote(event_name)}: {reason}")
        self.event_name = event_name
        self.accepted_names = None if accepted_names is None else tuple(accepted_names)


class UnsupportedVersionError(ProtoeventsError):
    """Raised by ``unwrap`` when the event's name is known but not its version: registered, or, when
    ``unwrap`` was given ``events``, among them."""

    event_name: str
    """The name found in the envelope."""
    event_version: str
    """The version found in the envelope."""
    known_versions: tuple[str, ...]
    """The versions of this name that are registered, or, when ``restricted``, that are among the
    ``events`` given to ``unwrap``."""
    restricted: bool
    """Whether ``unwrap`` was given ``events``, so that ``known_versions`` are only the accepted ones."""

    def __init__(
        self, event_name: str, event_version: str, known_versions: Sequence[str], restricted: bool = False
    ) -> None:
        versions = _listing(known_versions)
        if restricted:
            message = (
                f"event {quote(event_name)} has no version {quote(event_version)} among the events this call accepts; "
                f"accepted versions: {versions}"
            )
        else:
            message = f"event {quote(event_name)} has no version {quote(event_version)}; known versions: {versions}"
        super().__init__(ErrorCode.UNSUPPORTED_VERSION, message)
        self.event_name = event_name
        self.event_version = event_version
        self.known_versions = tuple(known_versions)
        self.restricted = restricted


class UnsupportedContentTypeError(ProtoeventsError):
    """Raised when a content type is neither ``application/protobuf`` nor ``application/json``."""

    content_type: str
    """The content type found or given."""

    def __init__(self, content_type: str) -> None:
        super().__init__(
            ErrorCode.UNSUPPORTED_CONTENT_TYPE,
            f'unsupported content type {quote(content_type)}; expected "application/protobuf" or "application/json"',
        )
        self.content_type = content_type


class PayloadDecodeError(ProtoeventsError, ValueError):
    """Raised by ``unwrap`` when the payload does not decode as the event's schema. A
    ``ValueError`` too, as malformed input is.

    The decoder's own error is the ``__cause__``.
    """

    event_name: str
    """The event's name."""
    event_version: str
    """The event's version."""
    content_type: str
    """The content type the payload was decoded as."""

    def __init__(self, event_name: str, event_version: str, content_type: str, cause: BaseException) -> None:
        super().__init__(
            ErrorCode.PAYLOAD_DECODE_FAILED,
            f"payload of {quote(event_name)} {quote(event_version)} does not decode as {content_type}: "
            f"{describe(cause)}",
        )
        self.event_name = event_name
        self.event_version = event_version
        self.content_type = content_type


class NotAnEventError(ProtoeventsError):
    """Raised by ``wrap`` when the message is not an event: no event option, or no versioned package."""

    type_name: str
    """The message's fully qualified name."""

    def __init__(self, type_name: str, reason: str) -> None:
        super().__init__(ErrorCode.NOT_AN_EVENT, f"{type_name} is not an event: {reason}")
        self.type_name = type_name


class InvalidMetadataError(ProtoeventsError, ValueError):
    """Raised by ``wrap`` when a metadata value is of the wrong type, not well-formed Unicode, out of
    range, empty, or an attribute key outside the key rule. A ``ValueError`` too, as an invalid
    argument is."""

    field: str
    """The keyword argument at fault, e.g. ``timestamp``."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(ErrorCode.INVALID_METADATA, f"invalid {field}: {reason}")
        self.field = field


class LimitExceededError(ProtoeventsError, ValueError):
    """Raised when an input is over one of the decoding limits: the envelope's size, the nesting
    depth, or the number of unknown fields kept. A ``ValueError`` too, as malformed input is."""

    limit: str
    """The limit's name as the TypeScript option spells it, e.g. ``maxBytes``."""
    value: int
    """The input's value, or the first value over the limit found."""
    max: int
    """The limit in force."""

    def __init__(self, limit: str, value: int, max: int, where: str) -> None:
        super().__init__(ErrorCode.LIMIT_EXCEEDED, f"{where} is over the {limit} limit: {value} > {max}")
        self.limit = limit
        self.value = value
        self.max = max


class InvalidCloudEventError(ProtoeventsError, ValueError):
    """Raised by ``protoevents.cloudevents.from_message`` when a message is not a conforming
    CloudEvent (docs/cloudevents.md). A ``ValueError`` too, as malformed input is."""

    field: str
    """The CloudEvents attribute at fault (``specversion``, ``type``, ``time``, an extension's
    name), whatever the mode; or else the part of the message: ``data``, ``data_base64``,
    ``content-type``, or ``value`` for bytes that are not the format at all."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(ErrorCode.INVALID_CLOUD_EVENT, f"not a valid CloudEvent: {quote(field)} {reason}")
        self.field = field


class EventTooLargeError(ProtoeventsError, ValueError):
    """Raised by ``check_event_size``, and so by a publisher before it sends, when a message is
    larger than the ``max_bytes`` its event declares (docs/limits.md). A ``ValueError`` too, as an
    argument out of range is."""

    event_name: str
    """The event's name."""
    event_version: str
    """The event's version."""
    size: int
    """The message's size in bytes, as the broker would count it."""
    max_bytes: int
    """The event's declared ``max_bytes``."""

    def __init__(self, event_name: str, event_version: str, size: int, max_bytes: int) -> None:
        super().__init__(
            ErrorCode.EVENT_TOO_LARGE,
            f"event {quote(event_name)} {quote(event_version)} is over its declared max_bytes: {size} > {max_bytes} bytes",
        )
        self.event_name = event_name
        self.event_version = event_version
        self.size = size
        self.max_bytes = max_bytes


_QUOTED_LENGTH = 64
_DESCRIBED_LENGTH = 200
# Control characters, line and paragraph separators, lone surrogates; and quotes and backslashes
# for a quoted value.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_QUOTED_UNSAFE = re.compile('["\\\\]|' + _UNSAFE.pattern)


def quote(value: str) -> str:
    """Quotes an untrusted value for an error message, as the TypeScript package does: cut to 64
    characters (the full value stays on the error's own attributes), with quotes, backslashes,
    control characters, line and paragraph separators and lone surrogates escaped as in JSON."""
    return f'"{_escape_cut(value, _QUOTED_LENGTH, _QUOTED_UNSAFE)}"'


def describe(error: BaseException) -> str:
    """A decoder's message, cut to 200 characters and escaped as ``quote`` does: it may quote the
    input."""
    return _escape_cut(str(error), _DESCRIBED_LENGTH, _UNSAFE)


def _escape_cut(value: str, max_length: int, pattern: "re.Pattern[str]") -> str:
    shown = value if len(value) <= max_length else value[:max_length] + "\u2026"
    return pattern.sub(_escape, shown)


def _escape(match: "re.Match[str]") -> str:
    char = match.group()
    return "\\" + char if char in '"\\' else f"\\u{ord(char):04x}"


# A message names at most this many accepted names or versions: an organisation has hundreds.
_LISTED = 20


def _listing(items: Sequence[str]) -> str:
    # `unwrap(envelope, [])` accepts nothing: "none" reads better than an empty list.
    if not items:
        return "none"
    more = f" and {len(items) - _LISTED} more" if len(items) > _LISTED else ""
    return ", ".join(items[:_LISTED]) + more
