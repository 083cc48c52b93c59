"""Read the routing fields of envelope bytes without decoding the payload."""

from protoevents import encode_envelope, peek_envelope, wrap
from protoevents.user.v1 import UserCreated

payload = UserCreated(id="u-1001", name="Ada Lovelace", email="ada@example.com")
data = encode_envelope(wrap(payload, event_id="0190b6a2-3c4d-7e5f-8a6b-7c8d9e0f1a2b"))

# A router reads what it routes by from the bytes: the payload is not decoded, and bytes that
# decode_envelope would refuse are refused here with the same error.
header = peek_envelope(data)
print(header.event_name, header.event_version, header.aggregate_id, header.event_id)
