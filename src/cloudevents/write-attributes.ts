import type { Envelope } from "../../gen/ts/protoevents/v1/envelope_pb.js";
import { reservedAttributeKeys } from "../attribute-key.js";
import { InvalidMetadataError, quote } from "../errors.js";
import { parseTraceparent, tracestateProblem } from "../trace-context.js";
import { formatEventTime } from "./event-time.js";
import type { WriteCloudEventOptions } from "./event-message.js";
import { isAbsoluteUri, isUriReference } from "./uri-reference.js";

/** The CloudEvents attributes of an envelope, as every mode writes them. */
export interface WrittenAttributes {
  /**
   * Every attribute but `datacontenttype`, in the order of docs/cloudevents.md:
   * `specversion, id, source, type, subject, time, partitionkey, traceparent,
   * tracestate, traceid, correlationid, causationid, dataschema`, the non-empty
   * ones, then the extensions sorted by name.
   */
  readonly attributes: readonly (readonly [name: string, value: string])[];
  /** The `datacontenttype`: the envelope's content type, `application/protobuf` when empty. */
  readonly datacontenttype: string;
}

const extensionName = /^[a-z0-9]+$/;

/**
 * Maps an envelope to CloudEvents attributes, refusing an envelope that
 * cannot be a CloudEvent a reader accepts.
 *
 * @throws {InvalidMetadataError} naming the envelope field (`event_id`,
 *   `source`, `event_name`, `event_version`, `timestamp`, `traceparent`,
 *   `tracestate`, `attributes`) or the `dataschema` option at fault.
 * @internal
 */
export function writeAttributes(envelope: Envelope, options: WriteCloudEventOptions): WrittenAttributes {
  if (envelope.eventId === "") throw new InvalidMetadataError("event_id", "is empty; a CloudEvent needs an id");
  if (!isUriReference(envelope.source)) {
    throw new InvalidMetadataError("source", `${quote(envelope.source)} is not a URI-reference; a CloudEvent needs a source`);
  }
  if (envelope.eventName === "") throw new InvalidMetadataError("event_name", "is empty; the CloudEvents type is <event_name>.<event_version>");
  if (envelope.eventVersion === "" || envelope.eventVersion.includes(".")) {
    throw new InvalidMetadataError("event_version", `${quote(envelope.eventVersion)} is empty or holds a ".": the type <event_name>.<event_version> splits at its last "."`);
  }
  const time = formatEventTime(envelope.timestamp);
  if (time === undefined) throw new InvalidMetadataError("timestamp", `${envelope.timestamp} ms is outside the years 0000 to 9999 that RFC 3339 writes`);
  const traceId = traceIdToWrite(envelope);
  const dataschema = options.dataschema ?? "";
  if (options.dataschema !== undefined && !isAbsoluteUri(dataschema)) {
    throw new InvalidMetadataError("dataschema", `${quote(dataschema)} is not an absolute URI`);
  }
  const mapped: [string, string][] = [
    ["specversion", "1.0"],
    ["id", envelope.eventId],
    ["source", envelope.source],
    ["type", `${envelope.eventName}.${envelope.eventVersion}`],
    ["subject", envelope.aggregateId],
    ["time", time],
    ["partitionkey", envelope.aggregateId],
    ["traceparent", envelope.traceparent],
    ["tracestate", envelope.tracestate],
    ["traceid", traceId],
    ["correlationid", envelope.correlationId],
    ["causationid", envelope.causationId],
    ["dataschema", dataschema],
  ];
  const attributes = mapped.filter(([, value]) => value !== "");
  // An extension is written even when empty, so that it reads back.
  for (const name of Object.keys(envelope.attributes).sort()) {
    if (!extensionName.test(name) || reservedAttributeKeys.has(name)) {
      throw new InvalidMetadataError("attributes", `key ${quote(name)} is not a CloudEvents extension name (a-z, 0-9) or is a context attribute's name`);
    }
    attributes.push([name, envelope.attributes[name] as string]);
  }
  return { attributes, datacontenttype: envelope.contentType === "" ? "application/protobuf" : envelope.contentType };
}

// The trace id is written only when the traceparent does not carry it already.
function traceIdToWrite(envelope: Envelope): string {
  if (envelope.traceparent === "") {
    if (envelope.tracestate !== "") throw new InvalidMetadataError("tracestate", "is set without a traceparent");
    return envelope.traceId;
  }
  const parsed = parseTraceparent(envelope.traceparent);
  if ("problem" in parsed) throw new InvalidMetadataError("traceparent", `${quote(envelope.traceparent)} ${parsed.problem}`);
  const problem = tracestateProblem(envelope.tracestate);
  if (problem !== undefined) throw new InvalidMetadataError("tracestate", problem);
  return envelope.traceId === parsed.traceId ? "" : envelope.traceId;
}
