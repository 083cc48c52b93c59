"""``from_message``: the envelope of a CloudEvent a broker message carries, in any mode."""

from protoevents._cloudevents_message import HeaderPrefix, ascii_lower, header_prefix_of
from protoevents._cloudevents_protobuf_read import read_protobuf
from protoevents._cloudevents_read_attributes import read_attributes
from protoevents._cloudevents_read_headers import IncomingHeaders, read_headers
from protoevents._cloudevents_structured_json import read_structured_json
from protoevents._decode_limits import DEFAULT_DECODE_LIMITS, DecodeLimits
from protoevents._errors import InvalidCloudEventError, LimitExceededError, quote
from protoevents.v1.envelope_pb2 import Envelope


def from_message(
    headers: IncomingHeaders,
    value: bytes,
    *,
    header_prefix: HeaderPrefix = "ce_",
    limits: DecodeLimits = DEFAULT_DECODE_LIMITS,
) -> Envelope:
    """Reads a CloudEvent from a broker message into an envelope (docs/cloudevents.md), in the
    mode its ``content-type`` names: ``application/cloudevents+json`` structured JSON,
    ``application/cloudevents+protobuf`` the protobuf format, any other binary mode, which needs
    the prefixed ``specversion`` header. Header names are compared case-insensitively (ASCII);
    other headers are ignored.

    ``headers`` are a mapping of names to ``str`` or ``bytes`` values, or ``(name, value)`` pairs
    as confluent-kafka's ``Message.headers()`` gives them (a value of None is no header). The
    value and the headers read (names and values in UTF-8) count against ``limits.max_bytes``.

    Raises:
        InvalidCloudEventError: the message is not a conforming CloudEvent of CloudEvents 1.0 that
            maps to an envelope; ``field`` names the attribute at fault, or the part of the message
            (``content-type``, ``value``, ``data``, ``data_base64``).
        LimitExceededError: the message is over ``max_bytes``, or its JSON or protobuf nests
            deeper than ``max_depth``.
        ValueError: ``header_prefix`` is neither ``ce_`` nor ``ce-``.
    """
    prefix = header_prefix_of(header_prefix)
    if len(value) > limits.max_bytes:
        raise LimitExceededError("maxBytes", len(value), limits.max_bytes, "CloudEvent message")
    read = read_headers(headers, prefix, len(value), limits)
    content_type = read.content_type
    media_type = "" if content_type is None else ascii_lower(content_type.split(";")[0]).strip(" \t")
    if media_type == "application/cloudevents+json":
        return read_structured_json(bytes(value), limits)
    if media_type == "application/cloudevents+protobuf":
        return read_protobuf(bytes(value), limits)
    if media_type.startswith("application/cloudevents-batch"):
        raise InvalidCloudEventError("content-type", f"{quote(content_type or '')} is a batch of CloudEvents; read one event a message")
    if media_type.startswith("application/cloudevents"):
        raise InvalidCloudEventError("content-type", f"{quote(content_type or '')} is an event format neither JSON nor protobuf")
    attributes = read.attributes
    if content_type is not None:
        attributes["datacontenttype"] = content_type
    return read_attributes(attributes, bytes(value), "")
