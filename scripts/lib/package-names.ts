import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

/** The file at the repository root where an organisation names its packages. */
export const packageNamesFile = "protoevents.names.yaml";

/** The names the organisation publishes under, from protoevents.names.yaml. */
export interface PackageNames {
  /** The npm package name, e.g. `@acme/events`. */
  readonly npm: string;
  /** The PyPI distribution name, e.g. `acme-events`. */
  readonly pythonDistribution: string;
  /** The Python import package, e.g. `acme_events`. */
  readonly pythonImport: string;
  /** The event catalog's title. */
  readonly catalogTitle: string;
  /** Where users find the project: npm's `repository`, `homepage`, `bugs`, the wheel's Project-URLs. */
  readonly project: ProjectInfo;
  /**
   * The first part of every event package (`acme` in `acme.user.v1`), `""` for none: what keeps
   * the organisation's proto files out of another library's way in Python's descriptor pool.
   */
  readonly protoPrefix: string;
}

/** The PyPI "Development Status" a project declares, by its short name in protoevents.names.yaml. */
export const developmentStatuses = {
  planning: "Development Status :: 1 - Planning",
  "pre-alpha": "Development Status :: 2 - Pre-Alpha",
  alpha: "Development Status :: 3 - Alpha",
  beta: "Development Status :: 4 - Beta",
  stable: "Development Status :: 5 - Production/Stable",
  mature: "Development Status :: 6 - Mature",
  inactive: "Development Status :: 7 - Inactive",
} as const;

/** A short name of {@link developmentStatuses}. */
export type DevelopmentStatus = keyof typeof developmentStatuses;

/** The project metadata both packages publish, from the `project` section of protoevents.names.yaml. */
export interface ProjectInfo {
  /** The repository's web address (https, no `.git`), e.g. `https://github.com/acme/events`. */
  readonly repository: string;
  /** The project's home page; the repository's README when not set. */
  readonly homepage: string;
  /** Where users report problems; the repository's `/issues` when not set. */
  readonly issues: string;
  /** Who publishes the packages: npm's `author`, the wheel's `Author`. */
  readonly author: string;
  /** Search keywords for npm and PyPI. */
  readonly keywords: readonly string[];
  /** How mature the packages are: the wheel's "Development Status" classifier. */
  readonly status: DevelopmentStatus;
}

/** Thrown when protoevents.names.yaml is missing or not valid; the message says what is wrong. */
export class PackageNamesError extends Error {
  override readonly name = "PackageNamesError";
}

/**
 * The names this framework ships under, for a workspace without protoevents.names.yaml (the
 * fixture workspaces of the tests): the repository's own file starts with these.
 */
export const frameworkPackageNames: PackageNames = {
  npm: "protoevents",
  pythonDistribution: "protoevents",
  pythonImport: "protoevents",
  catalogTitle: "protoevents event catalog",
  project: {
    repository: "https://github.com/protoevents/protoevents",
    homepage: "https://github.com/protoevents/protoevents#readme",
    issues: "https://github.com/protoevents/protoevents/issues",
    author: "The protoevents authors",
    keywords: ["protobuf", "events", "event-driven", "schema", "envelope", "kafka", "nats", "cloudevents"],
    status: "alpha",
  },
  protoPrefix: "",
};

// npm's rules for a new package name (validate-npm-package-name), PEP 508 for a distribution
// name, and a single Python identifier for the import name.
const npmName = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
const distributionName = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const importName = /^[A-Za-z_][A-Za-z0-9_]*$/;

// An import name must be importable: not a keyword, and not `google`, whose `google.protobuf`
// every generated module imports.
const unusableImportNames = new Set([
  "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
  "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or",
  "pass", "raise", "return", "try", "while", "with", "yield", "google",
]);

/**
 * Reads protoevents.names.yaml from `root`.
 *
 * @throws {PackageNamesError} when the file is missing, has an unknown key, or a name is not valid.
 */
export function loadPackageNames(root: string): PackageNames {
  const fail = (what: string): never => {
    throw new PackageNamesError(`${packageNamesFile}: ${what}`);
  };
  let text = "";
  try {
    text = readFileSync(join(root, packageNamesFile), "utf8");
  } catch {
    fail("not found at the repository root; it names the npm and Python packages");
  }
  const config: unknown = parse(text);
  const record = (value: unknown, where: string, keys: readonly string[]): Record<string, unknown> => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return fail(`${where} must be a mapping`);
    for (const key of Object.keys(value)) {
      if (!keys.includes(key)) fail(`unknown key "${key}" in ${where}; the keys are ${keys.join(", ")}`);
    }
    return value as Record<string, unknown>;
  };
  const top = record(config, "the file", ["version", "npm", "python", "catalog", "project", "proto"]);
  if (top["version"] !== "v1") fail('expected "version: v1"');
  const python = record(top["python"], "python", ["distribution", "import"]);
  const catalog = record(top["catalog"], "catalog", ["title"]);
  const project = record(top["project"], "project", ["repository", "homepage", "issues", "author", "keywords", "status"]);
  const name = (value: unknown, where: string, pattern: RegExp, example: string, unusable = new Set<string>()): string => {
    if (typeof value !== "string" || !pattern.test(value) || value.length > 214 || unusable.has(value)) {
      return fail(`${where} ${JSON.stringify(value)} is not a valid name (e.g. ${example})`);
    }
    return value;
  };
  const title = catalog["title"];
  if (typeof title !== "string" || title.trim() === "") fail("catalog.title must be a non-empty string");
  return {
    npm: name(top["npm"], "npm", npmName, '"@acme/events"'),
    pythonDistribution: name(python["distribution"], "python.distribution", distributionName, '"acme-events"'),
    pythonImport: name(python["import"], "python.import", importName, '"acme_events"', unusableImportNames),
    catalogTitle: title as string,
    project: projectInfo(project, fail),
    protoPrefix: top["proto"] === undefined ? "" : protoPrefix(record(top["proto"], "proto", ["prefix"])["prefix"], fail),
  };
}

// Lowercase proto package parts: buf's PACKAGE_LOWER_SNAKE_CASE, one or more of them.
const prefixPattern = /^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*$/;

function protoPrefix(value: unknown, fail: (what: string) => never): string {
  if (typeof value !== "string" || !prefixPattern.test(value)) {
    return fail(`proto.prefix ${JSON.stringify(value)} is not a proto package prefix (lowercase parts joined by dots, e.g. "acme")`);
  }
  const first = value.split(".")[0] ?? "";
  if (first === "protoevents" || first === "google" || value.split(".").some((part) => /^v\d/.test(part))) {
    return fail(`proto.prefix ${JSON.stringify(value)} may not start with protoevents or google, nor hold a version part`);
  }
  return value;
}

// A web address npm and PyPI show as a link: https, with a host, no credentials.
function webAddress(value: unknown, where: string, fail: (what: string) => never): string {
  let url: URL | undefined;
  try {
    url = typeof value === "string" ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (url !== undefined && (url.username !== "" || url.password !== "")) {
    return fail(`${where} must not carry credentials: it is published in both packages`);
  }
  if (url?.protocol !== "https:") {
    return fail(`${where} ${JSON.stringify(value)} is not an https address (e.g. "https://github.com/acme/events")`);
  }
  return value as string;
}

function projectInfo(project: Record<string, unknown>, fail: (what: string) => never): ProjectInfo {
  const repository = webAddress(project["repository"], "project.repository", fail).replace(/(?:\.git)?\/*$/, "");
  const optional = (key: string, fallback: string): string =>
    project[key] === undefined ? fallback : webAddress(project[key], `project.${key}`, fail);
  const author = project["author"];
  if (typeof author !== "string" || author.trim() === "") fail("project.author must be a non-empty string");
  const keywords = project["keywords"];
  if (!Array.isArray(keywords) || !keywords.every((k): k is string => typeof k === "string" && /^[a-z0-9][a-z0-9.-]*$/.test(k))) {
    fail('project.keywords must be a list of lowercase words, e.g. ["events", "protobuf"]');
  }
  const status = project["status"];
  if (typeof status !== "string" || !Object.hasOwn(developmentStatuses, status)) {
    fail(`project.status ${JSON.stringify(status)} is not one of ${Object.keys(developmentStatuses).join(", ")}`);
  }
  return {
    repository,
    homepage: optional("homepage", `${repository}#readme`),
    issues: optional("issues", `${repository}/issues`),
    author: author as string,
    keywords: keywords as string[],
    status: status as DevelopmentStatus,
  };
}

/**
 * The names of the workspace at `root`: its protoevents.names.yaml when it has one, else
 * {@link frameworkPackageNames}.
 *
 * @throws {PackageNamesError} when the file exists but is not valid.
 */
export function workspacePackageNames(root: string): PackageNames {
  return existsSync(join(root, packageNamesFile)) ? loadPackageNames(root) : frameworkPackageNames;
}
