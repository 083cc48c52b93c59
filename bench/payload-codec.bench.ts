// The payload codec (src/codec) against protobuf-es on the same messages, in one process:
// `encodeMessage` against `toBinary`, `decodeMessage` against `fromBinary` and against the
// path it replaces (the wire scan, then `fromBinary`). Bundled and run under plain node like
// the envelope benchmark (bench/README.md, "Payload codec").
import { create, equals, fromBinary, toBinary, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { parseArgs } from "node:util";
import { AccountOpenedSchema } from "../gen/fixtures/ts/fixture/v1/account_opened_pb.js";
import { ParcelShippedSchema } from "../gen/fixtures/ts/fixture/v1/parcel_shipped_pb.js";
import { decodeMessage } from "../src/codec/decode-message.js";
import { encodeMessage } from "../src/codec/encode-message.js";
import { defaultDecodeLimits } from "../src/decode-limits.js";
import { EnvelopeSchema } from "../src/index.js";
import { scanWire } from "../src/wire-scan.js";
import { parcelInit } from "../test/fixture-examples.js";
import { baselineTask, checkTasks, comparedTask, type BenchTask } from "./bench-task.js";
import { runRounds } from "./rounds.js";

const accountOpened = create(AccountOpenedSchema, { id: "u-1001", name: "Ada Lovelace", email: "ada@example.com", openedAt: 1700000000000n });
const envelope = create(EnvelopeSchema, {
  eventId: "018bcfe5-6800-7000-8000-000000000001",
  eventName: "fixture.account.opened",
  eventVersion: "v1",
  aggregateId: "u-1001",
  timestamp: 1700000000123n,
  traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
  correlationId: "checkout-42",
  source: "identity-service",
  contentType: "application/protobuf",
  payload: toBinary(AccountOpenedSchema, accountOpened),
  attributes: { tenantid: "acme" },
});
const largeEnvelope = create(EnvelopeSchema, { ...envelope, payload: new Uint8Array(1 << 20).fill(7) });

function codecTasks<Desc extends DescMessage>(label: string, schema: Desc, message: MessageShape<Desc>): BenchTask[] {
  const bytes = toBinary(schema, message);
  const sameBytes = (result: Uint8Array): void => {
    if (result.length !== bytes.length || result.some((b, i) => b !== bytes[i])) throw new Error(`${label}: bytes differ from toBinary's`);
  };
  const sameMessage = (result: MessageShape<Desc>): void => {
    if (!equals(schema, result, message)) throw new Error(`${label}: decoded message differs`);
  };
  return [
    baselineTask(`toBinary(${label})`, () => toBinary(schema, message), sameBytes),
    comparedTask(`encodeMessage(${label})`, `toBinary(${label})`, () => encodeMessage(schema, message), sameBytes),
    baselineTask(`fromBinary(${label})`, () => fromBinary(schema, bytes), sameMessage),
    comparedTask(`scanWire + fromBinary(${label})`, `fromBinary(${label})`, () => {
      scanWire(schema, bytes, defaultDecodeLimits, "payload");
      return fromBinary(schema, new Uint8Array(bytes));
    }, sameMessage),
    comparedTask(`decodeMessage(${label})`, `fromBinary(${label})`, () => decodeMessage(schema, bytes, defaultDecodeLimits, "payload", false), sameMessage),
  ];
}

const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" }, time: { type: "string", default: "300" }, large: { type: "boolean", default: false } } });
const tasks = [
  ...codecTasks("AccountOpened", AccountOpenedSchema, accountOpened),
  ...codecTasks("ParcelShipped", ParcelShippedSchema, create(ParcelShippedSchema, parcelInit)),
  ...codecTasks("Envelope", EnvelopeSchema, envelope),
  ...(values.large ? codecTasks("Envelope 1 MB", EnvelopeSchema, largeEnvelope) : []),
];
checkTasks(tasks);
const results = runRounds(tasks, { rounds: Number(values.rounds), opsPerSample: values.large ? 1 : 100, timeMs: Number(values.time), warmupMs: 100 });
for (const r of results) {
  const ratio = r.baseline === undefined ? "baseline" : `${r.ratio.toFixed(2)}x  (${r.ratioRange[0].toFixed(2)}-${r.ratioRange[1].toFixed(2)})`;
  console.log(`${r.name.padEnd(44)} ${Math.round(r.opsPerSecond).toLocaleString("en").padStart(12)} ops/s  ${ratio}`);
}
