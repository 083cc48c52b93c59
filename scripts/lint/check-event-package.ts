import { dirname } from "node:path";
import { packageVersion } from "../../src/event-version.js";
import type { Finding } from "./lint-finding.js";
import type { LintInput } from "./lint-input.js";
import { domainAndVersion, domainFolder, domainProblem } from "../codegen/package-layout.js";
import { sourcePosition } from "../schema/source-position.js";

/** Source path of a file's `package` statement. */
const packagePath = [2] as const;

/**
 * Rule `event-package`: a file that declares events has a package of the form
 * `<domain>.<version>`, or `<prefix>.<domain>.<version>` when protoevents.names.yaml sets
 * `proto.prefix`, and lives in the matching folder `<domain>/<version>/` (`<prefix
 * path>/<domain>/<version>/`), which is also its import path.
 */
export function checkEventPackages({ current, moduleDir, prefix }: LintInput): Finding[] {
  const findings: Finding[] = [];
  const files = new Set(current.events.map((e) => e.message.file));
  const form = prefix === "" ? "<domain>.<version>" : `${prefix}.<domain>.<version> (proto.prefix of protoevents.names.yaml)`;
  for (const file of files) {
    const pkg = file.proto.package;
    const names = current.events.filter((e) => e.message.file === file).map((e) => e.message.name).join(", ");
    const position = sourcePosition(file, packagePath);
    const folder = dirname(file.proto.name);
    const parts = domainAndVersion(pkg, prefix);
    if (parts === undefined) {
      const unprefixed = prefix !== "" && pkg.startsWith(`${prefix}.`) ? pkg.slice(prefix.length + 1) : pkg;
      const pieces = unprefixed.split(".").filter((p) => p !== "");
      const domain = (prefix === "" ? pieces : pieces.slice(-2)).find((p) => packageVersion(`x.${p}`) === undefined) ?? "<domain>";
      // `acme.user.v1` without a prefix set: most likely an organisation's prefix.
      const prefixed = prefix === "" && pieces.length > 2 && packageVersion(pkg) !== undefined;
      const version = packageVersion(pkg) ?? "v1";
      const wanted = prefix !== "" ? `${prefix}.${domain}.${version}` : prefixed ? pieces.slice(-2).join(".") : `${domain}.v1`;
      const orPrefix = prefixed ? `, or set \`proto: { prefix: ${pieces.slice(0, -2).join(".")} }\` in protoevents.names.yaml` : "";
      findings.push({
        rule: "event-package",
        position,
        message:
          packageVersion(pkg) === undefined
            ? `package "${pkg}" of event ${names} has no version suffix: events live only in versioned packages`
            : `package "${pkg}" of event ${names} is not of the form ${form}`,
        fix: `declare package ${wanted} and move the file to ${moduleDir}/${wanted.replaceAll(".", "/")}/${orPrefix}`,
      });
    } else if (domainProblem(parts.domain) !== undefined) {
      findings.push({
        rule: "event-package",
        position,
        message: `domain "${parts.domain}" of package ${pkg} (event ${names}) ${domainProblem(parts.domain) ?? ""}`,
        fix: `name the domain otherwise, e.g. "${parts.domain}s" or "${parts.domain}_events", and move the file there`,
      });
    } else if (folder !== `${domainFolder(parts.domain, prefix)}/${parts.version}`) {
      const expected = `${domainFolder(parts.domain, prefix)}/${parts.version}`;
      findings.push({
        rule: "event-package",
        position,
        message: `package ${pkg} of event ${names} is declared in folder ${folder}/, not in ${expected}/`,
        fix: `move the file to ${moduleDir}/${expected}/ or declare the package that matches its folder`,
      });
    }
  }
  return findings;
}
