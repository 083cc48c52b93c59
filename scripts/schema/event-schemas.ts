import { getOption, hasOption, isMessage, ScalarType, type DescExtension, type DescFile, type DescMessage } from "@bufbuild/protobuf";
import { reflect } from "@bufbuild/protobuf/reflect";
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
  /** The message. */
  readonly message: DescMessage;
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
    message,
  };
}
