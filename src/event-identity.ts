import { getOption, hasOption, type DescMessage } from "@bufbuild/protobuf";
import { event } from "../gen/ts/protoevents/v1/options_pb.js";
import { NotAnEventError } from "./errors.js";
import { packageVersion } from "./event-version.js";

/**
 * What identifies an event schema: its name from the `(protoevents.v1.event)`
 * option and its version from the package, plus the option's partition key.
 */
export interface EventIdentity {
  /** The event's name, e.g. `user.created`. */
  readonly name: string;
  /** The event's version, e.g. `v1`. */
  readonly version: string;
  /** The payload field that holds the aggregate id, or "" when none is declared. */
  readonly partitionKey: string;
}

const identities = new WeakMap<DescMessage, EventIdentity>();

/**
 * Reads the identity of an event schema from its descriptor.
 *
 * @throws {NotAnEventError} when the message has no `(protoevents.v1.event)`
 * option with a name, or its package has no version suffix.
 */
export function eventIdentity(schema: DescMessage): EventIdentity {
  let identity = identities.get(schema);
  if (identity === undefined) {
    identity = readIdentity(schema);
    identities.set(schema, identity);
  }
  return identity;
}

function readIdentity(schema: DescMessage): EventIdentity {
  if (!hasOption(schema, event)) {
    throw new NotAnEventError(schema.typeName, "it has no (protoevents.v1.event) option");
  }
  const option = getOption(schema, event);
  if (option.name === "") {
    throw new NotAnEventError(schema.typeName, "its (protoevents.v1.event) option has no name");
  }
  const version = packageVersion(schema.file.proto.package);
  if (version === undefined) {
    throw new NotAnEventError(
      schema.typeName,
      `its package "${schema.file.proto.package}" has no version suffix such as ".v1"`,
    );
  }
  return { name: option.name, version, partitionKey: option.partitionKey };
}
