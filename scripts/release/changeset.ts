// `npm run changeset`: records a change for the next release. With no arguments it is the
// interactive `changeset` of @changesets/cli. With `--bump <patch|minor|major> --summary <text>`
// it writes the changeset without a prompt, for bots and CI, for the npm package named in
// protoevents.names.yaml. Run from the repository root, as `npm run` does.
import { relative } from "node:path";
import { parseArgs } from "node:util";
import { loadPackageNames } from "../lib/package-names.js";
import { exec } from "../build/steps.js";
import { type Bump, bumps, writeChangeset } from "./write-changeset.js";

const usage = `usage: npm run changeset                 (asks)
       npm run changeset -- --bump <${bumps.join("|")}> --summary <text>`;

function fail(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

let values: { bump?: string | undefined; summary?: string | undefined };
try {
  values = parseArgs({ options: { bump: { type: "string" }, summary: { type: "string" } }, strict: true }).values;
} catch (error) {
  fail((error as Error).message);
}

if (values.bump === undefined && values.summary === undefined) {
  try {
    exec("changeset", []);
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    process.exit(typeof status === "number" && status !== 0 ? status : 1);
  }
} else {
  const { bump, summary } = values;
  if (bump === undefined || !(bumps as readonly string[]).includes(bump)) fail(`--bump must be one of ${bumps.join(", ")}`);
  if (summary === undefined) fail("--summary is missing: it becomes the CHANGELOG entry");
  const workspace = process.cwd();
  try {
    const path = writeChangeset(workspace, loadPackageNames(workspace).npm, bump as Bump, summary);
    console.log(`wrote ${relative(workspace, path)}: ${bump} for the next release; commit it with the change`);
  } catch (error) {
    console.error(`✘ ${(error as Error).message}`);
    process.exit(1);
  }
}
