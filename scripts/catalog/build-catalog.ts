// Event catalog: a static site of every event, generated from the buf image (descriptors
// and comments) into dist-catalog/. Run by `npm run build` after generation; alone:
// `pnpm exec tsx scripts/catalog/build-catalog.ts [out-dir]`. Open dist-catalog/index.html.
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { buildImage, type BufImage } from "../schema/buf-image.js";
import { bufModuleDir } from "../schema/buf-module.js";
import { imageEvents } from "../schema/image-events.js";
import { workspacePackageNames } from "../lib/package-names.js";
import { root } from "../lib/repository-root.js";
import { buildCatalogModel } from "./catalog-model.js";
import { renderEnvelopePage } from "./render-envelope.js";
import { renderEventPage } from "./render-event.js";
import { renderIndex } from "./render-index.js";

/** The catalog's output folder, relative to the repository root (ignored by git). */
export const catalogDir = "dist-catalog";

const assetsDir = join(import.meta.dirname, "assets");

/**
 * Writes the event catalog of the workspace at `workspace` into `outDir`,
 * which it empties first. Builds the module's image unless `image` is given.
 * The pages name the packages and carry the title of the workspace's
 * protoevents.names.yaml (the framework's own names when it has none).
 * Returns the pages written, relative to `outDir`.
 *
 * @throws when buf cannot build the module, an example payload does not fit
 * its schema, or protoevents.names.yaml is not valid (a PackageNamesError).
 */
export function writeCatalog(workspace: string, outDir: string, image?: BufImage): string[] {
  const model = buildCatalogModel(imageEvents(image ?? buildImage(".", workspace)), workspacePackageNames(workspace));
  const moduleDir = bufModuleDir(workspace);
  const pages = new Map<string, string>([["index.html", renderIndex(model)]]);
  if (model.envelope !== undefined) pages.set("envelope.html", renderEnvelopePage(model.envelope, model));
  for (const event of model.events) {
    pages.set(event.page, renderEventPage(event, { moduleDir, hasEnvelope: model.envelope !== undefined }));
  }
  rmSync(outDir, { recursive: true, force: true });
  for (const [page, text] of pages) {
    mkdirSync(dirname(join(outDir, page)), { recursive: true });
    writeFileSync(join(outDir, page), text);
  }
  mkdirSync(join(outDir, "assets"), { recursive: true });
  for (const asset of readdirSync(assetsDir)) copyFileSync(join(assetsDir, asset), join(outDir, "assets", asset));
  return [...pages.keys()];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const out = resolve(process.argv[2] ?? join(root, catalogDir));
  const pages = writeCatalog(root, out);
  console.log(`  ${pages.length} pages written to ${out}`);
}
