import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** Debian's Chromium, installed by .ci/install-chromium; no test tool downloads a browser. */
const chromiumPath = "/usr/bin/chromium";

/**
 * Flags for headless Chromium on a machine without a display or outside
 * network: no sandbox (CI runs as root), no GPU, and none of the background
 * connections to Google's services that a closed network refuses.
 */
const chromiumArgs: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

/**
 * Starts headless Debian Chromium through playwright-core.
 *
 * @throws when /usr/bin/chromium is missing, with the command that installs it.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium is not installed at ${chromiumPath}: run \`bash .ci/install-chromium\` (apt-get install chromium) first`);
  }
  return chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs], headless: true });
}
