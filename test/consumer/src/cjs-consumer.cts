// A CommonJS service that depends on the packed protoevents: tsc compiles its
// imports to require(), so it loads the package's "require" build (dist/*.cjs,
// typed by dist/*.d.cts) and encodes with its own copy of @bufbuild/protobuf.
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  ContentType,
  EnvelopeSchema,
  events as allEvents,
  NotAnEventError,
  ProtoeventsError,
  UnknownEventError,
  UnsupportedVersionError,
  unwrap,
  wrap,
  type Envelope,
  type UnwrappedEvent,
} from "protoevents";
import { LineItemSchema, OrderPlacedSchema, OrderStatus } from "protoevents/order/v1";
import { events as userV1Events, UserCreatedSchema as UserCreatedV1Schema } from "protoevents/user/v1";
import { UserCreatedSchema as UserCreatedV2Schema } from "protoevents/user/v2";

/** Any event of the package, as `unwrap` returns it. */
type AnyEvent = UnwrappedEvent<(typeof allEvents)[number]>;

const recordedAt = 1_700_000_000_000;

/** The path of a resolved module inside node_modules, e.g. `protoevents/dist/index.js`. */
function installedPath(url: string): string {
  return url.slice(url.lastIndexOf("/node_modules/") + "/node_modules/".length);
}

/** Reads fields that only the narrowed payload type has. */
function describeEvent(evt: AnyEvent): string {
  if (evt.name === "user.created" && evt.version === "v1") {
    return `user.created v1 ${evt.payload.id} name=${evt.payload.name}`;
  }
  if (evt.name === "user.created" && evt.version === "v2") {
    return `user.created v2 ${evt.payload.id} givenName=${evt.payload.givenName} familyName=${evt.payload.familyName}`;
  }
  if (evt.name === "order.placed") {
    const total = evt.payload.total;
    return `order.placed ${evt.version} ${evt.payload.orderId} items=${evt.payload.items.length} total=${total?.amountMinor} ${total?.currencyCode} status=${OrderStatus[evt.payload.status]}`;
  }
  return `${evt.name} ${evt.version}`;
}

/** Runs `action` and reports the protoevents error it throws, checking its class across entry points. */
function describeError(label: string, action: () => unknown): string {
  try {
    action();
    return `${label}: no error`;
  } catch (error) {
    if (!(error instanceof ProtoeventsError)) throw error;
    const classes = [UnknownEventError, UnsupportedVersionError, NotAnEventError].filter((c) => error instanceof c);
    return `${label}: ${error.code} ${classes.map((c) => c.name).join(",")}`;
  }
}

const sent: Envelope[] = [
  wrap(
    UserCreatedV1Schema,
    { id: "u-1", name: "Ada Lovelace", email: "ada@example.com", createdAt: 1_690_000_000_000n },
    { eventId: "evt-1", timestamp: recordedAt },
  ),
  wrap(
    UserCreatedV2Schema,
    { id: "u-2", givenName: "Grace", familyName: "Hopper", email: "grace@example.com", createdAt: 1_690_000_000_000n },
    { eventId: "evt-2", timestamp: recordedAt, contentType: ContentType.Json },
  ),
  wrap(
    OrderPlacedSchema,
    {
      orderId: "o-1",
      customerId: "u-1",
      items: [
        { sku: "SKU-1", quantity: 2, unitPrice: { currencyCode: "EUR", amountMinor: 1999n } },
        { sku: "SKU-2", quantity: 1, unitPrice: { currencyCode: "EUR", amountMinor: 999n } },
      ],
      total: { currencyCode: "EUR", amountMinor: 4997n },
      status: OrderStatus.PENDING,
      placedAt: 1_690_000_000_000n,
    },
    { eventId: "evt-3", timestamp: recordedAt },
  ),
];

console.log(`resolved ${installedPath(require.resolve("protoevents"))} ${installedPath(require.resolve("protoevents/user/v1"))}`);
for (const envelope of sent) {
  const bytes = toBinary(EnvelopeSchema, envelope);
  const evt = unwrap(fromBinary(EnvelopeSchema, bytes));
  console.log(`${describeEvent(evt)} aggregate=${evt.envelope.aggregateId} bytes=${bytes.length}`);
}
const rootEntry = allEvents.find((e) => e.name === "user.created" && e.version === "v1");
console.log(`root registry holds the subpath's schema object: ${rootEntry?.schema === UserCreatedV1Schema}`);
const [userV1, userV2, order] = sent as [Envelope, Envelope, Envelope];
console.log(`user/v1 events: ${describeEvent(unwrap(userV1, userV1Events))}`);
console.log(describeError("order.placed against user/v1 events", () => unwrap(order, userV1Events)));
console.log(describeError("user.created v2 against user/v1 events", () => unwrap(userV2, userV1Events)));
console.log(describeError("wrap a value object of order/v1", () => wrap(LineItemSchema, { sku: "SKU-1" })));
