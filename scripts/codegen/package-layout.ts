// Where a proto package's artifacts go. An event package is `<domain>.<version>` (`user.v1`),
// or `<prefix>.<domain>.<version>` (`acme.user.v1`) when protoevents.names.yaml sets
// `proto.prefix`, so that an organisation's proto files and packages cannot collide with
// another library's in Python's descriptor pool. The prefix is left out of everything users
// import: the npm subpath is `<npm>/user/v1`, the Python module `<import>.user.v1`.
import { packageVersion } from "../../src/event-version.js";

/** The parts of an event package. */
export interface EventPackageParts {
  readonly domain: string;
  readonly version: string;
}

/**
 * Splits an event package under `prefix` (`""` for none) into its domain and version, or
 * returns undefined for any other form: no version suffix, a missing or other prefix, more or
 * fewer parts.
 */
export function domainAndVersion(packageName: string, prefix = ""): EventPackageParts | undefined {
  const version = packageVersion(packageName);
  const head = prefix === "" ? "" : `${prefix}.`;
  if (version === undefined || !packageName.startsWith(head)) return undefined;
  const parts = packageName.slice(head.length).split(".");
  if (parts.length !== 2 || parts[0] === undefined || parts[0] === "") return undefined;
  return { domain: parts[0], version };
}

// The names of the package's own modules beside the domains: Python's `<import>.registry`,
// `.cloudevents`, `.router`, `.kafka` and `.nats` are modules a domain folder of the same name
// would shadow (npm subpaths would not clash: a domain's are `./<domain>/<version>`).
const reservedDomains: ReadonlySet<string> = new Set(["registry", "cloudevents", "router", "kafka", "nats"]);

// Python's keywords: `from <import>.class.v1 import ...` does not parse. Soft keywords (`match`,
// `type`, ...) are valid names and stay allowed.
const pythonKeywords: ReadonlySet<string> = new Set(
  "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield".split(" "),
);

/**
 * What makes `domain` unusable as a domain, or undefined: a name of one of the package's own
 * modules, a Python keyword, or not a Python identifier. The lint reports it; both code
 * generators refuse it.
 */
export function domainProblem(domain: string): string | undefined {
  if (reservedDomains.has(domain)) {
    return `is the name of one of the package's own modules (${[...reservedDomains].join(", ")}), which a domain of that name would shadow in Python`;
  }
  if (pythonKeywords.has(domain)) return "is a Python keyword, which no Python import can name";
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(domain)) return "is not a Python identifier";
  return undefined;
}

/** The folder of a domain under the module: `acme/user` under `acme`, `user` without a prefix. */
export function domainFolder(domain: string, prefix: string): string {
  return prefix === "" ? domain : `${prefix.replaceAll(".", "/")}/${domain}`;
}

/**
 * A proto package without the organisation's prefix, as users import it: `acme.user.v1` under
 * `acme` gives `user.v1`; a package outside the prefix (the framework's `protoevents.v1`, an
 * imported library's) is returned as it is.
 */
export function withoutPrefix(packageName: string, prefix: string): string {
  return prefix !== "" && packageName.startsWith(`${prefix}.`) ? packageName.slice(prefix.length + 1) : packageName;
}

/** The npm subpath of a package's events, without `./`: `acme.user.v1` gives `user/v1`. */
export function npmSubpath(packageName: string, prefix: string): string {
  return withoutPrefix(packageName, prefix).replaceAll(".", "/");
}

/** The Python module of a package inside the import package: `acme.user.v1` gives `<import>.user.v1`. */
export function pythonModule(packageName: string, prefix: string, importName: string): string {
  return `${importName}.${withoutPrefix(packageName, prefix)}`;
}

/**
 * The prefix the event packages share, read off the packages themselves: what precedes
 * `<domain>.<version>` in each (`acme` for `acme.user.v1`), `""` for none. The code generators
 * take it from here, so they need no setting; the event lint holds the packages to the prefix
 * protoevents.names.yaml declares.
 *
 * @throws {Error} when the event packages disagree, naming two of them.
 */
export function eventPackagePrefix(eventPackages: Iterable<string>): string {
  let found: { prefix: string; from: string } | undefined;
  for (const packageName of eventPackages) {
    const prefix = packageName.split(".").slice(0, -2).join(".");
    if (found === undefined) found = { prefix, from: packageName };
    else if (found.prefix !== prefix) {
      throw new Error(`event packages ${found.from} and ${packageName} have different prefixes ("${found.prefix}" and "${prefix}"): every event package is <prefix>.<domain>.<version> with the prefix of protoevents.names.yaml`);
    }
  }
  return found?.prefix ?? "";
}
