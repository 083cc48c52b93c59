import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { workspacePackageNames } from "../lib/package-names.js";

/**
 * One import entry point of the npm package: the root, or a domain/version.
 */
export interface EntryPoint {
  /** The subpath in the `exports` map, e.g. `.` or `./user/v1`. */
  readonly subpath: string;
  /** The TypeScript source file, relative to the repository root. */
  readonly source: string;
  /** The output name under dist/ without extension, e.g. `user/v1/index`. */
  readonly outName: string;
}

/**
 * Lists the package's entry points, sorted by subpath: `src/index.ts` for the root (the runtime
 * alone), `gen/ts/registry.ts` for `./registry` (every event), `src/cloudevents/index.ts` for
 * `./cloudevents` (the CloudEvents mapping), `src/router/index.ts` for `./router` (handlers by
 * event, transport-independent), `src/kafka/index.ts` for `./kafka` (the Kafka publisher and
 * consumer, on the user's KafkaJS client), `src/nats/index.ts` for `./nats` (the NATS JetStream
 * publisher, consumer and streams, on `@nats-io/jetstream`), and one per generated
 * `gen/ts/[<prefix path>/]<domain>/<version>/index.ts` as `./<domain>/<version>`. A domain named
 * `registry`, `cloudevents`, `router`, `kafka` or `nats` is no clash: its subpaths are
 * `./<domain>/<version>`.
 *
 * @throws {PackageNamesError} when protoevents.names.yaml is not valid.
 */
export function entryPoints(root: string): EntryPoint[] {
  const entries: EntryPoint[] = [
    { subpath: ".", source: "src/index.ts", outName: "index" },
    { subpath: "./registry", source: "gen/ts/registry.ts", outName: "registry" },
    { subpath: "./cloudevents", source: "src/cloudevents/index.ts", outName: "cloudevents" },
    { subpath: "./router", source: "src/router/index.ts", outName: "router" },
    { subpath: "./kafka", source: "src/kafka/index.ts", outName: "kafka" },
    { subpath: "./nats", source: "src/nats/index.ts", outName: "nats" },
  ];
  if (!existsSync(join(root, "gen", "ts", "registry.ts"))) {
    throw new Error("gen/ts/registry.ts does not exist: run `npm run build` to generate it");
  }
  // Event packages live under the organisation's prefix (proto.prefix), which no subpath shows.
  const prefix = workspacePackageNames(root).protoPrefix;
  const base = prefix === "" ? "gen/ts" : `gen/ts/${prefix.replaceAll(".", "/")}`;
  const genDir = join(root, base);
  for (const domain of existsSync(genDir) ? subdirectories(genDir) : []) {
    if (prefix === "" && domain === "protoevents") continue;
    for (const version of subdirectories(join(genDir, domain))) {
      if (existsSync(join(genDir, domain, version, "index.ts"))) {
        entries.push({
          subpath: `./${domain}/${version}`,
          source: `${base}/${domain}/${version}/index.ts`,
          outName: `${domain}/${version}/index`,
        });
      }
    }
  }
  return entries.sort((a, b) => a.subpath.localeCompare(b.subpath));
}

/**
 * The `exports` map for the entry points: ESM and CJS, each with its own types.
 */
export function exportsMap(entries: readonly EntryPoint[]): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  for (const { subpath, outName } of entries) {
    map[subpath] = {
      import: { types: `./dist/${outName}.d.ts`, default: `./dist/${outName}.js` },
      require: { types: `./dist/${outName}.d.cts`, default: `./dist/${outName}.cjs` },
    };
  }
  map["./package.json"] = "./package.json";
  return map;
}

/**
 * The `typesVersions` map for resolvers that predate `exports` (TypeScript's
 * `moduleResolution: node10`): each subpath to its CommonJS declarations, as
 * `@bufbuild/protobuf` does. The root needs none: `types` names it.
 */
export function typesVersionsMap(entries: readonly EntryPoint[]): Record<string, Record<string, string[]>> {
  const paths: Record<string, string[]> = {};
  for (const { subpath, outName } of entries) {
    if (subpath !== ".") paths[subpath.slice(2)] = [`./dist/${outName}.d.cts`];
  }
  return { "*": paths };
}

function subdirectories(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}
