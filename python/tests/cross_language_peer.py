"""The Python side of test/cross-language.test.ts, run with the test venv's interpreter.

Reads one JSON request on stdin and writes one JSON answer on stdout:
- "registry": "fixtures" for the framework's fixture events (`protoevents_fixtures`, on
  PYTHONPATH), or "package" for the events of the installed package, whatever proto/ held.
- "decode": envelope bytes (hex) from TypeScript; each is decoded, unwrapped with the registry's
  events and re-encoded.
- "wrap": inputs (message type, canonical JSON payload, `wrap` keywords); each is wrapped and
  encoded, for TypeScript to decode.
"""

import importlib
import json
import sys
from collections.abc import Sequence
from typing import Any

import package_alias
from google.protobuf import descriptor_pool, message_factory
from google.protobuf.json_format import MessageToDict, ParseDict

package_alias.install()

from protoevents import EventEntry, decode_envelope, encode_envelope, envelope_to_json_string, unwrap, wrap

REGISTRIES = {"fixtures": "protoevents_fixtures.registry", "package": "protoevents.registry"}


def decode(hex_bytes: str, events: Sequence[EventEntry[Any, Any, Any]]) -> dict[str, Any]:
    event = unwrap(decode_envelope(bytes.fromhex(hex_bytes)), events)
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
    # Importing the registry loads its event schemas into the descriptor pool, for wrap_input.
    events = importlib.import_module(REGISTRIES[request["registry"]]).events
    answer = {
        "decoded": [decode(h, events) for h in request["decode"]],
        "wrapped": [wrap_input(s) for s in request["wrap"]],
    }
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
