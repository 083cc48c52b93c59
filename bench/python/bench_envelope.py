"""Benchmark: wrap+encode and decode+unwrap of a small event, as ratios to raw protobuf.

    .venv/wheel-tests/latest/bin/python bench/python/bench_envelope.py

Runs on the installed wheel (the test venv `npm test` makes), with the framework's fixture event
fixture.account.opened v1 (testdata/fixtures, staged by `npm test` into gen/fixtures/). Baselines are the raw
`SerializeToString` / `FromString` of a prebuilt envelope carrying the same payload, in the same
process. Each round times every task over a batch of operations, rotating the task order; the
reported ratio is the median over the rounds of (task time / baseline time) within each round,
which holds steady on a shared machine where absolute times do not (bench/perf notes).
"""

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from protoevents import ContentType, Envelope, EventRegistry, decode_envelope, encode_envelope, unwrap, wrap

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "gen" / "fixtures" / "python-package"))
from protoevents_fixtures.fixture.v1 import AccountOpened, events  # noqa: E402  (on the path just above)

# Built once, as a consumer does: unwrap indexes a plain sequence of events on every call.
registry = EventRegistry(events)

ROUNDS = 7
BATCH = 20_000

ATTRIBUTES = {"tenantid": "acme"}


def new_payload() -> AccountOpened:
    return AccountOpened(id="u-1001", name="Ada Lovelace", email="ada@example.com", opened_at=1_700_000_000_000)


def wrap_and_encode(content_type: ContentType) -> Callable[[], object]:
    def task() -> object:
        return encode_envelope(
            wrap(new_payload(), source="identity-service", content_type=content_type, attributes=ATTRIBUTES)
        )

    return task


def decode_and_unwrap(data: bytes) -> Callable[[], object]:
    def task() -> object:
        return unwrap(decode_envelope(data), registry)

    return task


def main() -> None:
    prebuilt = wrap(new_payload(), source="identity-service", attributes=ATTRIBUTES)
    binary = encode_envelope(prebuilt)
    json_data = encode_envelope(
        wrap(new_payload(), source="identity-service", content_type=ContentType.JSON, attributes=ATTRIBUTES)
    )
    tasks: dict[str, Callable[[], object]] = {
        "raw SerializeToString (baseline)": prebuilt.SerializeToString,
        "raw FromString (baseline)": lambda: Envelope.FromString(binary),
        "wrap+encode, protobuf payload": wrap_and_encode(ContentType.PROTOBUF),
        "wrap+encode, JSON payload": wrap_and_encode(ContentType.JSON),
        "decode+unwrap, protobuf payload": decode_and_unwrap(binary),
        "decode+unwrap, JSON payload": decode_and_unwrap(json_data),
    }
    baselines = {
        "wrap+encode, protobuf payload": "raw SerializeToString (baseline)",
        "wrap+encode, JSON payload": "raw SerializeToString (baseline)",
        "decode+unwrap, protobuf payload": "raw FromString (baseline)",
        "decode+unwrap, JSON payload": "raw FromString (baseline)",
    }
    names = list(tasks)
    for task in tasks.values():
        for _ in range(2_000):
            task()
    ratios: dict[str, list[float]] = {name: [] for name in baselines}
    per_op: dict[str, list[float]] = {name: [] for name in names}
    for round_index in range(ROUNDS):
        order = names[round_index % len(names) :] + names[: round_index % len(names)]
        timings: dict[str, float] = {}
        for name in order:
            task = tasks[name]
            start = time.perf_counter()
            for _ in range(BATCH):
                task()
            timings[name] = (time.perf_counter() - start) / BATCH
            per_op[name].append(timings[name])
        for name, baseline in baselines.items():
            ratios[name].append(timings[name] / timings[baseline])
    print(f"envelope {len(binary)} bytes, payload {len(prebuilt.payload)} bytes; {ROUNDS} rounds of {BATCH} ops")
    for name in names:
        line = f"  {name:34} {statistics.median(per_op[name]) * 1e6:7.2f} µs/op"
        if name in ratios:
            line += f"   ratio {statistics.median(ratios[name]):5.2f}x (rounds {min(ratios[name]):.2f}-{max(ratios[name]):.2f})"
        print(line)


if __name__ == "__main__":
    main()
