"""One case of the decode-memory benchmark in a fresh process (run.ts starts it): builds the
input, resets the peak RSS, decodes and unwraps, and prints one JSON line with the outcome, the
time and the memory the decode took above the input. The Python twin of decode-ts.ts."""

import gc
import json
import sys
import time

from protoevents_fixtures.registry import events

from protoevents._varint import encode_varint
from protoevents import DecodeLimits, Envelope, LimitExceededError, ProtoeventsError, decode_envelope, unwrap

MIB = 1024 * 1024


def make_input(kind: str, size: int) -> bytes:
    if kind == "unknown-flood":
        return b"\x78\x00" * (size // 2)
    content_type = ""
    if kind == "json-labels":
        # fixture.parcel.shipped labels: ["ab","ab",...], 5 bytes an item
        payload = ('{"labels":[' + ",".join(['"ab"'] * (size // 5)) + "]}").encode()
        name = "fixture.parcel.shipped"
        content_type = "application/json"
    elif kind == "bytes-payload":
        payload = b"\x7a" + encode_varint(size) + b"a" * size
        name = "fixture.scalars.recorded"
    else:
        # fixture.parcel.shipped field 3, items: empty messages, or field 4, labels: empty strings
        payload = (b"\x1a\x00" if kind == "empty-message-flood" else b"\x22\x00") * (size // 2)
        name = "fixture.parcel.shipped"
    return Envelope(event_name=name, event_version="v1", payload=payload, content_type=content_type).SerializeToString()


def rss_mib(field: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(field)


def main() -> None:
    kind, size = sys.argv[1], int(sys.argv[2]) * MIB
    data = make_input(kind, size)
    gc.collect()
    before = rss_mib("VmRSS")
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")  # resets VmHWM to the current RSS
    limits = DecodeLimits(max_bytes=512 * MIB)
    start = time.perf_counter()
    try:
        event = unwrap(decode_envelope(data, limits=limits), events, limits=limits)
        outcome = f"decoded {event.name}"
    except ProtoeventsError as error:
        outcome = f"{error.code} {error.limit}" if isinstance(error, LimitExceededError) else str(error.code)
    seconds = time.perf_counter() - start
    peak = rss_mib("VmHWM") - before
    print(json.dumps({"outcome": outcome, "seconds": seconds, "inputMiB": len(data) / MIB, "peakAboveInputMiB": peak}))


main()
