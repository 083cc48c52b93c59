"""Binary mode (docs/cloudevents.md): each attribute a prefixed header, the payload the value."""

from protoevents._cloudevents_message import EventMessage, HeaderPrefix, header_prefix_of
from protoevents._cloudevents_write_attributes import write_attributes
from protoevents.v1.envelope_pb2 import Envelope


def to_binary_message(envelope: Envelope, *, header_prefix: HeaderPrefix = "ce_", dataschema: str | None = None) -> EventMessage:
    """Writes an envelope as a CloudEvent in binary mode: each attribute a header named with the
    prefix (``ce_id``, ``ce_type``, ...), ``datacontenttype`` the ``content-type`` header, the
    payload bytes the value. Headers come in the documented order, so both packages write the
    same.

    Raises:
        InvalidMetadataError: the envelope cannot be a CloudEvent (no id, a source that is not a
            URI-reference, a time outside years 0000 to 9999, ...), ``field`` naming the envelope
            field; or ``dataschema`` is not an absolute URI.
        ValueError: ``header_prefix`` is neither ``ce_`` nor ``ce-``.
    """
    prefix = header_prefix_of(header_prefix)
    written = write_attributes(envelope, dataschema)
    headers = {f"{prefix}{name}": value for name, value in written.attributes}
    headers["content-type"] = written.datacontenttype
    return EventMessage(headers, envelope.payload)


def binary_headers(envelope: Envelope, header_prefix: HeaderPrefix, dataschema: str | None) -> list[tuple[str, bytes]]:
    """The headers of ``to_binary_message``, in its order, as UTF-8 ``(name, value)`` pairs: what a
    Kafka producer is given, built without the message's mapping.

    Raises:
        InvalidMetadataError: as ``to_binary_message``.
    """
    written = write_attributes(envelope, dataschema)
    headers = [(header_prefix + name, value.encode()) for name, value in written.attributes]
    headers.append(("content-type", written.datacontenttype.encode()))
    return headers
