"""Publish a UserCreated event as bytes, then decode it as a consumer would."""

from protoevents import EventRegistry, decode_envelope, encode_envelope, unwrap, wrap
from protoevents.user import v1, v2
from protoevents.user.v1 import UserCreated

# Producer: wrap the payload into an envelope and encode it for the broker.
envelope = wrap(
    UserCreated(id="u-1001", name="Ada Lovelace", email="ada@example.com", created_at=1700000000000),
    source="identity-service",
    attributes={"tenantid": "acme"},
)
data = encode_envelope(envelope)

# Consumer: accept the user events of v1 and v2, indexed once, immutable; decode the bytes and
# unwrap the payload by event name and version.
accepted = EventRegistry(v1.events, v2.events)
event = unwrap(decode_envelope(data), accepted)
if event.name == "user.created" and event.version == "v1":
    # mypy narrowed event.payload to protoevents.user.v1.UserCreated here.
    print(f"{event.name} {event.version}: {event.payload.name} <{event.payload.email}>")
    print(f"aggregate {event.envelope.aggregate_id}, tenant {event.envelope.attributes['tenantid']}")
