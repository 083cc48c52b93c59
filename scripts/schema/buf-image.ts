import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFileRegistry, fromBinary, type DescFile, type FileRegistry } from "@bufbuild/protobuf";
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import { FileDescriptorSetSchema, type FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import { root } from "../lib/repository-root.js";

/** The buf binary installed by the workspace. */
export const bufBinary = join(root, "node_modules", ".bin", "buf");

/**
 * A compiled buf image: every file with its imports, resolved into descriptors,
 * with source info (lines, columns, comments).
 */
export interface BufImage {
  /** All files of the image, imports included. */
  readonly registry: FileRegistry;
  /** The files of the module itself, not its imports, sorted by name. */
  readonly files: readonly DescFile[];
}

/**
 * Runs `buf build <input> -o <tmp>/image.binpb` in `cwd` and reads the image.
 * `input` is anything buf accepts: `.` for the workspace, or a git ref such as
 * `.git#tag=v1.0.0,subdir=proto`.
 *
 * @throws the child_process error (with `status`) when buf cannot build the
 * input; buf has printed its own errors to stderr.
 */
export function buildImage(input: string, cwd: string): BufImage {
  const dir = mkdtempSync(join(tmpdir(), "protoevents-image-"));
  try {
    const out = join(dir, "image.binpb");
    execFileSync(bufBinary, ["build", input, "-o", out], { cwd, stdio: ["ignore", "inherit", "inherit"] });
    return readImage(readFileSync(out));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Reads a binary buf image (a superset of `google.protobuf.FileDescriptorSet`).
 */
function readImage(bytes: Uint8Array): BufImage {
  const set = fromBinary(FileDescriptorSetSchema, bytes);
  const registry = createFileRegistry(set);
  const own = new Set(set.file.filter((f) => !isImport(f)).map((f) => f.name));
  const files = [...registry.files].filter((f) => own.has(f.proto.name)).sort((a, b) => a.name.localeCompare(b.name));
  return { registry, files };
}

/** Field number of `buf.alpha.image.v1.ImageFileExtension` on a file of an image. */
const imageFileExtensionNumber = 8042;

/**
 * Tells whether buf marked a file of the image as an import (field 1 of its
 * ImageFileExtension), which FileDescriptorSet keeps as an unknown field.
 */
function isImport(file: FileDescriptorProto): boolean {
  for (const field of file.$unknown ?? []) {
    if (field.no !== imageFileExtensionNumber || field.wireType !== WireType.LengthDelimited) continue;
    const reader = new BinaryReader(new BinaryReader(field.data).bytes());
    while (reader.pos < reader.len) {
      const [no, wireType] = reader.tag();
      if (no === 1 && wireType === WireType.Varint) return reader.bool();
      reader.skip(wireType);
    }
  }
  return false;
}
