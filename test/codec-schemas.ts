// The message types of the payload codec's tests, built from test/codec-protos with buf: every
// field shape of proto3 (codec.v1.Everything), proto2 (codec.v1.Legacy) and editions
// (codec.v1.Modern, codec.v1.Plain), so that the codec is tested on more than the fixture events.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DescExtension, DescMessage } from "@bufbuild/protobuf";
import { buildImage } from "../scripts/schema/buf-image.js";

/** The message types of test/codec-protos. */
export interface CodecSchemas {
  readonly everything: DescMessage;
  readonly leaf: DescMessage;
  readonly legacy: DescMessage;
  readonly legacyNote: DescExtension;
  readonly modern: DescMessage;
  readonly plain: DescMessage;
}

/**
 * Builds test/codec-protos with `buf build` (about a second) and returns its message types.
 *
 * @throws when buf cannot build the protos, or a type is missing.
 */
export function buildCodecSchemas(): CodecSchemas {
  const { registry } = buildImage(".", join(dirname(fileURLToPath(import.meta.url)), "codec-protos"));
  const message = (name: string): DescMessage => {
    const schema = registry.getMessage(`codec.v1.${name}`);
    if (schema === undefined) throw new Error(`codec.v1.${name} was not built`);
    return schema;
  };
  const legacyNote = registry.getExtension("codec.v1.note");
  if (legacyNote === undefined) throw new Error("codec.v1.note was not built");
  return {
    everything: message("Everything"),
    leaf: message("Leaf"),
    legacy: message("Legacy"),
    legacyNote,
    modern: message("Modern"),
    plain: message("Plain"),
  };
}
