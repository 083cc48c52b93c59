// Takes the README's picture of the event catalog, docs/catalog.png: builds the catalog
// into a temp folder and photographs its index, every event listed, in headless Chromium.
// Run by hand after a visible change to the catalog: `pnpm exec tsx scripts/catalog/screenshot.ts`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { launchChromium } from "./chromium.js";
import { root } from "../lib/repository-root.js";
import { writeCatalog } from "./build-catalog.js";

const out = mkdtempSync(join(tmpdir(), "protoevents-catalog-"));
const browser = await launchChromium();
try {
  writeCatalog(root, out);
  const page = await browser.newPage({ viewport: { width: 1200, height: 600 }, deviceScaleFactor: 1 });
  await page.goto(pathToFileURL(join(out, "index.html")).href);
  const file = join(root, "docs", "catalog.png");
  await page.screenshot({ path: file });
  console.log(`  wrote ${file}`);
} finally {
  await browser.close();
  rmSync(out, { recursive: true, force: true });
}
