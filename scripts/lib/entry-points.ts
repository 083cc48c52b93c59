import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

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
 * Lists the package's entry points: `src/index.ts` for the root and one per
 * generated `gen/ts/<domain>/<version>/index.ts`, sorted by subpath.
 */
export function entryPoints(root: string): EntryPoint[] {
  const entries: EntryPoint[] = [{ subpath: ".", source: "src/index.ts", outName: "index" }];
  const genDir = join(root, "gen", "ts");
  if (!existsSync(genDir)) {
    throw new Error("gen/ts does not exist: run `npm run build` to generate it");
  }
  for (const domain of subdirectories(genDir)) {
    if (domain === "protoevents") continue;
    for (const version of subdirectories(join(genDir, domain))) {
      if (existsSync(join(genDir, domain, version, "index.ts"))) {
        entries.push({
          subpath: `./${domain}/${version}`,
          source: `gen/ts/${domain}/${version}/index.ts`,
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

function subdirectories(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}
