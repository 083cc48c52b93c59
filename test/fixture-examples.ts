// The framework's fixture events (testdata/fixtures, generated into gen/fixtures/ts) with one
// richly populated example payload each: the runtime tests run on these, never on the
// organisation's events in proto/.
import type { DescMessage, MessageInitShape } from "@bufbuild/protobuf";
import { AccountOpenedSchema } from "../gen/fixtures/ts/fixture/v1/account_opened_pb.js";
import { Priority } from "../gen/fixtures/ts/fixture/v1/common_pb.js";
import { LegacyRecordedSchema } from "../gen/fixtures/ts/fixture/v1/legacy_recorded_pb.js";
import { ParcelShippedSchema } from "../gen/fixtures/ts/fixture/v1/parcel_shipped_pb.js";
import { ScalarsRecordedSchema } from "../gen/fixtures/ts/fixture/v1/scalars_recorded_pb.js";
import { ParcelShippedSchema as ParcelShippedV2Schema } from "../gen/fixtures/ts/fixture/v2/parcel_shipped_pb.js";

export { events as fixtureEvents } from "../gen/fixtures/ts/registry.js";
export { events as fixtureV1Events } from "../gen/fixtures/ts/fixture/v1/index.js";
export { AddressSchema, Priority } from "../gen/fixtures/ts/fixture/v1/common_pb.js";
export { AccountOpenedSchema, LegacyRecordedSchema, ParcelShippedSchema, ParcelShippedV2Schema, ScalarsRecordedSchema };

/** An event schema and the init object of an example payload. */
export interface FixtureExample<Desc extends DescMessage = DescMessage> {
  readonly schema: Desc;
  readonly init: MessageInitShape<Desc>;
}

function example<Desc extends DescMessage>(schema: Desc, init: MessageInitShape<Desc>): FixtureExample {
  return { schema, init } as FixtureExample;
}

/** Every scalar at an edge of its range. */
export const scalarsInit: MessageInitShape<typeof ScalarsRecordedSchema> = {
  id: "s-1",
  doubleValue: -1.5e300,
  floatValue: 0.25,
  int32Value: -2147483648,
  int64Value: -(2n ** 63n),
  uint32Value: 4294967295,
  uint64Value: 2n ** 64n - 1n,
  sint32Value: -1,
  sint64Value: 2n ** 63n - 1n,
  fixed32Value: 4294967295,
  fixed64Value: 2n ** 64n - 1n,
  sfixed32Value: -2147483648,
  sfixed64Value: -(2n ** 63n),
  boolValue: true,
  bytesValue: new Uint8Array([0, 255, 128]),
  optionalValue: "",
};

/** Every composite shape: nested, repeated, maps, an enum, a oneof. */
export const parcelInit: MessageInitShape<typeof ParcelShippedSchema> = {
  parcelId: "p-1",
  destination: { street: "Bahnhofstrasse 1", city: "Zürich", countryCode: "CH" },
  items: [{ sku: "BOOK-1", quantity: 2 }, { sku: "PEN-9" }],
  labels: ["fragile", "größe-L"],
  tags: { a: "first", z: "last" },
  stops: { depot: {}, hub: { city: "Basel" } },
  priority: Priority.HIGH,
  carrier: { case: "courier", value: "Swift" },
  note: "leave at the door",
  weightsGrams: [1n, -1n, 9007199254740993n],
};

/** One example per fixture event. */
export const fixtureExamples: readonly FixtureExample[] = [
  example(ScalarsRecordedSchema, scalarsInit),
  example(ParcelShippedSchema, parcelInit),
  example(ParcelShippedV2Schema, { parcelId: "p-2", labels: ["x"], trackingCode: "TRK-1" }),
  example(LegacyRecordedSchema, { text: "from the old system" }),
  example(AccountOpenedSchema, { id: "a-1", name: "Ada Lovelace", email: "ada@example.com", openedAt: 1700000000000n }),
];
