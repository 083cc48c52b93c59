"""The Python side of the differential fuzzer (test/fuzz/), run with the test venv's interpreter.

Reads fuzz inputs as JSON lines on stdin and writes one outcome per input as a JSON line on
stdout, in order. An input is ``{"bytesHex": ...}`` (decoded with ``decode_envelope`` then
unwrapped), ``{"jsonText": ...}`` (``envelope_from_json_string`` then unwrapped) or
``{"wrap": ...}`` (the arguments of a ``wrap`` call, encoded); a ``bytesHex`` input's outcome also
holds ``"peek"``, the outcome of ``peek_envelope`` on the same bytes. An outcome is
``{"ok": true, ...}``, ``{"ok": false, "code": ...}`` for a ``ProtoeventsError``, or
``{"escape": "<class>: <message>"}`` for any other exception. A ``{"flush": true}`` line ends a
chunk: it is answered with ``{"busySeconds": ...}``, the time spent on the chunk's inputs.
"""

import json
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

import package_alias
from google.protobuf import descriptor_pool, message_factory
from google.protobuf.json_format import MessageToDict, ParseDict
from google.protobuf.message import Message

package_alias.install()

from protoevents import (  # noqa: E402  (after the alias)
    DecodeLimits,
    Envelope,
    EventEntry,
    ProtoeventsError,
    Unwrapped,
    decode_envelope,
    encode_envelope,
    envelope_from_json_string,
    peek_envelope,
    unwrap,
    wrap,
)

Outcome = dict[str, Any]
Events = Sequence[EventEntry[str, str, Message]]


def unwrap_fixture(envelope: Envelope, events: Events, limits: DecodeLimits) -> Unwrapped[str, str, Message]:
    """The one call of ``unwrap``: the only line to change when its signature does."""
    return unwrap(envelope, events, limits=limits)


LIMIT_NAMES = {"maxBytes": "max_bytes", "maxDepth": "max_depth", "maxUnknownFields": "max_unknown_fields", "maxMessages": "max_messages"}


def limits_of(item: dict[str, Any]) -> DecodeLimits:
    return DecodeLimits(**{LIMIT_NAMES[name]: value for name, value in item.get("limits", {}).items()})


def outcome_of(run: Callable[[], Outcome]) -> Outcome:
    """The outcome of a call: its result, the code of a ProtoeventsError, or an escape."""
    try:
        return run()
    except ProtoeventsError as error:
        return {"ok": False, "code": str(error.code)}
    except Exception as error:  # noqa: BLE001  (any other exception is what the fuzzer looks for)
        return {"escape": f"{type(error).__name__}: {str(error)[:200]}"}


def peeked(data: bytes, limits: DecodeLimits) -> Outcome:
    header = peek_envelope(data, limits=limits)
    return {
        "ok": True,
        "eventId": header.event_id,
        "eventName": header.event_name,
        "eventVersion": header.event_version,
        "aggregateId": header.aggregate_id,
    }


def decoded(envelope: Envelope, events: Events, limits: DecodeLimits) -> Outcome:
    event = unwrap_fixture(envelope, events, limits)
    return {
        "ok": True,
        "name": event.name,
        "version": event.version,
        "payload": MessageToDict(event.payload),
        "reencodedHex": encode_envelope(event.envelope).hex(),
    }


def timestamp(spec: dict[str, Any]) -> Any:
    if "integer" in spec:
        return int(spec["integer"])
    if "number" in spec:
        return float(spec["number"])
    return spec["odd"]


def wrapped(spec: dict[str, Any]) -> Outcome:
    message_type = message_factory.GetMessageClass(descriptor_pool.Default().FindMessageTypeByName(spec["type"]))
    payload = ParseDict(spec["payload"], message_type())
    envelope = wrap(payload, event_id=spec["eventId"], timestamp=timestamp(spec["timestamp"]), **spec["options"])
    return {"ok": True, "wrappedHex": encode_envelope(envelope).hex()}


def run_input(item: dict[str, Any], events: Events) -> Outcome:
    """Runs one fuzz input through the Python package."""
    if "bytesHex" in item:
        limits = limits_of(item)
        data = bytes.fromhex(item["bytesHex"])
        outcome = outcome_of(lambda: decoded(decode_envelope(data, limits=limits), events, limits))
        return {**outcome, "peek": outcome_of(lambda: peeked(data, limits))}
    if "jsonText" in item:
        limits = limits_of(item)
        return outcome_of(lambda: decoded(envelope_from_json_string(item["jsonText"], limits=limits), events, limits))
    return outcome_of(lambda: wrapped(item["wrap"]))


def outcome_line(outcome: Outcome) -> str:
    """The outcome as one JSON line; an outcome that does not serialize is an escape itself."""
    try:
        return json.dumps(outcome)
    except Exception as error:  # noqa: BLE001
        return json.dumps({"escape": f"{type(error).__name__}: outcome not JSON: {str(error)[:200]}"})


def main() -> None:
    # Importing the registry loads the fixture schemas into the descriptor pool, for `wrapped`.
    from protoevents_fixtures.registry import events

    busy = 0.0
    for line in sys.stdin:
        item = json.loads(line)
        if "flush" in item:
            sys.stdout.write(json.dumps({"busySeconds": busy}) + "\n")
            sys.stdout.flush()
            busy = 0.0
            continue
        started = time.perf_counter()
        outcome = run_input(item, events)
        busy += time.perf_counter() - started
        sys.stdout.write(outcome_line(outcome) + "\n")
        # Flushed line by line: when an input crashes the interpreter, every outcome before it
        # has arrived, and the input it died on is known.
        sys.stdout.flush()


if __name__ == "__main__":
    main()
