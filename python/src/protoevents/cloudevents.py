"""Envelopes as CloudEvents 1.0 (docs/cloudevents.md), so that any CloudEvents consumer reads their
metadata without protoevents; the same mapping and bytes as the TypeScript package's
``protoevents/cloudevents``::

    from protoevents import wrap
    from protoevents.cloudevents import from_message, to_binary_message

    message = to_binary_message(wrap(event, source="https://example.com/identity"))
    producer.produce(topic, message.value, headers=list(message.headers.items()))
    ...
    envelope = from_message(record.headers() or [], record.value())

Three modes: binary (attributes as ``ce_`` headers, the payload as the value), structured JSON and
the protobuf event format; ``from_message`` reads any of them.
"""

from protoevents._cloudevents_binary import to_binary_message
from protoevents._cloudevents_from_message import from_message
from protoevents._cloudevents_message import CloudEventsMode, EventMessage, HeaderPrefix
from protoevents._cloudevents_protobuf_write import EventSource, to_protobuf_message
from protoevents._cloudevents_read_headers import IncomingHeaders
from protoevents._cloudevents_structured_json import to_structured_json_message
from protoevents._cloudevents_to_message import to_message
from protoevents._errors import InvalidCloudEventError

__all__ = [
    "CloudEventsMode",
    "EventMessage",
    "EventSource",
    "HeaderPrefix",
    "IncomingHeaders",
    "InvalidCloudEventError",
    "from_message",
    "to_binary_message",
    "to_message",
    "to_protobuf_message",
    "to_structured_json_message",
]
