"""Benchmark: wrap+encode, decode+unwrap and peek_envelope as ratios to raw protobuf and to the
same work written by hand on upb, with the goals of issue 15.

    .venv/wheel-tests/latest/bin/python bench/python/bench_envelope.py [--json <file>]

Runs on the installed wheel (the test venv `npm test` makes), with the framework's fixture events
(testdata/fixtures, staged by `npm test` into gen/fixtures/): fixture.account.opened v1 for the
small envelope, fixture.scalars.recorded v1 with a 1 MiB bytes field for the large one. The
hand-written baselines build the same envelope with `Envelope(...)` (a `uuid4` id, the same
metadata, the payload's `SerializeToString()`) and decode it with `Envelope.FromString` then the
payload class's `FromString`. Each round times every task of a group over a batch of operations,
rotating the task order; a ratio is the median over the rounds of (task time / baseline time)
within each round, which holds steady on a shared machine where absolute times do not
(bench/perf notes). A third group adds the steps of decode+unwrap one at a time to the hand-written
decode (probes, field reads, lookup, result), so that each step's cost shows, and with it the least
a decode+unwrap can cost on upb in Python. Memory is the growth of peak RSS (Linux's VmHWM,
reset before) over one operation, each variant in fresh processes (five, the median taken) after
one operation to warm up, as upb allocates outside tracemalloc's view.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from google.protobuf.message import Message
from google.protobuf.unknown_fields import UnknownFieldSet

from protoevents import (
    ContentType,
    Envelope,
    EventRegistry,
    decode_envelope,
    encode_envelope,
    peek_envelope,
    unwrap,
    wrap,
)
from protoevents._event_registry import new_unwrapped  # how unwrap builds its result, for the steps

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "gen" / "fixtures" / "python-package"))
from protoevents_fixtures.fixture.v1 import AccountOpened, ScalarsRecorded, events  # noqa: E402  (on the path just above)

# Built once, as a consumer does: unwrap indexes a plain sequence of events on every call.
registry = EventRegistry(events)

ROUNDS = 7
SOURCE = "identity-service"
ATTRIBUTES = {"tenantid": "acme"}
LARGE_BYTES = 1 << 20
MEMORY_PROCESSES = 5

Task = Callable[[], object]


def small_payload() -> AccountOpened:
    return AccountOpened(id="u-1001", name="Ada Lovelace", email="ada@example.com", opened_at=1_700_000_000_000)


def large_payload(blob: bytes) -> Callable[[], ScalarsRecorded]:
    return lambda: ScalarsRecorded(id="s-1001", bytes_value=blob)


def wrap_and_encode(new_payload: Callable[[], Message], content_type: ContentType = ContentType.PROTOBUF) -> Task:
    def task() -> object:
        return encode_envelope(wrap(new_payload(), source=SOURCE, content_type=content_type, attributes=ATTRIBUTES))

    return task


def by_hand(new_payload: Callable[[], AccountOpened] | Callable[[], ScalarsRecorded], name: str) -> Task:
    """The same envelope built and encoded with upb alone."""

    def task() -> object:
        payload = new_payload()
        return Envelope(
            event_id=str(uuid.uuid4()),
            event_name=name,
            event_version="v1",
            aggregate_id=payload.id,
            timestamp=time.time_ns() // 1_000_000,
            source=SOURCE,
            attributes=ATTRIBUTES,
            content_type="application/protobuf",
            payload=payload.SerializeToString(),
        ).SerializeToString()

    return task


def decode_and_unwrap(data: bytes) -> Task:
    return lambda: unwrap(decode_envelope(data), registry)


def decode_by_hand(data: bytes, payload_type: type[AccountOpened] | type[ScalarsRecorded]) -> Task:
    def task() -> object:
        return payload_type.FromString(Envelope.FromString(data).payload)

    return task


def decode_steps(data: bytes) -> dict[str, Task]:
    """The work decode+unwrap must do beyond the hand-written decode, added one step at a time:
    each task does what the one before it does and one step more, so the difference between two
    is that step's cost, and the last is the least any decode+unwrap on upb can cost in Python."""
    # The cheapest lookup: dictionaries built once, to each payload class's FromString.
    parsers: dict[str, dict[str, Callable[[bytes], Message]]] = {}
    for entry in registry.entries:
        parsers.setdefault(entry.name, {})[entry.version] = entry.message_type.FromString

    def probe_envelope() -> object:
        envelope = Envelope.FromString(data)
        UnknownFieldSet(envelope)
        return AccountOpened.FromString(envelope.payload)

    def probe_payload() -> object:
        envelope = Envelope.FromString(data)
        UnknownFieldSet(envelope)
        payload = AccountOpened.FromString(envelope.payload)
        UnknownFieldSet(payload)
        return payload

    def read_fields() -> object:
        envelope = Envelope.FromString(data)
        UnknownFieldSet(envelope)
        name, version, _ = envelope.event_name, envelope.event_version, envelope.content_type
        payload = AccountOpened.FromString(envelope.payload)
        UnknownFieldSet(payload)
        return name, version, payload

    def look_up() -> object:
        envelope = Envelope.FromString(data)
        UnknownFieldSet(envelope)
        name, version, _ = envelope.event_name, envelope.event_version, envelope.content_type
        payload = parsers[name][version](envelope.payload)
        UnknownFieldSet(payload)
        return payload

    def build_unwrapped() -> object:
        envelope = Envelope.FromString(data)
        UnknownFieldSet(envelope)
        name, version, _ = envelope.event_name, envelope.event_version, envelope.content_type
        payload = parsers[name][version](envelope.payload)
        UnknownFieldSet(payload)
        return new_unwrapped(name, version, payload, envelope)

    return {
        DECODE_STEPS[0]: decode_by_hand(data, AccountOpened),
        DECODE_STEPS[1]: probe_envelope,
        DECODE_STEPS[2]: probe_payload,
        DECODE_STEPS[3]: read_fields,
        DECODE_STEPS[4]: look_up,
        DECODE_STEPS[5]: build_unwrapped,
        DECODE_STEPS[6]: decode_and_unwrap(data),
    }


DECODE_STEPS = (
    "by hand: FromString twice",
    "+ probe the envelope's unknown fields",
    "+ probe the payload's unknown fields",
    "+ read event_name, event_version, content_type",
    "+ look the event up in the registry",
    "+ build the Unwrapped",
    "+ Python calls and checks: decode+unwrap",
)


def decode_keeping_the_envelope(data: bytes) -> Task:
    def task() -> object:
        envelope = Envelope.FromString(data)
        return envelope, ScalarsRecorded.FromString(envelope.payload)

    return task


def time_group(tasks: dict[str, Task], batch: int) -> dict[str, list[float]]:
    """Per task, its time per operation in each round, the task order rotated every round."""
    names = list(tasks)
    for task in tasks.values():
        for _ in range(max(batch // 10, 1)):
            task()
    per_op: dict[str, list[float]] = {name: [] for name in names}
    for round_index in range(ROUNDS):
        shift = round_index % len(names)
        for name in names[shift:] + names[:shift]:
            task = tasks[name]
            start = time.perf_counter()
            for _ in range(batch):
                task()
            per_op[name].append((time.perf_counter() - start) / batch)
    return per_op


def round_ratios(per_op: dict[str, list[float]], task: str, baseline: str) -> list[float]:
    return [t / b for t, b in zip(per_op[task], per_op[baseline])]


def peak_growth_kib(variant: str, data_file: Path) -> int:
    """The median growth of peak RSS over one operation of ``variant``, in fresh processes."""
    growths = []
    for _ in range(MEMORY_PROCESSES):
        result = subprocess.run(
            [sys.executable, __file__, "--memory-probe", variant, str(data_file)],
            check=True,
            capture_output=True,
            text=True,
            # glibc: blocks this large always mapped and unmapped, so RSS follows what is alive;
            # otherwise malloc keeps a freed megabyte in its heap and the next one costs nothing.
            env={**os.environ, "MALLOC_MMAP_THRESHOLD_": "65536"},
        )
        growths.append(int(result.stdout))
    return int(statistics.median(growths))


def memory_probe(variant: str, data_file: str) -> None:
    """Runs one operation of a 1 MiB variant and prints how much the peak RSS grew, in KiB. The
    envelope to decode is read from ``data_file``: making it here would raise the peak first."""
    new_payload = large_payload(os.urandom(LARGE_BYTES))
    data = Path(data_file).read_bytes()
    tasks = {
        "wrap+encode": wrap_and_encode(new_payload),
        "by hand: build+encode": by_hand(new_payload, "fixture.scalars.recorded"),
        "decode+unwrap": decode_and_unwrap(data),
        "by hand: decode": decode_by_hand(data, ScalarsRecorded),
        # As unwrap does: its result holds the envelope, and so the envelope's copy of the payload.
        "by hand: decode, keeping the envelope": decode_keeping_the_envelope(data),
    }
    task = tasks[variant]
    task()  # once before, so that what is made once (compiled patterns, caches) does not count
    # Linux: "5" resets the peak (VmHWM) to the current RSS, so the imports' peak does not hide
    # the operation's.
    Path("/proc/self/clear_refs").write_text("5")
    before = _status_kib("VmRSS")
    result = task()
    peak = _status_kib("VmHWM")
    assert result is not None
    print(peak - before)


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise LookupError(f"no {field} in /proc/self/status")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON to FILE")
    parser.add_argument("--memory-probe", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_probe:
        memory_probe(*args.memory_probe)
        return

    prebuilt = wrap(small_payload(), source=SOURCE, attributes=ATTRIBUTES)
    binary = encode_envelope(prebuilt)
    json_data = encode_envelope(wrap(small_payload(), source=SOURCE, content_type=ContentType.JSON, attributes=ATTRIBUTES))
    small: dict[str, Task] = {
        "raw SerializeToString (baseline)": prebuilt.SerializeToString,
        "raw FromString (baseline)": lambda: Envelope.FromString(binary),
        "by hand: build+encode (baseline)": by_hand(small_payload, "fixture.account.opened"),
        "by hand: decode (baseline)": decode_by_hand(binary, AccountOpened),
        "wrap+encode, protobuf payload": wrap_and_encode(small_payload),
        "wrap+encode, JSON payload": wrap_and_encode(small_payload, ContentType.JSON),
        "decode+unwrap, protobuf payload": decode_and_unwrap(binary),
        "decode+unwrap, JSON payload": decode_and_unwrap(json_data),
        "peek_envelope": lambda: peek_envelope(binary),
    }
    blob = os.urandom(LARGE_BYTES)
    new_large = large_payload(blob)
    large_binary = encode_envelope(wrap(new_large(), source=SOURCE, attributes=ATTRIBUTES))
    large: dict[str, Task] = {
        "1 MiB: by hand: build+encode (baseline)": by_hand(new_large, "fixture.scalars.recorded"),
        "1 MiB: by hand: decode (baseline)": decode_by_hand(large_binary, ScalarsRecorded),
        "1 MiB: wrap+encode": wrap_and_encode(new_large),
        "1 MiB: decode+unwrap": decode_and_unwrap(large_binary),
    }
    per_op = time_group(small, 20_000) | time_group(large, 40)
    steps = time_group(decode_steps(binary), 20_000)

    raw_ratios = {
        "wrap+encode, protobuf payload": "raw SerializeToString (baseline)",
        "wrap+encode, JSON payload": "raw SerializeToString (baseline)",
        "decode+unwrap, protobuf payload": "raw FromString (baseline)",
        "decode+unwrap, JSON payload": "raw FromString (baseline)",
    }
    # (what, task, baseline, goal): the task's time at most `goal` times the baseline's.
    time_goals = [
        ("wrap+encode vs by hand", "wrap+encode, protobuf payload", "by hand: build+encode (baseline)", 1.2),
        ("decode+unwrap vs by hand", "decode+unwrap, protobuf payload", "by hand: decode (baseline)", 1.3),
        ("1 MiB wrap+encode vs by hand", "1 MiB: wrap+encode", "1 MiB: by hand: build+encode (baseline)", 1.1),
        ("1 MiB decode+unwrap vs by hand", "1 MiB: decode+unwrap", "1 MiB: by hand: decode (baseline)", 1.1),
    ]
    with tempfile.TemporaryDirectory() as folder:
        data_file = Path(folder) / "envelope.bin"
        data_file.write_bytes(large_binary)
        variants = ("wrap+encode", "by hand: build+encode", "decode+unwrap", "by hand: decode", "by hand: decode, keeping the envelope")
        memory = {variant: peak_growth_kib(variant, data_file) for variant in variants}
    memory_goals = [
        ("1 MiB wrap+encode peak memory vs by hand", "wrap+encode", "by hand: build+encode", 1.1),
        ("1 MiB decode+unwrap peak memory vs by hand", "decode+unwrap", "by hand: decode", 1.1),
        ("  the same vs by hand keeping the envelope", "decode+unwrap", "by hand: decode, keeping the envelope", 1.1),
    ]

    print(f"envelope {len(binary)} bytes, payload {len(prebuilt.payload)} bytes; large envelope {len(large_binary)} bytes")
    print(f"{ROUNDS} rounds; median µs/op, and the median of per-round ratios (min-max)")
    results: dict[str, object] = {"envelopeBytes": len(binary), "largeEnvelopeBytes": len(large_binary), "tasks": {}, "goals": []}
    tasks_json: dict[str, object] = {}
    for name, times in per_op.items():
        line = f"  {name:42} {statistics.median(times) * 1e6:9.2f} µs/op"
        entry: dict[str, object] = {"microsecondsPerOp": statistics.median(times) * 1e6}
        if name in raw_ratios:
            ratios = round_ratios(per_op, name, raw_ratios[name])
            line += f"   {statistics.median(ratios):5.2f}x raw ({min(ratios):.2f}-{max(ratios):.2f})"
            entry["ratioToRaw"] = statistics.median(ratios)
        if name == "peek_envelope":
            ratios = round_ratios(per_op, name, "decode+unwrap, protobuf payload")
            line += f"   {statistics.median(ratios):5.2f}x decode+unwrap ({min(ratios):.2f}-{max(ratios):.2f})"
            entry["ratioToDecodeUnwrap"] = statistics.median(ratios)
        tasks_json[name] = entry
        print(line)
    results["tasks"] = tasks_json
    print("decode+unwrap step by step (each task adds one step to the one before; the step's cost is the")
    print("median over rounds of the difference, also as a share of the hand-written decode):")
    hand_written = statistics.median(steps[DECODE_STEPS[0]])
    step_costs: dict[str, float] = {DECODE_STEPS[0]: hand_written * 1e9}
    print(f"  {DECODE_STEPS[0]:48} {hand_written * 1e9:7.0f} ns")
    for before, step in zip(DECODE_STEPS, DECODE_STEPS[1:]):
        cost = statistics.median(t - b for t, b in zip(steps[step], steps[before]))
        step_costs[step] = cost * 1e9
        print(f"  {step:48} {cost * 1e9:+7.0f} ns  {cost / hand_written:+.2f}x")
    floor = round_ratios(steps, DECODE_STEPS[-2], DECODE_STEPS[0])
    print(f"  the steps without the last: {statistics.median(floor):.2f}x the hand-written decode")
    results["decodeStepsNs"] = step_costs
    results["decodeStepsFloorRatio"] = statistics.median(floor)
    print(f"1 MiB peak RSS growth over one operation (KiB, median of {MEMORY_PROCESSES} fresh processes):")
    for variant, kib in memory.items():
        print(f"  {variant:42} {kib:9d} KiB")
    results["peakGrowthKiB"] = memory

    print("goals (issue 15):")
    goals: list[dict[str, object]] = []
    for what, task, baseline, goal in time_goals:
        ratios = round_ratios(per_op, task, baseline)
        goals.append(goal_line(what, statistics.median(ratios), goal, f"rounds {min(ratios):.2f}-{max(ratios):.2f}"))
    for what, task, baseline, goal in memory_goals:
        goals.append(goal_line(what, memory[task] / max(memory[baseline], 1), goal, f"{memory[task]} vs {memory[baseline]} KiB"))
    results["goals"] = goals
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")


def goal_line(what: str, ratio: float, goal: float, detail: str) -> dict[str, object]:
    met = ratio <= goal
    print(f"  {what:44} {ratio:5.2f}x  goal at most {goal}x  {'met' if met else 'NOT met'}   ({detail})")
    return {"goal": what, "ratio": ratio, "atMost": goal, "met": met}


if __name__ == "__main__":
    main()
