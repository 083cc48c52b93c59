// The npm package's type declarations, from tsc's own declaration output. tsc writes one
// .d.ts per source file (tsconfig.build.json, into gen/types/), so the declarations of the
// envelope and of each message exist once, shared by every entry point like the bundle's
// chunks. tsup's .d.ts build bundles each entry point on its own and ran out of memory at a
// few hundred entry points; this is a copy and a rename, linear in the files.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import ts from "typescript";
import type { EntryPoint } from "./entry-points.js";

/** Where tsconfig.build.json writes the declarations, relative to the repository root. */
export const declarationOutDir = join("gen", "types");

/** Where the package's copy of them goes, relative to the repository root. */
const packagedDir = join("dist", "types");

/**
 * Rewrites the relative module specifiers of a declaration file (`from "./x.js"`,
 * `import("./x.js")`) to end in `.cjs`, for its `.d.cts` twin: under node16 resolution a
 * `.d.cts` that imports `./x.js` would get the ESM `x.d.ts`, and CJS importers would see
 * types for a module format they do not load.
 *
 * @throws when a relative specifier does not end in `.js`, which the build never writes.
 */
export function toCjsDeclaration(text: string, fileName: string): string {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  let out = "";
  let at = 0;
  for (const { fileName: specifier, pos } of importedFiles) {
    if (!specifier.startsWith(".")) continue;
    if (!specifier.endsWith(".js")) {
      throw new Error(`${fileName}: relative import "${specifier}" does not end in .js`);
    }
    // preProcessFile's position is at the opening quote for `from "..."` and just after it
    // for `import("...")`: find the specifier itself, and check that it is the quoted one.
    const start = text.indexOf(specifier, Math.max(at, pos - 1));
    const quote = text[start - 1];
    if (start < 0 || (quote !== '"' && quote !== "'") || text[start + specifier.length] !== quote) {
      throw new Error(`${fileName}: cannot find the import "${specifier}" near offset ${pos}`);
    }
    const jsExtension = start + specifier.length - ".js".length;
    out += `${text.slice(at, jsExtension)}.cjs`;
    at = start + specifier.length;
  }
  return out + text.slice(at);
}

/**
 * The declarations under `dir` whose source file still exists: tsc leaves the output of a
 * deleted source behind, and a removed domain must not linger in the package.
 */
function declarationFiles(root: string, dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((file) => file.split("\\").join("/"))
    .filter((file) => file.endsWith(".d.ts") && existsSync(join(root, file.replace(/\.d\.ts$/, ".ts"))));
}

function specifierTo(fromFile: string, toFile: string): string {
  const path = relative(dirname(fromFile), toFile).split("\\").join("/");
  return path.startsWith(".") ? path : `./${path}`;
}

/**
 * Puts the declarations tsc wrote into gen/types/ into dist/types/, each as `.d.ts` for
 * ESM and `.d.cts` for CJS importers, and writes for each entry point a `.d.ts` and a
 * `.d.cts` at the path of its bundle (dist/user/v1/index.d.ts) that re-export them.
 * Returns how many files it wrote.
 *
 * @throws when gen/types/ lacks an entry point's declarations (tsc has not run), or from
 *   {@link toCjsDeclaration}.
 */
export function writePackageDeclarations(root: string, entries: readonly EntryPoint[]): number {
  const source = join(root, declarationOutDir);
  const target = join(root, packagedDir);
  rmSync(target, { recursive: true, force: true });
  const files = declarationFiles(root, source);
  const available = new Set(files);
  let written = 0;
  for (const file of files) {
    const text = readFileSync(join(source, file), "utf8");
    const esm = join(target, file);
    mkdirSync(dirname(esm), { recursive: true });
    writeFileSync(esm, text);
    writeFileSync(esm.replace(/\.d\.ts$/, ".d.cts"), toCjsDeclaration(text, file));
    written += 2;
  }
  for (const { source: entrySource, outName } of entries) {
    const declaration = entrySource.replace(/\.ts$/, ".d.ts");
    if (!available.has(declaration)) {
      throw new Error(`${join(declarationOutDir, declaration)} is missing: run tsc -b tsconfig.build.json first`);
    }
    const entryFile = join(root, "dist", `${outName}.d.ts`);
    const specifier = specifierTo(entryFile, join(target, declaration)).replace(/\.d\.ts$/, "");
    mkdirSync(dirname(entryFile), { recursive: true });
    writeFileSync(entryFile, `export * from "${specifier}.js";\n`);
    writeFileSync(entryFile.replace(/\.d\.ts$/, ".d.cts"), `export * from "${specifier}.cjs";\n`);
    written += 2;
  }
  return written;
}
