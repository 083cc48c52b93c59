import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFileRegistry, fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { entryPoints, exportsMap } from "../scripts/build/entry-points.js";
import { eventSchemasInFile, findEventOption, type EventSchema } from "../scripts/schema/event-schemas.js";
import { events } from "../gen/ts/registry.js";

const root = join(import.meta.dirname, "..");

/** Every event in proto/, read from the descriptors buf builds, not from generated code. */
function eventsInProtos(): EventSchema[] {
  const image = join(mkdtempSync(join(tmpdir(), "protoevents-image-")), "image.binpb");
  execFileSync(join(root, "node_modules", ".bin", "buf"), ["build", "-o", image], { cwd: root });
  const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(image)));
  const files = [...registry.files];
  const option = findEventOption(files);
  if (option === undefined) throw new Error("the event option is missing from the image");
  return files.flatMap((file) => eventSchemasInFile(file, option));
}

describe("generated registry", () => {
  it("lists exactly the events declared in proto/", () => {
    const registered = events.map((e) => `${e.name} ${e.version} ${e.schema.typeName}`);
    expect(registered.sort()).toEqual(eventsInProtos().map((e) => `${e.name} ${e.version} ${e.message.typeName}`).sort());
  });

  it("has one subpath per package of events in package.json exports", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { exports: unknown };
    expect(pkg.exports).toEqual(exportsMap(entryPoints(root)));
    const packages = new Set(eventsInProtos().map((e) => e.message.file.proto.package.replaceAll(".", "/")));
    const subpaths = [...packages].map((p) => `./${p}`).sort((a, b) => a.localeCompare(b));
    const withRuntime = ["./cloudevents", "./kafka", "./nats", "./registry", "./router", ...subpaths].sort((a, b) => a.localeCompare(b));
    expect(Object.keys(pkg.exports as object)).toEqual([".", ...withRuntime, "./package.json"]);
  });
});
