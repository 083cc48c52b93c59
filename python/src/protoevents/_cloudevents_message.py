"""A CloudEvent as a broker carries it: the message type, the modes, and the content types that
name the event formats (docs/cloudevents.md)."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

CloudEventsMode = Literal["binary", "structured-json", "protobuf"]
"""How an envelope travels as a CloudEvent: ``binary`` (attributes in headers, the payload as the
value), ``structured-json`` (the JSON event format) or ``protobuf`` (the protobuf event format)."""

HeaderPrefix = Literal["ce_", "ce-"]
"""The header name prefix of binary mode: ``ce_`` for Kafka, ``ce-`` for NATS and AMQP."""

STRUCTURED_JSON_CONTENT_TYPE = "application/cloudevents+json; charset=utf-8"
"""The ``content-type`` of a message in the JSON event format."""
PROTOBUF_CONTENT_TYPE = "application/cloudevents+protobuf"
"""The ``content-type`` of a message in the protobuf event format."""
PROTOBUF_PAYLOAD = "application/protobuf"
"""The ``datacontenttype`` written for an envelope whose ``content_type`` is empty."""
JSON_PAYLOAD = "application/json"
"""The ``content_type`` of an envelope whose payload is JSON text."""


@dataclass(frozen=True, slots=True)
class EventMessage:
    """A message as a broker carries it: string headers and the value bytes."""

    headers: Mapping[str, str]
    """Header names to values, in the order they are written."""
    value: bytes
    """The record's value."""


def header_prefix_of(given: object) -> HeaderPrefix:
    """The header prefix an option gives.

    Raises:
        ValueError: it is neither ``ce_`` nor ``ce-``.
    """
    if given == "ce_":
        return "ce_"
    if given == "ce-":
        return "ce-"
    raise ValueError(f'header_prefix must be "ce_" or "ce-", got {given!r}')


def media_type_of(content_type: str) -> str:
    """The media type of a content type: before any ``;`` parameters, without the spaces and tabs
    around it, ASCII letters in lower case."""
    return ascii_lower(content_type.split(";")[0]).strip(" \t")


def ascii_lower(text: str) -> str:
    """Lower-cases ASCII letters only: ``str.lower`` also folds other letters (the Kelvin sign to
    ``k``), which JavaScript's ``toLowerCase`` folds otherwise."""
    # On an ASCII string the two agree, and ``lower`` costs a twentieth of ``translate``.
    return text.lower() if text.isascii() else text.translate(_ASCII_LOWER)


_ASCII_LOWER = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}
