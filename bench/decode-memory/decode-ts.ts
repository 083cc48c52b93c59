// One case of the decode-memory benchmark in a fresh process (run.ts starts it): builds the
// input, resets the peak RSS, decodes and unwraps, and prints one JSON line with the outcome, the
// time and the memory the decode took above the input.
import { readFileSync, writeFileSync } from "node:fs";
import { create } from "@bufbuild/protobuf";
import { EnvelopeSchema } from "../../gen/ts/protoevents/v1/envelope_pb.js";
import { events } from "../../gen/fixtures/ts/registry.js";
import { decodeEnvelope, encodeEnvelope, isProtoeventsError, LimitExceededError, unwrap } from "../../src/index.js";
import type { MemoryCase } from "./cases.js";

const mib = 1024 * 1024;
const [kind, size] = [process.argv[2] as MemoryCase["kind"], Number(process.argv[3]) * mib];

function varint(value: number): number[] {
  const out: number[] = [];
  for (; value > 0x7f; value = Math.floor(value / 128)) out.push((value % 128) | 0x80);
  out.push(value);
  return out;
}

/** The bytes of the case: a valid envelope, or a flood. */
function input(): Uint8Array {
  if (kind === "unknown-flood") return new Uint8Array(size).map((_, i) => (i % 2 === 0 ? 0x78 : 0));
  let payload: Uint8Array;
  let contentType = "";
  if (kind === "json-labels") {
    // fixture.parcel.shipped labels: ["ab","ab",...], 5 bytes an item
    payload = new TextEncoder().encode(`{"labels":[${Array(Math.floor(size / 5)).fill('"ab"').join(",")}]}`);
    contentType = "application/json";
  } else if (kind === "bytes-payload") {
    // fixture.scalars.recorded field 15, bytes_value
    const header = [0x7a, ...varint(size)];
    payload = new Uint8Array(header.length + size);
    payload.set(header);
    payload.fill(0x61, header.length);
  } else {
    // fixture.parcel.shipped field 3, items: empty messages, or field 4, labels: empty strings
    const tag = kind === "empty-message-flood" ? 0x1a : 0x22;
    payload = new Uint8Array(size).map((_, i) => (i % 2 === 0 ? tag : 0));
  }
  const eventName = kind === "bytes-payload" ? "fixture.scalars.recorded" : "fixture.parcel.shipped";
  return encodeEnvelope(create(EnvelopeSchema, { eventName, eventVersion: "v1", payload, contentType }));
}

function rssMiB(field: "VmRSS" | "VmHWM"): number {
  const line = readFileSync("/proc/self/status", "utf8").split("\n").find((l) => l.startsWith(`${field}:`));
  return Number(line?.split(/\s+/)[1]) / 1024;
}

const bytes = input();
globalThis.gc?.();
const before = rssMiB("VmRSS");
writeFileSync("/proc/self/clear_refs", "5"); // resets VmHWM to the current RSS
const limits = { maxBytes: 512 * mib };
const start = performance.now();
let outcome: string;
try {
  const event = unwrap(decodeEnvelope(bytes, { limits }), events, { limits });
  outcome = `decoded ${event.name}`;
} catch (error) {
  if (!isProtoeventsError(error)) throw error;
  outcome = error instanceof LimitExceededError ? `${error.code} ${error.limit}` : error.code;
}
const seconds = (performance.now() - start) / 1000;
console.log(JSON.stringify({ outcome, seconds, inputMiB: bytes.length / mib, peakAboveInputMiB: rssMiB("VmHWM") - before }));
