import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

/**
 * Returns the folder of the workspace's one buf module, relative to `root`, as
 * `buf.yaml` (v2) declares it under `modules`, e.g. `proto`.
 *
 * @throws when `buf.yaml` is missing, is not v2, or declares other than one module.
 */
export function bufModuleDir(root: string): string {
  const file = join(root, "buf.yaml");
  if (!existsSync(file)) throw new Error(`${file} does not exist: the governance checks need a buf workspace`);
  const config: unknown = parse(readFileSync(file, "utf8"));
  const modules = isRecord(config) && config["version"] === "v2" ? config["modules"] : undefined;
  if (!Array.isArray(modules) || modules.length !== 1) {
    throw new Error(`${file}: expected a v2 config with exactly one entry under "modules"`);
  }
  const [module] = modules as unknown[];
  const path = isRecord(module) ? module["path"] : undefined;
  return typeof path === "string" ? path.replace(/\/+$/, "") : ".";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
