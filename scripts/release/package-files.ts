// The file names and index names the release derives from the package names in
// protoevents.names.yaml, as the packaging tools spell them.

/**
 * The tarball `pnpm pack` writes for an npm package: the name without its `@`, the scope's
 * `/` turned into `-`, then the version (`@acme/events` 1.0.0 -> `acme-events-1.0.0.tgz`).
 */
export function npmTarballName(npmName: string, version: string): string {
  return `${npmName.replace(/^@/, "").replace("/", "-")}-${version}.tgz`;
}

/**
 * A distribution name as the simple repository API spells it in URLs (PEP 503): lowercase,
 * each run of `-`, `_` and `.` turned into one `-` (`Acme_Events` -> `acme-events`).
 */
export function indexProjectName(distribution: string): string {
  return distribution.replace(/[-_.]+/g, "-").toLowerCase();
}

/**
 * A distribution name as wheel and sdist file names spell it (the binary distribution format,
 * PEP 427, and PEP 625 for sdists): lowercase, each run of `-`, `_` and `.` turned into one `_`
 * (`acme-events` -> `acme_events`).
 */
export function distributionFileStem(distribution: string): string {
  return distribution.replace(/[-_.]+/g, "_").toLowerCase();
}

/** The wheel and the sdist the Python build makes for `distribution` at `version`, in that order. */
export function pythonArtifactNames(distribution: string, version: string): [wheel: string, sdist: string] {
  const stem = distributionFileStem(distribution);
  return [`${stem}-${version}-py3-none-any.whl`, `${stem}-${version}.tar.gz`];
}

/**
 * Whether `fileName` is a wheel or an sdist of `distribution` at `version`. Name parts may be
 * joined by any run of `-`, `_` or `.` and any case, as older uploads to an index spell them.
 */
export function isPythonArtifactOf(fileName: string, distribution: string, version: string): boolean {
  const name = distribution
    .split(/[-_.]+/)
    .map((part) => escapeRegExp(part))
    .join("[-_.]+");
  return new RegExp(`^${name}-${escapeRegExp(version)}(?:-.+\\.whl|\\.tar\\.gz)$`, "i").test(fileName);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
