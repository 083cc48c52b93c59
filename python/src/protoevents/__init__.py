"""protoevents: typed event contracts from .proto files, with one envelope for every event.

Wrap a payload into an envelope, encode it, and decode and unwrap it on the other side, with the
same bytes as the TypeScript package::

    from protoevents import decode_envelope, encode_envelope, unwrap, wrap
    from protoevents.user.v1 import UserCreated

    data = encode_envelope(wrap(UserCreated(id="u-1", name="Ada"), source="identity"))
    event = unwrap(decode_envelope(data))
    if event.name == "user.created" and event.version == "v1":
        print(event.payload.name)

Importing the package root loads no event schema; each ``protoevents.<domain>.<version>``
package loads only its own, and ``unwrap`` loads the registry of all events on first use.
"""

from protoevents._content_type import ContentType
from protoevents._decode_limits import DEFAULT_DECODE_LIMITS, DecodeLimits
from protoevents._envelope_codec import (
    decode_envelope,
    encode_envelope,
    envelope_from_json,
    envelope_from_json_string,
    envelope_to_json,
    envelope_to_json_string,
)
from protoevents._envelope_peek import EnvelopeHeader, peek_envelope
from protoevents._errors import (
    ErrorCode,
    EventTooLargeError,
    IncompleteEnvelopeError,
    InvalidCloudEventError,
    InvalidMetadataError,
    LimitExceededError,
    MalformedEnvelopeError,
    NotAnEventError,
    PayloadDecodeError,
    ProtoeventsError,
    UnknownEventError,
    UnsupportedContentTypeError,
    UnsupportedVersionError,
)
from protoevents._event_identity import EventIdentity, event_identity
from protoevents._event_limits import EventLimits, check_event_size, event_limits
from protoevents._event_registry import EventEntry, EventRegistry, EventSet, Unwrapped
from protoevents._unwrap import is_event, unwrap
from protoevents._version import __version__
from protoevents._wrap import wrap
from protoevents.v1.envelope_pb2 import Envelope

__all__ = [
    "DEFAULT_DECODE_LIMITS",
    "ContentType",
    "DecodeLimits",
    "Envelope",
    "EnvelopeHeader",
    "ErrorCode",
    "EventEntry",
    "EventIdentity",
    "EventLimits",
    "EventRegistry",
    "EventSet",
    "EventTooLargeError",
    "IncompleteEnvelopeError",
    "InvalidCloudEventError",
    "InvalidMetadataError",
    "LimitExceededError",
    "MalformedEnvelopeError",
    "NotAnEventError",
    "PayloadDecodeError",
    "ProtoeventsError",
    "UnknownEventError",
    "UnsupportedContentTypeError",
    "UnsupportedVersionError",
    "Unwrapped",
    "__version__",
    "check_event_size",
    "decode_envelope",
    "encode_envelope",
    "envelope_from_json",
    "envelope_from_json_string",
    "envelope_to_json",
    "envelope_to_json_string",
    "event_identity",
    "event_limits",
    "is_event",
    "peek_envelope",
    "unwrap",
    "wrap",
]
