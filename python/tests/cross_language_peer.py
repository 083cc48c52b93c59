"""The Python side of test/cross-language.test.ts, run with the test venv's interpreter.

Reads one JSON request on stdin and writes one JSON answer on stdout:
- "decode": envelope bytes (hex) from TypeScript; each is decoded, unwrapped and re-encoded.
- "wrap": inputs (message type, canonical JSON payload, `wrap` keywords); each is wrapped and
  encoded, for TypeScript to decode.
"""

import json
import sys
from typing import Any

from google.protobuf import descriptor_pool, message_factory
from google.protobuf.json_format import MessageToDict, ParseDict

import protoevents.registry  # noqa: F401  (loads every event schema into the descriptor pool)
from protoevents import decode_envelope, encode_envelope, envelope_to_json_string, unwrap, wrap


def decode(hex_bytes: str) -> dict[str, Any]:
    event = unwrap(decode_envelope(bytes.fromhex(hex_bytes)))
    return {
        "name": event.name,
        "version": event.version,
        "payloadJson": MessageToDict(event.payload),
        "reencodedHex": encode_envelope(event.envelope).hex(),
        "envelopeJsonText": envelope_to_json_string(event.envelope),
    }


def wrap_input(spec: dict[str, Any]) -> str:
    message_type = message_factory.GetMessageClass(descriptor_pool.Default().FindMessageTypeByName(spec["type"]))
    keywords = dict(spec["options"])
    if "timestamp" in keywords:
        keywords["timestamp"] = int(keywords["timestamp"])
    return encode_envelope(wrap(ParseDict(spec["payload"], message_type()), **keywords)).hex()


def main() -> None:
    request = json.load(sys.stdin)
    answer = {
        "decoded": [decode(h) for h in request["decode"]],
        "wrapped": [wrap_input(s) for s in request["wrap"]],
    }
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
