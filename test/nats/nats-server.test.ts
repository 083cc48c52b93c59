// The server the NATS tests run against: Debian's nats-server with JetStream (test/nats/nats-server.ts),
// started here and stopped by its PID. It keeps one copy of an envelope published twice with the
// same Nats-Msg-Id, and hands it byte for byte to a durable pull consumer that acknowledges it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AckPolicy, jetstream, jetstreamManager, type JsMsg } from "@nats-io/jetstream";
import { connect, headers, nanos, type NatsConnection } from "@nats-io/transport-node";
import { decodeEnvelope, encodeEnvelope, unwrap, wrap } from "../../src/index.js";
import { fixtureEvents, ScalarsRecordedSchema } from "../fixture-examples.js";
import { startNats, type NatsServer } from "./nats-server.js";

const stream = "FIXTURE_EVENTS";
const durable = "protoevents-test";

let server: NatsServer;
let connection: NatsConnection | undefined;

beforeAll(async () => {
  server = await startNats();
  console.log(`nats-server on ${server.url}: JetStream answered ${server.startMs} ms after start, ${server.residentMiB().toFixed(1)} MiB resident`);
}, 60_000);

afterAll(async () => {
  await connection?.close();
  await server?.stop();
}, 30_000);

describe("the NATS server of the tests", () => {
  it("listens on 127.0.0.1 only and stores an envelope published twice with one Nats-Msg-Id once", async () => {
    expect(server.url).toBe(`nats://127.0.0.1:${server.port}`);
    connection = await connect({ servers: server.url });
    const manager = await jetstreamManager(connection);
    await manager.streams.add({ name: stream, subjects: ["fixture.>"], duplicate_window: nanos(60_000) });

    const envelope = wrap(ScalarsRecordedSchema, { id: "s-1" }, { aggregateId: "agg-1" });
    const bytes = encodeEnvelope(envelope);
    const client = jetstream(connection);
    const publish = async () => {
      const msgHeaders = headers();
      msgHeaders.set("Nats-Msg-Id", envelope.eventId);
      return client.publish("fixture.scalars.recorded", bytes, { headers: msgHeaders });
    };
    const first = await publish();
    const second = await publish();

    expect([first.stream, first.duplicate]).toEqual([stream, false]);
    expect([second.seq, second.duplicate]).toEqual([first.seq, true]);
    const info = await manager.streams.info(stream);
    expect(info.state.messages).toBe(1);
    expect(info.config.duplicate_window).toBe(nanos(60_000));

    await manager.consumers.add(stream, { durable_name: durable, ack_policy: AckPolicy.Explicit });
    const consumer = await client.consumers.get(stream, durable);
    const messages = await consumer.consume({ max_messages: 10 });
    let received: JsMsg | undefined;
    for await (const message of messages) {
      received = message;
      expect(await message.ackAck()).toBe(true);
      break;
    }
    await messages.close();

    expect(received?.headers?.get("Nats-Msg-Id")).toBe(envelope.eventId);
    expect(Buffer.from(received?.data ?? []).equals(Buffer.from(bytes))).toBe(true);
    expect(unwrap(decodeEnvelope(received?.data ?? new Uint8Array()), fixtureEvents).payload).toMatchObject({ id: "s-1" });
    const consumerInfo = await manager.consumers.info(stream, durable);
    expect([consumerInfo.delivered.stream_seq, consumerInfo.ack_floor.stream_seq, consumerInfo.num_ack_pending, consumerInfo.num_pending]).toEqual([first.seq, first.seq, 0, 0]);
  }, 30_000);

  it("is stopped by its PID", async () => {
    await connection?.close();
    connection = undefined;
    const { pid } = server;
    await server.stop();
    expect(() => process.kill(pid, 0)).toThrow();
  }, 30_000);
});
