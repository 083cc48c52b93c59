import { getOption, hasOption, isMessage, ScalarType, type DescExtension, type DescFile, type DescMessage } from "@bufbuild/protobuf";
import { reflect, type ReflectMessage } from "@bufbuild/protobuf/reflect";
import { packageVersion } from "../../src/event-version.js";

/** The fully qualified name of the option that marks a message as an event. */
export const eventOptionName = "protoevents.v1.event";

/**
 * An event schema found in a set of descriptors: a message with the event
 * option, with the option's values.
 */
export interface EventSchema {
  /** The event's name from the option, e.g. `user.created`. */
  readonly name: string;
  /** The event's version from the package, e.g. `v1`; "" when the package has none. */
  readonly version: string;
  /** The option's description, "" when not set. */
  readonly description: string;
  /** The option's owner, "" when not set. */
  readonly owner: string;
  /** The option's partition key field name, "" when not set. */
  readonly partitionKey: string;
  /** The option's `limits`, as declared. */
  readonly limits: DeclaredLimits;
  /** The message. */
  readonly message: DescMessage;
}

/**
 * The `limits` of an event option as the .proto declares them, unvalidated
 * (the event lint's rule `event-limits` checks them). A limit left unset is
 * undefined; an image whose options.proto predates limits declares none.
 */
export interface DeclaredLimits {
  /** `limits.max_age`, a google.protobuf.Duration. */
  readonly maxAge: { readonly seconds: bigint; readonly nanos: number } | undefined;
  /** `limits.max_bytes`. */
  readonly maxBytes: number | undefined;
}

/**
 * Finds the `(protoevents.v1.event)` extension among the files of a code
 * generator request or image, without the generated code of options.proto,
 * which does not exist yet while generating.
 */
export function findEventOption(files: readonly DescFile[]): DescExtension | undefined {
  for (const file of files) {
    const found = file.extensions.find((ext) => ext.typeName === eventOptionName);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Returns the event schemas of a file, top-level and nested messages, in
 * declaration order.
 */
export function eventSchemasInFile(file: DescFile, option: DescExtension): EventSchema[] {
  const found: EventSchema[] = [];
  const visit = (message: DescMessage): void => {
    const schema = readEventSchema(message, option);
    if (schema !== undefined) found.push(schema);
    message.nestedMessages.forEach(visit);
  };
  file.messages.forEach(visit);
  return found;
}

function readEventSchema(message: DescMessage, option: DescExtension): EventSchema | undefined {
  if (!hasOption(message, option)) return undefined;
  const value: unknown = getOption(message, option);
  const optionMessage = option.message;
  if (optionMessage === undefined || !isMessage(value)) return undefined;
  const fields = reflect(optionMessage, value);
  const text = (name: string): string => {
    const field = optionMessage.fields.find((f) => f.name === name);
    return field?.fieldKind === "scalar" && field.scalar === ScalarType.STRING ? String(fields.get(field)) : "";
  };
  return {
    name: text("name"),
    version: packageVersion(message.file.proto.package) ?? "",
    description: text("description"),
    owner: text("owner"),
    partitionKey: text("partition_key"),
    limits: readLimits(fields),
    message,
  };
}

const noLimits: DeclaredLimits = { maxAge: undefined, maxBytes: undefined };

// By field name, as the image's own options.proto declares them: an older one has no limits.
function readLimits(option: ReflectMessage): DeclaredLimits {
  const limits = setMessageField(option, "limits");
  if (limits === undefined) return noLimits;
  const maxAge = setMessageField(limits, "max_age");
  const maxBytes = limits.desc.fields.find((f) => f.name === "max_bytes");
  return {
    maxAge: maxAge === undefined ? undefined : { seconds: BigInt(scalar(maxAge, "seconds")), nanos: Number(scalar(maxAge, "nanos")) },
    maxBytes: maxBytes !== undefined && limits.isSet(maxBytes) ? Number(limits.get(maxBytes)) : undefined,
  };
}

function setMessageField(message: ReflectMessage, name: string): ReflectMessage | undefined {
  const field = message.desc.fields.find((f) => f.name === name);
  if (field?.fieldKind !== "message" || !message.isSet(field)) return undefined;
  return message.get(field);
}

function scalar(message: ReflectMessage, name: string): bigint | number | string {
  const field = message.desc.fields.find((f) => f.name === name);
  if (field?.fieldKind !== "scalar") return 0;
  const value: unknown = message.get(field);
  return typeof value === "bigint" || typeof value === "number" || typeof value === "string" ? value : 0;
}
