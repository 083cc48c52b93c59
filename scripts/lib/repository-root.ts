import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The root of the checkout these scripts run from: where its tools are installed
 * (node_modules/.bin, .venv, .tools) and the default workspace of the command-line entry
 * points. Modules that work on a workspace take its root as an argument instead.
 */
export const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
