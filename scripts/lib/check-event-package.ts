import { dirname } from "node:path";
import { packageVersion } from "../../src/event-version.js";
import type { Finding } from "./lint-finding.js";
import type { LintInput } from "./lint-input.js";
import { domainAndVersion } from "./schema-version.js";
import { sourcePosition } from "./source-position.js";

/** Source path of a file's `package` statement. */
const packagePath = [2] as const;

/**
 * Rule `event-package`: a file that declares events has a package of the form
 * `<domain>.<version>` and lives in the folder `<domain>/<version>/`, which is
 * also its import path `protoevents/<domain>/<version>`.
 */
export function checkEventPackages({ current, moduleDir }: LintInput): Finding[] {
  const findings: Finding[] = [];
  const files = new Set(current.events.map((e) => e.message.file));
  for (const file of files) {
    const pkg = file.proto.package;
    const names = current.events.filter((e) => e.message.file === file).map((e) => e.message.name).join(", ");
    const position = sourcePosition(file, packagePath);
    const folder = dirname(file.proto.name);
    const parts = domainAndVersion(pkg);
    if (parts === undefined) {
      const domain = pkg.split(".").find((p) => p !== "" && packageVersion(`x.${p}`) === undefined) ?? "<domain>";
      findings.push({
        rule: "event-package",
        position,
        message:
          packageVersion(pkg) === undefined
            ? `package "${pkg}" of event ${names} has no version suffix: events live only in versioned packages`
            : `package "${pkg}" of event ${names} is not of the form <domain>.<version>`,
        fix: `declare package ${domain}.v1 and move the file to ${moduleDir}/${domain}/v1/`,
      });
    } else if (folder !== `${parts.domain}/${parts.version}`) {
      findings.push({
        rule: "event-package",
        position,
        message: `package ${pkg} of event ${names} is declared in folder ${folder}/, not in ${parts.domain}/${parts.version}/`,
        fix: `move the file to ${moduleDir}/${parts.domain}/${parts.version}/ or declare the package that matches its folder`,
      });
    }
  }
  return findings;
}
