import type { DescEnum, DescEnumValue, DescExtension, DescField, DescFile, DescMessage } from "@bufbuild/protobuf";
import { getComments } from "@bufbuild/protoplugin";

/** Where something is declared: a file of the module and a 1-based line and column. */
export interface SourcePosition {
  /** The file, relative to the module root, e.g. `user/v1/user_created.proto`. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** A descriptor that has a place in a .proto file. */
export type PositionedDesc = DescFile | DescMessage | DescField | DescEnum | DescEnumValue | DescExtension;

/**
 * Returns where a descriptor, or a part of it, is declared. `subPath` continues
 * the descriptor's source path, e.g. `[7, 50000, 1]` for the `name` of the
 * `(protoevents.v1.event)` option of a message. When the image has no location
 * for the whole path, the nearest enclosing one is used; without source info,
 * line and column are 1.
 */
export function sourcePosition(desc: PositionedDesc, subPath: readonly number[] = []): SourcePosition {
  const file = desc.kind === "file" ? desc : desc.kind === "enum_value" ? desc.parent.file : desc.kind === "field" ? desc.parent.file : desc.file;
  const base = desc.kind === "file" ? [] : getComments(desc).sourcePath;
  const locations = file.proto.sourceCodeInfo?.location ?? [];
  for (let length = base.length + subPath.length; length >= 0; length--) {
    const path = [...base, ...subPath].slice(0, length);
    const found = locations.find((l) => l.path.length === path.length && l.path.every((p, i) => p === path[i]));
    if (found !== undefined) {
      return { file: file.proto.name, line: (found.span[0] ?? 0) + 1, column: (found.span[1] ?? 0) + 1 };
    }
  }
  return { file: file.proto.name, line: 1, column: 1 };
}

/**
 * Returns where a message value inside an option is declared, e.g. `max_age`
 * of `limits: { max_age: { seconds: 60 } }`: compilers record a position only
 * for the leaves of an option's message literal, so this is the first leaf
 * below `subPath`. Without one (`max_age: {}`), as {@link sourcePosition}.
 */
export function optionValuePosition(desc: DescMessage, subPath: readonly number[]): SourcePosition {
  const path = [...getComments(desc).sourcePath, ...subPath];
  const leaves = (desc.file.proto.sourceCodeInfo?.location ?? []).filter((l) => l.path.length > path.length && path.every((p, i) => l.path[i] === p));
  const first = leaves.sort((a, b) => (a.span[0] ?? 0) - (b.span[0] ?? 0) || (a.span[1] ?? 0) - (b.span[1] ?? 0))[0];
  if (first === undefined) return sourcePosition(desc, subPath);
  return { file: desc.file.proto.name, line: (first.span[0] ?? 0) + 1, column: (first.span[1] ?? 0) + 1 };
}
