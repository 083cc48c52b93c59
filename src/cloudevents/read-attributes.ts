import type { Envelope } from "../../gen/ts/protoevents/v1/envelope_pb.js";
import { InvalidCloudEventError, quote } from "../errors.js";
import { parseTraceparent, tracestateProblem } from "../trace-context.js";
import { parseEventTime } from "./event-time.js";
import { isAbsoluteUri, isUriReference } from "./uri-reference.js";

/**
 * The attributes an envelope field takes; every other is an extension, kept in `attributes`.
 * All of them are typed as strings (String, URI, URI-reference, Timestamp).
 *
 * @internal
 */
export const mappedNames: ReadonlySet<string> = new Set([
  "specversion",
  "id",
  "source",
  "type",
  "subject",
  "time",
  "datacontenttype",
  "dataschema",
  "partitionkey",
  "traceparent",
  "tracestate",
  "traceid",
  "correlationid",
  "causationid",
]);

const extensionName = /^[a-z0-9]+$/;

/**
 * Builds the envelope of a CloudEvent from its attributes (each as its
 * canonical string), its data and the `datacontenttype` to assume when it has
 * none. Checked in this order: `specversion`, `id`, `source`, `type`, `time`,
 * `dataschema`, `traceparent`, `tracestate`, then the other names sorted.
 *
 * @throws {InvalidCloudEventError} naming the attribute at fault.
 * @internal
 */
export function readAttributes(attributes: ReadonlyMap<string, string>, payload: Uint8Array, defaultContentType: string): Envelope {
  const get = (name: string): string => attributes.get(name) ?? "";
  const specversion = attributes.get("specversion");
  if (specversion !== "1.0") {
    throw new InvalidCloudEventError("specversion", specversion === undefined ? "is missing" : `is ${quote(specversion)}; only CloudEvents 1.0 is read`);
  }
  const id = get("id");
  if (id === "") throw new InvalidCloudEventError("id", "is missing or empty");
  const source = get("source");
  if (!isUriReference(source)) throw new InvalidCloudEventError("source", `${quote(source)} is not a URI-reference`);
  const type = get("type");
  const dot = type.lastIndexOf(".");
  if (dot <= 0 || dot === type.length - 1) {
    throw new InvalidCloudEventError("type", `${quote(type)} is not <event name>.<event version>`);
  }
  const time = attributes.get("time");
  const timestamp = time === undefined ? 0n : parseEventTime(time);
  if (timestamp === undefined) throw new InvalidCloudEventError("time", `${quote(time ?? "")} is not an RFC 3339 timestamp`);
  const dataschema = attributes.get("dataschema");
  if (dataschema !== undefined && !isAbsoluteUri(dataschema)) throw new InvalidCloudEventError("dataschema", `${quote(dataschema)} is not an absolute URI`);
  const { traceparent, tracestate, traceId } = traceContext(get("traceparent"), get("tracestate"), get("traceid"));
  const extensions: Record<string, string> = {};
  const extensionNames: string[] = [];
  for (const name of attributes.keys()) if (!mappedNames.has(name)) extensionNames.push(name);
  for (const name of extensionNames.sort()) {
    if (!extensionName.test(name)) throw new InvalidCloudEventError(name, "is not a CloudEvents attribute name (a-z, 0-9)");
    if (name === "data") throw new InvalidCloudEventError(name, "is the event's data, not an attribute");
    // The name rule keeps out "__proto__", which an assignment would take as the prototype.
    extensions[name] = attributes.get(name) as string;
  }
  // A literal, not create(EnvelopeSchema, ...), which costs more than the rest of this function:
  // the Envelope type makes it name every field, and read-attributes.test.ts checks that it is
  // the message create() makes, fields in the schema's order.
  return {
    $typeName: "protoevents.v1.Envelope",
    eventId: id,
    eventName: type.slice(0, dot),
    eventVersion: type.slice(dot + 1),
    aggregateId: get("partitionkey") || get("subject"),
    timestamp,
    traceId,
    correlationId: get("correlationid"),
    causationId: get("causationid"),
    source,
    contentType: attributes.get("datacontenttype") ?? defaultContentType,
    payload,
    attributes: extensions,
    traceparent,
    tracestate,
  };
}

function traceContext(traceparent: string, tracestate: string, traceid: string): { traceparent: string; tracestate: string; traceId: string } {
  if (traceparent === "") {
    if (tracestate !== "") throw new InvalidCloudEventError("tracestate", "is given without a traceparent");
    return { traceparent, tracestate, traceId: traceid };
  }
  const parsed = parseTraceparent(traceparent);
  if ("problem" in parsed) throw new InvalidCloudEventError("traceparent", `${quote(traceparent)} ${parsed.problem}`);
  const problem = tracestateProblem(tracestate);
  if (problem !== undefined) throw new InvalidCloudEventError("tracestate", problem);
  return { traceparent, tracestate, traceId: traceid || parsed.traceId };
}
