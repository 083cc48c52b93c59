"""The CloudEvents attributes of an envelope, as every mode writes them (docs/cloudevents.md), the
same as the TypeScript package's src/cloudevents/write-attributes.ts."""

import re
from typing import NamedTuple

from protoevents._attribute_key import RESERVED_ATTRIBUTE_KEYS
from protoevents._cloudevents_message import PROTOBUF_PAYLOAD
from protoevents._cloudevents_time import format_event_time
from protoevents._cloudevents_uri import is_absolute_uri, is_uri_reference
from protoevents._errors import InvalidMetadataError, quote
from protoevents._trace_context import parse_traceparent, tracestate_problem
from protoevents.v1.envelope_pb2 import Envelope

_EXTENSION_NAME = re.compile("[a-z0-9]+")


class WrittenAttributes(NamedTuple):
    """The attributes of an envelope's CloudEvent."""

    attributes: list[tuple[str, str]]
    """Every attribute but ``datacontenttype``, in the order of docs/cloudevents.md: ``specversion,
    id, source, type, subject, time, partitionkey, traceparent, tracestate, traceid, correlationid,
    causationid, dataschema``, the non-empty ones, then the extensions sorted by name."""
    datacontenttype: str
    """The envelope's content type, ``application/protobuf`` when empty."""


def write_attributes(envelope: Envelope, dataschema: str | None) -> WrittenAttributes:
    """Maps an envelope to CloudEvents attributes, refusing an envelope that cannot be a CloudEvent
    a reader accepts.

    Raises:
        InvalidMetadataError: naming the envelope field (``event_id``, ``source``, ``event_name``,
            ``event_version``, ``timestamp``, ``traceparent``, ``tracestate``, ``attributes``) or
            the ``dataschema`` option at fault.
    """
    if envelope.event_id == "":
        raise InvalidMetadataError("event_id", "is empty; a CloudEvent needs an id")
    if not is_uri_reference(envelope.source):
        raise InvalidMetadataError("source", f"{quote(envelope.source)} is not a URI-reference; a CloudEvent needs a source")
    if envelope.event_name == "":
        raise InvalidMetadataError("event_name", "is empty; the CloudEvents type is <event_name>.<event_version>")
    if envelope.event_version == "" or "." in envelope.event_version:
        raise InvalidMetadataError(
            "event_version",
            f'{quote(envelope.event_version)} is empty or holds a ".": the type <event_name>.<event_version> splits at its last "."',
        )
    time = format_event_time(envelope.timestamp)
    if time is None:
        raise InvalidMetadataError("timestamp", f"{envelope.timestamp} ms is outside the years 0000 to 9999 that RFC 3339 writes")
    trace_id = _trace_id_to_write(envelope)
    if dataschema is not None and not is_absolute_uri(dataschema):
        raise InvalidMetadataError("dataschema", f"{quote(dataschema)} is not an absolute URI")
    mapped = [
        ("specversion", "1.0"),
        ("id", envelope.event_id),
        ("source", envelope.source),
        ("type", f"{envelope.event_name}.{envelope.event_version}"),
        ("subject", envelope.aggregate_id),
        ("time", time),
        ("partitionkey", envelope.aggregate_id),
        ("traceparent", envelope.traceparent),
        ("tracestate", envelope.tracestate),
        ("traceid", trace_id),
        ("correlationid", envelope.correlation_id),
        ("causationid", envelope.causation_id),
        ("dataschema", dataschema or ""),
    ]
    attributes = [(name, value) for name, value in mapped if value != ""]
    # An extension is written even when empty, so that it reads back.
    for name in sorted(envelope.attributes):
        if _EXTENSION_NAME.fullmatch(name) is None or name in RESERVED_ATTRIBUTE_KEYS:
            raise InvalidMetadataError(
                "attributes", f"key {quote(name)} is not a CloudEvents extension name (a-z, 0-9) or is a context attribute's name"
            )
        attributes.append((name, envelope.attributes[name]))
    return WrittenAttributes(attributes, envelope.content_type or PROTOBUF_PAYLOAD)


def _trace_id_to_write(envelope: Envelope) -> str:
    """The trace id, written only when the traceparent does not carry it already."""
    if envelope.traceparent == "":
        if envelope.tracestate != "":
            raise InvalidMetadataError("tracestate", "is set without a traceparent")
        return envelope.trace_id
    try:
        parsed = parse_traceparent(envelope.traceparent)
    except ValueError as error:
        raise InvalidMetadataError("traceparent", f"{quote(envelope.traceparent)} {error}") from None
    problem = tracestate_problem(envelope.tracestate)
    if problem is not None:
        raise InvalidMetadataError("tracestate", problem)
    return "" if envelope.trace_id == parsed else envelope.trace_id
