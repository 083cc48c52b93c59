// A restricted `unwrap(envelope, events)` says that the event is not among those the call
// accepts, with the same text as the Python package (python/tests/test_unwrap_restricted.py
// checks the same fixture texts; the last test here compares both languages on the registry).
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { create } from "@bufbuild/protobuf";
import { beforeAll, describe, expect, it } from "vitest";
import { EnvelopeSchema, type Envelope } from "../gen/ts/protoevents/v1/envelope_pb.js";
import { events as allEvents } from "../gen/ts/registry.js";
import { ensureTestVenv, venvPython } from "../scripts/build/python-venvs.js";
import { ErrorCode, ProtoeventsError, UnknownEventError, UnsupportedVersionError } from "./errors.js";
import type { EventEntry } from "./event-registry.js";
import { unwrap } from "./unwrap.js";

const root = join(import.meta.dirname, "..");

// Event schemas of this test's own: the envelope schema stands in for every payload, since no
// payload is decoded before the name and version are found.
const fixtureEvents: readonly EventEntry[] = [
  { name: "fixture.created", version: "v1", schema: EnvelopeSchema },
  { name: "fixture.created", version: "v2", schema: EnvelopeSchema },
  { name: "fixture.deleted", version: "v1", schema: EnvelopeSchema },
];

function envelopeOf(name: string, version: string): Envelope {
  return create(EnvelopeSchema, { eventName: name, eventVersion: version });
}

function thrownBy(run: () => unknown): ProtoeventsError {
  try {
    run();
  } catch (error) {
    if (error instanceof ProtoeventsError) return error;
    throw error;
  }
  throw new Error("expected a ProtoeventsError, nothing was thrown");
}

describe("unwrap with a list of events", () => {
  it("a name the given events lack lists the accepted names", () => {
    const error = thrownBy(() => unwrap(envelopeOf("fixture.renamed", "v1"), fixtureEvents));
    expect(error).toBeInstanceOf(UnknownEventError);
    expect(error.code).toBe(ErrorCode.UnknownEvent);
    expect((error as UnknownEventError).acceptedNames).toEqual(["fixture.created", "fixture.deleted"]);
    expect(error.message).toBe(
      '[UNKNOWN_EVENT] unknown event "fixture.renamed": not among the events this call accepts; ' +
        "accepted names: fixture.created, fixture.deleted",
    );
  });

  it("a version the given events lack lists the accepted versions", () => {
    const error = thrownBy(() => unwrap(envelopeOf("fixture.deleted", "v2"), fixtureEvents));
    expect(error).toBeInstanceOf(UnsupportedVersionError);
    expect(error.code).toBe(ErrorCode.UnsupportedVersion);
    expect((error as UnsupportedVersionError).knownVersions).toEqual(["v1"]);
    expect(error.message).toBe(
      '[UNSUPPORTED_VERSION] event "fixture.deleted" has no version "v2" among the events this call accepts; ' +
        "accepted versions: v1",
    );
  });

  it("no events given accept none", () => {
    const error = thrownBy(() => unwrap(envelopeOf("fixture.created", "v1"), []));
    expect((error as UnknownEventError).acceptedNames).toEqual([]);
    expect(error.message).toBe(
      '[UNKNOWN_EVENT] unknown event "fixture.created": not among the events this call accepts; accepted names: none',
    );
  });

  it("every event of the package (the registry subpath) is a list like any other", () => {
    const unknown = thrownBy(() => unwrap(envelopeOf("fixture.renamed", "v1"), allEvents));
    expect((unknown as UnknownEventError).acceptedNames).toEqual([...new Set(allEvents.map((e) => e.name))]);
    const entry = allEvents[0];
    const unsupported = thrownBy(() => unwrap(envelopeOf(entry.name, `${entry.version}0`), allEvents));
    expect(unsupported.message.startsWith(`[UNSUPPORTED_VERSION] event "${entry.name}" has no version "${entry.version}0" among the events this call accepts`)).toBe(true);
  });

  it("without events, a JavaScript caller gets a TypeError that says what to pass", () => {
    const untyped = unwrap as unknown as (envelope: Envelope, events?: unknown) => unknown;
    expect(() => untyped(envelopeOf("fixture.created", "v1"))).toThrow(TypeError);
    expect(() => untyped(envelopeOf("fixture.created", "v1"), null)).toThrow("pass the events to accept");
  });

  it.each(allEvents.map((e) => [`${e.name} ${e.version}`, e] as const))("%s left out of the registry", (_label, leftOut) => {
    const envelope = envelopeOf(leftOut.name, leftOut.version);
    expect(unwrap(envelope, allEvents).name).toBe(leftOut.name);
    const restricted = allEvents.filter((e) => e !== leftOut);
    const otherVersions = restricted.filter((e) => e.name === leftOut.name).map((e) => e.version);
    const error = thrownBy(() => unwrap(envelope, restricted));
    if (otherVersions.length > 0) {
      expect(error.message).toBe(
        `[UNSUPPORTED_VERSION] event "${leftOut.name}" has no version "${leftOut.version}" among the events this ` +
          `call accepts; accepted versions: ${otherVersions.join(", ")}`,
      );
    } else {
      const names = [...new Set(restricted.map((e) => e.name))];
      expect((error as UnknownEventError).acceptedNames).toEqual(names);
      expect(error.message).toBe(
        `[UNKNOWN_EVENT] unknown event "${leftOut.name}": not among the events this call accepts; ` +
          `accepted names: ${names.join(", ") || "none"}`,
      );
    }
  });
});

/** One restricted call: a package's `events` (or the whole registry), less one entry, and the envelope's name and version. */
interface RestrictedCase {
  readonly package: string | null;
  readonly leaveOut: readonly [string, string] | null;
  readonly envelope: readonly [string, string];
}

// The Python side: each case's call on the installed wheel, answered with the error's text.
const pythonPeer = `
import importlib, json, sys
from protoevents import Envelope, ProtoeventsError, unwrap
from protoevents.registry import events as all_events
answers = []
for case in json.load(sys.stdin):
    events = all_events if case["package"] is None else importlib.import_module("protoevents." + case["package"]).events
    left_out = case["leaveOut"]
    restricted = [e for e in events if left_out is None or [e.name, e.version] != left_out]
    name, version = case["envelope"]
    try:
        answers.append("decoded " + unwrap(Envelope(event_name=name, event_version=version), restricted).name)
    except ProtoeventsError as error:
        answers.append(str(error))
json.dump(answers, sys.stdout)
`;

describe("unwrap with a list of events, in TypeScript and Python", () => {
  let python: string;
  beforeAll(() => {
    python = venvPython(ensureTestVenv("latest"));
  });

  it("says the same for every registry entry left out, and for every package's events", async () => {
    const packages = [...new Set(allEvents.map((e) => e.schema.file.proto.package))];
    const packageEvents = new Map<string, readonly EventEntry[]>();
    for (const name of packages) {
      const path = join(root, "gen", "ts", ...name.split("."), "index.ts");
      const module = (await import(/* @vite-ignore */ pathToFileURL(path).href)) as { events: readonly EventEntry[] };
      packageEvents.set(name, module.events);
    }
    const cases: RestrictedCase[] = [
      ...allEvents.map((e) => ({ package: null, leaveOut: [e.name, e.version] as const, envelope: [e.name, e.version] as const })),
      ...packages.flatMap((p) =>
        allEvents.flatMap((e) => [
          { package: p, leaveOut: null, envelope: [e.name, e.version] as const },
          { package: p, leaveOut: null, envelope: [e.name, `${e.version}0`] as const },
          { package: p, leaveOut: null, envelope: [`${e.name}0`, e.version] as const },
        ]),
      ),
    ];
    const typescript = cases.map(({ package: name, leaveOut, envelope }) => {
      const events = (name === null ? allEvents : packageEvents.get(name)) ?? [];
      const restricted = events.filter((e) => leaveOut === null || e.name !== leaveOut[0] || e.version !== leaveOut[1]);
      try {
        return `decoded ${unwrap(envelopeOf(...envelope), restricted).name}`;
      } catch (error) {
        if (error instanceof ProtoeventsError) return error.message;
        throw error;
      }
    });
    const out = execFileSync(python, ["-c", pythonPeer], { input: JSON.stringify(cases), cwd: root });
    expect(JSON.parse(out.toString("utf8"))).toEqual(typescript);
    // Every kind of answer occurs: the comparison covers both errors and a success.
    expect(typescript.some((t) => t.startsWith("[UNKNOWN_EVENT] unknown event") && t.includes("this call accepts"))).toBe(true);
    expect(typescript.some((t) => t.startsWith("[UNSUPPORTED_VERSION]") && t.includes("this call accepts"))).toBe(true);
    expect(typescript.some((t) => t.startsWith("decoded "))).toBe(true);
  });
});
