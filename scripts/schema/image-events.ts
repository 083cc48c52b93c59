import type { DescEnum, DescExtension, DescMessage } from "@bufbuild/protobuf";
import type { BufImage } from "./buf-image.js";
import { eventSchemasInFile, findEventOption, type EventSchema } from "./event-schemas.js";

/** A buf image with the events of its own files. */
export interface ImageEvents {
  readonly image: BufImage;
  /** The `(protoevents.v1.event)` extension, undefined when the image does not declare it. */
  readonly option: DescExtension | undefined;
  /** The events of the module's own files, in file and declaration order. */
  readonly events: readonly EventSchema[];
}

/** Finds the events of a buf image's own files. */
export function imageEvents(image: BufImage): ImageEvents {
  const option = findEventOption([...image.registry.files]);
  const events = option === undefined ? [] : image.files.flatMap((file) => eventSchemasInFile(file, option));
  return { image, option, events };
}

/** Every message and enum of the image's own files, nested ones included. */
export function ownTypes(image: BufImage): { messages: DescMessage[]; enums: DescEnum[] } {
  const messages: DescMessage[] = [];
  const enums: DescEnum[] = [];
  const visit = (message: DescMessage): void => {
    messages.push(message);
    enums.push(...message.nestedEnums);
    message.nestedMessages.forEach(visit);
  };
  for (const file of image.files) {
    enums.push(...file.enums);
    file.messages.forEach(visit);
  }
  return { messages, enums };
}

/**
 * The source path, below a message, of the `name` field of its
 * `(protoevents.v1.event)` option: MessageOptions (7), the extension, name (1).
 */
export function eventNamePath(option: DescExtension): readonly number[] {
  return [7, option.number, 1];
}

/**
 * The source path, below a message, of a field of the `limits` of its
 * `(protoevents.v1.event)` option, e.g. `max_bytes`: MessageOptions (7), the
 * extension, `limits`, the field. The path stops at what the image's
 * options.proto declares.
 */
export function eventLimitPath(option: DescExtension, name: "max_age" | "max_bytes"): readonly number[] {
  const limits = option.message?.fields.find((f) => f.name === "limits");
  const field = limits?.message?.fields.find((f) => f.name === name);
  if (limits === undefined) return [7, option.number];
  return field === undefined ? [7, option.number, limits.number] : [7, option.number, limits.number, field.number];
}
