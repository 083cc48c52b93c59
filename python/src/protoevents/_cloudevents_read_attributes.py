"""The envelope of a CloudEvent read in any mode (docs/cloudevents.md), from its attributes as
strings, the same as the TypeScript package's src/cloudevents/read-attributes.ts."""

import re
from collections.abc import Mapping

from protoevents._cloudevents_time import parse_event_time
from protoevents._cloudevents_uri import is_absolute_uri, is_uri_reference
from protoevents._errors import InvalidCloudEventError, quote
from protoevents._trace_context import parse_traceparent, tracestate_problem
from protoevents.v1.envelope_pb2 import Envelope

# The attributes an envelope field takes; every other is an extension, kept in `attributes`. All
# of them are typed as strings (String, URI, URI-reference, Timestamp).
MAPPED_NAMES = frozenset(
    {
        "specversion",
        "id",
        "source",
        "type",
        "subject",
        "time",
        "datacontenttype",
        "dataschema",
        "partitionkey",
        "traceparent",
        "tracestate",
        "traceid",
        "correlationid",
        "causationid",
    }
)

_EXTENSION_NAME = re.compile("[a-z0-9]+")


def read_attributes(attributes: Mapping[str, str], payload: bytes, default_content_type: str) -> Envelope:
    """Builds the envelope of a CloudEvent from its attributes (each as its canonical string), its
    data and the ``datacontenttype`` to assume when it has none. Checked in this order:
    ``specversion``, ``id``, ``source``, ``type``, ``time``, ``dataschema``, ``traceparent``,
    ``tracestate``, then the other names sorted.

    Raises:
        InvalidCloudEventError: naming the attribute at fault.
    """
    for name, value in attributes.items():
        if not value.isascii() and not _is_well_formed(value):
            raise InvalidCloudEventError(name, "holds a lone surrogate; a value must be well-formed Unicode")
    specversion = attributes.get("specversion")
    if specversion != "1.0":
        raise InvalidCloudEventError(
            "specversion", "is missing" if specversion is None else f"is {quote(specversion)}; only CloudEvents 1.0 is read"
        )
    event_id = attributes.get("id", "")
    if event_id == "":
        raise InvalidCloudEventError("id", "is missing or empty")
    source = attributes.get("source", "")
    if not is_uri_reference(source):
        raise InvalidCloudEventError("source", f"{quote(source)} is not a URI-reference")
    event_type = attributes.get("type", "")
    dot = event_type.rfind(".")
    if dot <= 0 or dot == len(event_type) - 1:
        raise InvalidCloudEventError("type", f"{quote(event_type)} is not <event name>.<event version>")
    time = attributes.get("time")
    timestamp = 0 if time is None else parse_event_time(time)
    if timestamp is None:
        raise InvalidCloudEventError("time", f"{quote(time or '')} is not an RFC 3339 timestamp")
    dataschema = attributes.get("dataschema")
    if dataschema is not None and not is_absolute_uri(dataschema):
        raise InvalidCloudEventError("dataschema", f"{quote(dataschema)} is not an absolute URI")
    traceparent, tracestate, trace_id = _trace_context(
        attributes.get("traceparent", ""), attributes.get("tracestate", ""), attributes.get("traceid", "")
    )
    extensions: dict[str, str] = {}
    for name in sorted(attributes.keys() - MAPPED_NAMES):
        if _EXTENSION_NAME.fullmatch(name) is None:
            raise InvalidCloudEventError(name, "is not a CloudEvents attribute name (a-z, 0-9)")
        if name == "data":
            raise InvalidCloudEventError(name, "is the event's data, not an attribute")
        extensions[name] = attributes[name]
    envelope = Envelope(
        event_id=event_id,
        event_name=event_type[:dot],
        event_version=event_type[dot + 1 :],
        aggregate_id=attributes.get("partitionkey") or attributes.get("subject", ""),
        timestamp=timestamp,
        trace_id=trace_id,
        traceparent=traceparent,
        tracestate=tracestate,
        correlation_id=attributes.get("correlationid", ""),
        causation_id=attributes.get("causationid", ""),
        source=source,
        content_type=attributes.get("datacontenttype", default_content_type),
        payload=payload,
    )
    # Given as a keyword, even an empty map costs as much as building the rest of the envelope.
    if extensions:
        envelope.attributes.update(extensions)
    return envelope


def _trace_context(traceparent: str, tracestate: str, traceid: str) -> tuple[str, str, str]:
    if traceparent == "":
        if tracestate != "":
            raise InvalidCloudEventError("tracestate", "is given without a traceparent")
        return traceparent, tracestate, traceid
    try:
        parsed = parse_traceparent(traceparent)
    except ValueError as error:
        raise InvalidCloudEventError("traceparent", f"{quote(traceparent)} {error}") from None
    problem = tracestate_problem(tracestate)
    if problem is not None:
        raise InvalidCloudEventError("tracestate", problem)
    return traceparent, tracestate, traceid or parsed


def _is_well_formed(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
