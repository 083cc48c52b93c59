"""``to_message``: an envelope as a CloudEvent in the mode asked for."""

from protoevents._cloudevents_binary import to_binary_message
from protoevents._cloudevents_message import CloudEventsMode, EventMessage, HeaderPrefix
from protoevents._cloudevents_protobuf_write import EventSource, to_protobuf_message
from protoevents._cloudevents_structured_json import to_structured_json_message
from protoevents.v1.envelope_pb2 import Envelope


def to_message(
    envelope: Envelope,
    mode: CloudEventsMode,
    events: EventSource,
    *,
    header_prefix: HeaderPrefix = "ce_",
    dataschema: str | None = None,
) -> EventMessage:
    """Writes an envelope as a CloudEvent in ``mode``: ``to_binary_message``,
    ``to_structured_json_message`` or ``to_protobuf_message``; ``events`` serve the protobuf
    format, ``header_prefix`` binary mode.

    Raises:
        InvalidMetadataError, UnknownEventError, UnsupportedVersionError: as the function of the
            mode raises them.
        ValueError: ``mode`` or ``header_prefix`` is not one of theirs.
    """
    if mode == "binary":
        return to_binary_message(envelope, header_prefix=header_prefix, dataschema=dataschema)
    if mode == "structured-json":
        return to_structured_json_message(envelope, dataschema=dataschema)
    if mode == "protobuf":
        return to_protobuf_message(envelope, events, dataschema=dataschema)
    raise ValueError(f'mode must be "binary", "structured-json" or "protobuf", got {mode!r}')
